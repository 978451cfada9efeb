"""The mood rules of ``data/claims/moods.yaml``: what the words around an event's clause say about its mood.

A rule is data (dependency labels, a cue word list, the mood it gives); the few things a rule can ask of the
parse beyond that are named predicates here: ``SCOPES`` (which words of the anchor's path a rule applies to) and
``TESTS`` (extra conditions). ``modality.mood_of`` walks the path and applies the rules; loading checks that each
rule names known deps' predicates and word lists, so a typo fails at load (E020) instead of silently never firing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from polemos.claims.lexicon import DATA_DIR, Cues
from polemos.claims.syntax import has_child
from polemos.datafile import read_mapping
from polemos.errors import DATA_HINT, PolemosError
from polemos.nlp import Parse, Token

__all__ = ["Step", "Rule", "MoodRules", "SCOPES", "TESTS", "load_moods"]

_FILE = "moods.yaml"


@dataclass(frozen=True)
class Step:
    """One word of the path from the anchor up: what the rules' scopes look at."""

    k: int  # 0 = the anchor itself
    tok: Token
    prev: Token  # the word the path came from (the anchor itself at k = 0)
    noun: bool  # the anchor is a noun (a nominal event)
    own: bool  # this word carries the event's own verb (the first verb of the path, not a reporting one)
    through: bool  # reached from an xcomp of an aspectual/intention verb ("will keep hitting", "will try to")
    prev_aspectual: bool  # the word the path came from is an aspectual verb reached by xcomp


SCOPES: dict[str, Callable[[Step], bool]] = {
    "any": lambda s: True,
    "own": lambda s: s.own,
    "own_or_above_verb_event": lambda s: s.own or (s.k > 0 and not s.noun),
    "own_or_through": lambda s: s.own or s.through or (s.k > 0 and s.prev_aspectual),
    "verb_event": lambda s: not s.noun,
    "noun_event": lambda s: s.noun,
}


def _perfect(parse: Parse, step: Step, c: Token) -> bool:
    return any(g.dep == "aux" and g.lemma.lower() == "have" for g in parse.children(step.tok.i))


def _lower_case_or_first(parse: Parse, step: Step, c: Token) -> bool:
    return c.text.islower() or c.i == parse.sents[c.sent].token_start  # "may", not the month in "21 May"


TESTS: dict[str, Callable[[Parse, Step, Token], bool]] = {
    "perfect": _perfect,
    "lower_case_or_first": _lower_case_or_first,
}


@dataclass(frozen=True)
class Rule:
    name: str
    mood: str | None = None
    negates: bool = False
    dep: frozenset[str] = frozenset()  # the child's dependency label (children, clauses rules)
    via: frozenset[str] = frozenset()  # the dependency the path arrived by ("prep:for": a prep whose word is "for")
    pos: frozenset[str] = frozenset()
    words: str | None = None  # a word-list field of claims.lexicon.Cues
    match: str = "lemma"  # lemma | text | text_or_lemma
    except_: frozenset[str] = frozenset()
    marks: frozenset[str] = frozenset()  # clauses: a `mark` child among these words
    scope: str = "any"
    requires: tuple[str, ...] = ()

    def word_ok(self, cues: Cues, tok: Token) -> bool:
        if self.words is None:
            return True
        text = tok.text.lower()
        if text in self.except_:
            return False
        vocab: frozenset[str] = getattr(cues, self.words)
        if self.match == "text":
            return text in vocab
        if self.match == "text_or_lemma":
            return text in vocab or tok.lemma.lower() in vocab
        return tok.lemma.lower() in vocab

    def via_ok(self, prev: Token) -> bool:
        if not self.via:
            return True
        return prev.dep in self.via or (prev.dep == "prep" and f"prep:{prev.text.lower()}" in self.via)

    def fires(self, parse: Parse, cues: Cues, step: Step, tok: Token) -> bool:
        """Does the rule fire on ``tok`` (the path word for governors and clauses, a child for children)?"""
        return ((not self.dep or tok.dep in self.dep) and (not self.pos or tok.pos in self.pos)
                and self.via_ok(step.prev) and SCOPES[self.scope](step) and self.word_ok(cues, tok)
                and all(TESTS[t](parse, step, tok) for t in self.requires)
                and (not self.marks or has_child(parse, tok.i, ("mark",), self.marks) is not None))


@dataclass(frozen=True)
class MoodRules:
    governors: tuple[Rule, ...]
    children: tuple[Rule, ...]
    clauses: tuple[Rule, ...]
    outcomes: dict[str, str]


def _rule(path: str, section: str, raw: Any, cue_lists: frozenset[str]) -> Rule:
    where = f"{path}: {section} rule {raw.get('name', '?') if isinstance(raw, dict) else raw!r}"
    if not isinstance(raw, dict) or "name" not in raw:
        raise PolemosError("E020", f"{where} is not a mapping with a name", DATA_HINT)
    known = {f.name.rstrip("_") for f in fields(Rule)} | {"example"}
    if unknown := sorted(set(raw) - known):
        raise PolemosError("E020", f"{where}: unknown keys {unknown}", DATA_HINT)
    rule = Rule(
        name=str(raw["name"]), mood=raw.get("mood"), negates=bool(raw.get("negates", False)),
        dep=frozenset(raw.get("dep", ())), via=frozenset(raw.get("via", ())), pos=frozenset(raw.get("pos", ())),
        words=raw.get("words"), match=str(raw.get("match", "lemma")), except_=frozenset(raw.get("except", ())),
        marks=frozenset(raw.get("marks", ())), scope=str(raw.get("scope", "any")),
        requires=tuple(raw.get("requires", ())))
    bad = [f"words {rule.words!r}"] if rule.words is not None and rule.words not in cue_lists else []
    bad += [f"scope {rule.scope!r}"] if rule.scope not in SCOPES else []
    bad += [f"test {t!r}" for t in rule.requires if t not in TESTS]
    bad += [f"match {rule.match!r}"] if rule.match not in ("lemma", "text", "text_or_lemma") else []
    bad += ["neither a mood nor negates"] if rule.mood is None and not rule.negates else []
    if bad:
        raise PolemosError("E020", f"{where}: {', '.join(bad)}", DATA_HINT)
    return rule


@functools.cache
def load_moods() -> MoodRules:
    """Read and check ``data/claims/moods.yaml`` (cached: once per process)."""
    path = DATA_DIR / _FILE
    data = read_mapping(path, "the mood rules (governors, children, clauses, outcomes)")
    cue_lists = frozenset(f.name for f in fields(Cues) if f.type in ("frozenset[str]",))
    sections = {s: tuple(_rule(str(path), s, r, cue_lists) for r in data.get(s) or ())
                for s in ("governors", "children", "clauses")}
    names = [r.name for rules in sections.values() for r in rules]
    if len(set(names)) != len(names):
        raise PolemosError("E020", f"{path}: a rule name is used twice", DATA_HINT)
    return MoodRules(**sections, outcomes={str(k): str(v) for k, v in (data.get("outcomes") or {}).items()})
