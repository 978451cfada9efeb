"""The coder's event type on our own labelled sentences (tests/coding/data/plover_sentences.tsv, 212 sentences,
16 PLOVER types + NONE), through the full pipeline, main-clause event first."""

from __future__ import annotations

from pathlib import Path

from polemos.eval.plover import best_event, scores
from polemos.pipeline import Pipeline
from polemos.records import Article

DATA = Path(__file__).parent / "data" / "plover_sentences.tsv"
ACCURACY_FLOOR = 0.90  # 0.95 when pinned


def test_own_sentences_type_accuracy(pipeline: Pipeline) -> None:
    rows = [line.split("\t") for line in DATA.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    assert len(rows) >= 200 and all(len(r) == 2 for r in rows)
    articles = [Article(id=Article.make_id(text), text=text) for _, text in rows]
    pred = []
    for analysis in pipeline.analyze_many(articles):
        ev = best_event(analysis.events)
        pred.append(ev.type if ev else "NONE")
    report = scores([label for label, _ in rows], pred)
    assert report["accuracy"] >= ACCURACY_FLOOR, report
