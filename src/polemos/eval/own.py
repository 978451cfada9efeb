"""`polemos eval own`: the event coder on the dev split of polemos's own training corpus (``data/train``).

The corpus (``data/train/events_*.jsonl``, written for polemos, datasheet in its README) annotates every event of
each sentence with its trigger, source, target, place, status and claimant as spans. The ``dev`` split (one record in
five) is never trained on. Figures over the dev records:

- ``event_type``: precision / recall / F1 of the multiset of PLOVER types coded per record;
- ``no_event_precision``: share of the records annotated with no event for which polemos codes nothing;
- ``source`` / ``target``: for gold events with that argument, whether an event of the same type has an actor
  whose mention overlaps the gold span (the who-did-what-to-whom check);
- ``status``: for gold events whose type was found, whether one such event has the gold status;
- ``by_style``: event-type F1 per writing style (wire, headline, acled, ngo, official).

The dev split gates nothing: it is development data (the coder is tuned by reading it), not a held-out set.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

from polemos.coding.corpus import TrainEvent, TrainRecord, load_corpus
from polemos.records import Actor, Analysis, Article

if TYPE_CHECKING:
    from polemos.pipeline import Pipeline

__all__ = ["run", "score"]

_DENIED = "denied"  # the corpus marks a denied event; polemos reports it as "disputed" (a denial of a claim)


def _prf(tp: int, predicted: int, gold: int) -> dict[str, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def _argument_right(analysis: Analysis, actors: dict[str, Actor], event: TrainEvent, role: str) -> bool | None:
    span = event.source if role == "source" else event.target
    if span is None:
        return None
    for e in analysis.events:
        actor = actors.get(getattr(e, role) or "")
        if e.type == event.type and actor and any(m.start < span.end and span.start < m.end for m in actor.mentions):
            return True
    return False


def score(records: list[TrainRecord], analyses: list[Analysis]) -> dict[str, Any]:
    tp = n_pred = n_gold = 0
    empty = empty_right = 0
    args: dict[str, list[int]] = {"source": [0, 0], "target": [0, 0], "status": [0, 0]}
    styles: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for rec, analysis in zip(records, analyses, strict=True):
        gold = Counter(e.type for e in rec.events)
        pred = Counter(e.type for e in analysis.events)
        hit = sum((gold & pred).values())
        tp, n_pred, n_gold = tp + hit, n_pred + sum(pred.values()), n_gold + sum(gold.values())
        st = styles[rec.style]
        st[0], st[1], st[2] = st[0] + hit, st[1] + sum(pred.values()), st[2] + sum(gold.values())
        if not rec.events:
            empty += 1
            empty_right += not analysis.events
        actors = {a.id: a for a in analysis.actors}
        for event in rec.events:
            for role in ("source", "target"):
                right = _argument_right(analysis, actors, event, role)
                if right is not None:
                    args[role][0] += right
                    args[role][1] += 1
            same = [e.status for e in analysis.events if e.type == event.type]
            if same:
                want = "disputed" if event.status == _DENIED else event.status
                args["status"][0] += want in same
                args["status"][1] += 1
    return {
        "records": len(records),
        "gold_events": n_gold,
        "event_type": _prf(tp, n_pred, n_gold),
        "no_event_precision": round(empty_right / empty, 3) if empty else None,
        "no_event_records": empty,
        **{f"{k}_right": round(v[0] / v[1], 3) if v[1] else None for k, v in args.items()},
        **{f"{k}_scored": v[1] for k, v in args.items()},
        "by_style": {s: _prf(*v)["f1"] for s, v in sorted(styles.items())},
    }


def run(limit: int | None = None, pipeline: Pipeline | None = None) -> dict[str, Any]:
    from polemos.pipeline import Pipeline

    records = load_corpus("dev")
    if limit:
        records = records[:limit]
    pipeline = pipeline or Pipeline.load()
    analyses = list(pipeline.analyze_many(Article(id=Article.make_id(r.text), text=r.text) for r in records))
    report = {"split": "dev", **score(records, analyses)}
    report["note"] = "own corpus dev split: development data, gates nothing"
    return report
