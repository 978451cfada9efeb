"""Checks that turn bad input into one clear error instead of garbage records."""

from __future__ import annotations

import codecs
import re

from polemos.errors import InputError

__all__ = ["decode_text", "declared_charset", "check_article_text", "MIN_WORDS", "PARSER_MAX_CHARS"]

MIN_WORDS = 25
# spaCy's nlp.max_length: a longer text makes the parser raise (and would take the whole batch down with it)
PARSER_MAX_CHARS = 1_000_000
# The most frequent English function words; an English news text has >= ~20 % of its words among them.
_EN_FUNCTION_WORDS = frozenset(
    "the of and to a in is was for on that with as by at from it he she they his her its are were be been has have "
    "had said not but or an this which who will would after their also more than".split()
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def decode_text(data: bytes, source: str, encoding: str | None = None) -> str:
    """Strict UTF-8 (with or without BOM), or the ``encoding`` a web server or an HTML page declares; binary data
    and invalid bytes are errors naming the input."""
    head = data[:8192]
    if b"\x00" in head:
        raise InputError("E101", source, "looks like a binary file (it contains NUL bytes)",
                         "give a UTF-8 text, HTML, RSS/Atom or JSONL file")
    codec = _codec(encoding)
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        name = "UTF-8" if codec == "utf-8-sig" else codec
        raise InputError("E102", source, f"is not valid {name} (bad byte at offset {exc.start})",
                         "re-encode it as UTF-8, e.g. `iconv -f cp1252 -t utf-8 FILE`") from None


def _codec(encoding: str | None) -> str:
    """A Python codec for a declared charset (unknown or UTF-8 declarations: strict UTF-8)."""
    if not encoding:
        return "utf-8-sig"
    try:
        name = codecs.lookup(encoding.strip().strip("'\"")).name
    except LookupError:
        return "utf-8-sig"
    # as browsers do (WHATWG Encoding): latin-1 and ascii labels mean windows-1252
    return "utf-8-sig" if name in ("utf-8", "utf-8-sig") else "cp1252" if name in ("iso8859-1", "ascii") else name


_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def declared_charset(content_type: str, body: bytes) -> str | None:
    """The charset of a fetched page: the Content-Type header's, else an HTML <meta charset>."""
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value
    m = _META_CHARSET.search(body[:4096])
    return m.group(1).decode("ascii") if m else None


def check_article_text(text: str, source: str, max_chars: int) -> None:
    """Raise InputError if ``text`` (already normalised) is empty, too large, too short or not English."""
    if not text.strip():
        raise InputError("E103", source, "is empty (no text to analyse)")
    max_chars = min(max_chars, PARSER_MAX_CHARS)
    if len(text) > max_chars:
        raise InputError("E104", source, f"is too large ({len(text):,} characters > {max_chars:,})",
                         "split it into articles, e.g. as a JSONL batch with one article per line")
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        raise InputError("E105", source, f"is too short to be a news article ({len(words)} words < {MIN_WORDS})")
    sample = words[:2000]
    share = sum(w in _EN_FUNCTION_WORDS for w in sample) / len(sample)
    if share < 0.12:
        raise InputError("E106", source, f"does not look like English text ({share:.0%} English function words)",
                         "polemos analyses English news articles only")
