"""Vectorised pair scores: one mention against a whole list at once, with exactly the rules of
:func:`polemos.dedup._score.score_pair` (tested equal on the hand-made fixtures and on a real store).

Clustering a big connected component needs hundreds of thousands of pair scores; computing a row of them in
numpy instead of one Python call per pair is what keeps incremental updates of a dense store cheap. Used only
with the default character 4-gram text similarity (the MiniLM blend goes through ``score_pair``).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from polemos.dedup._mentions import ActorRef, Mention, date_interval
from polemos.dedup._score import Params, _norm_name, _precision, _radius
from polemos.dedup._text import TextModel, target_classes, weapon_classes

__all__ = ["MentionArrays"]


def _bits(classes: frozenset[str], index: dict[str, int]) -> int:
    out = 0
    for c in classes:
        out |= 1 << index.setdefault(c, len(index))
    return out


class MentionArrays:
    """Per-mention feature arrays of a list of mentions; :meth:`row` scores mention i against all of them."""

    def __init__(self, ms: list[Mention], p: Params, text: TextModel) -> None:
        self.p, self.n = p, len(ms)
        codes: dict[object, int] = {}

        def code(value: object) -> int:
            return -1 if value is None else codes.setdefault(value, len(codes))

        n = self.n
        self.fam = np.array([code(("fam", p.family_of(m.type))) for m in ms], dtype=np.int64)
        self.type = np.array([code(("type", m.type)) for m in ms], dtype=np.int64)
        self.recip = np.array([m.type in p.reciprocal for m in ms], dtype=bool)
        self.irrealis = np.array([m.status in p.irrealis for m in ms], dtype=bool)
        self.mode = np.array([code(("mode", m.mode)) if m.mode else -1 for m in ms], dtype=np.int64)
        self.mgroup = np.array([p.mode_group.get(m.mode, -1) if m.mode else -1 for m in ms], dtype=np.int64)
        tcls: dict[str, int] = {}
        wcls: dict[str, int] = {}
        self.targets = np.array([_bits(target_classes(m.text), tcls) for m in ms], dtype=np.int64)
        self.weapons = np.array([_bits(weapon_classes(m.text), wcls) for m in ms], dtype=np.int64)
        self.exclusive = _bits(frozenset(c for c in p.exclusive_weapons if c in wcls), wcls)
        self.actor = {role: self._actors([getattr(m, role) for m in ms], code) for role in ("source", "target")}
        self.has_place = np.array([bool(m.place_name or m.country) for m in ms], dtype=bool)
        self.prec = np.array([_precision(m, p) for m in ms], dtype=np.float64)
        self.gid = np.array([m.geonameid if m.geonameid is not None else -1 for m in ms], dtype=np.int64)
        self.country = np.array([code(("c", m.country)) if m.country else -1 for m in ms], dtype=np.int64)
        radius = [_radius(m, p) for m in ms]
        self.coarse = np.array([r is None for r in radius], dtype=bool)
        self.radius = np.array([r if r is not None else 0.0 for r in radius], dtype=np.float64)
        self.coords = np.array([None not in (m.lat, m.lon) for m in ms], dtype=bool)
        self.lat = np.array([math.radians(m.lat) if m.lat is not None else 0.0 for m in ms])
        self.lon = np.array([math.radians(m.lon) if m.lon is not None else 0.0 for m in ms])
        self.dated = np.zeros(n, dtype=bool)
        self.lo = np.zeros(n, dtype=np.int64)
        self.hi = np.zeros(n, dtype=np.int64)
        for i, m in enumerate(ms):
            w = date_interval(m, 0, p.undated_days)
            if w is not None:
                self.dated[i], self.lo[i], self.hi[i] = True, w[0].toordinal(), w[1].toordinal()
        self.fat = np.array([m.fatalities if m.fatalities is not None else -1 for m in ms], dtype=np.float64)
        self.article = np.array([code(("a", m.article_id)) for m in ms], dtype=np.int64)
        self.text_vec = _Sparse([text.vector(m.text) for m in ms])
        self.lede_vec = _Sparse([text.vector(m.lede_text) for m in ms])

    def _actors(self, refs: list[ActorRef | None], code: Callable[[object], int]) -> dict[str, np.ndarray]:
        names = [(_norm_name(a.name) if a is not None else "") for a in refs]
        groups = [self.p.sector_group.get(a.sector or "") if a is not None else None for a in refs]
        return {
            "known": np.array([a is not None for a in refs], dtype=bool),
            "name": np.array([code(("n", nm)) if nm else -2 - i for i, nm in enumerate(names)], dtype=np.int64),
            "country": np.array([code(("c", a.country)) if a is not None and a.country else -1 for a in refs],
                                dtype=np.int64),
            "group": np.array([code(("g", g)) if g else -1 for g in groups], dtype=np.int64),
        }

    @staticmethod
    def _actor_score(xa: dict[str, np.ndarray], i: int, ya: dict[str, np.ndarray], sel: np.ndarray) -> np.ndarray:
        known = xa["known"][i] & ya["known"][sel]
        same_name = ya["name"][sel] == xa["name"][i]
        cx, cy = xa["country"][i], ya["country"][sel]
        clash = (cx >= 0) & (cy >= 0) & (cy != cx)
        same_country = (cx >= 0) & (cy == cx)
        gx, gy = xa["group"][i], ya["group"][sel]
        both = (gx >= 0) & (gy >= 0)
        grouped = np.where(gy != gx, np.where(same_country, 0.2, 0.15), np.where(same_country, 0.85, 0.6))
        out = np.where(both, grouped, np.where(same_country, 0.65, 0.45))
        out = np.where(clash, 0.0, out)
        out = np.where(same_name, 1.0, out)
        return np.where(known, out, 0.5)

    def candidates(self, i: int) -> np.ndarray:
        """Indices j != i that pass the cheap hard checks with i (family, reality, date windows, distance): a
        superset of the compatible ones."""
        p = self.p
        ok = (self.fam == self.fam[i]) & (self.irrealis == self.irrealis[i])
        slack = p.day_slack
        ok &= ~(self.dated[i] & self.dated) | ((self.lo[i] - slack <= self.hi) & (self.lo - slack <= self.hi[i]))
        if self.coords[i] and not self.coarse[i]:
            h = (np.sin((self.lat - self.lat[i]) / 2) ** 2
                 + math.cos(self.lat[i]) * np.cos(self.lat) * np.sin((self.lon - self.lon[i]) / 2) ** 2)
            d = 2 * 6371.0 * np.arcsin(np.minimum(1.0, np.sqrt(h)))
            limit = 2 * np.maximum(self.radius, self.radius[i]) * 1.001 + 1.0  # margin for rounding
            ok &= ~self.coords | self.coarse | (d <= limit)
        ok[i] = False
        return np.nonzero(ok)[0]

    def row(self, i: int, js: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(js, scores, compatible) of mention i against mentions ``js`` (default: its :meth:`candidates`);
        every j outside the candidates is incompatible with i."""
        sel = self.candidates(i) if js is None else js
        p = self.p
        ok = (self.fam[sel] == self.fam[i]) & (self.irrealis[sel] == self.irrealis[i])
        # place
        both_place = self.has_place[i] & self.has_place[sel]
        precision = np.minimum(self.prec[sel], self.prec[i])
        same_gid = (self.gid[i] >= 0) & (self.gid[sel] == self.gid[i])
        have_coords = self.coords[i] & self.coords[sel]
        cx, cy = self.country[i], self.country[sel]
        clash = (cx >= 0) & (cy >= 0) & (cy != cx)
        coarse = self.coarse[i] | self.coarse[sel]
        r = np.maximum(self.radius[sel], self.radius[i])
        h = (np.sin((self.lat[sel] - self.lat[i]) / 2) ** 2
             + math.cos(self.lat[i]) * np.cos(self.lat[sel]) * np.sin((self.lon[sel] - self.lon[i]) / 2) ** 2)
        d = 2 * 6371.0 * np.arcsin(np.minimum(1.0, np.sqrt(h)))
        with np.errstate(divide="ignore", invalid="ignore"):
            near = precision * np.maximum(0.0, 1.0 - d / (2 * r))
        far = have_coords & ~coarse & (d > 2 * r)
        place = np.where(coarse, precision, np.where(have_coords, near, p.missing_place))
        place_bad = (clash & ~have_coords) | (coarse & clash) | far
        place = np.where(same_gid, precision, place)
        place_bad &= ~same_gid
        place = np.where(both_place, place, p.missing_place)
        place_bad &= both_place
        ok &= ~place_bad
        # date
        dated = self.dated[i] & self.dated[sel]
        slack = p.day_slack
        meet = (self.lo[i] - slack <= self.hi[sel]) & (self.lo[sel] - slack <= self.hi[i])
        single = (self.lo[i] == self.hi[i]) & (self.lo[sel] == self.hi[sel])
        gap = np.abs(self.lo[sel] - self.lo[i])
        span = (self.hi[sel] - self.lo[sel]) + (self.hi[i] - self.lo[i])
        wide = np.where(span <= 8, 0.6, np.where(span <= 62, 0.3, 0.1))
        when = np.where(single, np.where(gap == 0, 1.0, np.where(gap == 1, 0.6, 0.25)), wide)
        when = np.where(dated, when, 0.3)
        ok &= ~dated | meet
        # targets and means
        tx, ty = self.targets[i], self.targets[sel]
        ok &= ~((tx != 0) & (ty != 0) & ((tx & ty) == 0))
        wx, wy = self.weapons[i], self.weapons[sel]
        ok &= ~((wx != 0) & (wy != 0) & ((wx & wy) == 0) & (((wx | wy) & self.exclusive) != 0))
        # features, summed in score_pair's order
        w = p.weights
        type_s = np.where(self.type[sel] == self.type[i], 1.0, p.type_near)
        mx, my = self.mode[i], self.mode[sel]
        by_weapon = np.where((wx != 0) & (wy != 0), np.where((wx & wy) != 0, 0.8, 0.0), 0.5)
        same_group = (self.mgroup[i] >= 0) & (self.mgroup[sel] == self.mgroup[i])
        mode = np.where((mx < 0) | (my < 0), by_weapon, np.where(my == mx, 1.0, np.where(same_group, 0.7, 0.0)))
        src, tgt = self.actor["source"], self.actor["target"]
        direct = (self._actor_score(src, i, src, sel) + self._actor_score(tgt, i, tgt, sel)) / 2
        swapped = (self._actor_score(src, i, tgt, sel) + self._actor_score(tgt, i, src, sel)) / 2
        actors = np.where(self.recip[i] & self.recip[sel], np.maximum(direct, 0.9 * swapped), direct)
        lexical = np.clip(self.text_vec.dots(i, sel), 0.0, 1.0)
        lede = np.clip(self.lede_vec.dots(i, sel), 0.0, 1.0)
        wide = self.dated[sel] & (self.hi[sel] - self.lo[sel] > p.vague_days)
        if self.dated[i] and self.hi[i] - self.lo[i] > p.vague_days:
            ok &= ~(wide & (lexical < p.vague_text)) & ~(~wide & (lexical < p.half_vague_text))
        else:
            ok &= ~(wide & (lexical < p.half_vague_text))
        lede = np.where(self.article[sel] == self.article[i], 0.5, lede)
        fx, fy = self.fat[i], self.fat[sel]
        lo_f, hi_f = np.minimum(fx, fy), np.maximum(fx, fy)
        with np.errstate(divide="ignore", invalid="ignore"):
            fat = np.where((fx < 0) | (fy < 0), 0.5, np.where(hi_f == 0, 1.0, 0.2 + 0.8 * (lo_f + 1) / (hi_f + 1)))
        score = (w["type"] * type_s + w["mode"] * mode + w["actors"] * actors + w["place"] * place
                 + w["date"] * when + w["text"] * lexical + w["lede"] * lede + w["fatalities"] * fat)
        return sel, np.where(ok, score, 0.0), ok



class _Sparse:
    """Unit text vectors kept as their non-zero entries: a row of dot products costs the candidates' non-zeros,
    not 4,096 dimensions each."""

    def __init__(self, dense: list[np.ndarray]) -> None:
        self.dense = dense  # the text model's cached vectors (not copied)
        nz = [np.flatnonzero(v) for v in dense]
        self.indptr = np.zeros(len(dense) + 1, dtype=np.int64)
        self.indptr[1:] = np.cumsum([len(z) for z in nz])
        self.slots = np.concatenate(nz) if nz else np.zeros(0, dtype=np.int64)
        self.vals = (np.concatenate([v[z] for v, z in zip(dense, nz, strict=True)]).astype(np.float64)
                     if nz else np.zeros(0))

    def dots(self, i: int, sel: np.ndarray) -> np.ndarray:
        starts = self.indptr[sel]
        lens = self.indptr[sel + 1] - starts
        total = int(lens.sum())
        if total == 0:
            return np.zeros(len(sel))
        offs = np.repeat(starts - np.cumsum(lens) + lens, lens) + np.arange(total)
        prods = self.dense[i].astype(np.float64)[self.slots[offs]] * self.vals[offs]
        return np.bincount(np.repeat(np.arange(len(sel)), lens), weights=prods, minlength=len(sel))
