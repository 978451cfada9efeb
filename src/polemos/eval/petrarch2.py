"""`polemos eval petrarch2`: the PETRARCH-2 validation records, a held-out set read only through this scorer.

Gold: ``../shared/eval/petrarch2_validation/petr2_gsr_validation.jsonl`` (OEDA, MIT; CAMEO codes mapped to PLOVER by
the OEDA table, see that folder's README). Its labels were derived from PETRARCH-2's own output, so the figures are a
regression check against a dictionary coder, not a human gold standard. Nobody working on polemos has read the records
or their errors: the report gives aggregate figures only, never a record.

Figures, over the records (each sentence is one article):
- ``event_type``: precision / recall / F1 of the set of PLOVER types coded per sentence (gold types with no PLOVER
  mapping, CAMEO 01x/02x, are left out);
- ``no_event_precision``: share of the explicit no-event sentences for which polemos codes nothing;
- ``source_country`` / ``target_country``: for gold events whose type polemos found, whether one such event's source
  (target) actor has the country of the gold CAMEO actor code (codes starting ``---`` have no country and are skipped);
- ``full_tuple``: type + source country + target country all right, over gold events with both countries known.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from polemos.eval._gold import read_jsonl
from polemos.records import Article
from polemos.settings import shared_dir

if TYPE_CHECKING:
    from polemos.pipeline import Pipeline

__all__ = ["GOLD", "load_gold", "run"]

GOLD = shared_dir() / "eval" / "petrarch2_validation" / "petr2_gsr_validation.jsonl"


def load_gold(path: Path = GOLD) -> list[dict[str, Any]]:
    return read_jsonl(path, "E602", "PETRARCH-2 validation")


def _country(code: str | None) -> str | None:
    code = (code or "").strip().upper()
    return code[:3] if len(code) >= 3 and code[:3].isalpha() else None


def run(limit: int | None = None, pipeline: Pipeline | None = None) -> dict[str, Any]:
    from polemos.pipeline import Pipeline

    records = load_gold()
    if limit:
        records = records[:limit]
    pipeline = pipeline or Pipeline.load()
    articles = [Article(id=Article.make_id(r["text"]), text=r["text"]) for r in records]
    tp = fp = fn = 0
    none_total = none_right = 0
    counts = {"source_country": [0, 0], "target_country": [0, 0], "full_tuple": [0, 0]}
    for r, analysis in zip(records, pipeline.analyze_many(articles), strict=True):
        actors = {a.id: a for a in analysis.actors}
        got = {e.type for e in analysis.events}
        gold_events = [e for e in r.get("events") or [] if e.get("plover_event_type")]
        want = {e["plover_event_type"] for e in gold_events}
        if r.get("no_events"):
            none_total += 1
            none_right += not analysis.events
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
        for g in gold_events:
            mine = [e for e in analysis.events if e.type == g["plover_event_type"]]
            src_c, tgt_c = _country(g.get("source_code")), _country(g.get("target_code"))
            def country_of(aid: str | None, actors: dict[str, Any] = actors) -> str | None:
                a = actors.get(aid or "")
                return a.country if a is not None else None

            src_ok = any(country_of(e.source) == src_c for e in mine)
            tgt_ok = any(country_of(e.target) == tgt_c for e in mine)
            for key, want_c, ok in (("source_country", src_c, src_ok), ("target_country", tgt_c, tgt_ok)):
                if want_c is not None:
                    counts[key][0] += ok
                    counts[key][1] += 1
            if src_c is not None and tgt_c is not None:
                both = any(country_of(e.source) == src_c and country_of(e.target) == tgt_c for e in mine)
                counts["full_tuple"][0] += both
                counts["full_tuple"][1] += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    report: dict[str, Any] = {
        "split": "heldout (never read; labels derived from PETRARCH-2 output)",
        "n": len(records),
        "event_type": {"precision": round(p, 4), "recall": round(rec, 4),
                       "f1": round(2 * p * rec / (p + rec), 4) if p + rec else 0.0},
        "no_event_precision": round(none_right / none_total, 4) if none_total else None,
        "no_event_n": none_total,
    }
    for key, (hit, total) in counts.items():
        report[key] = {"accuracy": round(hit / total, 4) if total else None, "n": total}
    report["gold"] = GOLD.name
    return report
