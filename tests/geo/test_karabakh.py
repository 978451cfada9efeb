"""Issue 3 "Done when" for places, on the reference Nagorno-Karabakh article (published 2020-11-09)."""

from __future__ import annotations

from typing import Any

import pytest

from polemos.geo.gazetteer import haversine_km

# name -> (ISO3, lat, lon) of the true place
EXPECTED = {
    "Shusha": ("AZE", 39.76, 46.75),
    "Stepanakert": ("AZE", 39.82, 46.75),
    "Nagorno-Karabakh": ("AZE", 39.85, 46.70),
    "Yerevan": ("ARM", 40.18, 44.51),
    "Gyumri": ("ARM", 40.79, 43.85),
    "Baku": ("AZE", 40.38, 49.89),
    "Moscow": ("RUS", 55.75, 37.62),
}
TALKED_ABOUT = {"AZE", "ARM", "RUS", "TUR", "FRA", "UKR", None}


def _by_mention(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {m["text"].title(): p for p in doc["places"] for m in p["mentions"]}


def _check(doc: dict[str, Any]) -> None:
    text = doc["article"]["text"]
    found = _by_mention(doc)
    for name, (iso3, lat, lon) in EXPECTED.items():
        assert name in found, f"{name} not found among places"
        p = found[name]
        assert p["country"] == iso3, (name, p)
        assert haversine_km(lat, lon, p["lat"], p["lon"]) < 30, (name, p)
    assert found["Shusha"]["geonameid"] == 147105 and found["Stepanakert"]["geonameid"] == 146970
    for p in doc["places"]:
        assert p["country"] in TALKED_ABOUT, p
        assert p["country"] != "COL"
        for m in p["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
    # "Moscow is determined ..." is the Russian government, not a place; "a flight from Moscow" is a place
    moscow = found["Moscow"]
    starts = {m["start"] for m in moscow["mentions"]}
    assert text.index("Moscow is determined") not in starts
    assert text.index("from Moscow") + 5 in starts
    names = {p["name"] for p in doc["places"]}
    assert not names & {"Chatham", "Atlantis", "Mediterranean Sea"}
    assert {"Armenia", "Azerbaijan", "Russia", "Turkey"} <= names


def test_karabakh_geocoder_alone(pipeline, gaz) -> None:

    from polemos.geo import resolve_places
    from polemos.ingest import find_dateline, normalize_text
    from polemos.nlp import parse_many
    from polemos.records import Article
    from polemos.settings import shared_dir

    path = shared_dir() / "corpus" / "articles" / "nagorno-karabakh-2020-11.txt"
    if not path.exists():
        pytest.skip("../shared/corpus is not beside the repository")
    text = normalize_text(path.read_text("utf-8"))
    dl = find_dateline(text, None)
    article = Article(id="k", text=text, dateline=dl.place if dl else "YEREVAN/BAKU")
    parse = next(parse_many(pipeline.resources.nlp, [text]))
    places, errors = resolve_places(article, parse, [], gaz)
    _check({"article": article.to_dict(), "places": [p.to_dict() for p in places]})
    assert errors == []


def test_karabakh_full_pipeline(karabakh: dict[str, Any]) -> None:
    _check(karabakh)
    assert not [e for e in karabakh["errors"] if e["stage"] == "places"]
