"""PLOVER event coding on our own sentences (hand-made actors/places) and on the reference article."""

from __future__ import annotations

from typing import Any

import pytest

from polemos.coding import Coder, code_events, load_coder
from polemos.nlp import to_parse
from polemos.pipeline import Pipeline
from polemos.records import Actor, Article, Event, Place, Span


@pytest.fixture(scope="module")
def coder() -> Coder:
    return load_coder()


def _spans(text: str, name: str) -> tuple[Span, ...]:
    out, at = [], text.find(name)
    while at >= 0:
        out.append(Span(at, at + len(name), name))
        at = text.find(name, at + 1)
    return tuple(out)


def code(pipeline: Pipeline, coder: Coder, text: str, actors: dict[str, str] | None = None,
         places: tuple[str, ...] = ()) -> tuple[list[Event], dict[str, str], dict[str, str]]:
    """Code ``text``; ``actors`` maps a mention text to an ISO3 country (one state actor each)."""
    article = Article(id=Article.make_id(text), text=text)
    parse = to_parse(pipeline.resources.nlp(text))
    acts = [Actor(f"actor_{k}", name, "state", iso, "GOV", None, _spans(text, name))
            for k, (name, iso) in enumerate((actors or {}).items())]
    plcs = [Place(f"place_{k}", name, None, None, None, None, None, "city", _spans(text, name))
            for k, name in enumerate(places)]
    events, errors = code_events(article, parse, acts, plcs, coder)
    assert errors == []
    for e in events:
        assert text[e.evidence.start:e.evidence.end] == e.evidence.text
        assert e.status == "reported" and e.claims == ()
    return events, {a.id: a.name for a in acts}, {p.id: p.name for p in plcs}


def only(events: list[Event], etype: str) -> Event:
    found = [e for e in events if e.type == etype]
    assert len(found) == 1, [(e.type, e.evidence.text) for e in events]
    return found[0]


def test_shelling_with_fatalities_source_and_place(pipeline: Pipeline, coder: Coder) -> None:
    text = "Varnian troops shelled the town of Oskbridge on Tuesday, killing 6 civilians."
    events, actors, places = code(pipeline, coder, text, {"Varnian": "VAR"}, ("Oskbridge",))
    e = only(events, "ASSAULT")
    assert e.mode == "heavy-weapons"
    assert e.fatalities == 6
    assert actors[e.source] == "Varnian"
    assert places[e.place] == "Oskbridge"


def test_aid_source_and_target(pipeline: Pipeline, coder: Coder) -> None:
    text = "Japan sent humanitarian aid to Malawi after the floods."
    events, actors, _ = code(pipeline, coder, text, {"Japan": "JPN", "Malawi": "MWI"})
    e = only(events, "AID")
    assert (actors[e.source], actors[e.target]) == ("Japan", "Malawi")
    assert "humanitarian" in e.context


def test_aid_noun_from_to(pipeline: Pipeline, coder: Coder) -> None:
    text = "Weapons deliveries from Norland to Estavia have doubled this year."
    events, actors, _ = code(pipeline, coder, text, {"Norland": "NOR", "Estavia": "EST"})
    e = only(events, "AID")
    assert e.mode == "military"
    assert (actors[e.source], actors[e.target]) == ("Norland", "Estavia")


def test_threat_frame_takes_mode_and_swallows_the_embedded_act(pipeline: Pipeline, coder: Coder) -> None:
    text = "The foreign minister of Estavia threatened to cut diplomatic ties with Norland."
    events, actors, _ = code(pipeline, coder, text, {"Estavia": "EST", "Norland": "NOR"})
    e = only(events, "THREATEN")
    assert e.mode == "relations"
    assert not [x for x in events if x.type == "SANCTION"]


def test_several_events_in_one_sentence(pipeline: Pipeline, coder: Coder) -> None:
    text = "Soldiers captured the village of Drava and arrested its mayor."
    events, _, places = code(pipeline, coder, text, places=("Drava",))
    assert {e.type for e in events} == {"ASSAULT", "COERCE"}
    capture = only(events, "ASSAULT")
    assert capture.mode == "occupy" and places[capture.place] == "Drava"
    assert only(events, "COERCE").mode == "arrest"


def test_fatalities_phrasings(pipeline: Pipeline, coder: Coder) -> None:
    events, _, _ = code(pipeline, coder, "At least 12 people were killed when a car bomb exploded near a market.")
    assert {e.fatalities for e in events if e.type == "ASSAULT"} == {12}


@pytest.mark.parametrize(("text", "etype", "mode"), [
    ("Thousands of workers protested against the new tax law in Lagos.", "PROTEST", "demo"),
    ("The United Nations condemned the bombing of the hospital.", "ACCUSE", "disapprove"),
    ("Police arrested 40 students outside the parliament.", "COERCE", "arrest"),
    ("The two governments signed a peace treaty in Geneva.", "SUPPORT", None),
    ("The rebels released 20 hostages on Monday.", "RETREAT", "release"),
    ("The government imposed a curfew in the northern province.", "COERCE", "curfew"),
    ("The president met his counterpart in Paris.", "CONSULT", None),
    ("The army deployed tanks along the border.", "MOBILIZE", "troops"),
])
def test_types_and_modes(pipeline: Pipeline, coder: Coder, text: str, etype: str, mode: str | None) -> None:
    events, _, _ = code(pipeline, coder, text)
    assert (etype, mode) in {(e.type, e.mode) for e in events}, [(e.type, e.mode) for e in events]


def test_conditional_attack_is_still_a_candidate(pipeline: Pipeline, coder: Coder) -> None:
    text = "Norland will stay neutral unless Estavia launches an attack on its territory, officials said."
    events, actors, _ = code(pipeline, coder, text, {"Norland": "NOR", "Estavia": "EST"})
    e = only(events, "ASSAULT")
    assert e.evidence.text == "unless Estavia launches an attack on its territory"
    assert actors[e.source] == "Estavia"


def test_future_cooperative_act_is_agree(pipeline: Pipeline, coder: Coder) -> None:
    events, _, _ = code(pipeline, coder, "Norland said it will send food aid to the refugees.")
    assert [e.type for e in events] == ["AGREE"]


def test_ids_are_stable(pipeline: Pipeline, coder: Coder) -> None:
    text = "Rebels attacked an army post near Kadugli."
    first, _, _ = code(pipeline, coder, text)
    again, _, _ = code(pipeline, coder, text)
    assert [e.id for e in first] == [e.id for e in again] and first


# ---------------------------------------------------------------- the reference article

def _events(doc: dict[str, Any], etype: str, needle: str) -> list[dict[str, Any]]:
    return [e for e in doc["events"] if e["type"] == etype and needle in e["evidence"]["text"]]


def test_karabakh_aid_events(karabakh: dict[str, Any]) -> None:
    assert _events(karabakh, "AID", "humanitarian assistance")
    assert _events(karabakh, "AID", "arms supplies to Azerbaijan")
    assert _events(karabakh, "AID", "aid deliveries from Russia")


def test_karabakh_shusha_capture(karabakh: dict[str, Any]) -> None:
    """Territory captured by force is ASSAULT mode "occupy" (see data/plover/README.md)."""
    (e,) = _events(karabakh, "ASSAULT", "taken Shusha")
    assert e["mode"] == "occupy"
    places = {p["id"]: p for p in karabakh["places"]}
    if places:
        assert places[e["place"]]["name"] == "Shusha"
    actors = {a["id"]: a for a in karabakh["actors"]}
    assert any(a["country"] == "AZE" for a in actors.values()), "the actor stage resolved no Azerbaijani actor"
    assert actors[e["source"]]["country"] == "AZE"


def test_karabakh_fighting_flared(karabakh: dict[str, Any]) -> None:
    assert _events(karabakh, "ASSAULT", "fighting flared on Sept 27")


def test_karabakh_hypothetical_attacks_are_candidates(karabakh: dict[str, Any]) -> None:
    assert _events(karabakh, "ASSAULT", "launches a deliberate attack")
    assert _events(karabakh, "ASSAULT", "attack Yerevan")


def test_karabakh_spans(karabakh: dict[str, Any]) -> None:
    text = karabakh["article"]["text"]
    assert len(karabakh["events"]) >= 10
    for e in karabakh["events"]:
        assert text[e["evidence"]["start"]:e["evidence"]["end"]] == e["evidence"]["text"]
