"""Floor of `polemos eval case2021` (weighted F1 over the 25 ACLED sub-event types)."""

from __future__ import annotations

import pytest

from polemos.coding.acled import acled_subtype, load_acled_map
from polemos.eval import case2021
from polemos.pipeline import Pipeline

# Measured on the 829 in-taxonomy rows with the full pipeline and the head trained on our own sentences
# (weighted F1 0.727, macro-F1 0.694 when pinned; held-out rows 0.708; published best 0.839).
WEIGHTED_F1_FLOOR = 0.71
MACRO_F1_FLOOR = 0.68


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
        pytest.skip("../shared/eval/case2021_task2 is not beside the repository")
    report = case2021.run(pipeline=pipeline, cv=False)
    assert report["n"] == 829
    assert report["weighted_f1"] >= WEIGHTED_F1_FLOOR, report
    assert report["macro_f1"] >= MACRO_F1_FLOOR, report
