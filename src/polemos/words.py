"""English word classes several stages read (``data/text/words.yaml``): speech, assertion and denial verbs, place verbs,
locative prepositions. Kept once; the stages' own cue files add narrower lists next to them."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from polemos.errors import DATA_HINT, PolemosError

__all__ = ["word_class", "WORD_CLASSES"]

WORD_CLASSES = ("speech_verbs", "assertion_verbs", "denial_verbs", "place_verbs", "locative_prepositions")


@cache
def _load() -> dict[str, frozenset[str]]:
    path = resources.files("polemos").joinpath("data", "text", "words.yaml")
    raw: Any = yaml.safe_load(path.read_text("utf-8"))
    out: dict[str, frozenset[str]] = {}
    for name in WORD_CLASSES:
        words = raw.get(name) if isinstance(raw, dict) else None
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise PolemosError("E020", f"{path}: {name!r} must be a list of words (quote on/off/yes/no)", DATA_HINT)
        out[name] = frozenset(w.lower() for w in words)
    return out


def word_class(name: str) -> frozenset[str]:
    """The lower-case words of one class of ``WORD_CLASSES``; a ``KeyError`` names the classes there are."""
    classes = _load()
    if name not in classes:
        raise KeyError(f"no word class {name!r}; there are {', '.join(WORD_CLASSES)}")
    return classes[name]
