"""The PLOVER ontology and the CAMEO crosswalk, loaded from ``polemos/data/plover/`` (see its README)."""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from polemos.errors import DATA_HINT, PolemosError

__all__ = [
    "PLOVER_TYPES",
    "Ontology",
    "CameoRow",
    "load_ontology",
    "cameo_to_plover",
    "plover_to_cameo",
    "data_path",
]

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)


def data_path(name: str) -> Any:
    """A file of ``polemos/data/plover/``."""
    return resources.files("polemos") / "data" / "plover" / name


@dataclass(frozen=True)
class Ontology:
    types: dict[str, dict[str, Any]]  # type -> {quad, score, definition, modes: {mode: description}, ...}
    contexts: dict[str, str]
    context_aliases: dict[str, str]
    sectors: dict[str, str]
    nonstate_actor_codes: dict[str, str]

    def modes(self, event_type: str) -> dict[str, str]:
        return dict(self.types[event_type].get("modes") or {})

    def quad(self, event_type: str) -> int:
        return int(self.types[event_type]["quad"])

    def is_mode(self, event_type: str, mode: str | None) -> bool:
        return mode is None or mode in (self.types[event_type].get("modes") or {})

    def context(self, name: str) -> str | None:
        """The canonical context name (aliases resolved) or None if unknown."""
        name = self.context_aliases.get(name, name)
        return name if name in self.contexts else None


@functools.cache
def load_ontology() -> Ontology:
    with data_path("ontology.yaml").open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    types = raw["types"]
    missing = set(PLOVER_TYPES) - set(types)
    if missing:
        raise PolemosError("E020", f"polemos/data/plover/ontology.yaml lacks the PLOVER types {sorted(missing)}",
                           DATA_HINT)
    return Ontology(
        types=types,
        contexts=raw["contexts"],
        context_aliases=raw.get("context_aliases") or {},
        sectors=raw["sectors"],
        nonstate_actor_codes=raw["nonstate_actor_codes"],
    )


@dataclass(frozen=True)
class CameoRow:
    cameo_code: str
    cameo_name: str
    plover_type: str
    plover_mode: str | None
    plover_context: tuple[str, ...]
    quad_class: int
    goldstein_root: float


def _read_csv(name: str) -> list[dict[str, str]]:
    with data_path(name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def _row(r: dict[str, str], context: str = "") -> CameoRow:
    return CameoRow(
        cameo_code=r["cameo_code"],
        cameo_name=r["cameo_name"],
        plover_type=r["plover_type"],
        plover_mode=r["plover_mode"] or None,
        plover_context=tuple(c for c in context.split(";") if c),
        quad_class=int(r["quad_class"]),
        goldstein_root=float(r["goldstein_root"]),
    )


@functools.cache
def _cameo_table() -> dict[str, CameoRow]:
    return {r["cameo_code"]: _row(r, r["plover_context"]) for r in _read_csv("cameo_to_plover.csv")}


@functools.cache
def _reverse_table() -> dict[tuple[str, str], CameoRow]:
    return {(r["plover_type"], r["plover_mode"]): _row(r) for r in _read_csv("plover_to_cameo.csv")}


def cameo_to_plover(code: str) -> CameoRow | None:
    """The PLOVER type/mode/context of a CAMEO code (the longest known prefix: 0831 -> 083 -> 08 is not used)."""
    table = _cameo_table()
    code = code.strip()
    while len(code) >= 3:
        if code in table:
            return table[code]
        code = code[:-1]
    return None


def plover_to_cameo(event_type: str, mode: str | None = None) -> CameoRow:
    """A representative CAMEO code (with QuadClass and root Goldstein value) for a PLOVER type and mode."""
    table = _reverse_table()
    row = table.get((event_type, mode or "")) or table.get((event_type, ""))
    if row is None:
        raise KeyError(f"no CAMEO code for PLOVER type {event_type!r}: it is not one of {PLOVER_TYPES}")
    return row
