"""Blocking: which pairs of mentions are worth scoring at all (a vectorised, conservative superset of the
hard checks of :func:`polemos.dedup._score.score_pair`: type family, date windows, distance)."""

from __future__ import annotations

import math

import numpy as np

from polemos.dedup._mentions import Mention, date_interval
from polemos.dedup._score import Params

__all__ = ["candidate_pairs"]

_FAR = 1e9


def _arrays(ms: list[Mention], p: Params) -> dict[str, np.ndarray]:
    fams = {f: i for i, f in enumerate(sorted({p.family_of(m.type) for m in ms}))}
    lo = np.full(len(ms), -_FAR)
    hi = np.full(len(ms), _FAR)
    lat = np.full(len(ms), np.nan)
    lon = np.full(len(ms), np.nan)
    reach = np.full(len(ms), _FAR)  # km: 2 x the place's radius (any distance for coarse or unknown places)
    fam = np.zeros(len(ms), dtype=np.int64)
    for i, m in enumerate(ms):
        fam[i] = fams[p.family_of(m.type)]
        w = date_interval(m, 0, p.undated_days)
        if w is not None:
            lo[i], hi[i] = w[0].toordinal(), w[1].toordinal()
        if m.lat is not None and m.lon is not None:
            lat[i], lon[i] = math.radians(m.lat), math.radians(m.lon)
            feature = m.feature or "other"
            radius = p.radius_km.get(feature, p.radius_km.get("other"))
            if m.country is None and feature in ("other", "region"):
                radius = p.radius_km.get("region")
            if radius is not None:
                reach[i] = 2 * radius
    return {"fam": fam, "lo": lo, "hi": hi, "lat": lat, "lon": lon, "reach": reach}


def candidate_pairs(new: list[Mention], others: list[Mention], p: Params) -> list[tuple[Mention, Mention]]:
    """Pairs (new × new, new × others) that pass the cheap hard checks; every compatible pair is among them."""
    if not new:
        return []
    everyone = new + others
    a = _arrays(everyone, p)
    slack = p.day_slack
    pairs: list[tuple[Mention, Mention]] = []
    for i, x in enumerate(new):
        start = i + 1  # new × new once, then new × others
        sl = slice(start, len(everyone))
        ok = a["fam"][sl] == a["fam"][i]
        ok &= (a["lo"][sl] - slack <= a["hi"][i]) & (a["lo"][i] - slack <= a["hi"][sl])
        if not np.isnan(a["lat"][i]):
            lat2, lon2 = a["lat"][sl], a["lon"][sl]
            h = (np.sin((lat2 - a["lat"][i]) / 2) ** 2
                 + np.cos(a["lat"][i]) * np.cos(lat2) * np.sin((lon2 - a["lon"][i]) / 2) ** 2)
            dist = 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
            limit = np.maximum(a["reach"][sl], a["reach"][i]) * 1.001 + 1.0  # margin for rounding
            ok &= np.isnan(lat2) | (dist <= limit)
        for j in np.nonzero(ok)[0]:
            pairs.append((x, everyone[start + int(j)]))
    return pairs
