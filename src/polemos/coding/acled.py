"""Map a text and its PLOVER events to one ACLED sub-event type (``data/plover/acled_subtypes.yaml``)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import yaml

from polemos.coding.ontology import data_path
from polemos.records import Event

__all__ = ["AcledMap", "load_acled_map", "acled_subtype", "acled_scores"]


@dataclass(frozen=True)
class AcledMap:
    groups: dict[str, re.Pattern[str]]
    cues: dict[str, list[tuple[re.Pattern[str], float]]]
    plover: dict[str, dict[str, float]]
    needs: dict[str, tuple[str, ...]]
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
    cues, plover, needs = {}, {}, {}
    for label, spec in raw["labels"].items():
        cues[label] = [(_pattern(c), float(w)) for c, w in (spec.get("cues") or {}).items()]
        plover[label] = {k: float(v) for k, v in (spec.get("plover") or {}).items()}
        needs[label] = tuple(spec.get("needs") or ())
        for g in needs[label]:
            if g not in groups:
                raise ValueError(f"acled_subtypes.yaml: {label} needs unknown group {g!r}")
    return AcledMap(groups, cues, plover, needs, raw["default"])


def acled_scores(text: str, events: list[Event] | tuple[Event, ...], amap: AcledMap) -> dict[str, float]:
    low = " " + text.lower() + " "
    present = {g for g, pat in amap.groups.items() if pat.search(low)}
    keys = {e.type for e in events} | {f"{e.type}/{e.mode}" for e in events if e.mode}
    scores: dict[str, float] = {}
    for label, cues in amap.cues.items():
        if amap.needs[label] and not present.intersection(amap.needs[label]):
            continue
        s = sum(w for pat, w in cues if pat.search(low))
        s += sum(w for k, w in amap.plover[label].items() if k in keys)
        if s > 0:
            scores[label] = s
    return scores


def acled_subtype(text: str, events: list[Event] | tuple[Event, ...], amap: AcledMap | None = None) -> str:
    """The most likely ACLED sub-event type of a short text, given the PLOVER events coded in it."""
    amap = amap or load_acled_map()
    scores = acled_scores(text, events, amap)
    if not scores:
        return amap.default
    return max(scores, key=lambda k: (scores[k], -amap.labels.index(k)))
