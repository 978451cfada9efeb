"""``polemos eval claims``: event status and claimant accuracy on our own gold passages.

Gold: ``polemos/data/gold/claims/own.yaml`` (passages written for polemos), ``corpus.yaml`` (events in
``../shared/corpus`` texts, referenced by file / article id and a unique trigger substring; skipped when
``../shared`` is absent) and ``heldout.yaml`` (passages written after the rules were tuned on the other two;
``by_origin`` reports it apart). Each item names one event by its trigger words; the evaluation builds that event
(evidence = the trigger), runs the real parse, actors, dates, quotes and claims stages on the passage, and
compares the event's status, its asserting / denying claimants and (where labelled) its date with the gold.

This scores the claims stage given the event (the event coder is scored by ``polemos eval plover`` and
``polemos eval case2021``).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from polemos.errors import PolemosError
from polemos.records import EVENT_STATUSES, Actor, Article, Claim, Event, Span, content_id
from polemos.settings import shared_dir

__all__ = ["run", "load_gold", "GOLD_DIR"]

GOLD_DIR = Path(__file__).resolve().parent.parent / "data" / "gold" / "claims"
SHARED_CORPUS = shared_dir() / "corpus"


@dataclass(frozen=True)
class GoldItem:
    id: str
    text: str
    event: str
    type: str
    status: str
    claimant: str | None
    denier: str | None
    published: date | None
    date: str | None
    origin: str  # own | corpus


def _corpus_text(source: str, cache: dict[str, str]) -> str | None:
    path, _, art_id = source.partition("#")
    key = source
    if key in cache:
        return cache[key]
    file = SHARED_CORPUS / path
    if not file.exists():
        return None
    if not art_id:
        from polemos.ingest import normalize_text

        cache[key] = normalize_text(file.read_text(encoding="utf-8"))
        return cache[key]
    with file.open(encoding="utf-8") as fh:
        for line in fh:
            if f'"{art_id}"' in line:
                record = json.loads(line)
                if record.get("id") == art_id:
                    cache[key] = record["text"]
                    return cache[key]
    return None


def load_gold() -> tuple[list[GoldItem], int]:
    """The gold items (own first, then corpus), and how many corpus items were skipped (no ../shared)."""
    items: list[GoldItem] = []
    skipped = 0
    cache: dict[str, str] = {}
    for name, origin in (("own.yaml", "own"), ("corpus.yaml", "corpus"), ("heldout.yaml", "heldout"),
                         ("heldout2.yaml", "heldout2")):
        for raw in yaml.safe_load((GOLD_DIR / name).read_text(encoding="utf-8")):
            text = raw.get("text") or _corpus_text(raw["source"], cache)
            if text is None:
                skipped += 1
                continue
            if text.count(raw["event"]) != 1 or raw["status"] not in EVENT_STATUSES:
                raise PolemosError("E402", f"gold item {raw['id']} in {name}: the event substring must occur once "
                                   "and the status be one of the contract's", f"fix {GOLD_DIR / name}")
            pub = raw.get("published")
            items.append(GoldItem(
                id=str(raw["id"]), text=text, event=raw["event"], type=str(raw.get("type", "ASSAULT")),
                status=raw["status"], claimant=raw.get("claimant"), denier=raw.get("denier"),
                published=date.fromisoformat(str(pub)) if pub else None,
                date=str(raw["date"]) if raw.get("date") else None, origin=origin,
            ))
    return items, skipped


def _who(claim: Claim, actors: dict[str, Actor]) -> str:
    name = actors[claim.actor].name if claim.actor in actors else ""
    return f"{name} | {claim.evidence.text}".lower()


def _match(gold: str | None, claims: list[Claim], actors: dict[str, Actor]) -> bool:
    if gold is None:
        return not claims
    return any(gold.lower() in _who(c, actors) for c in claims)


def run(limit: int | None = None) -> dict[str, Any]:
    from polemos import actors as actors_mod
    from polemos.claims import attribute_claims, extract_quotes
    from polemos.coding import resolve_dates
    from polemos.nlp import load_nlp, to_parse

    t0 = time.perf_counter()
    items, skipped = load_gold()
    if limit is not None:
        items = items[:limit]
    nlp = load_nlp()
    kb = actors_mod.load_kb()
    coder = _load_coder()
    e2e_found = e2e_ok = 0
    e2e_mistakes: list[dict[str, Any]] = []
    parses: dict[str, Any] = {}
    confusion: Counter[tuple[str, str]] = Counter()
    claimant_ok = denier_ok = denier_n = date_ok = date_n = 0
    by_origin: Counter[str] = Counter()
    origin_ok: Counter[str] = Counter()
    origin_claimant: Counter[str] = Counter()
    mistakes: list[dict[str, Any]] = []
    stage_errors: Counter[str] = Counter()
    for item in items:
        if item.text not in parses:
            parses[item.text] = to_parse(nlp(item.text))
        parse = parses[item.text]
        article = Article(id=Article.make_id(item.text), text=item.text, published=item.published)
        try:
            actors, _ = actors_mod.resolve_actors(article, parse, kb)
        except Exception as exc:  # the actors stage is another helper's; score claims without it
            stage_errors[f"actors: {type(exc).__name__}"] += 1
            actors = []
        start = item.text.index(item.event)
        event = Event(id=content_id("evt", item.id), type=item.type, mode=None,
                      evidence=Span.of(item.text, start, start + len(item.event)))
        events, _ = resolve_dates(article, parse, [event])
        quotes, _ = extract_quotes(article, parse, actors)
        events, claims, _ = attribute_claims(article, parse, actors, events, quotes)
        ev = events[0]
        by_id = {a.id: a for a in actors}
        asserting = [c for c in claims if c.event == ev.id and c.stance == "asserts"]
        denying = [c for c in claims if c.event == ev.id and c.stance == "denies"]
        confusion[(item.status, ev.status)] += 1
        c_ok = _match(item.claimant, asserting if item.denier else asserting + denying, by_id)
        claimant_ok += c_ok
        if item.denier is not None:
            denier_n += 1
            denier_ok += _match(item.denier, denying, by_id)
        if item.date is not None:
            date_n += 1
            date_ok += ev.date == item.date
        if coder is not None:  # the same passage with the event coder's own events and spans
            coded = _coded_status(article, parse, actors, quotes, coder, event.evidence, stage_errors)
            if coded is not None:
                e2e_found += 1
                e2e_ok += coded[0] == item.status
                if coded[0] != item.status:
                    e2e_mistakes.append({"id": item.id, "gold": item.status, "got": coded[0], "evidence": coded[1]})
        by_origin[item.origin] += 1
        origin_ok[item.origin] += ev.status == item.status
        origin_claimant[item.origin] += c_ok
        if ev.status != item.status or not c_ok:
            mistakes.append({"id": item.id, "gold": item.status, "got": ev.status, "gold_claimant": item.claimant,
                             "got_claims": [f"{c.stance}: {c.evidence.text}" for c in asserting + denying]})
    n = sum(confusion.values())
    correct = sum(v for (g, p), v in confusion.items() if g == p)
    per_status: dict[str, Any] = {}
    for s in EVENT_STATUSES:
        gold_n = sum(v for (g, _), v in confusion.items() if g == s)
        pred_n = sum(v for (_, p), v in confusion.items() if p == s)
        hit = confusion[(s, s)]
        per_status[s] = {"n": gold_n, "accuracy": round(hit / gold_n, 3) if gold_n else None,
                         "precision": round(hit / pred_n, 3) if pred_n else None}
    return {
        "n": n,
        "status_accuracy": round(correct / n, 3) if n else 0.0,
        "claimant_accuracy": round(claimant_ok / n, 3) if n else 0.0,
        "denier_accuracy": round(denier_ok / denier_n, 3) if denier_n else None,
        "date_accuracy": round(date_ok / date_n, 3) if date_n else None,
        "per_status": per_status,
        "by_origin": {o: {"n": by_origin[o], "status_accuracy": round(origin_ok[o] / by_origin[o], 3),
                          "claimant_accuracy": round(origin_claimant[o] / by_origin[o], 3)} for o in by_origin},
        "hypothetical_reported": confusion[("hypothetical", "reported")],
        "end_to_end": {
            "note": "events from the event coder (its spans) instead of the gold trigger; covered = the coder "
                    "found an event overlapping the trigger",
            "covered": e2e_found,
            "status_accuracy_on_covered": round(e2e_ok / e2e_found, 3) if e2e_found else None,
            "mistakes": e2e_mistakes,
        },
        "confusion": {f"{g}->{p}": v for (g, p), v in sorted(confusion.items())},
        "corpus_items_skipped": skipped,
        "stage_errors": dict(stage_errors),
        "mistakes": mistakes,
        "seconds": round(time.perf_counter() - t0, 2),
    }


def _load_coder() -> Any:
    try:
        from polemos.coding import load_coder

        return load_coder()
    except Exception:  # the coder is another stage's; the claims figures do not depend on it
        return None


def _coded_status(article: Article, parse: Any, actors: list[Actor], quotes: list[Any], coder: Any,
                  gold_span: Span, stage_errors: Counter[str]) -> tuple[str, str] | None:
    from polemos.claims import attribute_claims
    from polemos.coding import code_events, resolve_dates

    try:
        events, _ = code_events(article, parse, actors, [], coder)
    except Exception as exc:
        stage_errors[f"events: {type(exc).__name__}"] += 1
        return None
    overlap = [(min(e.evidence.end, gold_span.end) - max(e.evidence.start, gold_span.start), k)
               for k, e in enumerate(events)]
    overlap = [o for o in overlap if o[0] > 0]
    if not overlap:
        return None
    events, _ = resolve_dates(article, parse, events)
    events, _, _ = attribute_claims(article, parse, actors, events, quotes)
    best = events[max(overlap)[1]]
    return best.status, f"{best.type}: {best.evidence.text}"
