"""Map a text and its PLOVER events to one ACLED sub-event type (``data/plover/acled_subtypes.yaml``)."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import yaml

from polemos.coding.classifier import HashedLR, featurize
from polemos.coding.ontology import data_path
from polemos.errors import DATA_HINT, PolemosError
from polemos.records import Actor, Event

__all__ = ["AcledMap", "load_acled_map", "load_acled_head", "acled_subtype", "acled_scores"]

HEAD_FILE = "acled_head.npz"


@dataclass(frozen=True)
class AcledMap:
    groups: dict[str, re.Pattern[str]]
    cues: dict[str, list[tuple[re.Pattern[str], float]]]
    plover: dict[str, dict[str, float]]
    needs: dict[str, tuple[str, ...]]
    group_weights: dict[str, dict[str, float]]
    first: dict[str, tuple[str, tuple[str, ...]]]  # label -> (group that must come first, rival groups)
    base: dict[str, float]
    default: str

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.cues)


def _pattern(cue: str) -> re.Pattern[str]:
    cue = cue.lower()
    lead = r"\b" if cue[:1].isalnum() else ""
    return re.compile(lead + re.escape(cue.strip()) if cue.strip() else r"(?!)")


@functools.cache
def load_acled_map() -> AcledMap:
    with data_path("acled_subtypes.yaml").open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    groups = {
        g: re.compile("|".join(r"\b" + re.escape(c.lower()) for c in cues)) for g, cues in raw["groups"].items()
    }
    cues, plover, needs, gweights, first, base = {}, {}, {}, {}, {}, {}
    for label, spec in raw["labels"].items():
        gweights[label] = {g: float(w) for g, w in (spec.get("groups") or {}).items()}
        base[label] = float(spec.get("base", 0.0))
        if spec.get("first"):
            first[label] = (spec["first"][0], tuple(spec["first"][1:]))
        cues[label] = [(_pattern(c), float(w)) for c, w in (spec.get("cues") or {}).items()]
        plover[label] = {k: float(v) for k, v in (spec.get("plover") or {}).items()}
        needs[label] = tuple(spec.get("needs") or ())
        for g in needs[label]:
            if g not in groups:
                raise PolemosError("E020", f"acled_subtypes.yaml: {label} needs unknown group {g!r}", DATA_HINT)
    return AcledMap(groups, cues, plover, needs, gweights, first, base, raw["default"])


GOV_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "PRM"})
NONSTATE_SECTORS = frozenset({"REB", "UAF", "CRM", "OPP"})


def actor_side_keys(events: Sequence[Event], actors: Sequence[Actor]) -> set[str]:
    """``TYPE/mode@gov`` / ``TYPE/mode@nonstate`` keys: who is the source of each event (state forces or not)."""
    by_id = {a.id: a for a in actors}
    keys = set()
    for e in events:
        a = by_id.get(e.source or "")
        if a is None:
            continue
        side = ("nonstate" if a.kind == "armed_group" or a.sector in NONSTATE_SECTORS
                else "gov" if a.kind == "state" or a.sector in GOV_SECTORS else None)
        if side:
            keys.add(f"{e.type}@{side}")
            if e.mode:
                keys.add(f"{e.type}/{e.mode}@{side}")
    return keys


def acled_scores(text: str, events: Sequence[Event], amap: AcledMap,
                 actors: Sequence[Actor] = ()) -> dict[str, float]:
    low = " " + text.lower() + " "
    where = {g: m.start() for g, pat in amap.groups.items() if (m := pat.search(low))}
    present = set(where)
    keys = {e.type for e in events} | {f"{e.type}/{e.mode}" for e in events if e.mode}
    keys |= actor_side_keys(events, actors)
    scores: dict[str, float] = {}
    for label, cues in amap.cues.items():
        if amap.needs[label] and not present.intersection(amap.needs[label]):
            continue
        if label in amap.first and not any(k in keys for k in amap.plover[label] if "@" in k):
            lead, rivals = amap.first[label]
            if lead not in where or any(r in where and where[r] < where[lead] for r in rivals):
                continue
        s = sum(w for pat, w in cues if pat.search(low))
        if s <= 0 and not amap.base[label]:
            continue
        s += amap.base[label]
        s += sum(w for g, w in amap.group_weights[label].items() if g in present)
        s += sum(w for k, w in amap.plover[label].items() if k in keys)
        if s > 0:
            scores[label] = s
    return scores


@functools.cache
def load_acled_head() -> HashedLR | None:
    """The trained ACLED head shipped in the package (``polemos train``), or None if it is absent."""
    path = data_path(HEAD_FILE)
    return HashedLR.load(path) if path.is_file() else None


def acled_subtype(text: str, events: Sequence[Event], amap: AcledMap | None = None,
                  head: HashedLR | None = None, actors: Sequence[Actor] = ()) -> str:
    """The most likely ACLED sub-event type of a short text, given the PLOVER events coded in it: the trained head
    over hashed words + cue scores when ``head`` is given, else the cue table alone."""
    amap = amap or load_acled_map()
    scores = acled_scores(text, events, amap, actors)
    if head is not None:
        return head.predict(featurize(text, events, scores, amap.labels, actors))[0]
    if not scores:
        return amap.default
    return max(scores, key=lambda k: (scores[k], -amap.labels.index(k)))
