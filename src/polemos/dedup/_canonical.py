"""One canonical event from the mentions of a cluster: representative fields, combined status, fatalities."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from polemos.dedup._mentions import ActorRef, Mention, date_interval
from polemos.dedup._score import Params
from polemos.records import content_id

__all__ = ["Canonical", "build_canonical", "combine_status", "fatality_range"]

_FEATURE_RANK = {"site": 6, "village": 5, "city": 4, "other": 3, "admin1": 2, "region": 1, "country": 0}
_PRECISION_RANK = {"day": 3, "month": 2, "year": 1}
_STATUS_RANK = {"reported": 3, "disputed": 3, "claimed": 2, "unconfirmed": 1, "planned": 0, "hypothetical": 0}


@dataclass(frozen=True)
class Canonical:
    id: str
    row: dict[str, Any]
    mentions: list[Mention]
    fit: dict[tuple[str, str], float]  # each mention's average score with the other members


def _informativeness(m: Mention) -> tuple[Any, ...]:
    """Sort key: the most informative mention first (place, date, actors, status), then the smallest key."""
    return (
        -(_FEATURE_RANK.get(m.feature or "", -1)),
        -(_PRECISION_RANK.get(m.date_precision or "", 0) if m.date else 0),
        -(int(m.source is not None) + int(m.target is not None)),
        -_STATUS_RANK.get(m.status, 0),
        m.key,
    )


def combine_status(mentions: list[Mention], p: Params) -> str:
    """The status of the real-world event given how each article told it.

    - an eyewitness/reporter account (``reported``) beats a party's claim;
    - a denial in one article and an assertion or report in another (or an article that already found the
      event ``disputed``) make it ``disputed``;
    - if every mention is irrealis, ``planned`` beats ``hypothetical``.
    """
    statuses = {m.status for m in mentions}
    if statuses <= set(p.irrealis):
        return "planned" if "planned" in statuses else "hypothetical"
    if "disputed" in statuses:
        return "disputed"
    denied_in = {m.article_id for m in mentions for c in m.claims if c.stance == "denies"}
    asserted_in = {m.article_id for m in mentions if m.status in ("reported", "claimed")}
    asserted_in |= {m.article_id for m in mentions for c in m.claims if c.stance == "asserts"}
    if denied_in and asserted_in and (asserted_in - denied_in or denied_in - asserted_in or len(denied_in) > 1):
        return "disputed"
    for status in ("reported", "claimed", "unconfirmed"):
        if status in statuses:
            return status
    return sorted(statuses)[0]


def _claimant(m: Mention) -> str | None:
    names = sorted({c.actor.name for c in m.claims if c.actor is not None and c.stance == "asserts"})
    return "; ".join(names) or None


def fatality_range(mentions: list[Mention]) -> tuple[int | None, int | None, int | None, list[dict[str, Any]]]:
    """(low, best, high, sources) as UCDP does: best = median of the reporters' own figures if any, else of all."""
    sources: list[dict[str, Any]] = [
        {"article_id": m.article_id, "event_id": m.event_id, "value": m.fatalities, "status": m.status,
         "claimant": _claimant(m), "published": m.published.isoformat() if m.published else None,
         "url": m.url, "evidence": m.evidence_text}
        for m in mentions if m.fatalities is not None
    ]
    if not sources:
        return None, None, None, []
    values = sorted(m.fatalities for m in mentions if m.fatalities is not None)
    reported = sorted(m.fatalities for m in mentions if m.fatalities is not None and m.status == "reported")
    reported = reported or values
    best = reported[(len(reported) - 1) // 2]
    return values[0], best, values[-1], sources


def _most_common_actor(actors: list[ActorRef | None], rep: ActorRef | None) -> ActorRef | None:
    named = [a for a in actors if a is not None]
    if not named:
        return None
    counts = Counter((a.name, a.kind, a.country, a.sector) for a in named)
    top = max(counts.values())
    if rep is not None and counts[(rep.name, rep.kind, rep.country, rep.sector)] == top:
        return rep
    name, kind, country, sector = min((k for k, v in counts.items() if v == top),
                                      key=lambda k: tuple("" if x is None else str(x) for x in k))
    return ActorRef(name, kind, country, sector)


def _pick(values: list[Any], rep_value: Any) -> Any:
    present = [v for v in values if v not in (None, "")]
    if not present:
        return None
    counts = Counter(present)
    top = max(counts.values())
    if rep_value is not None and counts.get(rep_value) == top:
        return rep_value
    return min((v for v, c in counts.items() if c == top), key=str)


def build_canonical(mentions: list[Mention], p: Params, scores: dict[tuple[str, str], float]) -> Canonical:
    """The canonical event of a cluster (``mentions`` sorted by key; ``scores`` = each mention's fit)."""
    anchor = min(m.key for m in mentions)
    cid = content_id("cev", *anchor)
    ranked = sorted(mentions, key=_informativeness)
    rep = ranked[0]
    etype = _pick([m.type for m in mentions], rep.type)
    dated = [m for m in ranked if m.date]
    best_date = dated[0] if dated else None
    intervals = [i for m in mentions if (i := date_interval(m, 0, p.undated_days)) is not None]
    date_start: date | None = max(i[0] for i in intervals) if intervals else None
    date_end: date | None = min(i[1] for i in intervals) if intervals else None
    if date_start and date_end and date_start > date_end:  # windows overlap only with slack: keep the union
        date_start, date_end = min(i[0] for i in intervals), max(i[1] for i in intervals)
    placed = [m for m in ranked if m.place_name]
    place = placed[0] if placed else None
    low, best, high, fat_sources = fatality_range(mentions)
    source = _most_common_actor([m.source for m in mentions], rep.source)
    target = _most_common_actor([m.target for m in mentions], rep.target)
    context = sorted({c for m in mentions for c in m.context})
    published = [m.published for m in mentions if m.published]
    row: dict[str, Any] = {
        "id": cid,
        "type": etype,
        "mode": _pick([m.mode for m in mentions if m.type == etype], rep.mode if rep.type == etype else None),
        "context": context,
        "source_name": source.name if source else None, "source_kind": source.kind if source else None,
        "source_country": source.country if source else None, "source_sector": source.sector if source else None,
        "target_name": target.name if target else None, "target_kind": target.kind if target else None,
        "target_country": target.country if target else None, "target_sector": target.sector if target else None,
        "place_name": place.place_name if place else None, "geonameid": place.geonameid if place else None,
        "lat": place.lat if place else None, "lon": place.lon if place else None,
        "country": (place.country if place else None) or next((m.country for m in mentions if m.country), None),
        "admin1": place.admin1 if place else None, "feature": place.feature if place else None,
        "date": best_date.date if best_date else None,
        "date_precision": best_date.date_precision if best_date else None,
        "date_start": date_start, "date_end": date_end,
        "status": combine_status(mentions, p),
        "fatalities_low": low, "fatalities_best": best, "fatalities_high": high,
        "fatalities_sources": fat_sources,
        "n_mentions": len(mentions), "n_articles": len({m.article_id for m in mentions}),
        "first_published": min(published) if published else None,
        "last_published": max(published) if published else None,
        "summary": rep.evidence_text, "rep_article_id": rep.article_id, "rep_event_id": rep.event_id,
    }
    return Canonical(cid, row, list(mentions), dict(scores))
