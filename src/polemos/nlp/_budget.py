"""What the parser is given: a character cap, a token-run cap (checked before spaCy sees a text) and a time budget.

spaCy's tokenizer splits prefixes and suffixes off a whitespace-delimited chunk one at a time and re-scans the rest
each time, so a chunk that splits into many tokens costs time quadratic in its length: a 4,000-character run of "("
takes ~2 s and a 200,000-character one hours. A chunk longer than ``MAX_WORD_CHARS`` or holding more than
``MAX_WORD_PUNCT`` characters that are not letters or digits is refused before spaCy sees it, which bounds the
tokenizer's cost to linear in the text. Texts over ``CHUNK_CHARS`` are parsed in paragraph-aligned chunks (memory
stays flat: a 500,000-character text peaks at ~0.3 GB instead of ~1.7 GB) and the time budget is checked between
chunks.
"""

from __future__ import annotations

import os
import re

from polemos.errors import InputError, PolemosError

__all__ = ["BUDGET_ENV", "CHUNK_CHARS", "DEFAULT_BUDGET", "MAX_WORD_CHARS", "MAX_WORD_PUNCT", "PARSER_MAX_CHARS",
           "check_parse_input", "parse_budget"]

# The longest text polemos parses, well over any news article (a long read is ~60,000). Parsing is about linear in
# it (~3-4 s per 100,000 characters of prose here), the stages after it are not: prose of 200,000 characters takes
# ~15 s in all, of 300,000 ~25-70 s. A longer text is refused rather than left to run for minutes.
PARSER_MAX_CHARS = 200_000
CHUNK_CHARS = 20_000  # texts up to this are parsed whole (every ordinary article); longer ones in chunks of ~this
MAX_WORD_CHARS = 2_000  # a whitespace-delimited chunk longer than this is not prose (a long URL is ~300)
MAX_WORD_PUNCT = 100  # ... nor one with more characters that are neither letters nor digits than this
BUDGET_ENV = "POLEMOS_PARSE_BUDGET"
DEFAULT_BUDGET = 60.0  # seconds of parsing per article

_WORDISH = re.compile(rf"\S{{{MAX_WORD_PUNCT + 1},}}")  # only chunks this long can break either cap
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


def check_parse_input(text: str, source: str, max_chars: int = PARSER_MAX_CHARS) -> None:
    """Raise InputError (E104 too large, E130 a token run) unless ``text`` is safe to give the parser."""
    max_chars = min(max_chars, PARSER_MAX_CHARS)
    if len(text) > max_chars:
        raise InputError("E104", source, f"is too large ({len(text):,} characters > {max_chars:,})",
                         "split it into articles, e.g. as a JSONL batch with one article per line")
    for m in _WORDISH.finditer(text):
        word = m.group()
        shown = word[:24] + "…"
        punct = len(word) - len(_LETTER_OR_DIGIT.findall(word))
        if punct > MAX_WORD_PUNCT:
            raise InputError("E130", source, f"has a run of {punct:,} punctuation or symbol characters without "
                             f"spaces at offset {m.start():,} ({shown!r}; the parser takes at most "
                             f"{MAX_WORD_PUNCT})")
        if len(word) > MAX_WORD_CHARS:
            raise InputError("E130", source, f"has a {len(word):,}-character run without spaces at offset "
                             f"{m.start():,} ({shown!r}; the parser takes at most {MAX_WORD_CHARS:,})")


def parse_budget() -> float:
    """Seconds of parsing allowed per article: ``$POLEMOS_PARSE_BUDGET`` (0: no budget), else ``DEFAULT_BUDGET``."""
    raw = os.environ.get(BUDGET_ENV, "").strip()
    if not raw:
        return DEFAULT_BUDGET
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):  # also NaN
        raise PolemosError("E132", f"{BUDGET_ENV}={raw!r} is not a number of seconds")
    return value
