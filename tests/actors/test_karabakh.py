"""Done-when of issue 3 (actors half) on the reference article (published 2020-11-09)."""

from __future__ import annotations

from typing import Any

from tests.conftest import KARABAKH


def _stated_role(person: dict[str, Any], starts: str) -> None:
    """The office is the role the article states (read from ../shared by path, never copied here)."""
    office = person["office"]
    assert office.startswith(starts) and office in KARABAKH.read_text(encoding="utf-8"), office


def _by_name(doc: dict[str, Any], name: str) -> dict[str, Any]:
    hits = [a for a in doc["actors"] if a["name"] == name]
    assert hits, f"no actor named {name!r}: {[a['name'] for a in doc['actors']]}"
    return hits[0]


def _by_mention(doc: dict[str, Any], text: str) -> list[dict[str, Any]]:
    return [a for a in doc["actors"] if any(m["text"] == text for m in a["mentions"])]


def test_heads_of_state_with_office(karabakh: dict[str, Any]) -> None:
    for name, country, office in (
        ("Ilham Aliyev", "AZE", "President of Azerbaijan"),
        ("Recep Tayyip Erdogan", "TUR", "President of Turkey"),
        ("Vladimir Putin", "RUS", "President of Russia"),
    ):
        a = _by_name(karabakh, name)
        assert (a["kind"], a["country"], a["sector"], a["office"]) == ("person", country, "GOV", office)


def test_persons_with_stated_roles(karabakh: dict[str, Any]) -> None:
    razoux = _by_name(karabakh, "Pierre Razoux")
    assert razoux["kind"] == "person" and razoux["country"] == "FRA"
    _stated_role(razoux, "academic director at France's")
    borodai = _by_name(karabakh, "Alexander Borodai")
    assert borodai["kind"] == "person"
    _stated_role(borodai, "former leader of")
    assert borodai["sector"] == "REB"
    lukyanov = _by_name(karabakh, "Fyodor Lukyanov")
    assert lukyanov["kind"] == "person" and lukyanov["office"] == "Political analyst"
    broers = _by_name(karabakh, "Laurence Broers")
    assert broers["kind"] == "person" and broers["country"] == "GBR"
    _stated_role(broers, "Caucasus program director")


def test_states_groups_and_organisations(karabakh: dict[str, Any]) -> None:
    armenia = _by_name(karabakh, "Armenia")
    assert (armenia["kind"], armenia["country"]) == ("state", "ARM")
    officials = _by_mention(karabakh, "Armenian officials")
    assert [(a["kind"], a["country"], a["sector"]) for a in officials] == [("group", "ARM", "GOV")]
    for org, country in (("Chatham House", "GBR"), ("Atlantis Armenian Airlines", "ARM"),
                         ("Mediterranean Foundation of Strategic Studies", "FRA"), ("Reuters", "GBR")):
        a = _by_name(karabakh, org)
        assert (a["kind"], a["country"]) == ("organization", country)
    assert _by_mention(karabakh, "Atlantis European airlines")[0]["kind"] == "organization"


def test_group_nouns_with_country(karabakh: dict[str, Any]) -> None:
    expected = {
        "Russian mercenaries": ("RUS", "MIL"),
        "Turkish drones": ("TUR", "MIL"),
        "Russian private military contractor": ("RUS", "MIL"),
        "Syrian fighters": ("SYR", "REB"),
    }
    for text, (country, sector) in expected.items():
        (a,) = _by_mention(karabakh, text)
        assert (a["kind"], a["country"], a["sector"]) == ("group", country, sector), text


def test_capitals_as_actors_only_when_they_act(karabakh: dict[str, Any]) -> None:
    moscow = _by_name(karabakh, "Government of Russia")
    assert (moscow["kind"], moscow["country"], moscow["sector"]) == ("state", "RUS", "GOV")
    texts = [m["text"] for m in moscow["mentions"]]
    assert texts.count("Moscow") == 5 and "the Kremlin" in texts
    text = karabakh["article"]["text"]
    starts = {m["start"] for m in moscow["mentions"]}
    assert text.index("from Moscow") + 5 not in starts  # "a flight from Moscow" is a place
    ankara = _by_name(karabakh, "Government of Turkey")
    assert [m["text"] for m in ankara["mentions"]] == ["Ankara"] * 5
    # Yerevan and Baku are only places here
    assert not _by_mention(karabakh, "Yerevan") and not _by_mention(karabakh, "Baku")


def test_coreference_keeps_every_mention(karabakh: dict[str, Any]) -> None:
    text = karabakh["article"]["text"]
    aliyev = _by_name(karabakh, "Ilham Aliyev")
    assert [m["text"] for m in aliyev["mentions"]] == ["Ilham Aliyev", "Aliyev", "Aliyev"]
    erdogan = _by_name(karabakh, "Recep Tayyip Erdogan")
    assert [m["text"] for m in erdogan["mentions"]] == ["Tayyip Erdogan", "he", "Erdogan"]
    for name in ("Pierre Razoux", "Alexander Borodai", "Laurence Broers"):
        assert "he" in [m["text"] for m in _by_name(karabakh, name)["mentions"]], name
    assert [m["text"] for m in _by_name(karabakh, "Pierre Razoux")["mentions"]][:2] == ["Pierre Razoux", "Razoux"]
    for a in karabakh["actors"]:
        assert a["mentions"], a
        for m in a["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]


def test_no_place_taken_for_a_person(karabakh: dict[str, Any]) -> None:
    persons = {a["name"] for a in karabakh["actors"] if a["kind"] == "person"}
    assert persons == {"Pierre Razoux", "Ilham Aliyev", "Recep Tayyip Erdogan", "Alexander Borodai",
                       "Fyodor Lukyanov", "Vladimir Putin", "Laurence Broers"}
    assert not [e for e in karabakh["errors"] if e["stage"] == "actors"]
