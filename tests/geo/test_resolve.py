"""resolve_places on sentences written for these tests."""

from __future__ import annotations

import dataclasses

from polemos.geo import Gazetteer
from polemos.nlp import Entity
from polemos.records import Actor, Span, content_id
from tests.geo.conftest import Geocode, by_mention


def test_country_names_are_countries_not_towns(geocode: Geocode) -> None:
    text = "Russia says Armenia and Azerbaijan must talk; Georgia and Turkey offered to host them in Tbilisi."
    places, errors = geocode(text)
    got = {m: (p.country, p.feature) for m, p in by_mention(places, text).items()}
    assert got["Armenia"] == ("ARM", "country")
    assert got["Georgia"] == ("GEO", "country")
    assert got["Turkey"] == ("TUR", "country")
    assert got["Tbilisi"] == ("GEO", "city")
    assert errors == []


def test_container_and_admin_cues(geocode: Geocode) -> None:
    text = "Growers in Armenia, Quindio, and officials in Atlanta, Georgia, spoke by phone."
    got = {m: p.country for m, p in by_mention(geocode(text)[0], text).items()}
    assert got["Armenia"] == "COL" and got["Atlanta"] == "USA" and got["Georgia"] == "USA"
    text = "Shelling hit Donetsk, and later villages in the Donetsk region."
    places = geocode(text)[0]
    feats = sorted((p.feature, p.geonameid) for p in places)
    assert feats == [("admin1", 709716), ("city", 709717)]


def test_capital_as_actor_and_as_location(geocode: Geocode) -> None:
    text = "Moscow is determined to defend its interests. The plane landed in Yerevan after a flight from Moscow."
    places, _ = geocode(text)
    moscow = [p for p in places if p.name == "Moscow"]
    assert len(moscow) == 1 and moscow[0].country == "RUS"
    assert [m.start for m in moscow[0].mentions] == [text.rindex("Moscow")]  # not the actor use
    assert geocode("Kinshasa accused Kigali of backing the rebels.")[0] == []


def test_organisations_and_persons_are_not_places(geocode: Geocode) -> None:
    for text in (
        "Laurence Broers of Chatham House said the Washington Post had it wrong.",
        "Atlantis Armenian Airlines and the Mediterranean Foundation of Strategic Studies agreed.",
        "Victoria Nuland met Chad Daniels on Monday.",
        "(Russian President Vladimir) Putin spoke in May.",
    ):
        assert geocode(text)[0] == [], text


def test_actor_spans_veto_places(geocode: Geocode) -> None:
    text = "Analysts at Gaza Research Group disagreed."
    org = Actor("a1", "Gaza Research Group", "organization", mentions=(Span.of(text, 12, 31),))
    assert geocode(text, actors=(org,))[0] == []


def test_person_tagged_toponym_in_context(geocode: Geocode) -> None:
    text = "Baku claimed its units now held Shusha, a hilltop town of Nagorno-Karabakh."
    got = {m: p for m, p in by_mention(geocode(text)[0], text).items()}
    assert got["Shusha"].geonameid == 147105 and got["Shusha"].country == "AZE"
    assert got["Nagorno-Karabakh"].country == "AZE" and got["Nagorno-Karabakh"].feature == "region"


def test_mentions_merge_with_stable_ids(geocode: Geocode) -> None:
    text = "Drones hit Kharkiv at night. By morning Kharkiv had no power, and Kharkiv residents queued for water."
    places, _ = geocode(text)
    (kharkiv,) = places
    assert kharkiv.geonameid == 706483 and kharkiv.id == content_id("place", 706483)
    assert len(kharkiv.mentions) == 3
    for m in kharkiv.mentions:
        assert text[m.start : m.end] == m.text == "Kharkiv"
    assert geocode(text)[0] == places  # same input, same output


def test_unresolvable_toponym_is_kept_and_reported(geocode: Geocode, parse_text, gaz: Gazetteer) -> None:
    text = "Fighting was reported in Zorvania and in Kherson."
    parse = parse_text(text)
    s = text.index("Zorvania")
    tok = next(t for t in parse.tokens if t.start == s)
    fake = Entity("GPE", s, s + 8, "Zorvania", tok.i, tok.i + 1)
    parse = dataclasses.replace(parse, ents=tuple(e for e in parse.ents if e.start != s) + (fake,))
    places, errors = geocode(text, parse=parse)
    by = {p.name: p for p in places}
    assert by["Kherson"].geonameid == 706448
    assert by["Zorvania"].geonameid is None and by["Zorvania"].lat is None
    assert by["Zorvania"].mentions[0].text == "Zorvania"
    assert len(errors) == 1 and errors[0].stage == "places" and "Zorvania" in errors[0].message


def test_dateline_places(geocode: Geocode) -> None:
    text = "KYIV, March 6 - Air raid sirens sounded across the capital overnight."
    places, _ = geocode(text, dateline="KYIV")
    assert [(p.name, p.country) for p in places] == [("Kyiv", "UKR")]


def test_an_unknown_town_after_a_settlement_word_is_kept_unresolved(geocode: Geocode) -> None:
    text = "Rebels seized the town of Kibirizi on Monday."
    places, errors = geocode(text)
    got = by_mention(places, text)
    assert got["Kibirizi"].geonameid is None and any("Kibirizi" in e.message for e in errors)
