"""The actor knowledge base: coverage, office dates, stable ids, user files and their errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pycountry
import pytest

from polemos.actors import load_kb
from polemos.errors import PolemosError
from polemos.records import content_id


def test_every_iso_state_is_in_the_kb() -> None:
    kb = load_kb()
    for c in pycountry.countries:
        entry = kb.entries[f"state:{c.alpha_3}"]
        assert entry.kind == "state" and entry.country == c.alpha_3
        assert kb.entries[f"gov:{c.alpha_3}"].sector == "GOV"


@pytest.mark.parametrize(
    ("surface", "key", "form"),
    [("Azeri", "state:AZE", "demonym"), ("Azerbaijani", "state:AZE", "demonym"), ("Turkish", "state:TUR", "demonym"),
     ("Israeli", "state:ISR", "demonym"), ("Palestinian", "state:PSE", "demonym"), ("Ukrainian", "state:UKR", "demonym"),
     ("Moscow", "gov:RUS", "capital"), ("the Kremlin", "gov:RUS", "capital"), ("Kyiv", "gov:UKR", "capital"),
     ("the White House", "gov:USA", "capital"), ("Tehran", "gov:IRN", "capital"), ("Yerevan", "gov:ARM", "capital"),
     ("Türkiye", "state:TUR", "name"), ("Russian Federation", "state:RUS", "name"), ("U.S.", "state:USA", "name"),
     ("NATO", "org:nato", "name"), ("OSCE", "org:osce", "name"), ("WFP", "org:wfp", "name"),
     ("UNHCR", "org:unhcr", "name"), ("IAEA", "org:iaea", "name"), ("ICRC", "org:icrc", "name"),
     ("RSF", "ag:rsf", "name"), ("Hezbollah", "ag:hezbollah", "name"), ("Houthis", "ag:houthis", "name"),
     ("Wagner", "ag:wagner", "name"), ("M23", "ag:m23", "name"), ("al-Shabaab", "ag:shabaab", "name"),
     ("ISIS", "ag:isis", "name"), ("HTS", "ag:hts", "name"), ("JNIM", "ag:jnim", "name"), ("SDF", "ag:sdf", "name"),
     ("Chatham House", "org:chatham_house", "name"), ("Crisis Group", "org:crisis_group", "name"),
     ("AFP", "org:afp", "name"), ("Pashinyan", "p:pashinyan", "surname")],
)
def test_surface_forms(surface: str, key: str, form: str) -> None:
    kb = load_kb()
    assert any(a.key == key and a.form == form for a in kb.lookup(surface)), kb.lookup(surface)


def test_offices_follow_the_date() -> None:
    kb = load_kb()
    erdogan = kb.entries["p:erdogan"]
    assert erdogan.office_at(date(2010, 6, 1)).title == "Prime Minister of Turkey"  # type: ignore[union-attr]
    assert erdogan.office_at(date(2020, 11, 9)).title == "President of Turkey"  # type: ignore[union-attr]
    assert kb.entries["p:pashinyan"].office_at(date(2020, 11, 9)).title == "Prime Minister of Armenia"  # type: ignore[union-attr]
    assert kb.entries["p:medvedev"].office_at(date(2010, 1, 1)).role == "president"  # type: ignore[union-attr]
    assert kb.entries["p:shoigu"].office_at(date(2020, 1, 1)).sector == "MIL"  # type: ignore[union-attr]
    assert kb.entries["p:obama"].office_at(date(2020, 1, 1)) is None
    assert ("AZE", "president") in kb.roles and "p:ialiyev" in kb.roles[("AZE", "president")]


def test_kb_ids_are_stable() -> None:
    kb = load_kb()
    assert kb.entries["p:putin"].id == content_id("actor", "p:putin")
    assert kb.entries["state:ARM"].id == load_kb().entries["state:ARM"].id


def test_sectors_cover_the_plover_codes() -> None:
    kb = load_kb()
    assert {"GOV", "MIL", "REB", "CVL", "POL", "BUS", "MED", "IGO", "NGO", "PTY", "COP", "SPY", "JUD", "EDU",
            "REL"} <= kb.sectors


def test_user_file_extends_the_kb(tmp_path: Path) -> None:
    f = tmp_path / "mine.yaml"
    f.write_text(
        "- name: Atlantis Armenian Airlines\n  kind: organization\n  sector: BUS\n  country: ARM\n"
        "  aliases: [Atlantis Airlines]\n"
        "- name: Fyodor Lukyanov\n  kind: person\n  country: RUS\n"
        "  offices:\n  - {title: Editor of Russia in Global Affairs, role: editor, start: 2002-01-01, sector: MED}\n",
        encoding="utf-8",
    )
    kb = load_kb(str(f))
    (alias,) = kb.lookup("Atlantis Airlines")
    assert kb.entries[alias.key].country == "ARM"
    luk = [kb.entries[a.key] for a in kb.lookup("Lukyanov")]
    assert luk and luk[0].office_at(date(2020, 1, 1)).sector == "MED"  # type: ignore[union-attr]
    assert "state:ARM" in kb.entries  # the built-in KB is still there
    assert not load_kb().lookup("Atlantis Airlines")  # and the cached built-in KB is untouched


@pytest.mark.parametrize(
    ("content", "code", "fragment"),
    [
        ("- name: X\n  kind: robot\n", "E204", "'kind' must be one of"),
        ("- name: X\n  kind: group\n  sector: ZZZ\n", "E204", "'sector' 'ZZZ'"),
        ("- name: X\n  kind: group\n- name: Y\n  kind: state\n  country: XX\n", "E204", "entry 2 'Y' (line 3)"),
        ("- name: X\n  kind: person\n  offices:\n  - {title: T, start: yesterday}\n", "E205", "YYYY-MM-DD"),
        ("- name: X\n  kind: group\n  colour: red\n", "E204", "unknown field"),
        ("- [unclosed\n", "E202", "invalid YAML at line"),
        ("just a string\n", "E203", "list of entries"),
    ],
)
def test_user_file_errors_are_clear(tmp_path: Path, content: str, code: str, fragment: str) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(PolemosError) as info:
        load_kb(str(f))
    assert info.value.code == code
    assert fragment in str(info.value) and str(f) in str(info.value)


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(PolemosError) as info:
        load_kb(str(tmp_path / "nope.yaml"))
    assert info.value.code == "E201"
