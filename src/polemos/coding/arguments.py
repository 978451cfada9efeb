"""Event arguments: actors and places from their mention spans, fatalities from the text."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from polemos.coding.syntax import Tree
from polemos.numbers import number_words
from polemos.records import Actor, Article, Place

__all__ = ["MentionIndex", "actor_index", "place_index", "main_place", "fatalities"]

PRONOUNS = frozenset({"he", "she", "it", "they", "his", "her", "its", "their", "we", "our", "him", "them"})
STATE_NOUNS = frozenset({"country", "nation", "government", "force", "army", "troop", "military", "state"})


@dataclass(frozen=True)
class MentionIndex:
    """Mention spans of actors or places: (start, end, id), sorted by start."""

    mentions: tuple[tuple[int, int, str], ...]

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, str]]:
        return [m for m in self.mentions if m[0] < end and start < m[1]]

    def in_tokens(self, tree: Tree, toks: list[int], head: int | None = None) -> list[str]:
        """Ids mentioned over tokens ``toks``; a mention covering ``head`` first, then by position."""
        if not toks:
            return []
        hits: list[tuple[int, int, str]] = []
        for i in toks:
            t = tree.tok(i)
            for m in self.overlapping(t.start, t.end):
                key = (0 if head is not None and m[0] < tree.tok(head).end and tree.tok(head).start < m[1] else 1,
                       m[0], m[2])
                hits.append(key)
        out: list[str] = []
        for _, _, ident in sorted(hits):
            if ident not in out:
                out.append(ident)
        return out

    def before(self, char: int, floor: int) -> str | None:
        """The id of the last mention that ends before ``char`` and starts at or after ``floor``."""
        best = None
        for m in self.mentions:
            if floor <= m[0] and m[1] <= char:
                best = m[2]
        return best


def actor_index(actors: list[Actor]) -> MentionIndex:
    return MentionIndex(tuple(sorted((m.start, m.end, a.id) for a in actors for m in a.mentions)))


def place_index(places: list[Place]) -> MentionIndex:
    return MentionIndex(tuple(sorted((m.start, m.end, p.id) for p in places for m in p.mentions)))


def resolve_pronoun(tree: Tree, toks: list[int], index: MentionIndex, actors: dict[str, Actor]) -> str | None:
    """An actor for a pronominal phrase (``his country's forces``): the last actor mentioned before it in the
    same or previous sentence; a person's own state when the phrase names a country or its forces."""
    pron = next((i for i in toks if tree.tok(i).text.lower() in PRONOUNS), None)
    if pron is None:
        return None
    t = tree.tok(pron)
    sent = tree.parse.sents[t.sent]
    floor = tree.parse.sents[t.sent - 1].start if t.sent > 0 else sent.start
    ident = _clause_subject_actor(tree, pron, index) if t.dep in ("nsubj", "nsubjpass") else None
    ident = ident or index.before(t.start, floor)
    if ident is None:
        return None
    actor = actors[ident]
    if actor.kind == "person" and actor.country and any(tree.tok(i).lemma.lower() in STATE_NOUNS for i in toks):
        for other in actors.values():
            if other.kind == "state" and other.country == actor.country:
                return other.id
    return ident


def _clause_subject_actor(tree: Tree, pron: int, index: MentionIndex) -> str | None:
    """For a subject pronoun, the actor of the subject of the clause it hangs from ("Russia is X though it ...")."""
    verb = tree.tok(pron).head
    k = verb
    for _ in range(4):
        t = tree.tok(k)
        if t.head == k or t.dep not in ("advcl", "ccomp", "conj", "xcomp", "relcl"):
            return None
        k = t.head
        subs = tree.children(k, "nsubj", "nsubjpass")
        if subs and subs[0].pos != "PRON":
            ids = index.in_tokens(tree, tree.subtree(subs[0].i), subs[0].i)
            if ids:
                return ids[0]
    return None


def main_place(article: Article, places: list[Place]) -> str | None:
    """The article's main place: one named in the dateline, else the most mentioned (earliest on ties)."""
    if not places:
        return None
    if article.dateline:
        at = article.text.find(article.dateline)
        if at >= 0:
            for p in places:
                if any(at <= m.start < at + len(article.dateline) for m in p.mentions):
                    return p.id
    counts = Counter({p.id: len(p.mentions) for p in places})
    first = {p.id: min((m.start for m in p.mentions), default=10**9) for p in places}
    return max(counts, key=lambda k: (counts[k], -first[k]))


_NUMBER_WORDS = {**number_words(), "a dozen": 12}
_NUM = r"(\d{1,3}(?:,\d{3})+|\d+|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_QUANT = r"(?:at least |as many as |more than |over |some |about |around |nearly |almost |up to |an estimated )?"
_VICTIM = r"(?:[\w-]+ ){0,3}?(?:people|persons|civilians|soldiers|troops|servicemen|policemen|police officers|" \
    r"officers|militants|rebels|fighters|insurgents|children|women|men|villagers|protesters|demonstrators|" \
    r"students|workers|members|others|guards|pilgrims|worshippers|passengers|residents|migrants|refugees|" \
    r"personnel|bystanders|farmers|gunmen|attackers|assailants|jihadists|terrorists|[A-Z]\w+s)"
_FATALITY_PATTERNS = [
    re.compile(r"\b(?:killing|killed|kills|kill|massacred|massacring|slaying|slew|leaving) " + _QUANT + _NUM
               + r"\b(?! (?:wounded|injured|hurt)\b)", re.I),
    re.compile(r"\b" + _QUANT + _NUM + r" " + _VICTIM + r"\b,? (?:were |have been |had been |was |are |being )?"
               r"(?:reported |confirmed |feared )?(?:killed|dead|died|slain|massacred|executed|lost their lives)",
               re.I),
    re.compile(r"\b" + _QUANT + _NUM + r" (?:people |persons )?(?:dead|killed|deaths|fatalities)\b", re.I),
    re.compile(r"\bdeath toll (?:\w+ ){0,3}?(?:to|of|at|reached|stood at|rose to) " + _QUANT + _NUM, re.I),
]


def _number(text: str) -> int | None:
    text = text.lower().strip()
    if text in _NUMBER_WORDS:
        return _NUMBER_WORDS[text]
    digits = text.replace(",", "")
    return int(digits) if digits.isdigit() else None


def fatalities(text: str) -> int | None:
    """Deaths stated in ``text`` ("killing 6 civilians", "at least 12 dead", "death toll rose to 30")."""
    best: int | None = None
    for pat in _FATALITY_PATTERNS:
        for m in pat.finditer(text):
            n = _number(m.group(1))
            if n is not None and n < 10**6 and not _is_year(m.group(1)):
                best = max(best or 0, n)
    return best


def _is_year(token: str) -> bool:
    return token.isdigit() and len(token) == 4 and token.startswith(("19", "20"))
