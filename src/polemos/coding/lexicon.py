"""The trigger lexicon (``data/plover/triggers.yaml``): lemma -> PLOVER senses with syntactic constraints."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import yaml

from polemos.coding.ontology import PLOVER_TYPES, data_path, load_ontology
from polemos.errors import DATA_HINT, PolemosError

__all__ = ["Sense", "Lexicon", "load_lexicon"]

_SENSE_KEYS = {
    "type", "mode", "context", "pos", "obj", "not_obj", "mod", "prt", "prep", "light", "embed", "drop",
    "default", "xcomp", "source", "coop_type",
}


@dataclass(frozen=True)
class Sense:
    lemma: str
    type: str | None = None
    mode: str | None = None
    context: tuple[str, ...] = ()
    pos: str | None = None  # "verb" | "noun" | None
    obj: tuple[str, ...] = ()
    not_obj: tuple[str, ...] = ()
    mod: tuple[str, ...] = ()
    prt: tuple[str, ...] = ()
    prep: tuple[str, ...] = ()
    xcomp: bool | tuple[str, ...] = False
    light: bool = False
    embed: bool = False
    drop: bool = False
    default: str | None = None
    coop_type: str | None = None  # frame type when the embedded act is cooperative ("vowed to cooperate")


@dataclass(frozen=True)
class Lexicon:
    senses: dict[str, tuple[Sense, ...]]
    embedded_modes: dict[str, dict[str, str]]
    future_aux: frozenset[str]
    future_frames: frozenset[str]
    persons: frozenset[str]
    weapons: frozenset[str]
    protest_agents: frozenset[str] = frozenset()
    context_cues: dict[str, frozenset[str]] = field(default_factory=dict)


def _word(v: Any) -> str:
    if isinstance(v, bool):  # YAML 1.1 reads bare on/off as booleans: they are the particles "on" / "off" here
        return "on" if v else "off"
    return str(v) if str(v).startswith("@") else str(v).lower()


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str | bool):
        return (_word(value),)
    return tuple(_word(v) for v in value)


def _sense(lemma: str, raw: dict[str, Any]) -> Sense:
    unknown = set(raw) - _SENSE_KEYS
    if unknown:
        raise PolemosError("E020", f"triggers.yaml: sense of {lemma!r} has unknown keys {sorted(unknown)}", DATA_HINT)
    onto = load_ontology()
    etype = raw.get("type") or None
    if etype is not None and etype not in PLOVER_TYPES:
        raise PolemosError("E020", f"triggers.yaml: {lemma!r} has type {etype!r}, not a PLOVER type", DATA_HINT)
    mode = raw.get("mode") or None
    if etype is not None and not onto.is_mode(etype, mode):
        raise PolemosError("E020", f"triggers.yaml: {lemma!r}: {mode!r} is not a mode of {etype} in ontology.yaml",
                           DATA_HINT)
    contexts = _tuple(raw.get("context"))
    for c in contexts:
        if onto.context(c) is None:
            raise PolemosError("E020", f"triggers.yaml: {lemma!r}: unknown context {c!r}", DATA_HINT)
    xcomp = raw.get("xcomp", False)
    return Sense(
        lemma=lemma,
        type=etype,
        mode=mode,
        context=contexts,
        pos=raw.get("pos"),
        obj=_tuple(raw.get("obj")),
        not_obj=_tuple(raw.get("not_obj")),
        mod=_tuple(raw.get("mod")),
        prt=_tuple(raw.get("prt")),
        prep=_tuple(raw.get("prep")),
        xcomp=_tuple(xcomp) if isinstance(xcomp, list) else bool(xcomp),
        light=bool(raw.get("light", False)),
        embed=bool(raw.get("embed", False)),
        drop=bool(raw.get("drop", False)),
        default=raw.get("default"),
        coop_type=raw.get("coop_type"),
    )


@functools.cache
def load_lexicon() -> Lexicon:
    with data_path("triggers.yaml").open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    senses = {
        str(lemma).lower(): tuple(_sense(str(lemma).lower(), s) for s in entries)
        for lemma, entries in raw["senses"].items()
    }
    return Lexicon(
        senses=senses,
        embedded_modes=raw.get("embedded_modes") or {},
        future_aux=frozenset(raw.get("future_aux") or ()),
        future_frames=frozenset(raw.get("future_frames") or ()),
        persons=frozenset(raw.get("persons") or ()),
        weapons=frozenset(raw.get("weapons") or ()),
        protest_agents=frozenset(raw.get("protest_agents") or ()),
        context_cues={k: frozenset(v) for k, v in (raw.get("context_cues") or {}).items()},
    )
