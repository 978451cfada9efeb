"""English number words (``data/text/numbers.yaml``), kept once for every stage that reads numbers in text."""

from __future__ import annotations

from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import yaml

from polemos.errors import DATA_HINT, PolemosError

__all__ = ["number_words"]


@cache
def number_words() -> MappingProxyType[str, int]:
    """``{"one": 1, ..., "ninety": 90, "hundred": 100, "dozen": 12}`` (read-only)."""
    path = resources.files("polemos").joinpath("data", "text", "numbers.yaml")
    raw: Any = yaml.safe_load(path.read_text("utf-8"))
    try:
        words = {str(k): int(v) for k, v in raw["cardinals"].items()}
    except (TypeError, KeyError, ValueError) as exc:
        raise PolemosError("E020", f"{path}: 'cardinals' must map number words to integers ({exc})", DATA_HINT) from exc
    return MappingProxyType(words)
