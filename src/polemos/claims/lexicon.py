"""The cue lexicons of the claims stage, loaded once from ``polemos/data/claims/cues.yaml``."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from polemos.errors import DATA_HINT, PolemosError
from polemos.words import word_class

__all__ = ["Cues", "load_cues"]

_FILE = "cues.yaml"
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "claims"


@dataclass(frozen=True)
class Cues:
    reporting_verbs: frozenset[str]
    denial_verbs: frozenset[str]
    claim_anaphors: frozenset[str]
    perception_verbs: frozenset[str]
    reporter_words: frozenset[str]
    news_agencies: frozenset[str]
    evidence_sources: frozenset[str]
    unconfirmed: re.Pattern[str]
    disclaimer_subjects: frozenset[str]
    conditional_single: frozenset[str]  # one-word conditional subordinators
    conditional_multi: tuple[tuple[str, ...], ...]  # multi-word ones, as lower-case word tuples
    conditional_firsts: frozenset[str]  # first words of the multi-word ones
    inversion_auxes: frozenset[str]
    hypothetical_modals: frozenset[str]
    hypothetical_words: frozenset[str]
    future_auxes: frozenset[str]
    intention_verbs: frozenset[str]
    intention_adjectives: frozenset[str]
    speech_act_types: frozenset[str]
    background_marks: frozenset[str]
    support_verbs: frozenset[str]
    quote_verbs: frozenset[str]
    denial_predicates: frozenset[str]
    preparation_verbs: frozenset[str]
    aspectual_verbs: frozenset[str]
    deliberation_verbs: frozenset[str]
    commissive_verbs: frozenset[str]
    plan_nouns: frozenset[str]
    confirm_verbs: frozenset[str]
    evaluative_verbs: frozenset[str]
    irrealis_nouns: frozenset[str]

    @property
    def speech_verbs(self) -> frozenset[str]:
        return self.reporting_verbs | self.denial_verbs


def _words(data: dict[str, Any], key: str) -> frozenset[str]:
    try:
        return frozenset(str(w).lower() for w in data[key])
    except (KeyError, TypeError) as exc:
        raise PolemosError(
            "E020", f"the claims cue file {_FILE} lacks the list '{key}'", DATA_HINT
        ) from exc


def _phrase_pattern(phrases: frozenset[str]) -> re.Pattern[str]:
    alternatives = sorted((re.escape(p) for p in phrases), key=len, reverse=True)
    return re.compile(r"(?<![\w'])(?:" + "|".join(alternatives) + r")(?![\w'])", re.IGNORECASE)


@functools.cache
def load_cues() -> Cues:
    """Read the cue lexicons (cached: the file is read once per process)."""
    text = (DATA_DIR / _FILE).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise PolemosError("E020", f"the claims cue file {_FILE} is not a YAML mapping", DATA_HINT)
    conditionals = _words(data, "conditional_marks")
    return Cues(
        reporting_verbs=_words(data, "reporting_verbs") | word_class("speech_verbs") | word_class("assertion_verbs"),
        denial_verbs=word_class("denial_verbs"),
        claim_anaphors=_words(data, "claim_anaphors"),
        perception_verbs=_words(data, "perception_verbs"),
        reporter_words=_words(data, "reporter_words"),
        news_agencies=_words(data, "news_agencies"),
        evidence_sources=_words(data, "evidence_sources"),
        unconfirmed=_phrase_pattern(_words(data, "unconfirmed_phrases")),
        disclaimer_subjects=_words(data, "disclaimer_subjects"),
        conditional_single=frozenset(c for c in conditionals if " " not in c),
        conditional_multi=tuple(tuple(c.split()) for c in conditionals if " " in c),
        conditional_firsts=frozenset(c.split()[0] for c in conditionals if " " in c),
        inversion_auxes=_words(data, "inversion_auxes"),
        hypothetical_modals=_words(data, "hypothetical_modals"),
        hypothetical_words=_words(data, "hypothetical_words"),
        future_auxes=_words(data, "future_auxes"),
        intention_verbs=_words(data, "intention_verbs"),
        intention_adjectives=_words(data, "intention_adjectives"),
        speech_act_types=frozenset(str(t).upper() for t in data["speech_act_types"]),
        background_marks=_words(data, "background_marks"),
        support_verbs=_words(data, "support_verbs"),
        quote_verbs=_words(data, "quote_verbs"),
        denial_predicates=_words(data, "denial_predicates"),
        preparation_verbs=_words(data, "preparation_verbs"),
        aspectual_verbs=_words(data, "aspectual_verbs"),
        deliberation_verbs=_words(data, "deliberation_verbs"),
        commissive_verbs=_words(data, "commissive_verbs"),
        plan_nouns=_words(data, "plan_nouns"),
        confirm_verbs=_words(data, "confirm_verbs"),
        evaluative_verbs=_words(data, "evaluative_verbs"),
        irrealis_nouns=_words(data, "irrealis_nouns"),
    )
