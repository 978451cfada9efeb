"""Deterministic clustering of the mentions of one connected component of the link graph.

Average linkage: the two clusters with the highest average pairwise score merge while that average is at
least ``merge``, never when any pair across them is incompatible. Ties break on the sorted mention keys, so
the result is a function of the set of mentions only.
"""

from __future__ import annotations

import numpy as np

from polemos.dedup._mentions import Mention
from polemos.dedup._score import Params, score_pair
from polemos.dedup._text import TextModel

__all__ = ["cluster", "pair_matrix"]


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


def cluster(mentions: list[Mention], p: Params, text: TextModel) -> list[list[int]]:
    """Clusters as lists of indices into ``mentions`` (which must be sorted by key), each sorted."""
    n = len(mentions)
    if n == 0:
        return []
    if n == 1:
        return [[0]]
    scores, ok = pair_matrix(mentions, p, text)
    members: list[list[int]] = [[i] for i in range(n)]
    alive = np.ones(n, dtype=bool)
    # sums[a, b] = sum of pair scores across clusters a and b; bad[a, b] = some pair is incompatible.
    sums = scores.copy()
    bad = ~ok
    sizes = np.ones(n, dtype=np.float64)
    while True:
        avg = sums / np.outer(sizes, sizes)
        usable = alive[:, None] & alive[None, :] & ~bad
        np.fill_diagonal(usable, False)
        avg = np.where(usable, avg, -1.0)
        best = float(avg.max())
        if best < p.merge:
            break
        # lowest (a, b) among the best pairs: clusters are indexed by their smallest member, so ties are stable
        candidates = np.argwhere(avg >= best - 1e-12)
        a, b = (int(v) for v in min((min(r), max(r)) for r in candidates.tolist()))
        members[a] = sorted(members[a] + members[b])
        members[b] = []
        alive[b] = False
        sums[a, :] += sums[b, :]
        sums[:, a] += sums[:, b]
        bad[a, :] |= bad[b, :]
        bad[:, a] |= bad[:, b]
        sizes[a] += sizes[b]
    return [m for m in members if m]
