"""Floor of `polemos eval dedup` (pairwise F1 of event merging on the gold corpus) and its scorer."""

from __future__ import annotations

import pytest

from polemos.eval.dedup import load_gold, pairwise, run

# Measured 0.835 (P 1.0, R 0.72) earlier on 2026-11-25; 0.809 (P 1.0, R 0.68, tp 36, fn 17) with the working
# tree of 11:00 UTC (others edit coding/), before and after the dedup speed-ups (goal 0.9); raise it as upstream improves.
F1_FLOOR = 0.75


def test_pairwise_scorer() -> None:
    gold = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "z"}
    pred = {"a": "1", "b": "1", "c": "1", "d": "2", "e": "3"}
    s = pairwise(gold, pred)
    assert (s["tp"], s["fp"], s["fn"]) == (1, 2, 1)
    assert s["precision"] == round(1 / 3, 4) and s["recall"] == 0.5 and s["f1"] == 0.4
    assert pairwise(gold, gold)["f1"] == 1.0


def test_gold_corpus_shape() -> None:
    gold = load_gold()
    assert len(gold) >= 40
    assert all({"id", "title", "text", "published", "gold_event", "gold_type"} <= set(g) for g in gold)
    assert len({g["gold_event"] for g in gold}) < len(gold)  # some events are retold


@pytest.mark.dev  # tuned on: own gold corpus, merging was tuned against it
def test_dedup_eval_floor() -> None:
    report = run()
    assert report["articles"] == len(load_gold())
    assert report["tp"] + report["fn"] == report["true_pairs"] > 0
    assert report["f1"] >= F1_FLOOR, report
