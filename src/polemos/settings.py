"""Settings from the environment (POLEMOS_*) and the command line."""

from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = ["Settings", "DEFAULT_DB"]

DEFAULT_DB = "polemos.duckdb"


@dataclass(frozen=True)
class Settings:
    db_path: str = DEFAULT_DB
    actors_path: str | None = None  # user YAML extending the actor KB
    allow_private: bool = False  # allow fetching loopback/private URLs
    fetch_timeout: float = 20.0
    max_fetch_bytes: int = 10 * 1024 * 1024
    max_text_chars: int = 2_000_000

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        env = os.environ
        values: dict[str, object] = {
            "db_path": env.get("POLEMOS_DB", DEFAULT_DB),
            "actors_path": env.get("POLEMOS_ACTORS") or None,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
