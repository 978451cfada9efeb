"""The broadened actor KB: blocs, missions, armed groups, rival governments and gangs resolve by name and alias."""

from __future__ import annotations

import pytest

from polemos.actors import load_kb
from polemos.actors.kb import normalize

ENTRIES = [
    ("Alliance of Sahel States", "org:aes"), ("AES", "org:aes"), ("AUKUS", "org:aukus"),
    ("Quadrilateral Security Dialogue", "org:quad"), ("KFOR", "org:kfor"), ("Kosovo Force", "org:kfor"),
    ("EUFOR Althea", "org:eufor_althea"), ("ATMIS", "org:atmis"), ("AMISOM", "org:amisom"),
    ("SAMIDRC", "org:samidrc"), ("SADC Mission in Mozambique", "org:samim"), ("Operation Aspides", "org:aspides"),
    ("Operation Atalanta", "org:atalanta"), ("UNFICYP", "org:unficyp"), ("UNDOF", "org:undof"),
    ("UNMIK", "org:unmik"), ("MINUSCA", "org:minusca"), ("UNISFA", "org:unisfa"),
    ("CSTO peacekeepers", "org:csto_peacekeepers"), ("Combined Maritime Forces", "org:cmf"),
    ("Joint Expeditionary Force", "org:jef"), ("Visegrad Group", "org:visegrad"),
    ("Eurasian Economic Union", "org:eaeu"), ("Union State of Russia and Belarus", "org:union_state"),
    ("ANZUS", "org:anzus"), ("Organization of American States", "org:oas"), ("CELAC", "org:celac"),
    ("Mercosur", "org:mercosur"), ("CARICOM", "org:caricom"), ("AFRICOM", "org:africom"),
    ("Government of National Accord", "ag:gna"), ("Tripoli-based Government of National Unity", "ag:gnu_libya"),
    ("Asaib Ahl al-Haq", "ag:aah"), ("Harakat al-Nujaba", "ag:nujaba"), ("Ansaru", "ag:ansaru"),
    ("Lakurawa", "ag:lakurawa"), ("MNDAA", "ag:mndaa"), ("Ta’ang National Liberation Army", "ag:tnla"),
    ("Karen National Union", "ag:knu"), ("Baloch Liberation Army", "ag:bla"), ("The Resistance Front", "ag:trf"),
    ("Resistance Front", "ag:trf"), ("Hizbul Mujahideen", "ag:hizbul"), ("Estado Mayor Central", "ag:emc"),
    ("Segunda Marquetalia", "ag:segunda_marquetalia"), ("Clan del Golfo", "ag:clan_del_golfo"),
    ("Tren de Aragua", "ag:tren_de_aragua"), ("Viv Ansanm", "ag:viv_ansanm"), ("Gran Grif", "ag:gran_grif"),
    ("Sinaloa Cartel", "ag:sinaloa"), ("CJNG", "ag:cjng"), ("MS-13", "ag:ms13"), ("Barrio 18", "ag:barrio18"),
    ("Ambazonia separatists", "ag:ambazonia"), ("Russian Volunteer Corps", "ag:rvc"),
    ("Freedom of Russia Legion", "ag:freedom_of_russia"), ("Transnistrian authorities", "ag:transnistria"),
    ("'Ndrangheta", "ag:ndrangheta"), ("’Ndrangheta", "ag:ndrangheta"),
]


@pytest.mark.parametrize(("surface", "key"), ENTRIES)
def test_new_entries_resolve(surface: str, key: str) -> None:
    kb = load_kb()
    assert key in kb.entries
    assert {a.key for a in kb.lookup(normalize(surface))} == {key}, kb.lookup(normalize(surface))


def test_africa_corps_is_its_own_entry_not_wagner() -> None:
    kb = load_kb()
    corps = kb.entries["ag:africa_corps"]
    assert (corps.kind, corps.sector, corps.country) == ("armed_group", "MIL", "RUS")
    assert {a.key for a in kb.lookup(normalize("Africa Corps"))} == {"ag:africa_corps"}
    assert {a.key for a in kb.lookup(normalize("Wagner"))} == {"ag:wagner"}


def test_acronyms_stay_case_sensitive() -> None:
    kb = load_kb()
    for acronym in ("AES", "CJNG", "TRF", "BLA", "KNU"):
        assert all(a.case_sensitive for a in kb.lookup(acronym)), acronym


@pytest.mark.parametrize(
    ("key", "kind", "sector", "country"),
    [("ag:gna", "organization", "GOV", "LBY"), ("ag:sinaloa", "armed_group", "CRM", "MEX"),
     ("ag:tatmadaw", "armed_group", "MIL", "MMR"), ("org:kfor", "organization", "IGO", None),
     ("org:hur", "organization", "SPY", "UKR"), ("ag:mek", "organization", "OPP", "IRN")],
)
def test_new_entries_carry_kind_sector_and_country(key: str, kind: str, sector: str, country: str | None) -> None:
    entry = load_kb().entries[key]
    assert (entry.kind, entry.sector, entry.country) == (kind, sector, country)


def test_new_entries_use_known_sectors() -> None:
    kb = load_kb()
    assert all(e.sector in kb.sectors for e in kb.entries.values() if e.sector)
