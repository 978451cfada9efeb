"""Floor of `polemos eval case2021` (weighted F1 over the 25 ACLED sub-event types)."""

from __future__ import annotations

import pytest
from tests.conftest import shared_missing

from polemos.coding.acled import acled_subtype, load_acled_map
from polemos.eval import case2021
from polemos.pipeline import Pipeline

# CI gates only the 625 held-out rows (id % 4 != 0, never looked at): weighted F1 0.708, macro-F1 0.679 measured on
# 2026-12-02 with the head trained on our own sentences (published best 0.839). The 204 dev rows (0.781) gate nothing.
HELDOUT_WEIGHTED_F1_FLOOR = 0.70
HELDOUT_MACRO_F1_FLOOR = 0.67


@pytest.mark.parametrize(("text", "label"), [
    ("A suicide bomber blew himself up at a checkpoint, killing four policemen.", "SUIC_BOMB"),
    ("Police arrested three men suspected of smuggling weapons.", "ARREST"),
    ("Hundreds of teachers staged a peaceful protest outside the ministry demanding higher pay.", "PEACE_PROTEST"),
    ("Warplanes carried out airstrikes on rebel positions near the town.", "AIR_STRIKE"),
    ("Army engineers defused a roadside bomb found near the bridge.", "DISR_WEAP"),
])
def test_cue_map_on_own_sentences(text: str, label: str) -> None:
    assert acled_subtype(text, [], load_acled_map()) == label


def test_case2021_floor(pipeline: Pipeline) -> None:
    if not case2021.GOLD.exists():
        shared_missing("../shared/eval/case2021_task2")
    report = case2021.run(pipeline=pipeline, cv=False)
    assert report["n"] == 829
    assert report["heldout"]["n"] == 625
    assert report["heldout"]["weighted_f1"] >= HELDOUT_WEIGHTED_F1_FLOOR, report["heldout"]
    assert report["heldout"]["macro_f1"] >= HELDOUT_MACRO_F1_FLOOR, report["heldout"]
