"""JSONL batches (files and stdin): one article per line.

Each line is decoded, parsed and checked on its own, inside its own error handling: a bad line (invalid UTF-8, NUL
bytes, not JSON, JSON past the reader's limits, wrong fields, not an article) becomes one error naming
``file:line`` and every later line is still read. Lines are split on ``\\n`` only (a JSON string may hold a raw
U+2028 or form feed, which ``str.splitlines`` would cut), and a line of JSON whitespace only is skipped.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from datetime import date
from typing import Any, BinaryIO

from polemos.errors import InputError
from polemos.ingest._article import Item, make_article, parse_date
from polemos.ingest._checks import check_unicode
from polemos.settings import Settings

__all__ = ["JSON_SPACE", "read_jsonl", "unexpected"]

log = logging.getLogger(__name__)

JSON_SPACE = b" \t\r\n"  # what JSON calls whitespace
_FORMAT = 'write one JSON object per line: {"id", "title", "text", "published", "url"}'


def unexpected(source: str, exc: Exception) -> InputError:
    """E199: reading this input raised where no input error was expected, i.e. a bug in a reader."""
    return InputError("E199", source, f"could not be read ({type(exc).__name__}: {exc})",
                      "run `polemos -v analyze ...` for the traceback and report it")


def read_jsonl(fh: BinaryIO, source: str, settings: Settings, published: date | None) -> Iterator[Item]:
    """One Item per line of ``fh`` that is not blank; an E103 error if there is none."""
    seen = False
    for n, raw in _lines(fh, settings.max_fetch_bytes):
        src = f"{source}:{n}"
        if raw is None:
            seen = True
            yield Item(src, error=InputError(
                "E104", src, f"is a line of over {settings.max_fetch_bytes / 1e6:.0f} MB (not read)",
                "give one article per line; split a longer text into several articles"))
        elif raw.strip(JSON_SPACE):
            seen = True
            yield _line_item(raw, n, source, settings, published)
    if not seen:
        yield Item(source, error=InputError("E103", source, "has no JSON lines (it is empty or only whitespace)",
                                            _FORMAT))


def _lines(fh: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, its bytes) per ``\\n``-ended line; None for a line over ``limit`` bytes, which is skipped
    without holding it in memory."""
    n = 0
    while raw := fh.readline(limit + 1):
        n += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = fh.readline(limit)
            yield n, None
        else:
            yield n, raw


def _line_item(raw: bytes, n: int, source: str, settings: Settings, published: date | None) -> Item:
    src = f"{source}:{n}"
    try:
        obj = _load(raw, src)
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            raise InputError("E121", src, 'needs a JSON object with a "text" string')
        batch_id = _field(obj, "id", src)
        src = f"{source}:{batch_id or n}"  # the line's own id names it (in errors and in the failures table)
        title = _field(obj, "title", src)
        url = _field(obj, "url", src) or _field(obj, "source_url", src)
        pub = published or parse_date(_field(obj, "published", src) or _field(obj, "published_date", src))
        return Item(src, article=make_article(obj["text"], src, settings, title=title, published=pub, url=url))
    except InputError as exc:
        return Item(src, error=exc)
    except Exception as exc:  # a bug in reading this line: it fails, the rest of the batch is still read
        log.warning("reading %s failed", src, exc_info=True)
        return Item(src, error=unexpected(src, exc))


def _load(raw: bytes, src: str) -> Any:
    """The JSON value of one line, or the InputError saying why it has none."""
    if b"\x00" in raw:
        raise InputError("E101", src, "holds NUL bytes (binary data, not a JSON line)", _FORMAT)
    try:
        line = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("E102", src, f"is not valid UTF-8 (bad byte at offset {exc.start} of the line)") from None
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError("E120", src, f"is not valid JSON ({exc.msg} column {exc.colno})", _FORMAT) from None
    except RecursionError:
        raise InputError("E122", src, "is JSON nested too deeply to read (over ~1,000 levels)") from None
    except ValueError as exc:  # json's only other ValueError: an integer longer than Python converts
        if "digits" not in str(exc):
            raise
        raise InputError("E122", src, f"has an integer of over {sys.get_int_max_str_digits():,} digits, more than "
                         "the JSON reader converts") from None


def _field(obj: dict[str, Any], key: str, src: str) -> str | None:
    """A JSONL field that must be a string (numbers are taken as their text; null or absent is None)."""
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        check_unicode(value, src, f'"{key}"')
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise InputError("E121", src, f'"{key}" must be a string, not {type(value).__name__}')
