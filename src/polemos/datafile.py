"""Reading a shipped knowledge file (YAML under ``polemos/data``): one place for the E020 errors it can give."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from polemos.errors import DATA_HINT, PolemosError

__all__ = ["read_mapping"]


def read_mapping(path: Path, what: str) -> dict[str, Any]:
    """The YAML mapping in ``path``; E020 naming the file and ``what`` it holds when it cannot be read or is not a
    mapping."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PolemosError("E020", f"{path}: cannot read {what} ({exc})", DATA_HINT) from exc
    if not isinstance(data, dict):
        raise PolemosError("E020", f"{path}: {what} should be a YAML mapping", DATA_HINT)
    return data
