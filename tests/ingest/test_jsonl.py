"""JSONL batches lose no line (issue 13 item 1) and ordinary bad input gets an input code, not E199 (item 8b)."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from polemos.errors import InputError
from polemos.ingest import load_inputs
from polemos.ingest._checks import decode_text
from polemos.ingest._sources import Item
from polemos.settings import Settings
from tests.ingest.test_ingest import BODY


def _rows(n: int) -> list[bytes]:
    return [json.dumps({"id": f"r{i}", "text": BODY.replace("Kharkiv", f"Town{i}")}).encode() for i in range(n)]


def _codes(items: list[Item]) -> list[str]:
    return [i.error.code if i.error else "ok" for i in items]


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(data)))


def test_a_bad_byte_fails_its_line_only(tmp_path: Path) -> None:
    rows = _rows(5)
    rows[1] = rows[1].replace(b"Town1", b"Town\xff1")
    path = tmp_path / "b.jsonl"
    path.write_bytes(b"\n".join(rows) + b"\n")
    items = list(load_inputs([str(path)]))
    assert _codes(items) == ["ok", "E102", "ok", "ok", "ok"]
    assert items[1].source == f"{path}:2" and "not valid UTF-8" in items[1].error.message  # type: ignore[union-attr]
    assert [i.source for i in items if i.article] == [f"{path}:r{n}" for n in (0, 2, 3, 4)]


def test_stdin_batch_with_a_bad_byte_is_not_rejected_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = _rows(5)
    rows[3] = rows[3].replace(b"Town3", b"Town\xc03")
    _stdin(monkeypatch, b"\xef\xbb\xbf" + b"\r\n".join(rows))  # a BOM and CRLF line ends too
    items = list(load_inputs(["-"]))
    assert _codes(items) == ["ok", "ok", "ok", "E102", "ok"] and items[3].source == "stdin:4"


def test_stdin_lines_split_on_newline_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """A JSON string may hold a raw U+2028 or form feed; str.splitlines cut such a line in two (two E120s)."""
    rows = [json.dumps({"text": BODY.replace(", adding", ",\u2028adding\x0c")}, ensure_ascii=False).encode()] + _rows(1)
    _stdin(monkeypatch, b"\n".join(rows))
    assert _codes(list(load_inputs(["-"]))) == ["ok", "ok"]


@pytest.mark.parametrize("content", [b"", b"  \n\n\t \r\n", b"\n"])
def test_a_batch_without_lines_is_one_clear_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(content)
    (item,) = load_inputs([str(path)])
    assert item.error is not None and item.error.code == "E103" and item.source == str(path)
    assert "no JSON lines" in item.error.message


@pytest.mark.parametrize(("line", "code", "words"), [
    ('{"text": "%s \\ud800"}', "E102", "lone surrogate U+D800"),  # a lone surrogate escape in the text
    ('{"text": "%s", "title": "\\udc80"}', "E102", '"title" has a lone surrogate'),
    ('{"text": "%s", "id": "x\\ud83d"}', "E102", '"id" has a lone surrogate'),
    ('{"text": "%s", "n": ' + "7" * 4301 + "}", "E122", "over 4,300 digits"),
    ('{"text": "%s", "n": ' + "[" * 50_000 + "]" * 50_000 + "}", "E122", "nested too deeply"),
    ('{"text": "%s"}\x00', "E101", "NUL bytes"),
    ('{"text": "%s", }', "E120", "not valid JSON"),
    ("\x1f", "E120", "not valid JSON"),  # not JSON whitespace: an error, not a skipped line
])
def test_ordinary_bad_lines_get_an_input_code(tmp_path: Path, line: str, code: str, words: str) -> None:
    path = tmp_path / "b.jsonl"
    bad = line.replace("%s", BODY) if "%s" in line else line
    path.write_bytes(b"\n".join([_rows(1)[0], bad.encode(), _rows(3)[2]]))
    items = list(load_inputs([str(path)]))
    assert _codes(items) == ["ok", code, "ok"], items[1].error
    assert items[1].error is not None and words in items[1].error.message and f"{path}:" in items[1].source


def test_a_line_over_the_size_cap_is_skipped_unread(tmp_path: Path) -> None:
    path = tmp_path / "b.jsonl"
    rows = _rows(3)
    path.write_bytes(b"\n".join([rows[0], b'{"text": "' + b"x" * 5000 + b'"}', rows[2]]))
    items = list(load_inputs([str(path)], settings=Settings(max_fetch_bytes=4096)))
    assert _codes(items) == ["ok", "E104", "ok"] and items[1].source == f"{path}:2"


@pytest.mark.parametrize("charset", ["base64", "zlib", "rot13", "undefined", "unicode_escape", "idna", "x\x00y"])
def test_a_charset_that_is_not_a_text_encoding_is_read_as_utf8(tmp_path: Path, charset: str) -> None:
    assert decode_text("caf\u00e9".encode(), "p", charset) == "caf\u00e9"
    with pytest.raises(InputError) as exc:
        decode_text("caf\u00e9".encode("cp1252"), "p", charset)
    assert exc.value.code == "E102" and "not a text encoding" in str(exc.value)
    if "\x00" in charset:  # only a header can declare that
        return
    page = tmp_path / "p.html"
    page.write_text(f'<html><head><meta charset="{charset}"></head><body><article><p>{BODY}</p></article></body>'
                    "</html>", encoding="utf-8")
    (item,) = load_inputs([str(page)])
    assert item.article is not None and "Kharkiv region" in item.article.text, item.error


def test_an_unreadable_file_is_e100(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.txt"
    path.write_text(BODY, encoding="utf-8")

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", denied)
    (item,) = load_inputs([str(path)])
    assert item.error is not None and item.error.code == "E100" and "Permission denied" in item.error.message
