"""Floor of `polemos eval petrarch2`: the PETRARCH-2 validation records, held out (read only by the scorer)."""

from __future__ import annotations

from tests.conftest import shared_missing

from polemos.eval import petrarch2
from polemos.pipeline import Pipeline

# First measured on 2026-12-02 (never read, only scored): type F1 0.336, no-event precision 0.083 (12 sentences),
# source country 0.194, target country 0.134, full tuple 0.095 (63 events). Floors sit just under.
TYPE_F1_FLOOR = 0.30
FULL_TUPLE_FLOOR = 0.07


def test_country_of_cameo_codes() -> None:
    assert petrarch2._country("USAGOV") == "USA"
    assert petrarch2._country("---LEG") is None
    assert petrarch2._country(None) is None


def test_petrarch2_floor(pipeline: Pipeline) -> None:
    if not petrarch2.GOLD.exists():
        shared_missing("../shared/eval/petrarch2_validation")
    report = petrarch2.run(pipeline=pipeline)
    assert report["n"] == 77
    assert report["event_type"]["f1"] >= TYPE_F1_FLOOR, report
    assert report["full_tuple"]["accuracy"] >= FULL_TUPLE_FLOOR, report
