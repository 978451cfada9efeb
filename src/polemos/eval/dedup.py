"""``polemos eval dedup``: pairwise precision / recall / F1 of cross-article event merging.

Gold: ``polemos/data/gold/dedup/articles.jsonl`` (original short articles; each labels its main event with a
cluster key ``gold_event`` and its PLOVER type ``gold_type``). Every article is analysed by the full pipeline
into a temporary in-memory store (whose save hook runs ``polemos.dedup.update``), then each article's *main
mention* is taken: its first event (by evidence offset) of the gold type, else its first event of any type.
Two articles are predicted coreferent when their main mentions sit in the same canonical event. An article
with no event at all is a singleton, so every gold pair it belongs to is a miss.
"""

from __future__ import annotations

import json
import time
from datetime import date
from importlib import resources
from itertools import combinations
from typing import Any

__all__ = ["run", "load_gold", "pairwise"]


def load_gold(limit: int | None = None) -> list[dict[str, Any]]:
    path = resources.files("polemos").joinpath("data", "gold", "dedup", "articles.jsonl")
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return rows[:limit] if limit else rows


def pairwise(gold: dict[str, str], predicted: dict[str, str]) -> dict[str, Any]:
    """Pairwise P/R/F1 of two clusterings given as item → cluster label."""
    items = sorted(gold)
    tp = fp = fn = 0
    fp_pairs, fn_pairs = [], []
    for a, b in combinations(items, 2):
        g = gold[a] == gold[b]
        p = predicted[a] == predicted[b]
        if g and p:
            tp += 1
        elif p:
            fp += 1
            fp_pairs.append((a, b))
        elif g:
            fn += 1
            fn_pairs.append((a, b))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "true_pairs": tp + fn, "predicted_pairs": tp + fp, "tp": tp, "fp": fp, "fn": fn,
            "fp_pairs": fp_pairs, "fn_pairs": fn_pairs}


def run(limit: int | None = None) -> dict[str, Any]:
    from polemos import dedup
    from polemos.ingest import normalize_text
    from polemos.pipeline import Pipeline
    from polemos.records import Article
    from polemos.store import Store

    gold = load_gold(limit)
    started = time.perf_counter()
    pipeline = Pipeline.load()
    articles, art_of = [], {}
    for g in gold:
        text = normalize_text(g["text"])
        art = Article(id=Article.make_id(text), text=text, title=g.get("title"),
                      published=date.fromisoformat(g["published"]) if g.get("published") else None,
                      url=g.get("url"), source=f"gold:{g['id']}")
        articles.append(art)
        art_of[g["id"]] = art.id
    analyses = list(pipeline.analyze_many(articles))
    analysed = time.perf_counter()
    with Store(":memory:") as store:
        store.save(analyses)  # the save hook runs dedup.update on the batch
        merged = time.perf_counter()
        rebuilt = dedup.rebuild(store.conn)
        canon = {(a, e): c for c, a, e in store.conn.execute(
            "SELECT canonical_id, article_id, event_id FROM event_mentions").fetchall()}
        n_canonical = store.conn.execute("SELECT count(*) FROM canonical_events").fetchone()[0]  # type: ignore[index]
    by_id = {an.article.id: an for an in analyses}
    predicted: dict[str, str] = {}
    with_type = with_event = 0
    for g in gold:
        an = by_id[art_of[g["id"]]]
        events = sorted(an.events, key=lambda e: (e.evidence.start, e.id))
        main = next((e for e in events if e.type == g["gold_type"]), None)
        if main is not None:
            with_type += 1
        main = main or (events[0] if events else None)
        if main is not None:
            with_event += 1
            predicted[g["id"]] = canon.get((an.article.id, main.id), f"unmerged:{g['id']}")
        else:
            predicted[g["id"]] = f"no-event:{g['id']}"
    scores = pairwise({g["id"]: g["gold_event"] for g in gold}, predicted)
    titles = {g["id"]: g.get("title") for g in gold}
    return {
        "f1": scores["f1"], "precision": scores["precision"], "recall": scores["recall"],
        "goal_f1": 0.9,
        "articles": len(gold), "gold_events": len({g["gold_event"] for g in gold}),
        "true_pairs": scores["true_pairs"], "predicted_pairs": scores["predicted_pairs"],
        "tp": scores["tp"], "fp": scores["fp"], "fn": scores["fn"],
        "articles_with_gold_type_event": with_type, "articles_with_any_event": with_event,
        "events_stored": sum(len(a.events) for a in analyses), "canonical_events": n_canonical,
        "rebuild": rebuilt,
        "false_merges": [[a, b, titles[a], titles[b]] for a, b in scores["fp_pairs"][:25]],
        "missed_merges": [[a, b, titles[a], titles[b]] for a, b in scores["fn_pairs"][:25]],
        "seconds": {"analyse": round(analysed - started, 2), "merge": round(merged - analysed, 2)},
    }
