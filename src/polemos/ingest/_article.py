"""One input unit (Item) and the one way a text becomes an Article: normalise, check, find the dateline."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from polemos.errors import InputError
from polemos.ingest._checks import check_article_text, check_unicode
from polemos.ingest._normalize import find_dateline, normalize_text
from polemos.records import Article
from polemos.settings import Settings

__all__ = ["Item", "MAX_DATE_CHARS", "make_article", "parse_date"]

log = logging.getLogger(__name__)

MAX_DATE_CHARS = 100  # a longer "date" is not one (and would cost dateparser seconds)


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
    for what, value in (("the title", title), ("the url", url)):
        if value:
            check_unicode(value, source, what)
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


def parse_date(value: Any) -> date | None:
    """A publication date from metadata (ISO, else anything dateparser reads); not a date: None, with a warning."""
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
        pass
    if len(text) > MAX_DATE_CHARS:
        log.warning("publication date %r… is %d characters long, not a date; analysing without one", text[:40],
                    len(text))
        return None
    import dateparser

    try:
        parsed = dateparser.parse(text, settings={"PREFER_DAY_OF_MONTH": "first"})
    except (ValueError, OverflowError, TypeError):
        parsed = None
    if parsed is None:
        log.warning("publication date %r is not a date; analysing without one", text)
    return parsed.date() if parsed else None
