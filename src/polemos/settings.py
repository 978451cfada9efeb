"""Settings from the environment (POLEMOS_*) and the command line."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Settings", "DEFAULT_DB", "LOCAL_HOSTS", "shared_dir"]

DEFAULT_DB = "polemos.duckdb"
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")  # the Host headers `polemos serve` answers unless told more


def shared_dir() -> Path:
    """The shared evaluation data and news corpus: ``$POLEMOS_SHARED``, else the ``shared`` folder beside the repository.

    The one place that knows where ``../shared`` is; eval sets, tests and benchmarks ask here.
    """
    env = os.environ.get("POLEMOS_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[2].parent / "shared"


@dataclass(frozen=True)
class Settings:
    db_path: str = DEFAULT_DB
    actors_path: str | None = None  # user YAML extending the actor KB
    allow_private: bool = False  # allow fetching loopback/private URLs
    fetch_timeout: float = 20.0
    max_fetch_bytes: int = 10 * 1024 * 1024
    max_text_chars: int = 2_000_000
    stages: tuple[str, ...] | None = None  # pipeline stages by name, in order (None: the built-in order)
    # server (`polemos serve`): Host headers answered (DNS-rebinding guard; "*.example.org" or "*" allowed), body cap
    allowed_hosts: tuple[str, ...] = LOCAL_HOSTS
    max_request_bytes: int = 1024 * 1024

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        env = os.environ
        values: dict[str, object] = {
            "db_path": env.get("POLEMOS_DB", DEFAULT_DB),
            "actors_path": env.get("POLEMOS_ACTORS") or None,
            "stages": tuple(n.strip() for n in env["POLEMOS_STAGES"].split(",") if n.strip())
            if env.get("POLEMOS_STAGES") else None,
            "allowed_hosts": (*LOCAL_HOSTS, *(h.strip() for h in env.get("POLEMOS_ALLOWED_HOSTS", "").split(",")
                                              if h.strip())),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
