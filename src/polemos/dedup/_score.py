"""Pairwise coreference of two event mentions: hard compatibility and a 0..1 score.

Every value here is a pure function of the two mentions and the parameters, never of the rest of the
store, so the link graph (and hence the clusters) do not depend on the order articles arrive in.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from polemos.dedup._mentions import ActorRef, Mention, date_interval, windows_meet
from polemos.dedup._text import TextModel, target_classes, weapon_classes

__all__ = ["Params", "load_params", "PairScore", "score_pair", "haversine_km"]


@dataclass(frozen=True)
class Params:
    family: dict[str, str]
    type_near: float
    mode_group: dict[str, int]
    reciprocal: frozenset[str]
    radius_km: dict[str, float | None]
    day_slack: int
    undated_days: int
    irrealis: frozenset[str]
    weights: dict[str, float]
    link: float
    merge: float
    sector_group: dict[str, str]
    exclusive_weapons: frozenset[str] = frozenset()
    missing_place: float = 0.5
    place_precision: dict[str, float] = field(default_factory=dict)
    vague_days: int = 8
    vague_text: float = 0.0
    half_vague_text: float = 0.0

    def family_of(self, etype: str) -> str:
        return self.family.get(etype, etype)


@cache
def load_params() -> Params:
    path = resources.files("polemos").joinpath("data", "dedup", "params.yaml")
    raw: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    family = {t: fam for fam, types in raw["families"].items() for t in types}
    mode_group = {m: i for i, group in enumerate(raw["mode_groups"]) for m in group}
    total = sum(raw["weights"].values())
    return Params(
        family=family,
        type_near=float(raw["type_near"]),
        mode_group=mode_group,
        reciprocal=frozenset(raw["reciprocal_types"]),
        radius_km={k: (float(v) if v is not None else None) for k, v in raw["radius_km"].items()},
        day_slack=int(raw["day_slack"]),
        undated_days=int(raw["undated_days"]),
        irrealis=frozenset(raw["irrealis"]),
        weights={k: float(v) / total for k, v in raw["weights"].items()},
        link=float(raw["link"]),
        merge=float(raw["merge"]),
        sector_group={s: g for g, sectors in raw["sector_groups"].items() for s in sectors},
        exclusive_weapons=frozenset(raw.get("exclusive_weapons", [])),
        missing_place=float(raw.get("missing_place", 0.5)),
        place_precision={k: float(v) for k, v in raw.get("place_precision", {}).items()},
        vague_days=int(raw.get("vague_days", 8)),
        vague_text=float(raw.get("vague_text", 0.0)),
        half_vague_text=float(raw.get("half_vague_text", 0.0)),
    )


@dataclass(frozen=True, slots=True)
class PairScore:
    compatible: bool
    score: float
    reason: str = ""  # why the pair is incompatible
    features: tuple[tuple[str, float], ...] = ()  # the feature scores of a compatible pair

    @property
    def why(self) -> str:
        """The reason a pair is incompatible, or the feature scores (formatted only when asked for)."""
        return self.reason or " ".join(f"{k}={v:.2f}" for k, v in self.features)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


_NAME_NOISE = re.compile(r"\b(the|of|forces?|troops?|army|military|government|officials?)\b")


def _norm_name(name: str) -> str:
    return " ".join(_NAME_NOISE.sub(" ", name.lower()).split())


def _actor_score(a: ActorRef | None, b: ActorRef | None, p: Params) -> float:
    """1 same actor, ~0.85 same side, 0.5 unknown, low for different sides, 0 for different countries."""
    if a is None or b is None:
        return 0.5
    if _norm_name(a.name) and _norm_name(a.name) == _norm_name(b.name):
        return 1.0
    if a.country and b.country and a.country != b.country:
        return 0.0
    ga = p.sector_group.get(a.sector or "", None)
    gb = p.sector_group.get(b.sector or "", None)
    same_country = bool(a.country and a.country == b.country)
    if ga and gb:
        if ga != gb:
            return 0.2 if same_country else 0.15
        return 0.85 if same_country else 0.6
    return 0.65 if same_country else 0.45


def _actors(x: Mention, y: Mention, p: Params) -> float:
    direct = (_actor_score(x.source, y.source, p) + _actor_score(x.target, y.target, p)) / 2
    if x.type in p.reciprocal and y.type in p.reciprocal:
        swapped = (_actor_score(x.source, y.target, p) + _actor_score(x.target, y.source, p)) / 2
        return max(direct, 0.9 * swapped)
    return direct


def _radius(m: Mention, p: Params) -> float | None:
    """How far (km) the event may be from the place's point, by the place's precision. A located place in no
    country (a sea, a gulf: international waters) is as vague as a region."""
    feature = m.feature or "other"
    if m.country is None and m.lat is not None and feature in ("other", "region"):
        feature = "region"
    return p.radius_km.get(feature, p.radius_km.get("other"))


def _precision(m: Mention, p: Params) -> float:
    return p.place_precision.get(m.feature or "other", p.place_precision.get("other", 0.8))


def _place(x: Mention, y: Mention, p: Params) -> float | None:
    """Place score (agreement times the coarser place's precision), or None when the places cannot be the same
    event's."""
    if not (x.place_name or x.country) or not (y.place_name or y.country):
        return p.missing_place
    precision = min(_precision(x, p), _precision(y, p))
    if x.geonameid is not None and x.geonameid == y.geonameid:
        return precision
    have_coords = None not in (x.lat, x.lon, y.lat, y.lon)
    if x.country and y.country and x.country != y.country and not have_coords:
        return None  # near a border, coordinates decide (Adre, Chad and El Geneina, Sudan are 30 km apart)
    rx, ry = _radius(x, p), _radius(y, p)
    if rx is None or ry is None:  # a country-level place: the same country is all we can ask
        if x.country and y.country and x.country != y.country:
            return None
        return precision
    if x.lat is None or x.lon is None or y.lat is None or y.lon is None:
        return p.missing_place
    r = max(rx, ry)
    d = haversine_km(x.lat, x.lon, y.lat, y.lon)
    if d > 2 * r:
        return None
    return precision * max(0.0, 1.0 - d / (2 * r))


def _date(x: Mention, y: Mention, p: Params) -> float | None:
    """Date agreement: exact days score high, month- or year-wide windows little (they fit too many events)."""
    ix = date_interval(x, 0, p.undated_days)
    iy = date_interval(y, 0, p.undated_days)
    if ix is None or iy is None:
        return 0.3
    if not windows_meet(ix, iy, p.day_slack):
        return None
    if ix[0] == ix[1] and iy[0] == iy[1]:  # two single days
        gap = abs((ix[0] - iy[0]).days)
        return {0: 1.0, 1: 0.6}.get(gap, 0.25)
    span = (ix[1] - ix[0]).days + (iy[1] - iy[0]).days
    return 0.6 if span <= 8 else 0.3 if span <= 62 else 0.1


def _wide(m: Mention, p: Params) -> bool:
    """Whether the mention's date is a window wider than ``vague_days`` (a month, a year)."""
    w = date_interval(m, 0, p.undated_days)
    return w is not None and (w[1] - w[0]).days > p.vague_days


def _mode(x: Mention, y: Mention, p: Params) -> float:
    if not x.mode or not y.mode:
        wx, wy = weapon_classes(x.text), weapon_classes(y.text)
        if wx and wy:
            return 0.8 if wx & wy else 0.0
        return 0.5
    if x.mode == y.mode:
        return 1.0
    gx, gy = p.mode_group.get(x.mode), p.mode_group.get(y.mode)
    return 0.7 if gx is not None and gx == gy else 0.0


def _fatalities(x: Mention, y: Mention) -> float:
    if x.fatalities is None or y.fatalities is None:
        return 0.5
    a, b = sorted((x.fatalities, y.fatalities))
    if b == 0:
        return 1.0
    return 0.2 + 0.8 * (a + 1) / (b + 1)


def score_pair(x: Mention, y: Mention, p: Params, text: TextModel) -> PairScore:
    """Whether two mentions may be the same real-world event, and how alike they are (symmetric)."""
    if y.key < x.key:
        x, y = y, x
    if p.family_of(x.type) != p.family_of(y.type):
        return PairScore(False, 0.0, "type family")
    if (x.status in p.irrealis) != (y.status in p.irrealis):
        return PairScore(False, 0.0, "irrealis vs actual")
    place = _place(x, y, p)
    if place is None:
        return PairScore(False, 0.0, "place too far")
    when = _date(x, y, p)
    if when is None:
        return PairScore(False, 0.0, "dates apart")
    tx, ty = target_classes(x.text), target_classes(y.text)
    if tx and ty and not (tx & ty):
        return PairScore(False, 0.0, "different targets")
    wx, wy = weapon_classes(x.text), weapon_classes(y.text)
    if wx and wy and not (wx & wy) and (wx | wy) & p.exclusive_weapons:
        return PairScore(False, 0.0, "different means")
    features = {
        "type": 1.0 if x.type == y.type else p.type_near,
        "mode": _mode(x, y, p),
        "actors": _actors(x, y, p),
        "place": place,
        "date": when,
        "text": text.similarity(x.text, y.text),
        "lede": text.similarity(x.lede_text, y.lede_text) if x.article_id != y.article_id else 0.5,
        "fatalities": _fatalities(x, y),
    }
    wide = int(_wide(x, p)) + int(_wide(y, p))
    if (wide == 2 and features["text"] < p.vague_text) or (wide == 1 and features["text"] < p.half_vague_text):
        return PairScore(False, 0.0, "vague dates, unlike texts")
    w = p.weights
    score = sum(w[k] * v for k, v in features.items())
    return PairScore(True, score, "", tuple(features.items()))
