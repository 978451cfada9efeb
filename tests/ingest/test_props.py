"""Property tests of the readers (issue 13): random Unicode, bytes, malformed JSONL, HTML and RSS never raise out of
``load_inputs``, never hit the reader-bug code E199, lose no valid JSONL line among invalid ones, and finish within
hypothesis' deadline. ``POLEMOS_FUZZ_EXAMPLES`` sets the examples per test (default 200); ``POLEMOS_FUZZ_REPORT=FILE``
writes the counts (inputs read, errors by code, valid lines read) to FILE as JSON."""

from __future__ import annotations

import encodings.aliases
import io
import json
import os
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import dateparser
import feedparser  # noqa: F401  (the readers import these lazily; loaded here so no example pays for it)
import pytest
import trafilatura  # noqa: F401
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from polemos.errors import InputError
from polemos.ingest import _sources, load_inputs, normalize_text
from polemos.ingest._article import parse_date
from polemos.ingest._checks import decode_text
from polemos.ingest._fetch import Fetched
from polemos.ingest._sources import Item
from polemos.nlp import check_parse_input, chunk_text
from polemos.pipeline import Pipeline
from tests.ingest.test_ingest import BODY

EXAMPLES = int(os.environ.get("POLEMOS_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=timedelta(seconds=5), database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
JSON_SPACE = b" \t\r\n"
COUNTS: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def _report() -> Iterator[None]:
    dateparser.parse("\U0009f538 \U000e05d7")  # the first string no locale reads loads all of them (~6 s, once)
    yield
    if os.environ.get("POLEMOS_FUZZ_REPORT"):
        Path(os.environ["POLEMOS_FUZZ_REPORT"]).write_text(json.dumps(dict(sorted(COUNTS.items())), indent=1))


def _check(items: list[Item]) -> list[Item]:
    """Every item is an article or an error, and no error is a reader bug."""
    COUNTS["inputs"] += 1
    for item in items:
        assert (item.article is None) != (item.error is None), item
        COUNTS["items"] += 1
        if item.error is not None:
            event(item.error.code)
            COUNTS[item.error.code] += 1
            assert item.error.code != "E199", item.error
    return items


# --- JSONL -----------------------------------------------------------------------------------------------------------

NAMES = st.text(st.characters(categories=("Lu", "Ll", "Lo", "Nd")), min_size=1, max_size=12)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@st.composite
def valid_line(draw: st.DrawFn, k: int) -> tuple[bytes, str]:
    """A line that must become an article (id v<k>), and the text it must have."""
    text = BODY.replace("Kharkiv", draw(NAMES))
    obj: dict[str, Any] = {"id": f"v{k}", "text": text}
    if draw(st.booleans()):
        obj["title"] = draw(st.text(max_size=40))
    if draw(st.booleans()):
        obj["published"] = draw(st.one_of(st.none(), st.text(max_size=30),
                                          st.sampled_from(["2025-03-06", "2025-02-30", "March 6", "yesterday"])))
    if draw(st.booleans()):
        obj["extra"] = draw(JSON_VALUES)
    if draw(st.booleans()):
        obj = dict(reversed(list(obj.items())))
    return json.dumps(obj, ensure_ascii=draw(st.booleans())).encode(), normalize_text(text)


def _mutate(line: bytes, at: int, cut: int, insert: bytes) -> bytes:
    at %= len(line) + 1
    return (line[:at] + insert + line[at + cut:]).replace(b"\n", b"")


JUNK_LINES = st.one_of(
    st.binary(max_size=120).map(lambda b: b.replace(b"\n", b"")),
    st.text(max_size=120).map(lambda s: s.replace("\n", "").encode()),
    JSON_VALUES.map(lambda v: json.dumps(v).encode()),  # JSON, but not an article object
    st.tuples(st.integers(0, 600), st.integers(0, 20), st.binary(max_size=4)).map(
        lambda t: _mutate(json.dumps({"id": "m", "text": BODY}).encode(), *t)),
    st.sampled_from([b'{"text": "\\ud800 ' + BODY.encode() + b'"}', b'{"text": "x", "n": ' + b"9" * 4400 + b"}",
                     b"[" * 3000 + b"]" * 3000, b'{"text": 5}', b'{"text": "' + BODY.encode() + b'", "id": [1]}',
                     b"\xef\xbb\xbf", b"\r", b"  \t", b"\x00{}", b'{"text": "' + b"(" * 5000 + b'"}']),
)


@st.composite
def batches(draw: st.DrawFn, first_valid: bool = False) -> tuple[bytes, list[bytes], dict[str, str]]:
    """A JSONL batch of valid and junk lines: its bytes, its lines and {valid id: expected text}."""
    kinds = draw(st.lists(st.booleans(), min_size=1 if first_valid else 0, max_size=12))
    if first_valid:
        kinds[0] = True
    lines: list[bytes] = []
    expected: dict[str, str] = {}
    for k, valid in enumerate(kinds):
        if valid:
            line, text = draw(valid_line(k))
            expected[f"v{k}"] = text
        else:
            line = draw(JUNK_LINES)
        lines.append(line)
    end = draw(st.sampled_from([b"\n", b"\r\n"]))
    data = end.join(lines) + (end if draw(st.booleans()) else b"")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
        lines[:1] = [b"\xef\xbb\xbf" + lines[0]] if lines else [b"\xef\xbb\xbf"]
    return data, lines, expected


def _no_lost_lines(items: list[Item], source: str, lines: list[bytes], expected: dict[str, str]) -> None:
    read = [ln for ln in lines if ln.strip(JSON_SPACE)]
    if not read:
        assert [i.error.code for i in items if i.error] == ["E103"] and len(items) == 1
        return
    assert len(items) == len(read)  # one item per line that is not blank: none lost, none doubled
    articles = {i.source: i.article for i in items if i.article is not None}
    for key, text in expected.items():
        article = articles.get(f"{source}:{key}")
        assert article is not None, (key, [i.error for i in items if i.source == f"{source}:{key}"])
        assert article.text == text
        COUNTS["valid lines read"] += 1
    COUNTS["valid lines"] += len(expected)
    COUNTS["junk lines"] += len(read) - len(expected)


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@FUZZ
@given(batch=batches())
def test_jsonl_file_loses_no_valid_line(fuzz_dir: Path, batch: tuple[bytes, list[bytes], dict[str, str]]) -> None:
    data, lines, expected = batch
    path = fuzz_dir / "batch.jsonl"
    path.write_bytes(data)
    items = _check(list(load_inputs([str(path)])))
    _no_lost_lines(items, str(path), lines, expected)


@FUZZ
@given(batch=batches(first_valid=True))
def test_jsonl_stdin_loses_no_valid_line(batch: tuple[bytes, list[bytes], dict[str, str]]) -> None:
    data, lines, expected = batch
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(data)))
        items = _check(list(load_inputs(["-"])))
    _no_lost_lines(items, "stdin", lines, expected)


# --- text, HTML and feed files -------------------------------------------------------------------------------------

ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1", "shift_jis"])


@FUZZ
@given(data=st.one_of(st.binary(max_size=2000),
                      st.tuples(st.text(max_size=1500), ENCODINGS).map(lambda t: t[0].encode(t[1], "replace")),
                      st.text(max_size=300).map(lambda s: (BODY + s + BODY).encode())),
       suffix=st.sampled_from([".txt", ".md", ""]))
def test_any_bytes_as_a_text_file_give_one_item(fuzz_dir: Path, data: bytes, suffix: str) -> None:
    path = fuzz_dir / f"any{suffix}"
    path.write_bytes(data)
    assert len(_check(list(load_inputs([str(path)])))) == 1


TAGS = ["p", "div", "article", "span", "h1", "title", "script", "style", "br", "a", "table", "td", "body", "html",
        "head", "main", "nav", "footer", "ul", "li", "svg", "math", "template", "noscript"]
HTML_BITS = st.one_of(
    st.sampled_from(TAGS).map(lambda t: f"<{t}>"),
    st.sampled_from(TAGS).map(lambda t: f"</{t}>"),
    st.text(max_size=40),
    st.sampled_from(["&amp;", "&#xD800;", "&#0;", "&#1114112;", "&#99999999999;", "&bogus;", "<![CDATA[", "]]>",
                     "<?xml version='1.0'?>", "<!--", "-->", "<!DOCTYPE html>", '<a href="javascript:x">',
                     '<meta property="article:published_time" content="not a date">', '<html lang="xx">']),
    st.sampled_from(["base64", "utf-16", "utf-7", "x-unknown", "rot13", "idna", "utf-32", "cp1252", "koi8-r"]).map(
        lambda c: f'<meta charset="{c}">'),
    st.just(BODY),
    st.integers(1, 2500).map(lambda n: "<div>" * n),  # deep nesting
)


@FUZZ
@given(parts=st.lists(HTML_BITS, max_size=30), encoding=ENCODINGS, suffix=st.sampled_from([".html", ".htm"]))
def test_any_html_gives_one_item(fuzz_dir: Path, parts: list[str], encoding: str, suffix: str) -> None:
    path = fuzz_dir / f"page{suffix}"
    path.write_bytes("".join(parts).encode(encoding, "replace"))
    assert len(_check(list(load_inputs([str(path)])))) == 1


def _xml(text: str) -> str:
    """Text as XML character data (XML 1.0 forbids most control characters)."""
    text = "".join(ch for ch in text if ch in "\t\n\r" or (" " <= ch and ch not in "\ufffe\uffff"))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


ENTRIES = st.lists(st.tuples(
    st.text(max_size=30),  # title
    st.one_of(st.none(), st.sampled_from(["http://example.org/a", "https://example.org/b?x=1&y=2", "notaurl",
                                          "javascript:alert(1)", "ftp://example.org/c", ""]), st.text(max_size=20)),
    st.one_of(st.none(), st.text(max_size=30), st.sampled_from(["Thu, 06 Mar 2025 10:00:00 GMT", "2025-03-06"])),
), max_size=6)


def _fake_fetch(url: str, *, timeout: float, max_bytes: int, allow_private: bool = False,
                budget: object = None) -> Fetched:
    """No network in tests: http(s) links answer with an article page, others fail as the real fetch would."""
    if not url.startswith(("http://", "https://")):
        raise InputError("E110", url, "only http:// and https:// URLs can be fetched")
    kind = "text/plain" if "b" in url else "text/html; charset=utf-8"
    body = BODY if kind == "text/plain" else f"<html><body><article><p>{BODY}</p></article></body></html>"
    return Fetched(url, kind, body.encode())


@pytest.mark.filterwarnings("ignore:To avoid breaking existing software:DeprecationWarning")  # feedparser's own
@FUZZ
@given(entries=ENTRIES, mutation=st.one_of(st.none(), st.tuples(st.integers(0, 2000), st.integers(0, 30),
                                                                 st.binary(max_size=6))))
def test_any_feed_gives_an_item_per_entry(fuzz_dir: Path, entries: list[tuple[str, str | None, str | None]],
                                          mutation: tuple[int, int, bytes] | None) -> None:
    body = "".join(
        "<item>" + f"<title>{_xml(title)}</title>" + (f"<link>{_xml(link)}</link>" if link is not None else "")
        + (f"<pubDate>{_xml(date)}</pubDate>" if date is not None else "") + "</item>"
        for title, link, date in entries)
    data = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>{body}</channel></rss>'
    raw = data.encode()
    if mutation is not None:
        at, cut, insert = mutation
        at %= len(raw) + 1
        raw = raw[:at] + insert + raw[at + cut:]
    path = fuzz_dir / "feed.rss"
    path.write_bytes(raw)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_sources, "fetch_url", _fake_fetch)
        items = _check(list(load_inputs([str(path)])))
    assert items
    if mutation is None:  # a well-formed feed: one item per entry, or one E108 for a feed with none
        assert len(items) == max(len(entries), 1)
        assert len(entries) > 0 or items[0].error is not None and items[0].error.code == "E108"


# --- the pieces under the readers ----------------------------------------------------------------------------------

CHARSETS = st.one_of(st.sampled_from(sorted(set(encodings.aliases.aliases) | set(encodings.aliases.aliases.values()))),
                     st.text(max_size=12))


@FUZZ
@given(data=st.binary(max_size=300), charset=st.one_of(st.none(), CHARSETS))
def test_decode_text_returns_text_or_an_input_error(data: bytes, charset: str | None) -> None:
    try:
        assert isinstance(decode_text(data, "x", charset), str)
    except InputError as exc:
        assert exc.code in ("E101", "E102")


@FUZZ
@given(value=st.one_of(st.text(max_size=120), st.integers(), st.floats(), st.none()))
def test_a_publication_date_is_a_date_or_none(value: object) -> None:
    parsed = parse_date(value)
    assert parsed is None or parsed.year > 0


@FUZZ
@given(text=st.text(st.characters(codec="utf-8"), max_size=3000), size=st.integers(1, 400))
def test_chunks_always_join_back(text: str, size: int) -> None:
    pieces = chunk_text(text, size)
    assert "".join(pieces) == text and all(len(p) <= size for p in pieces)


RUN_CHARS = st.sampled_from(list("()[]{}$&_'\".,:;!?*#%-/a1é中😀\u0301"))


@settings(max_examples=max(EXAMPLES // 4, 25), deadline=timedelta(seconds=3), database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(runs=st.lists(st.one_of(
    st.lists(RUN_CHARS, max_size=3000).map("".join),
    st.tuples(st.lists(RUN_CHARS, min_size=1, max_size=3).map("".join), st.integers(0, 1500)).map(lambda t: t[0] * t[1]),
), min_size=1, max_size=6))
def test_what_passes_the_checks_tokenizes_in_bounded_time(pipeline: Pipeline, runs: list[str]) -> None:
    """Adversarial runs (random characters, or a 1-3 character pattern repeated up to 1,500 times, without a space):
    refused with E130, or tokenized within the deadline (an unchecked 4,000-character run of "(" takes ~2 s, a
    200,000-character one hours)."""
    text = " ".join(runs)
    try:
        check_parse_input(text, "t")
    except InputError as exc:
        assert exc.code == "E130"
        event("refused")
        return
    event("tokenized")
    pipeline.resources.nlp.make_doc(text)
