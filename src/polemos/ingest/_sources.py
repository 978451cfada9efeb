"""Turn inputs (text/HTML/RSS/JSONL files, URLs, stdin) into normalised Articles, one Item per article."""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from polemos.errors import InputError
from polemos.ingest._article import Item, make_article, parse_date
from polemos.ingest._checks import declared_charset, decode_text
from polemos.ingest._fetch import Budget, fetch_url
from polemos.ingest._jsonl import JSON_SPACE, read_jsonl, unexpected
from polemos.records import Article
from polemos.settings import Settings

__all__ = ["Item", "load_inputs", "make_article"]

log = logging.getLogger(__name__)

_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_FEED_SUFFIXES = {".rss", ".atom", ".xml"}
_BATCH_SUFFIXES = {".jsonl", ".ndjson"}
_FOLDER_SUFFIXES = frozenset({".txt", ".text", ".md", ".html", ".htm", ".xml", ".rss", ".atom", *_BATCH_SUFFIXES})


def _from_html(html: str, source: str, settings: Settings, published: date | None, url: str | None) -> Article:
    import trafilatura

    try:
        extracted = trafilatura.extract(html, output_format="json", with_metadata=True, include_comments=False,
                                        url=url)
    except Exception:  # its metadata step (htmldate, lxml) asserts on some broken pages: read the text without it
        log.warning("extracting the metadata of %s failed; reading its text without them", source, exc_info=True)
        extracted = trafilatura.extract(html, output_format="json", with_metadata=False, include_comments=False,
                                        url=url)
    if not extracted:
        raise InputError("E107", source, "no article text found in this page (not an article page?)")
    meta = json.loads(extracted)
    text = meta.get("text") or ""
    return make_article(text, source, settings, title=meta.get("title"),
                        published=published or parse_date(meta.get("date")), url=url or meta.get("source"))


def _from_feed(data: bytes, source: str, settings: Settings, published: date | None) -> Iterator[Item]:
    import feedparser

    budget = Budget()  # the time and bytes all entries of this feed may take together
    try:
        feed = feedparser.parse(data)
    except (ValueError, LookupError) as exc:  # feedparser trips on some broken encoding declarations ("utf\0-8")
        log.info("feedparser failed on %s", source, exc_info=True)
        yield Item(source, error=InputError("E108", source, f"is not a readable RSS/Atom feed ({exc})"))
        return
    if not feed.entries:
        reason = getattr(feed, "bozo_exception", None) or "the feed has no entries"
        yield Item(source, error=InputError("E108", source, f"is not a readable RSS/Atom feed ({reason})"))
        return
    for entry in feed.entries:
        link = entry.get("link")
        entry_src = f"{source}#{link or entry.get('id', '?')}"
        if not link:
            yield Item(entry_src, error=InputError("E109", entry_src, "feed entry has no link to fetch"))
            continue
        try:
            entry_date = published or parse_date(entry.get("published") or entry.get("updated"))
            got = list(_from_url(link, settings, entry_date, title=entry.get("title"), budget=budget))
        except Exception as exc:  # a bug in reading this entry: it fails, the feed's later entries are still read
            log.warning("reading %s failed", entry_src, exc_info=True)
            got = [Item(link, error=unexpected(link, exc))]
        for item in got:
            err = item.error
            if err is not None:  # name the feed too: the user gave the feed, not this link
                where = f"{err.source} (entry of {source})"
                err = InputError(err.code, where, err.message.removeprefix(f"{err.source}: "), err.hint)
                item = Item(where, error=err)
            yield item


def _from_url(url: str, settings: Settings, published: date | None, title: str | None = None,
              budget: Budget | None = None) -> Iterator[Item]:
    """The article (or feed) at ``url``; ``budget`` is the feed's when ``url`` is one of its entries."""
    try:
        got = fetch_url(url, timeout=settings.fetch_timeout, max_bytes=settings.max_fetch_bytes,
                        allow_private=settings.allow_private, budget=budget)
        if "xml" in got.content_type or "rss" in got.content_type or "atom" in got.content_type:
            if budget is not None:
                raise InputError("E119", url, "is a feed, not an article: feeds inside feeds are not followed")
            yield from _from_feed(got.body, url, settings, published)
            return
        text = decode_text(got.body, url, declared_charset(got.content_type, got.body))
        if "html" in got.content_type or text.lstrip()[:1] == "<":
            article = _from_html(text, url, settings, published, got.url)
        else:
            article = make_article(text, url, settings, title=title, published=published, url=got.url)
        if title and not article.title:
            article = Article(article.id, article.text, title, article.published, article.url, article.dateline,
                              article.source)
        yield Item(url, article=article)
    except InputError as exc:
        yield Item(url, error=exc)


def _from_path(path_str: str, settings: Settings, published: date | None) -> Iterator[Item]:
    path = Path(path_str)
    if not path.exists():
        yield Item(path_str, error=InputError("E100", path_str, "no such file"))
        return
    if path.is_dir():  # a folder of articles: its text, HTML, JSONL and feed files, in name order
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in _FOLDER_SUFFIXES)
        if not files:
            yield Item(path_str, error=InputError("E100", path_str, "is a folder with no article files",
                                                  f"put {', '.join(sorted(_FOLDER_SUFFIXES))} files in it"))
        for child in files:
            yield from _from_path(str(child), settings, published)
        return
    suffix = path.suffix.lower()
    size = path.stat().st_size
    if suffix not in _BATCH_SUFFIXES and size > settings.max_fetch_bytes:
        yield Item(path_str, error=InputError("E104", path_str, f"is too large ({size / 1e6:.1f} MB)",
                                              "split it into articles, e.g. a JSONL batch"))
        return
    try:
        if suffix in _BATCH_SUFFIXES:  # each line is read and fails on its own
            with path.open("rb") as fh:
                yield from read_jsonl(fh, path_str, settings, published)
            return
        data = path.read_bytes()
        if suffix in _FEED_SUFFIXES or data.lstrip()[:200].lower().count(b"<rss") or b"<feed" in data[:500]:
            yield from _from_feed(data, path_str, settings, published)
            return
        text = decode_text(data, path_str, declared_charset("", data) if suffix in _HTML_SUFFIXES else None)
        if suffix in _HTML_SUFFIXES or text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
            yield Item(path_str, article=_from_html(text, path_str, settings, published, None))
        else:
            yield Item(path_str, article=make_article(text, path_str, settings, published=published))
    except InputError as exc:
        yield Item(path_str, error=exc)
    except OSError as exc:  # no permission, an I/O error: the file cannot be read (a batch: from this line on)
        yield Item(path_str, error=InputError("E100", path_str, f"cannot be read ({exc.strerror or exc})"))


def load_inputs(
    inputs: Iterable[str], *, published: date | None = None, settings: Settings | None = None
) -> Iterator[Item]:
    """Yield one Item per article found in ``inputs`` (paths, URLs, or "-" for stdin)."""
    settings = settings or Settings.from_env()
    for raw in inputs:
        try:
            yield from _load_one(raw, settings, published)
        except Exception as exc:  # a bug in a reader (trafilatura, feedparser, ours): this input fails, not the run
            log.warning("reading %s failed", raw, exc_info=True)
            yield Item(raw, error=unexpected(raw, exc))


def _load_one(raw: str, settings: Settings, published: date | None) -> Iterator[Item]:
    if raw == "-":
        data = sys.stdin.buffer.read()
        if data.removeprefix(b"\xef\xbb\xbf").lstrip(JSON_SPACE)[:1] == b"{":  # a JSONL batch: read line by line
            yield from read_jsonl(io.BytesIO(data), "stdin", settings, published)
            return
        try:
            text = decode_text(data, "stdin")
            yield Item("stdin", article=make_article(text, "stdin", settings, published=published))
        except InputError as exc:
            yield Item("stdin", error=exc)
    elif raw.startswith(("http://", "https://")) or "://" in raw:
        yield from _from_url(raw, settings, published)
    else:
        yield from _from_path(raw, settings, published)
