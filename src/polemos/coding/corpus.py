"""The own event training corpus (``polemos/data/train/events_*.jsonl``, format in its README), loaded and checked.

Each record's annotated strings (trigger, source, target, place, claimant) are turned into character spans of the
record's text (first occurrence). A record that breaks the format raises ``PolemosError`` E610 naming the file, the
line and what is wrong, so a bad edit to the corpus fails loudly instead of training on garbage.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

from polemos.coding.ontology import PLOVER_TYPES, load_ontology
from polemos.errors import PolemosError
from polemos.records import Span

__all__ = ["STATUSES", "STYLES", "SPLITS", "TrainEvent", "TrainRecord", "load_corpus", "corpus_files"]

STATUSES = frozenset({"reported", "claimed", "disputed", "unconfirmed", "hypothetical", "planned", "denied"})
STYLES = frozenset({"wire", "headline", "acled", "ngo", "official"})
SPLITS = frozenset({"train", "dev"})
ROLES = ("source", "target", "place", "claimant")


@dataclass(frozen=True)
class TrainEvent:
    type: str
    mode: str | None
    trigger: Span
    source: Span | None
    target: Span | None
    place: Span | None
    status: str
    claimant: Span | None


@dataclass(frozen=True)
class TrainRecord:
    id: str
    split: str
    conflict: str
    style: str
    text: str
    events: tuple[TrainEvent, ...]


def corpus_files() -> list[Any]:
    folder = resources.files("polemos") / "data" / "train"
    return sorted((f for f in folder.iterdir() if f.name.startswith("events_") and f.name.endswith(".jsonl")),
                  key=lambda f: f.name)


def load_corpus(split: str | None = None) -> list[TrainRecord]:
    """Every record of every corpus file (or those of one split), checked; ids are unique across files."""
    modes = {t: set(v.get("modes") or {}) for t, v in load_ontology().types.items()}
    seen: dict[str, str] = {}
    out: list[TrainRecord] = []
    for f in corpus_files():
        for where, raw in _lines(f):
            rec = _record(where, raw, modes)
            if rec.id in seen:
                raise _bad(where, f"id {rec.id!r} is already used at {seen[rec.id]}")
            seen[rec.id] = where
            if split is None or rec.split == split:
                out.append(rec)
    return out


def _lines(f: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    with f.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"data/train/{f.name}:{n}"
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as e:
                raise _bad(where, f"not JSON ({e.msg})") from e
            if not isinstance(raw, dict):
                raise _bad(where, "a record must be a JSON object")
            yield where, raw


def _record(where: str, raw: dict[str, Any], modes: dict[str, set[str]]) -> TrainRecord:
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise _bad(where, "'text' must be a non-empty string")
    for key, allowed in (("split", SPLITS), ("style", STYLES)):
        if raw.get(key) not in allowed:
            raise _bad(where, f"'{key}' is {raw.get(key)!r}; expected one of {sorted(allowed)}")
    events = raw.get("events")
    if not isinstance(events, list):
        raise _bad(where, "'events' must be a list ([] for a sentence with no event)")
    return TrainRecord(
        id=str(raw.get("id") or ""), split=raw["split"], conflict=str(raw.get("conflict") or ""),
        style=raw["style"], text=text, events=tuple(_event(where, text, e, modes) for e in events),
    )


def _event(where: str, text: str, e: Any, modes: dict[str, set[str]]) -> TrainEvent:
    if not isinstance(e, dict):
        raise _bad(where, "each event must be a JSON object")
    etype, mode, status = e.get("type"), e.get("mode"), e.get("status")
    if etype not in PLOVER_TYPES:
        raise _bad(where, f"event type {etype!r} is not one of the 16 PLOVER types")
    if mode is not None and mode not in modes.get(etype, set()):
        raise _bad(where, f"mode {mode!r} is not a mode of {etype} in data/plover/ontology.yaml")
    if status not in STATUSES:
        raise _bad(where, f"status {status!r}; expected one of {sorted(STATUSES)}")
    trigger = _span(where, text, e, "trigger")
    if trigger is None:
        raise _bad(where, f"a {etype} event needs a trigger")
    spans = {r: _span(where, text, e, r) for r in ROLES}
    return TrainEvent(type=etype, mode=mode, trigger=trigger, status=status, **spans)


def _span(where: str, text: str, e: dict[str, Any], role: str) -> Span | None:
    value = e.get(role)
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise _bad(where, f"'{role}' must be a string or null")
    at = text.find(value)
    if at < 0:
        raise _bad(where, f"'{role}' {value!r} does not occur in the text")
    return Span(at, at + len(value), value)


def _bad(where: str, what: str) -> PolemosError:
    return PolemosError("E610", f"{where}: {what}", "fix the record (format: polemos/data/train/README.md)")
