"""Event mentions as read from the store: one stored event of one article, with its actors, place and claims."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import duckdb

__all__ = ["ActorRef", "ClaimRef", "Mention", "load_mentions", "date_interval", "windows_meet"]

Key = tuple[str, str]  # (article_id, event_id)


@dataclass(frozen=True, slots=True)
class ActorRef:
    name: str
    kind: str | None
    country: str | None
    sector: str | None


@dataclass(frozen=True, slots=True)
class ClaimRef:
    id: str
    stance: str
    actor: ActorRef | None
    evidence_text: str | None


@dataclass(frozen=True, slots=True)
class Mention:
    article_id: str
    event_id: str
    type: str
    mode: str | None
    context: tuple[str, ...]
    source: ActorRef | None
    target: ActorRef | None
    place_name: str | None
    geonameid: int | None
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    feature: str | None
    date: str | None
    date_precision: str | None
    status: str
    fatalities: int | None
    evidence_start: int | None
    evidence_end: int | None
    evidence_text: str
    claims: tuple[ClaimRef, ...]
    published: dt.date | None
    title: str | None
    url: str | None
    article_source: str | None
    window_text: str = ""  # the sentence(s) holding the evidence
    lede_text: str = ""  # the article's title and first sentence

    @property
    def text(self) -> str:
        """The text compared for similarity: the evidence sentence, else the evidence."""
        return self.window_text or self.evidence_text

    @property
    def key(self) -> Key:
        return (self.article_id, self.event_id)


_SQL = """
SELECT e.article_id, e.id, e.type, e.mode, e.context, e.date, e.date_precision, e.status, e.fatalities,
       e.evidence_start, e.evidence_end, e.evidence_text,
       s.name, s.kind, s.country, s.sector,
       t.name, t.kind, t.country, t.sector,
       p.name, p.geonameid, p.lat, p.lon, p.country, p.admin1, p.feature,
       a.published, a.title, a.url, a.source, a.text
FROM events e
JOIN articles a ON a.id = e.article_id
LEFT JOIN actors s ON s.article_id = e.article_id AND s.id = e.source
LEFT JOIN actors t ON t.article_id = e.article_id AND t.id = e.target
LEFT JOIN places p ON p.article_id = e.article_id AND p.id = e.place
"""

_CLAIMS_SQL = """
SELECT c.article_id, c.event, c.id, c.stance, c.evidence_text, k.name, k.kind, k.country, k.sector
FROM claims c
LEFT JOIN actors k ON k.article_id = c.article_id AND k.id = c.actor
"""


_PLACES_SQL = """
SELECT article_id, name, geonameid, lat, lon, country, admin1, feature, mentions FROM places
WHERE lat IS NOT NULL AND lon IS NOT NULL AND article_id IN (SELECT unnest(?::VARCHAR[]))
"""
_FEATURE_RANK = {"site": 0, "village": 1, "city": 2, "other": 3, "admin1": 4, "region": 5, "country": 6}
PlaceRow = tuple[Any, ...]  # (name, geonameid, lat, lon, country, admin1, feature)


def _places_by_article(conn: duckdb.DuckDBPyConnection, article_ids: list[str]) -> dict[str, list[Any]]:
    """Per article: (name, geonameid, lat, lon, country, admin1, feature, [(start, end)]) of located places."""
    out: dict[str, list[Any]] = {}
    for aid, *fields, mentions in conn.execute(_PLACES_SQL, [article_ids]).fetchall():
        spans = json.loads(mentions) if isinstance(mentions, str) else (mentions or [])
        out.setdefault(aid, []).append((*fields, [(int(m["start"]), int(m["end"])) for m in spans]))
    return out


def _window_place(places: list[Any], lo: int, hi: int, ev_start: int) -> PlaceRow | None:
    """The most precise located place named inside [lo, hi), nearest the evidence first."""
    best: tuple[Any, ...] | None = None
    for *fields, spans in places:
        inside = [a for a, b in spans if lo <= a and b <= hi]
        if not inside:
            continue
        rank = (_FEATURE_RANK.get(fields[6] or "", 3), min(abs(a - ev_start) for a in inside), fields[0] or "")
        if best is None or rank < best[0]:
            best = (rank, tuple(fields))
    return best[1] if best else None


def _actor(name: Any, kind: Any, country: Any, sector: Any) -> ActorRef | None:
    return ActorRef(str(name), kind, country, sector) if name is not None else None


def _context(raw: Any) -> tuple[str, ...]:
    if raw is None:
        return ()
    value = json.loads(raw) if isinstance(raw, str) else raw
    return tuple(str(v) for v in value) if isinstance(value, list) else (str(value),)


def load_mentions(
    conn: duckdb.DuckDBPyConnection,
    where: str = "",
    params: Sequence[Any] = (),
) -> list[Mention]:
    """Mentions matching ``where`` (an SQL condition over ``e`` = events and ``a`` = articles), sorted by key."""
    sql = _SQL + (f" WHERE {where}" if where else "")
    rows = conn.execute(sql, list(params)).fetchall()
    if not rows:
        return []
    article_ids = sorted({r[0] for r in rows})
    claims: dict[Key, list[ClaimRef]] = {}
    claim_rows = conn.execute(
        _CLAIMS_SQL + " WHERE c.article_id IN (SELECT unnest(?::VARCHAR[]))", [article_ids]
    ).fetchall()
    for aid, event, cid, stance, ev_text, kname, kkind, kcountry, ksector in claim_rows:
        claims.setdefault((aid, event), []).append(
            ClaimRef(cid, stance, _actor(kname, kkind, kcountry, ksector), ev_text)
        )
    located = _places_by_article(conn, article_ids)
    out = []
    for row in rows:
        r = list(row)
        key = (r[0], r[1])
        text = r[31] or ""
        bounds = sentence_bounds(text, r[9], r[10])
        if bounds is not None and (r[22] is None or r[26] == "country"):
            # the coder's place is unlocated, missing or a whole country: a located place named in the evidence
            # sentence (in that country) says more about where the event happened
            found = _window_place(located.get(r[0], []), bounds[0], bounds[1], r[9] or 0)
            if found is not None and (r[22] is None or (found[6] != "country" and found[4] == r[24])):
                r[20:27] = found
        out.append(
            Mention(
                article_id=r[0], event_id=r[1], type=r[2] or "", mode=r[3] or None, context=_context(r[4]),
                date=r[5], date_precision=r[6], status=r[7] or "reported", fatalities=r[8],
                evidence_start=r[9], evidence_end=r[10], evidence_text=r[11] or "",
                source=_actor(*r[12:16]), target=_actor(*r[16:20]),
                place_name=r[20], geonameid=r[21], lat=r[22], lon=r[23], country=r[24], admin1=r[25],
                feature=r[26], published=r[27], title=r[28], url=r[29], article_source=r[30],
                claims=tuple(sorted(claims.get(key, []), key=lambda c: c.id)),
                window_text=text[bounds[0]:bounds[1]].strip() if bounds else "",
                lede_text=" ".join(x for x in (r[28], sentence_window(text, 0, 1)) if x),
            )
        )
    out.sort(key=lambda m: m.key)
    return out


_SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019)]?\s+(?=[\"\u201c\u2018(]?[A-Z0-9])|\n\s*\n")


def sentence_bounds(text: str, start: int | None, end: int | None) -> tuple[int, int] | None:
    """(lo, hi) of the sentence(s) of ``text`` that hold ``text[start:end]`` (None without offsets)."""
    if not text or start is None or end is None or not 0 <= start <= end <= len(text):
        return None
    lo, hi = 0, len(text)
    for match in _SENTENCE_END.finditer(text):
        if match.end() <= start:
            lo = match.end()
        elif match.start() >= max(end - 1, start):
            hi = match.start() + 1
            break
    return lo, hi


def sentence_window(text: str, start: int | None, end: int | None) -> str:
    """The sentence(s) of ``text`` that hold ``text[start:end]`` (empty when the offsets are missing)."""
    bounds = sentence_bounds(text, start, end)
    return text[bounds[0]:bounds[1]].strip() if bounds else ""


@lru_cache(maxsize=65536)
def _parse_date(value: str) -> tuple[date, date] | None:
    """The first and last day a date string (YYYY-MM-DD, YYYY-MM or YYYY, maybe with a time) can mean."""
    text = value.strip()[:10]
    try:
        if len(text) >= 10:
            d = date.fromisoformat(text)
            return d, d
        if len(text) == 7:
            y, m = int(text[:4]), int(text[5:7])
            return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
        if len(text) == 4:
            y = int(text)
            return date(y, 1, 1), date(y, 12, 31)
    except ValueError:
        return None
    return None


def date_interval(m: Mention, day_slack: int, undated_days: int) -> tuple[date, date] | None:
    """The days the mention's event may have happened on (None: no date and no publication date).

    ``day_slack`` widens a single-day date by that many days on each side; compatibility checks use
    :func:`windows_meet` on unwidened intervals instead, so two single days meet when at most ``day_slack`` apart.
    """
    if m.date:
        parsed = _parse_date(m.date)
        if parsed is not None:
            lo, hi = parsed
            if lo == hi:
                return lo - timedelta(days=day_slack), hi + timedelta(days=day_slack)
            return lo, hi
    if m.published is not None:
        return m.published - timedelta(days=undated_days), m.published
    return None


def windows_meet(a: tuple[date, date], b: tuple[date, date], slack: int) -> bool:
    """Whether two day intervals overlap or lie at most ``slack`` days apart."""
    return a[0] - timedelta(days=slack) <= b[1] and b[0] - timedelta(days=slack) <= a[1]
