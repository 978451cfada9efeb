"""Turn inputs (text/HTML/RSS/JSONL files, URLs, stdin) into normalised Articles, one Item per article."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from polemos.errors import InputError
from polemos.ingest._checks import check_article_text, declared_charset, decode_text
from polemos.ingest._fetch import Budget, fetch_url
from polemos.ingest._normalize import find_dateline, normalize_text
from polemos.records import Article
from polemos.settings import Settings

__all__ = ["Item", "load_inputs", "make_article"]

log = logging.getLogger(__name__)

_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_FEED_SUFFIXES = {".rss", ".atom", ".xml"}
_BATCH_SUFFIXES = {".jsonl", ".ndjson"}


@dataclass(frozen=True)
class Item:
    """One input unit: an article, or the error that kept it from becoming one."""

    source: str
    article: Article | None = None
    error: InputError | None = None


def make_article(
    text: str, source: str, settings: Settings, *, title: str | None = None, published: date | None = None,
    url: str | None = None,
) -> Article:
    """Normalise, check and wrap a text (raises InputError on bad input)."""
    clean = normalize_text(text)
    check_article_text(clean, source, settings.max_text_chars)
    dl = find_dateline(clean, published)
    return Article(
        id=Article.make_id(clean),
        text=clean,
        title=normalize_text(title) if title else None,
        published=published or (dl.date if dl else None),
        url=url,
        dateline=dl.place if dl else None,
        source=source,
    )


def _parse_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        import dateparser

        try:
            parsed = dateparser.parse(text, settings={"PREFER_DAY_OF_MONTH": "first"})
        except (ValueError, OverflowError, TypeError):
            parsed = None
        if parsed is None:
            log.warning("publication date %r is not a date; analysing without one", text)
        return parsed.date() if parsed else None


def _from_html(html: str, source: str, settings: Settings, published: date | None, url: str | None) -> Article:
    import trafilatura

    extracted = trafilatura.extract(html, output_format="json", with_metadata=True, include_comments=False,
                                    url=url)
    if not extracted:
        raise InputError("E107", source, "no article text found in this page (not an article page?)")
    meta = json.loads(extracted)
    text = meta.get("text") or ""
    return make_article(text, source, settings, title=meta.get("title"),
                        published=published or _parse_date(meta.get("date")), url=url or meta.get("source"))


def _from_feed(data: bytes, source: str, settings: Settings, published: date | None) -> Iterator[Item]:
    import feedparser

    budget = Budget()  # the time and bytes all entries of this feed may take together
    feed = feedparser.parse(data)
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
        entry_date = published or _parse_date(entry.get("published") or entry.get("updated"))
        for item in _from_url(link, settings, entry_date, title=entry.get("title"), budget=budget):
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


def _field(obj: dict[str, Any], key: str, src: str) -> str | None:
    """A JSONL field that must be a string (numbers are taken as their text; null or absent is None)."""
    value = obj.get(key)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise InputError("E121", src, f'"{key}" must be a string, not {type(value).__name__}')


def _from_jsonl(lines: Iterable[str], source: str, settings: Settings, published: date | None) -> Iterator[Item]:
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        src = f"{source}:{n}"
        try:
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError("E120", src, f"is not valid JSON ({exc.msg} column {exc.colno})",
                                 'write one JSON object per line: {"id", "title", "text", "published", "url"}') from None
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                raise InputError("E121", src, 'needs a JSON object with a "text" string')
            batch_id = _field(obj, "id", src)
            src = f"{source}:{batch_id or n}"  # the line's own id names it (in errors and in the failures table)
            title = _field(obj, "title", src)
            url = _field(obj, "url", src) or _field(obj, "source_url", src)
            pub = published or _parse_date(_field(obj, "published", src) or _field(obj, "published_date", src))
            article = make_article(obj["text"], src, settings, title=title, published=pub, url=url)
            yield Item(src, article=article)
        except InputError as exc:
            yield Item(src, error=exc)
        except Exception as exc:  # one odd line fails, the rest of the batch is still read
            log.warning("reading %s failed", src, exc_info=True)
            yield Item(src, error=_unexpected(src, exc))


def _from_path(path_str: str, settings: Settings, published: date | None) -> Iterator[Item]:
    path = Path(path_str)
    if not path.exists():
        yield Item(path_str, error=InputError("E100", path_str, "no such file"))
        return
    if path.is_dir():
        yield Item(path_str, error=InputError("E100", path_str, "is a directory", "pass the files in it"))
        return
    suffix = path.suffix.lower()
    size = path.stat().st_size
    if suffix not in _BATCH_SUFFIXES and size > settings.max_fetch_bytes:
        yield Item(path_str, error=InputError("E104", path_str, f"is too large ({size / 1e6:.1f} MB)",
                                              "split it into articles, e.g. a JSONL batch"))
        return
    try:
        if suffix in _BATCH_SUFFIXES:
            with path.open("rb") as fh:
                lines = (decode_text(raw, f"{path_str}:{n}") for n, raw in enumerate(fh, 1))
                yield from _from_jsonl(lines, path_str, settings, published)
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
            yield Item(raw, error=_unexpected(raw, exc))


def _unexpected(source: str, exc: Exception) -> InputError:
    return InputError("E199", source, f"could not be read ({type(exc).__name__}: {exc})",
                      "run `polemos -v analyze ...` for the traceback and report it")


def _load_one(raw: str, settings: Settings, published: date | None) -> Iterator[Item]:
    if raw == "-":
        data = sys.stdin.buffer.read()
        try:
            text = decode_text(data, "stdin")
            if text.lstrip().startswith("{"):
                yield from _from_jsonl(text.splitlines(), "stdin", settings, published)
            else:
                yield Item("stdin", article=make_article(text, "stdin", settings, published=published))
        except InputError as exc:
            yield Item("stdin", error=exc)
    elif raw.startswith(("http://", "https://")) or "://" in raw:
        yield from _from_url(raw, settings, published)
    else:
        yield from _from_path(raw, settings, published)
