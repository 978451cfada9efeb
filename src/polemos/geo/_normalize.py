"""Normalisation of place names into lookup keys (case-, accent- and punctuation-insensitive)."""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["norm_key", "is_latin_key"]

_SPECIAL = str.maketrans(
    {
        "ı": "i", "İ": "I", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ǝ": "a", "ə": "a",
        "Ə": "A", "Ǝ": "A", "ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "þ": "th", "ð": "d",
        "ʼ": "'", "’": "'", "‘": "'", "`": "'", "´": "'", "ʻ": "'", "ʽ": "'", "ʿ": "'", "ʾ": "'",
        "‐": "-", "‑": "-", "–": "-", "—": "-", "_": " ", "/": " ",
    }
)
_DROP = re.compile(r"['.]")
_SPACE = re.compile(r"[\s\-]+")


@functools.lru_cache(maxsize=65536)
def norm_key(name: str) -> str:
    """The lookup key of a name: no accents, casefolded, hyphens as spaces, no apostrophes or dots.

    >>> norm_key("Nagorno-Karabakh") == norm_key("nagorno karabakh")
    True
    """
    s = unicodedata.normalize("NFKD", name.translate(_SPECIAL))
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = _DROP.sub("", s.casefold())
    s = _SPACE.sub(" ", s).strip()
    if s.startswith("the "):
        s = s[4:]
    return s


def is_latin_key(key: str) -> bool:
    """True if a key is plain ASCII (Latin-script names only go into the index)."""
    return key.isascii() and any(c.isalpha() for c in key)
