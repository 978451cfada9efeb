"""The relation and commitment cue tables (``data/relations/*.yaml``), loaded and checked once per process."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from polemos.datafile import read_mapping
from polemos.errors import DATA_HINT, PolemosError
from polemos.records import RELATION_TYPES

__all__ = ["TypeCues", "RelationCues", "CommitmentCues", "load_relation_cues", "load_commitment_cues", "DATA_DIR"]

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "relations"


@dataclass(frozen=True)
class TypeCues:
    name: str
    nouns: frozenset[str]  # lower-case phrases; the last word is matched on the lemma
    verbs: frozenset[str]
    compounds: frozenset[str]
    object_is_thing: bool
    things: frozenset[str]
    preps: frozenset[str]
    symmetric: bool
    needs_place: bool
    light_nouns: frozenset[str] = frozenset()
    reversed_verbs: frozenset[str] = frozenset()
    passive_source: bool = False


@dataclass(frozen=True)
class RelationCues:
    types: tuple[TypeCues, ...]
    obligations: tuple[tuple[str, tuple[str, ...]], ...]
    assessed_speakers: frozenset[str]
    assessed_words: tuple[str, ...]
    unconfirmed_words: tuple[str, ...]
    max_noun_words: int


@dataclass(frozen=True)
class CommitmentCues:
    conditionals: frozenset[str]
    inversions: frozenset[str]
    conditions: dict[str, str]  # lemma -> PLOVER type of a condition with no coded event
    exclusion_subjects: frozenset[str]
    exclusion_verbs: frozenset[str]
    negating_verbs: frozenset[str]
    red_lines: tuple[str, ...]
    responses: dict[str, str]  # lemma -> PLOVER type of the response
    supportive: frozenset[str]
    hostile: frozenset[str]
    likelihood: tuple[tuple[str, tuple[str, ...]], ...]
    collective_defence: frozenset[str] = frozenset()


def _read(name: str) -> dict[str, Any]:
    return read_mapping(DATA_DIR / name, "relation cues")


def _words(raw: Any, where: str) -> frozenset[str]:
    if raw is None:
        return frozenset()
    if not isinstance(raw, list) or not all(isinstance(w, str) for w in raw):
        raise PolemosError("E020", f"{where}: expected a list of words (quote on/off/yes/no)", DATA_HINT)
    return frozenset(" ".join(w.lower().split()) for w in raw)


@functools.cache
def load_relation_cues() -> RelationCues:
    data = _read("types.yaml")
    types = []
    for name, raw in (data.get("types") or {}).items():
        if name not in RELATION_TYPES:
            raise PolemosError("E020", f"types.yaml: unknown relation type {name!r} (records.RELATION_TYPES)",
                               DATA_HINT)
        where = f"types.yaml: {name}"
        types.append(TypeCues(
            name=name, nouns=_words(raw.get("nouns"), where), verbs=_words(raw.get("verbs"), where),
            compounds=_words(raw.get("compounds"), where), object_is_thing=raw.get("object") == "thing",
            things=_words(raw.get("things"), where), preps=_words(raw.get("preps"), where),
            symmetric=bool(raw.get("symmetric", False)), needs_place=bool(raw.get("needs_place", False)),
            light_nouns=_words(raw.get("light_nouns"), where), reversed_verbs=_words(raw.get("reversed_verbs"), where),
            passive_source=bool(raw.get("passive_source", False))))
    obligations = tuple((str(k), tuple(sorted(_words(v, "types.yaml: obligations"), key=len, reverse=True)))
                        for k, v in (data.get("obligations") or {}).items())
    nouns = [n for t in types for n in t.nouns]
    return RelationCues(
        types=tuple(types), obligations=obligations,
        assessed_speakers=_words(data.get("assessed_speakers"), "types.yaml: assessed_speakers"),
        assessed_words=tuple(_words(data.get("assessed_words"), "types.yaml: assessed_words")),
        unconfirmed_words=tuple(_words(data.get("unconfirmed_words"), "types.yaml: unconfirmed_words")),
        max_noun_words=max((len(n.split()) for n in nouns), default=1))


@functools.cache
def load_commitment_cues() -> CommitmentCues:
    data = _read("commitments.yaml")
    responses: dict[str, str] = {}
    for etype, lemmas in (data.get("responses") or {}).items():
        for lemma in _words(lemmas, f"commitments.yaml: responses.{etype}"):
            responses.setdefault(lemma, str(etype).upper())
    conditions: dict[str, str] = {}
    for etype, lemmas in (data.get("conditions") or {}).items():
        for lemma in _words(lemmas, f"commitments.yaml: conditions.{etype}"):
            conditions.setdefault(lemma, str(etype).upper())
    likelihood = tuple((str(k), tuple(sorted(_words(v, "commitments.yaml: likelihood"), key=len, reverse=True)))
                       for k, v in (data.get("likelihood") or {}).items())
    bad = [k for k, _ in likelihood if k not in ("certain", "likely", "possible", "unlikely")]
    if bad:
        raise PolemosError("E020", f"commitments.yaml: unknown likelihood {bad}", DATA_HINT)
    return CommitmentCues(
        conditionals=_words(data.get("conditionals"), "commitments.yaml: conditionals"),
        inversions=_words(data.get("inversions"), "commitments.yaml: inversions"), conditions=conditions,
        exclusion_subjects=_words(data.get("exclusion_subjects"), "commitments.yaml: exclusion_subjects"),
        exclusion_verbs=_words(data.get("exclusion_verbs"), "commitments.yaml: exclusion_verbs"),
        negating_verbs=_words(data.get("negating_verbs"), "commitments.yaml: negating_verbs"),
        red_lines=tuple(_words(data.get("red_lines"), "commitments.yaml: red_lines")),
        responses=responses,
        supportive=frozenset(w.upper() for w in _words(data.get("supportive_types"), "commitments.yaml")),
        hostile=frozenset(w.upper() for w in _words(data.get("hostile_types"), "commitments.yaml")),
        likelihood=likelihood,
        collective_defence=_words(data.get("collective_defence"), "commitments.yaml: collective_defence"))
