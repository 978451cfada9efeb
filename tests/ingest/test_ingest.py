from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from polemos.errors import InputError
from polemos.ingest import check_url, find_dateline, load_inputs, normalize_text
from polemos.ingest._checks import declared_charset, decode_text
from polemos.settings import Settings

BODY = (
    "KYIV, March 6 (Reuters) - Russian forces struck an energy facility in the Kharkiv region overnight, the "
    "regional governor said on Thursday, adding that two workers were wounded and that repair crews were at the "
    "site. The defence ministry in Moscow said its troops had hit military targets and denied hitting civilian "
    "infrastructure in the area. The claims could not be independently verified by reporters on the ground."
)


def _one(path: Path, **kw: object):  # type: ignore[no-untyped-def]
    items = list(load_inputs([str(path)], **kw))  # type: ignore[arg-type]
    assert len(items) == 1
    return items[0]


def test_normalize_collapses_space_and_keeps_paragraphs() -> None:
    assert normalize_text("a\u00a0 b\r\n\r\n\r\n\tc\u200b  d ") == "a b\n\nc d"
    assert normalize_text("Cafe\u0301") == "Caf\u00e9"


def test_dateline_with_date_and_agency() -> None:
    dl = find_dateline(BODY, date(2025, 3, 10))
    assert dl is not None and dl.place == "KYIV" and dl.date == date(2025, 3, 6)
    assert BODY[dl.start:dl.end] == "KYIV"


def test_dateline_skips_photo_caption() -> None:
    text = "GOMA: A woman carries water on Tuesday near the city. - AFP\n\nGOMA/KINSHASA: Rebels advanced today."
    dl = find_dateline(text)
    assert dl is not None and dl.place == "GOMA/KINSHASA" and text[dl.start:dl.end] == "GOMA/KINSHASA"


def test_text_file_article_ids_are_content_hashes(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(BODY, encoding="utf-8")
    b.write_text("  " + BODY.replace(" ", "  ") + "\n\n", encoding="utf-8")
    ia, ib = _one(a), _one(b)
    assert ia.article is not None and ib.article is not None
    assert ia.article.id == ib.article.id and ia.article.id.startswith("art_")
    assert ia.article.dateline == "KYIV" and ia.article.published is None  # "March 6" has no year
    dated = _one(a, published=date(2025, 3, 7)).article
    assert dated is not None and dated.published == date(2025, 3, 7)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "E103"),
        (b"\x00\x01\x02binary", "E101"),
        (b"caf\xe9 au lait " * 20, "E102"),
        ("Die russischen Truppen haben in der Nacht eine Stadt im Osten der Ukraine angegriffen, sagte "
         "der Gouverneur am Donnerstag. Zwei Menschen wurden verletzt und mehrere Häuser wurden zerstört "
         "nach Angaben der örtlichen Behörden in der Region.".encode(), "E106"),
        (b"Too short to be news.", "E105"),
    ],
)
def test_bad_inputs_get_one_clear_error(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    item = _one(path)
    assert item.article is None and item.error is not None
    assert item.error.code == code and str(path) in str(item.error)


def test_missing_file_and_huge_file(tmp_path: Path) -> None:
    assert _one(tmp_path / "nope.txt").error.code == "E100"  # type: ignore[union-attr]
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * (4 * 1024 * 1024))  # 20 MB
    err = _one(big).error
    assert err is not None and err.code == "E104" and "too large" in err.message


def test_jsonl_batch_keeps_good_lines(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a1", "title": "Strike", "text": BODY, "published": "2025-03-06", "url": "https://x.org/a"}),
        "{not json",
        json.dumps({"id": "a2", "text": ""}),
        json.dumps({"id": "a3", "text": BODY.replace("Kharkiv", "Sumy"), "published": "2025-03-07"}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    items = list(load_inputs([str(path)]))
    assert [i.article is not None for i in items] == [True, False, False, True]
    assert items[0].article.title == "Strike" and items[0].article.url == "https://x.org/a"  # type: ignore[union-attr]
    assert items[1].error.code == "E120" and items[2].error.code == "E103"  # type: ignore[union-attr]
    assert items[1].error.source == f"{path}:2" and "column 2" in str(items[1].error)  # type: ignore[union-attr]


def test_html_file_uses_trafilatura(tmp_path: Path) -> None:
    paras = "".join(f"<p>{s}.</p>" for s in BODY.split(". "))
    html = (f"<!DOCTYPE html><html><head><title>Energy site hit</title>"
            f'<meta property="article:published_time" content="2025-03-06"></head>'
            f"<body><nav>Home | World</nav><article><h1>Energy site hit</h1>{paras}</article></body></html>")
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    item = _one(path)
    assert item.article is not None, item.error
    assert "Kharkiv region" in item.article.text and "Home | World" not in item.article.text
    assert item.article.title == "Energy site hit"


def test_rss_feed_without_entries_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>')
    assert _one(path).error.code == "E108"  # type: ignore[union-attr]


@pytest.mark.parametrize("url", ["http://127.0.0.1/x", "http://localhost:8000/", "http://169.254.169.254/",
                                 "http://10.1.2.3/", "file:///etc/passwd", "ftp://example.org/"])
def test_url_safety(url: str) -> None:
    with pytest.raises(InputError):
        check_url(url, allow_private=False)


def test_private_url_allowed_with_flag() -> None:
    check_url("http://127.0.0.1:9/x", allow_private=True)


def test_url_fetch_from_local_server(tmp_path: Path) -> None:
    import http.server
    import threading

    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    handler = lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path))  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/a.txt"
        refused = list(load_inputs([url]))[0]
        assert refused.error is not None and refused.error.code == "E112"
        ok = list(load_inputs([url], settings=Settings(allow_private=True)))[0]
        assert ok.article is not None and ok.article.url == url and "Kharkiv" in ok.article.text
        # a page in a legacy encoding that its <meta charset> (or the Content-Type header) declares
        (tmp_path / "b.html").write_bytes(
            ('<!DOCTYPE html><html><head><meta charset="windows-1252"><title>Strike</title></head><body>'
             f"<article><p>{BODY.replace('Kharkiv', 'Kharkiv (“Kharkov”)')}</p></article></body></html>"
             ).encode("cp1252"))
        page = list(load_inputs([url.replace("a.txt", "b.html")], settings=Settings(allow_private=True)))[0]
        assert page.article is not None and "Kharkiv (“Kharkov”)" in page.article.text, page.error
    finally:
        server.shutdown()


def test_declared_charset_and_strict_utf8() -> None:
    assert declared_charset("text/html; charset=ISO-8859-1", b"") == "ISO-8859-1"
    assert declared_charset("text/html", b'<html><head><meta charset="utf-8">') == "utf-8"
    assert declared_charset("text/plain", b"plain text") is None
    assert decode_text("caf\u00e9 \u2013".encode("cp1252"), "x", "iso-8859-1") == "caf\u00e9 \u2013"  # as browsers
    with pytest.raises(InputError, match="x: is not valid UTF-8"):
        decode_text("caf\u00e9".encode("cp1252"), "x")


def test_dateline_after_headline_lines() -> None:
    text = "Rebels attack army near Sake\nFighting spreads toward Goma\nGOMA, Feb 2 (Reuters) - Rebels attacked."
    dl = find_dateline(text, date(2025, 2, 3))
    assert dl is not None and dl.place == "GOMA" and text[dl.start:dl.end] == "GOMA"
    assert dl.date == date(2025, 2, 2)
    # a body sentence first: no dateline further down
    assert find_dateline("Rebels attacked the town on Sunday.\nGOMA - More fighting.") is None


def test_html_page_dateline_below_the_title(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    paras = "".join(f"<p>{p}</p>" for p in BODY.split(", the regional"))
    page.write_text(f"<!DOCTYPE html><html><head><title>Strike on Kharkiv energy site</title></head><body>"
                    f"<article><h1>Strike on Kharkiv energy site</h1>{paras}</article></body></html>", "utf-8")
    item = _one(page, published=date(2025, 3, 10))
    assert item.article is not None and item.article.dateline == "KYIV", item


def test_saved_html_page_in_its_declared_charset(tmp_path: Path) -> None:
    page = tmp_path / "saved.htm"
    page.write_bytes(('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
                      f"</head><body><article><p>{BODY} – “verified”</p></article></body></html>").encode("cp1252"))
    item = _one(page)
    assert item.article is not None and "“verified”" in item.article.text, item.error
    plain = tmp_path / "plain.txt"
    plain.write_bytes(f"{BODY} – “verified”".encode("cp1252"))
    assert _one(plain).error.code == "E102"  # type: ignore[union-attr]  # a text file must be UTF-8


def test_text_longer_than_the_parser_takes_is_an_input_error(tmp_path: Path) -> None:
    """Over the parser's character cap: under the 10 MB file cap and the settings' limit."""
    from polemos.ingest._checks import PARSER_MAX_CHARS

    long = tmp_path / "long.txt"
    long.write_text("\n\n".join([BODY] * (PARSER_MAX_CHARS // len(BODY) + 2)), encoding="utf-8")
    err = _one(long).error
    assert err is not None and err.code == "E104" and f"> {PARSER_MAX_CHARS:,}" in err.message


def test_jsonl_fields_of_the_wrong_type_are_line_errors(tmp_path: Path) -> None:
    path = tmp_path / "weird.jsonl"
    rows: list[object] = [
        {"id": 7, "title": 123, "text": BODY, "published": 20250306, "url": None},
        {"text": BODY.replace("Kharkiv", "Sumy"), "title": ["a", "b"]},
        {"text": BODY.replace("Kharkiv", "Odesa"), "published": {"y": 2025}},
        {"text": BODY.replace("Kharkiv", "Dnipro"), "published": "2025-02-30"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    items = list(load_inputs([str(path)]))
    assert items[0].article is not None and items[0].article.title == "123"
    assert items[0].article.published == date(2025, 3, 6) and items[0].article.source == f"{path}:7"
    assert items[1].error is not None and '"title" must be a string' in items[1].error.message
    assert items[2].error is not None and '"published" must be a string' in items[2].error.message
    assert items[3].article is not None and items[3].article.published is None  # not a date: analysed without


def test_a_reader_bug_fails_that_input_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from polemos.ingest import _jsonl, _sources

    def boom(*args: object, **kw: object) -> None:
        raise RuntimeError("parser exploded")

    real_parse_date = _jsonl.parse_date
    monkeypatch.setattr(_sources, "_from_html", boom)
    monkeypatch.setattr(_jsonl, "parse_date", lambda v: boom() if v == "bad" else real_parse_date(v))
    page, text, batch = tmp_path / "p.html", tmp_path / "a.txt", tmp_path / "b.jsonl"
    page.write_text("<!DOCTYPE html><html><body><p>x</p></body></html>", encoding="utf-8")
    text.write_text(BODY, encoding="utf-8")
    batch.write_text("\n".join(json.dumps({"text": BODY, "published": p}) for p in ("bad", "2025-03-06")), "utf-8")
    items = list(load_inputs([str(page), str(text), str(batch)]))
    assert [i.error.code if i.error else "ok" for i in items] == ["E199", "ok", "E199", "ok"]
    assert items[0].error is not None and "RuntimeError: parser exploded" in items[0].error.message


def test_jsonl_item_and_its_error_have_the_same_source(tmp_path: Path) -> None:
    """The failures table is keyed by the item's source: a line that later succeeds clears its old failure."""
    path = tmp_path / "b.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in (
        {"id": "short-1", "text": "Too short."}, {"id": "ok-2", "text": BODY}, {"text": ""})), "utf-8")
    items = list(load_inputs([str(path)]))
    assert [i.source for i in items] == [f"{path}:short-1", f"{path}:ok-2", f"{path}:3"]
    assert all(i.error.source == i.source for i in items if i.error is not None)


def test_feed_entry_errors_name_the_feed(tmp_path: Path) -> None:
    path = tmp_path / "local.rss"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
                    "<item><title>a</title><link>http://127.0.0.1:9/a</link></item>"
                    "<item><title>b</title><link>http://10.0.0.1/b</link></item></channel></rss>", "utf-8")
    items = list(load_inputs([str(path)]))
    assert [i.error.code for i in items if i.error] == ["E112", "E112"]
    first = items[0].error
    assert first is not None and items[0].source == first.source == f"http://127.0.0.1:9/a (entry of {path})"
    assert str(first).startswith(f"[E112] http://127.0.0.1:9/a (entry of {path}): refusing to fetch")
    assert "--allow-private" in str(first)


def test_reader_library_failures_found_by_fuzzing_are_input_errors(tmp_path: Path) -> None:
    """feedparser raised ValueError on a NUL in the XML encoding declaration, htmldate (trafilatura's metadata step)
    an AssertionError on `<svg><p><p>`: both were E199."""
    feed = tmp_path / "f.rss"
    feed.write_bytes(b'<?xml version="1.0" encoding="utf\x00-8"?><rss version="2.0"><channel><title>t</title>'
                     b"<item><link>http://127.0.0.1:9/a</link></item></channel></rss>")
    page = tmp_path / "p.html"
    page.write_text(f"<svg><p><p><article><p>{BODY}</p></article>", encoding="utf-8")
    items = list(load_inputs([str(feed), str(page)]))
    assert items[0].error is not None and items[0].error.code == "E108" and "embedded null" in items[0].error.message
    assert items[1].article is not None and "Kharkiv region" in items[1].article.text, items[1].error


def test_a_reader_bug_in_one_feed_entry_keeps_the_later_entries(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from polemos.ingest import _sources
    from polemos.ingest._fetch import Fetched

    def fetch(url: str, **kw: object) -> Fetched:
        return Fetched(url, "text/html", f"<html><body><article><p>{BODY}</p></article></body></html>".encode())

    real_from_html = _sources._from_html

    def from_html(html: str, source: str, *args: object) -> object:
        if source.endswith("/b"):
            raise RuntimeError("extractor exploded")
        return real_from_html(html, source, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(_sources, "fetch_url", fetch)
    monkeypatch.setattr(_sources, "_from_html", from_html)
    path = tmp_path / "f.rss"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
                    + "".join(f"<item><link>http://example.org/{x}</link></item>" for x in "abc")
                    + "</channel></rss>", "utf-8")
    items = list(load_inputs([str(path)]))
    assert [i.error.code if i.error else "ok" for i in items] == ["ok", "E199", "ok"]
    assert items[1].source == f"http://example.org/b (entry of {path})"


def test_a_folder_is_read_for_its_article_files(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Gunmen killed five villagers in a raid on Sunday, police said.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Rebels shelled the market town overnight, killing two traders, officials said.",
                                    encoding="utf-8")
    (tmp_path / "notes.csv").write_text("not, an, article", encoding="utf-8")
    items = list(load_inputs([str(tmp_path)]))
    assert [Path(i.source).name for i in items] == ["a.txt", "b.txt"]  # name order, the csv left out
    assert all(i.article is not None for i in items)  # one-sentence briefs are news
    empty = tmp_path / "empty"
    empty.mkdir()
    (bad,) = list(load_inputs([str(empty)]))
    assert bad.error is not None and bad.error.code == "E100"
