"""Floor of `polemos eval plover` (PLOVER GSR event-type accuracy) and its scorer."""

from __future__ import annotations

from tests.conftest import shared_missing

from polemos.eval import plover
from polemos.pipeline import Pipeline

# CI gates only the held-out split: the 215 records never looked at while writing the lexicon (measured 0.707 /
# macro-F1 0.650 on 2026-12-02). The 107 "dev" records were read while tuning (0.860 there) and gate nothing.
HELDOUT_ACCURACY_FLOOR = 0.70
HELDOUT_MACRO_F1_FLOOR = 0.64


def test_scorer() -> None:
    s = plover.scores(["AID", "AID", "ASSAULT"], ["AID", "ASSAULT", "ASSAULT"], ("AID", "ASSAULT"))
    assert s["accuracy"] == round(2 / 3, 4)
    assert s["per_label"]["AID"] == {"precision": 1.0, "recall": 0.5, "f1": round(2 / 3, 3), "support": 2}
    assert s["macro_f1"] == round(2 / 3, 4)  # ASSAULT: precision 0.5, recall 1.0


def test_plover_floor(pipeline: Pipeline) -> None:
    if not plover.GOLD.exists():
        shared_missing("../shared/eval/plover_gsr")
    report = plover.run(pipeline=pipeline)
    assert report["n"] == 322
    assert report["dev"]["n"] + report["heldout"]["n"] == 322
    assert report["heldout"]["accuracy"] >= HELDOUT_ACCURACY_FLOOR, report["heldout"]
    assert report["heldout"]["macro_f1"] >= HELDOUT_MACRO_F1_FLOOR, report["heldout"]
