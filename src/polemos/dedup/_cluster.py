"""Deterministic clustering of the mentions of one connected component of the link graph.

Average linkage: the two clusters with the highest average pairwise score merge while that average is at
least ``merge``, never when any pair across them is incompatible. Only clusters joined by a link (a pair
scoring at least ``link`` <= ``merge``) can reach that average, so candidates come from the links and pair
scores are computed lazily: big components of a large store stay cheap. Ties break on the smallest member
index (mentions are sorted by key), so the result is a function of the set of mentions only.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable

import numpy as np

from polemos.dedup._mentions import Mention
from polemos.dedup._score import PairScore, Params, score_pair
from polemos.dedup._text import TextModel
from polemos.dedup._vector import MentionArrays

__all__ = ["cluster", "pair_matrix", "PairCache"]

_INCOMPATIBLE = PairScore(False, 0.0, "incompatible")


class PairCache:
    """Pair scores of a list of mentions, computed on demand."""

    def __init__(self, mentions: list[Mention], p: Params, text: TextModel) -> None:
        self.mentions, self.p, self.text = mentions, p, text
        self._cache: dict[tuple[int, int], PairScore] = {}
        # with the default text similarity, whole rows are scored in numpy (same rules as score_pair)
        self._arrays = MentionArrays(mentions, p, text) if text.embedder is None and len(mentions) > 2 else None
        self._rows: dict[int, dict[int, float]] = {}  # row i: compatible j > i -> score

    def __call__(self, i: int, j: int) -> PairScore:
        key = (i, j) if i < j else (j, i)
        if self._arrays is not None:
            score = self._row(key[0]).get(key[1])
            return _INCOMPATIBLE if score is None else PairScore(True, score)
        got = self._cache.get(key)
        if got is None:
            got = self._cache[key] = score_pair(self.mentions[key[0]], self.mentions[key[1]], self.p, self.text)
        return got

    def _row(self, i: int) -> dict[int, float]:
        """Compatible j > i -> score (numpy path only)."""
        row = self._rows.get(i)
        if row is None:
            assert self._arrays is not None
            js, scores, ok = self._arrays.row(i)
            keep = ok & (js > i)
            row = self._rows[i] = dict(zip(js[keep].tolist(), scores[keep].tolist(), strict=True))
        return row

    def cross(self, a: list[int], b: list[int]) -> tuple[float, bool]:
        """(sum of scores, all compatible) across two disjoint index lists, summed in order."""
        total = 0.0
        if self._arrays is None:
            for i in a:
                for j in b:
                    s = self(i, j)
                    if not s.compatible:
                        return 0.0, False
                    total += s.score
            return total, True
        for i in a:
            for j in b:
                score = self._row(i).get(j) if i < j else self._row(j).get(i)
                if score is None:
                    return 0.0, False
                total += score
        return total, True


def pair_matrix(mentions: list[Mention], p: Params, text: TextModel) -> tuple[np.ndarray, np.ndarray]:
    """(scores, compatible) for every pair; the diagonal is 0 / True."""
    n = len(mentions)
    scores = np.zeros((n, n), dtype=np.float64)
    ok = np.ones((n, n), dtype=bool)
    text.prepare([t for m in mentions for t in (m.text, m.lede_text)])
    for i in range(n):
        for j in range(i + 1, n):
            s = score_pair(mentions[i], mentions[j], p, text)
            scores[i, j] = scores[j, i] = s.score
            ok[i, j] = ok[j, i] = s.compatible
    return scores, ok


def _cross(a: list[int], b: list[int], pair: PairCache) -> tuple[float, bool]:
    """(sum of scores, all compatible) across two clusters."""
    return pair.cross(a, b)


def cluster(mentions: list[Mention], p: Params, text: TextModel,
            links: Iterable[tuple[int, int]] | None = None, pair: PairCache | None = None) -> list[list[int]]:
    """Clusters as sorted lists of indices into ``mentions`` (sorted by key).

    ``links``: index pairs scoring at least ``p.link`` (computed here when not given)."""
    n = len(mentions)
    if n == 0:
        return []
    pair = pair or PairCache(mentions, p, text)
    if links is None:
        links = [(i, j) for i in range(n) for j in range(i + 1, n)
                 if (s := pair(i, j)).compatible and s.score >= p.link]
    members: dict[int, list[int]] = {i: [i] for i in range(n)}  # cluster id = its smallest member
    neighbours: dict[int, set[int]] = {i: set() for i in range(n)}
    for i, j in links:
        if i != j:
            neighbours[i].add(j)
            neighbours[j].add(i)
    cross: dict[tuple[int, int], tuple[float, bool]] = {}  # (sum, compatible) across two live clusters
    version = [0] * n
    heap: list[tuple[float, int, int, int, int]] = []

    def get(a: int, b: int) -> tuple[float, bool]:
        key = (a, b) if a < b else (b, a)
        got = cross.get(key)
        if got is None:
            got = cross[key] = _cross(members[key[0]], members[key[1]], pair)
        return got

    def push(a: int, b: int) -> None:
        a, b = min(a, b), max(a, b)
        total, ok = get(a, b)
        avg = total / (len(members[a]) * len(members[b]))
        if ok and avg >= p.merge:
            heapq.heappush(heap, (-avg, a, b, version[a], version[b]))

    for a in range(n):
        for b in sorted(neighbours[a]):
            if a < b:
                push(a, b)
    while heap:
        _, a, b, va, vb = heapq.heappop(heap)
        if a not in members or b not in members or version[a] != va or version[b] != vb:
            continue
        near = (neighbours[a] | neighbours[b]) - {a, b}
        sums = {c: (get(a, c), get(b, c)) for c in near}  # across the old clusters, before they change
        members[a] = sorted(members[a] + members.pop(b))
        version[a] += 1
        for c in near | {b}:
            cross.pop((a, c) if a < c else (c, a), None)
            cross.pop((b, c) if b < c else (c, b), None)
        neighbours[a] = near
        neighbours.pop(b)
        for c in sorted(near):
            (sa, oka), (sb, okb) = sums[c]
            cross[(a, c) if a < c else (c, a)] = (sa + sb, oka and okb)
            neighbours[c].discard(b)
            neighbours[c].add(a)
            push(a, c)
    return [members[k] for k in sorted(members)]
