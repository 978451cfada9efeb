"""Veto rules: when a capitalised name the gazetteer knows is *not* a place mention.

Each rule is a named predicate over a :class:`Candidate` (the name, its chain of capitalised words, the sentence
around it). Which rules run, and in which order, is data: ``data/geo/rules/vetoes.yaml`` lists them with what each
catches and an example; the finder asks :func:`first_veto` and drops the name when a rule fires. A rule listed
there and not defined here (or defined and not listed) fails at load with E020, so the two cannot drift.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import yaml

from polemos.errors import DATA_HINT, PolemosError
from polemos.geo._build import CITY, COUNTRY, DATA_DIR
from polemos.nlp import Entity

if TYPE_CHECKING:
    from polemos.geo._mentions import _Finder, _Word

__all__ = ["Candidate", "VETOES", "first_veto", "load_rules", "CONNECTOR_PREFIX", "NON_PLACE_ACTORS"]

_FUNCTION_POS = frozenset({"ADP", "DET", "CCONJ", "SCONJ", "PRON", "AUX", "PART", "ADV", "INTJ", "NUM"})
CONNECTOR_PREFIX = re.compile(r"^(?:al|el|ad|as|ash|ar|an|at|az|ez|es|ed|en|er|et)-[A-Z]")
NON_PLACE_ACTORS = frozenset({"organization", "armed_group", "person", "group"})
_ORGISH = frozenset({"ORG", "PERSON", "WORK_OF_ART", "PRODUCT", "LAW", "EVENT", "NORP"})
_POSSESSIVE_NAME = re.compile(r"['’]s ([A-Z]\w+)")


@dataclass(frozen=True)
class Candidate:
    """A gazetteer match inside a chain of capitalised words, with what the rules look at around it."""

    surface: str
    start: int
    end: int
    wi: int  # word range [wi, wj), after growing the match over words that belong to the name
    wj: int
    chain_end: int  # index of the chain's last word
    cands: list[tuple[int, bool]]
    base_never: bool  # the name as first matched, before growing, is a never-place word
    before: list[_Word]  # chain words before / after the match
    after: list[_Word]
    nxt: _Word | None  # the word right after the match, when it is not part of the chain
    prev_word: str  # lower-case word right before the match ("" at the start of the text)
    ent: Entity | None  # a spaCy entity overlapping the match

    def has_country(self, f: _Finder) -> bool:
        return any(int(f.gaz.kind[i]) == COUNTRY for i, _ in self.cands)


Rule = Callable[["_Finder", Candidate], bool]


def _never_place_head(f: _Finder, c: Candidate) -> bool:
    return c.base_never and (c.surface.lower() in f.cues.never_places
                             or any(int(f.gaz.kind[i]) == CITY for i, _ in c.cands))


def _common_word(f: _Finder, c: Candidate) -> bool:
    never, suffixes = f.cues.never_places, f.cues.place_suffixes
    return c.surface in f.demonyms or c.surface.lower() in never or all(
        w.lower in never and w.lower not in suffixes for w in f.words[c.wi:c.wj])


def _function_word(f: _Finder, c: Candidate) -> bool:
    tok0 = f.token(f.words[c.wi]) if c.wj - c.wi == 1 else None
    return tok0 is not None and tok0.pos in _FUNCTION_POS and c.ent is None


def _organisation_chain(f: _Finder, c: Candidate) -> bool:
    cues = f.cues
    tail = [w.lower for w in c.after]
    if c.after and c.chain_end + 1 < len(f.words):
        tail.append(f.words[c.chain_end + 1].lower)
    if not any(t in cues.org_heads and t not in cues.place_suffixes for t in tail[: len(c.after) + 1]):
        return False
    return not (c.nxt is not None and c.nxt.lower in cues.place_suffixes and not c.after)


def _possessive_organisation(f: _Finder, c: Candidate) -> bool:
    poss = _POSSESSIVE_NAME.match(f.text[c.end : c.end + 40])
    return bool(poss and poss.group(1).lower() in f.cues.org_heads)


def _name_goes_on(f: _Finder, c: Candidate) -> bool:
    return bool(c.after and CONNECTOR_PREFIX.match(c.after[0].text))


def _title_before(f: _Finder, c: Candidate) -> bool:
    if c.before:
        return c.before[-1].lower.rstrip(".") in f.titles
    return (c.wi > 0 and c.prev_word.rstrip(".") in f.titles
            and f.text[f.words[c.wi - 1].end : c.start] == " ")


def _neutral_neighbour(f: _Finder, w: _Word) -> bool:
    """Words next to a name that say nothing about it being a person's name."""
    cues = f.cues
    low = w.lower
    return (("-" in w.text and w.text.rsplit("-", 1)[1][:1].islower())
            or low in cues.directionals or low in cues.place_suffixes or f.big_place(w.text)
            or low in cues.org_heads or w.text in f.demonyms or low in cues.never_places
            or low in cues.locative_prepositions or low in cues.actor_prepositions
            or (w.text.endswith("s") and f.big_place(w.text[:-1])))  # "Syrias Idlib" (lost apostrophe)


def _proper_noun_neighbour(f: _Finder, c: Candidate) -> bool:
    after_ok = c.prev_word in f.cues.locative_prepositions or c.prev_word == "of"  # "a native of Kazakhstan Abu"
    for w in c.before[-1:] + ([] if after_ok else c.after[:1]):
        if _neutral_neighbour(f, w):
            continue
        tok = f.token(w)
        if tok is not None and tok.pos == "PROPN" and not w.text.isupper():
            return True
    return False


def _inside_entity(f: _Finder, c: Candidate) -> bool:
    ent = c.ent
    if ent is None or ent.label not in _ORGISH or not (ent.start < c.start or ent.end > c.end):
        return False
    cues = f.cues
    extra = f.text[ent.start : c.start] + " " + f.text[c.end : ent.end]
    is_list = bool(re.search(r",| and | or ", ent.text))  # "Kadugli and Dilling" tagged as one entity
    if any(w in cues.locative_prepositions and w not in ("of", "in", "on") for w in extra.lower().split()):
        return False  # "Goma towards Walikale" tagged as one ORG: not a name
    for raw in extra.split():
        w = raw.strip(",.;:")
        if not w[:1].isupper() or w.isupper():
            continue
        low = w.lower()
        if low in cues.directionals or low in cues.never_places or low in cues.place_suffixes:
            continue
        if is_list and f.gaz.has(w):
            continue
        if ent.label != "PERSON" and f.big_place(re.sub(r"['’]s$", "", w)):
            continue  # "Myanmar's Kachin State"; but "Victoria Nuland" stays a person
        return True
    return False


def _name_list(f: _Finder, c: Candidate) -> bool:
    return f.in_name_list(c.start, c.end) and not c.has_country(f)


def _inside_actor(f: _Finder, c: Candidate) -> bool:
    for a_s, a_e, actor in f.actor_spans:
        if a_s < c.end and c.start < a_e and (a_s < c.start or a_e > c.end) and actor.kind in NON_PLACE_ACTORS:
            if actor.kind in ("group", "armed_group") and c.has_country(f):
                continue  # "US forces", "Myanmar junta": the country is still named
            return True
    return False


VETOES: dict[str, Rule] = {
    "never_place_head": _never_place_head,
    "common_word": _common_word,
    "function_word": _function_word,
    "organisation_chain": _organisation_chain,
    "possessive_organisation": _possessive_organisation,
    "name_goes_on": _name_goes_on,
    "title_before": _title_before,
    "proper_noun_neighbour": _proper_noun_neighbour,
    "inside_entity": _inside_entity,
    "name_list": _name_list,
    "inside_actor": _inside_actor,
}


@functools.cache
def load_rules() -> tuple[str, ...]:
    """The enabled veto rules of ``data/geo/rules/vetoes.yaml``, in their order (read once per process)."""
    path = DATA_DIR / "rules" / "vetoes.yaml"
    try:
        with open(path, encoding="utf-8") as f:
            raw = yaml.safe_load(f)
    except (OSError, yaml.YAMLError) as exc:
        raise PolemosError("E020", f"{path}: cannot read the veto rules ({exc})", DATA_HINT) from exc
    rules = raw.get("rules") if isinstance(raw, dict) else None
    if not isinstance(rules, list) or not all(isinstance(r, dict) and "name" in r for r in rules):
        raise PolemosError("E020", f"{path}: expected `rules:` as a list of {{name, catches, example}}", DATA_HINT)
    names = [str(r["name"]) for r in rules]
    unknown = sorted(set(names) - set(VETOES))
    unlisted = sorted(set(VETOES) - set(names))
    if unknown or unlisted or len(set(names)) != len(names):
        raise PolemosError("E020", f"{path}: rules not defined in polemos.geo._vetoes {unknown}, defined rules not "
                           f"listed {unlisted}, or a rule listed twice", DATA_HINT)
    return tuple(str(r["name"]) for r in rules if r.get("enabled", True))


def first_veto(f: _Finder, c: Candidate, rules: tuple[str, ...]) -> str | None:
    """The name of the first rule that vetoes ``c`` as a place mention, or None."""
    for name in rules:
        if VETOES[name](f, c):
            return name
    return None
