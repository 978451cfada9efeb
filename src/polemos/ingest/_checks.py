"""Checks that turn bad input into one clear error instead of garbage records."""

from __future__ import annotations

import codecs
import logging
import re

from polemos.errors import InputError
from polemos.nlp import PARSER_MAX_CHARS, check_parse_input

__all__ = ["decode_text", "declared_charset", "check_article_text", "check_unicode", "MIN_WORDS", "PARSER_MAX_CHARS"]

log = logging.getLogger(__name__)

MIN_WORDS = 8  # a one-sentence brief ("Gunmen killed five villagers in Zamfara on Sunday, police said.") is news
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
    except UnicodeError as exc:  # UnicodeDecodeError, or a codec's own UnicodeError
        name = "UTF-8" if codec == "utf-8-sig" else codec
        where = f"bad byte at offset {exc.start}" if isinstance(exc, UnicodeDecodeError) else str(exc)
        if encoding and codec == "utf-8-sig" and _lookup(encoding) is None:
            where += f"; its declared charset {encoding!r} is not a text encoding, so it was read as UTF-8"
        raise InputError("E102", source, f"is not valid {name} ({where})",
                         "re-encode it as UTF-8, e.g. `iconv -f cp1252 -t utf-8 FILE`") from None


# Python codecs that are no web page's character encoding: a page or server declaring one is read as UTF-8
_NOT_CHARSETS = {"undefined", "unicode-escape", "raw-unicode-escape", "idna", "punycode", "utf-7"}


def _lookup(encoding: str) -> codecs.CodecInfo | None:
    """The text codec a declared charset names, or None (unknown, not a text encoding, or a Python-only codec)."""
    try:
        info = codecs.lookup(encoding.strip().strip("'\""))
    except (LookupError, ValueError):  # an unknown name; a NUL in the name
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        return None  # base64, zlib, rot13, ...: bytes.decode refuses them
    return info


def _codec(encoding: str | None) -> str:
    """A Python codec for a declared charset (unknown, non-text or UTF-8 declarations: strict UTF-8)."""
    info = _lookup(encoding) if encoding else None
    if info is None:
        if encoding:
            log.info("ignoring the declared charset %r (not a text encoding); reading UTF-8", encoding)
        return "utf-8-sig"
    # as browsers do (WHATWG Encoding): latin-1 and ascii labels mean windows-1252
    name = info.name
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


_SURROGATE = re.compile("[\ud800-\udfff]")


def check_unicode(value: str, source: str, what: str = "the text") -> None:
    """Raise InputError (E102) if ``value`` holds a lone surrogate (from a JSON ``"\\ud800"`` escape without its
    pair): it is not a Unicode character and cannot be hashed, stored or printed as UTF-8."""
    m = _SURROGATE.search(value)
    if m:
        raise InputError("E102", source, f"{what} has a lone surrogate U+{ord(m.group()):04X} at offset {m.start():,} "
                         "(not a Unicode character)",
                         "write the character itself or a valid \\uXXXX\\uXXXX surrogate pair; re-export it as UTF-8")


def check_article_text(text: str, source: str, max_chars: int) -> None:
    """Raise InputError if ``text`` (already normalised) is empty, not Unicode, too large or with a token run the
    parser cannot take (see polemos.nlp.check_parse_input), too short or not English."""
    if not text.strip():
        raise InputError("E103", source, "is empty (no text to analyse)")
    check_unicode(text, source)
    check_parse_input(text, source, max_chars)
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        raise InputError("E105", source, f"is too short to be a news article ({len(words)} words < {MIN_WORDS})")
    sample = words[:2000]
    share = sum(w in _EN_FUNCTION_WORDS for w in sample) / len(sample)
    if share < 0.12:
        raise InputError("E106", source, f"does not look like English text ({share:.0%} English function words)",
                         "polemos analyses English news articles only")
