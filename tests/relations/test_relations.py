"""Relations and commitments on sentences written for these tests, and the Karabakh sample's scenario questions."""

from __future__ import annotations

from typing import Any

import pytest

from polemos.relations.scenario import answer, parse_scenario


def _rels(doc: dict[str, Any]) -> set[tuple[str, str | None, str | None]]:
    names = {a["id"]: a["name"] for a in doc["actors"]}
    return {(r["type"], names.get(r["source"] or ""), names.get(r["target"] or "")) for r in doc["relations"]}


@pytest.mark.parametrize(("text", "want"), [
    ("Chile, which has a defence pact with Peru, urged calm.", ("alliance", "Chile", "Peru")),
    ("Norway is Finland's main arms supplier.", ("arms_supplier", "Norway", "Finland")),
    ("Norway sold drones to Finland last year.", ("arms_supplier", "Norway", "Finland")),
    ("Kenya's support for Somalia has been steady.", ("backs", "Kenya", "Somalia")),
    ("NATO member Norway sent a frigate.", ("member_of", "Norway", "NATO")),
])
def test_relation_cues(analyze: Any, text: str, want: tuple[str, str, str]) -> None:
    assert want in _rels(analyze(text, published="2024-03-01"))


def test_a_denied_supply_is_kept_and_disputed(analyze: Any) -> None:
    doc = analyze("Finland denied that Norway had supplied missiles to Sweden.", published="2024-03-01")
    rels = [r for r in doc["relations"] if r["type"] == "arms_supplier"]
    assert rels and all(r["status"] == "disputed" for r in rels)


def test_a_conditional_pledge_and_its_trigger(analyze: Any) -> None:
    doc = analyze("Chile announced it will send every kind of aid needed should the war reach the soil of Peru.",
                  published="2024-03-01")
    (c,) = doc["commitments"]
    names = {a["id"]: a["name"] for a in doc["actors"]}
    places = {p["id"]: p for p in doc["places"]}
    assert (c["kind"], names[c["committer"]], c["trigger"]["type"], c["response"]["type"]) == \
        ("pledge", "Chile", "ASSAULT", "AID")
    assert places[c["trigger"]["place"]]["country"] == "PER" and not c["negated"]


def test_an_exclusion_is_a_negated_commitment(analyze: Any) -> None:
    doc = analyze("Chile signed a pact with Peru. Chile made clear that its guarantee does not cover Arica.",
                  published="2024-03-01")
    negated = [c for c in doc["commitments"] if c["negated"]]
    assert negated and negated[0]["trigger"]["type"] == "ASSAULT"


def test_karabakh_scenarios(pipeline: Any, karabakh: dict[str, Any]) -> None:
    armenia = answer(parse_scenario(pipeline, "Azerbaijan attacks Armenia"), [karabakh])
    russia = next(e for e in armenia["drawn_in"] if e["actor"]["country"] == "RUS")
    evidence = " ".join(v["evidence"]["text"] for v in russia["via"])
    assert "defense pact" in evidence and "all assistance required" in evidence
    enclave = answer(parse_scenario(pipeline, "Azerbaijan attacks Nagorno-Karabakh"), [karabakh])
    assert all(e["actor"]["country"] != "RUS" for e in enclave["drawn_in"])
    kept = next(e for e in enclave["not_drawn_in"] if e["actor"]["country"] == "RUS")
    assert any("extend" in v["evidence"]["text"] for v in kept["via"])


def test_karabakh_relations_of_turkey(karabakh: dict[str, Any]) -> None:
    turkey = {a["id"] for a in karabakh["actors"] if a["country"] == "TUR"}
    azerbaijan = {a["id"] for a in karabakh["actors"] if a["country"] == "AZE"}
    got = {r["type"] for r in karabakh["relations"] if r["source"] in turkey and r["target"] in azerbaijan}
    assert {"backs", "arms_supplier"} <= got
    nato = {a["id"] for a in karabakh["actors"] if a["name"] == "NATO"}
    assert any(r["type"] == "member_of" and r["source"] in turkey and r["target"] in nato
               for r in karabakh["relations"])


@pytest.mark.parametrize(("text", "want"), [
    ("Peru buys weapons from Chile and Norway.",
     {("arms_supplier", "Chile", "Peru"), ("arms_supplier", "Norway", "Peru")}),
    ("Chile, Peru and Norway have supported Finland since the war began.",
     {("backs", "Chile", "Finland"), ("backs", "Norway", "Finland")}),
    ("Norway, a NATO ally, objected.", {("member_of", "Norway", "NATO")}),
    ("Finland is close to Norway. Oslo is its main arms supplier.", {("arms_supplier", "Government of Norway",
                                                                      "Finland")}),
])
def test_coordination_purchases_and_pronouns(analyze: Any, text: str, want: set[tuple[str, str, str]]) -> None:
    assert want <= _rels(analyze(text, published="2024-03-01"))


def test_python_api_scenario(pipeline: Any, karabakh: dict[str, Any]) -> None:
    import polemos

    got = polemos.scenario("Azerbaijan attacks Armenia", [karabakh], pipeline=pipeline)
    assert any(e["actor"]["country"] == "RUS" for e in got["drawn_in"])


@pytest.mark.parametrize(("text", "want"), [
    ("Peru's president has the full backing of Chile.", ("backs", "Chile", None)),
    ("Chile still keeps its 4th military base at Arica in Peru.", ("hosts_base", "Chile", "Peru")),
    ("Hundreds of Chilean fighters are fighting on Peru's side.", ("fights_for", "Chilean fighters", "Peru")),
    ("Peru left ECOWAS in January.", ("member_of", "Peru", "ECOWAS")),
])
def test_reversed_backing_bases_sides_and_leaving(analyze: Any, text: str, want: tuple[str, str, str | None]) -> None:
    got = _rels(analyze(text, published="2024-03-01"))
    assert any(r[:2] == want[:2] and (want[2] is None or r[2] == want[2]) for r in got), got


def test_a_domestic_base_is_no_hosted_base(analyze: Any) -> None:
    got = _rels(analyze("Chilean aircraft struck the T4 air base in central Peru.", published="2024-03-01"))
    assert not any(r[0] == "hosts_base" for r in got)


@pytest.mark.parametrize(("text", "committer", "trigger", "response"), [
    ("Should the enemy attack, we will defend our homeland resolutely, the Chilean defence ministry said.",
     "CHL", "ASSAULT", "AID"),
    ("The United States will send troops if the fighting resumes, an official said.", "United States", "ASSAULT",
     "MOBILIZE"),
])
def test_more_conditionals(analyze: Any, text: str, committer: str, trigger: str, response: str) -> None:
    doc = analyze(text, published="2024-03-01")
    names = {a["id"]: (a["name"], a["country"]) for a in doc["actors"]}
    got = [(names[c["committer"]], c["trigger"]["type"], c["response"]["type"]) for c in doc["commitments"]]
    assert any(committer in (n, cc) and t == trigger and r == response for (n, cc), t, r in got), got
