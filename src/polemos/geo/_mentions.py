"""Find toponym mentions in an article: capitalised name chains matched against the gazetteer.

spaCy NER is only a hint here. A name is a candidate place if the gazetteer knows it; the sentence then decides:
organisation heads ("Chatham House"), titles and person names ("President Vladimir Putin"), actor spans of
organisations and persons, demonyms and common words all veto it; prepositions, verbs and heads say how a name
is used ("a flight from Moscow" is a place, "Moscow is determined" is the Russian government).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from polemos.geo._build import CITY, COUNTRY, F_CURATED, REGION
from polemos.geo._vetoes import CONNECTOR_PREFIX, NON_PLACE_ACTORS, Candidate, first_veto, load_rules
from polemos.geo.gazetteer import Gazetteer
from polemos.nlp import Entity, Parse, Token
from polemos.records import Actor

__all__ = ["Mention", "find_mentions"]

_WORD = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_][\w'’\-]*[\w]|[^\W\d_]")
_CONNECTORS = frozenset({"al", "el", "ad", "as", "ash", "ar", "an", "az", "ez", "es", "ed", "de", "del", "la", "le",
                         "di", "da", "du", "of", "bin", "ibn", "um", "umm", "and"})
_MAX_WORDS = 6
_ARTICLES = frozenset({"the", "a", "an"})
_OWNER = re.compile(r"([A-Z][\w\-]+(?: [A-Z][\w\-]+){0,2})['’]s $")
_COPULAS = frozenset({"be", "become", "remain", "lie", "sit", "stand", "border", "host", "house"})
_DISTANCE_WORDS = frozenset({"miles", "mile", "km", "kilometres", "kilometers", "kilometre", "kilometer", "outskirts",
                             "northwest", "northeast", "southwest", "southeast"})
_DATELINE_TAIL = re.compile(r"(?:/[A-Z]+)*\s*(?:\(|:|—|–|-|,)")  # "MOSCOW (Sputnik)", "KYIV, March 6", "BAKU:"
_PERSONISH = frozenset({"PERSON"})


@dataclass
class Mention:
    start: int
    end: int
    text: str
    candidates: list[tuple[int, bool]]
    sent: int
    label: str = ""  # spaCy entity label over the span, if any
    locative: bool = False  # a preposition/verb/head makes it a location
    actor_use: bool = False  # syntax says the name stands for an actor (metonymy)
    admin_cue: bool = False  # "... region/province/oblast"
    settlement_cue: bool = False  # "the town of ..."
    person_hint: bool = False  # spaCy or the actors list call this exact span a person
    state_actor: bool = False  # the actors list has a state actor on exactly this span
    dateline: bool = False
    owner_cc: str = ""  # "Burkina Faso's Sahel region": the ISO2 of the country named just before, possessive


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    text: str

    @property
    def lower(self) -> str:
        return self.text.lower()

    def capitalised(self) -> bool:
        return self.text[:1].isupper() or bool(CONNECTOR_PREFIX.match(self.text))


def _words(text: str) -> list[_Word]:
    out = []
    for m in _WORD.finditer(text):
        s, e = m.start(), m.end()
        w = m.group()
        if w.endswith(("'s", "’s")) and e - s > 2:
            e -= 2
        elif w.endswith(("'", "’")) and e - s > 1:
            e -= 1
        out.append(_Word(s, e, text[s:e]))
    return out


def _chains(text: str, words: list[_Word]) -> list[list[int]]:
    """Runs of capitalised words separated by single spaces (connectors allowed inside)."""
    chains: list[list[int]] = []
    cur: list[int] = []
    for i, w in enumerate(words):
        joined = bool(cur) and text[words[cur[-1]].end : w.start] in (" ",)
        if w.capitalised() and (joined or not cur):
            cur.append(i)
        elif w.capitalised():
            chains.append(cur)
            cur = [i]
        elif cur and joined and w.lower in _CONNECTORS:
            cur.append(i)
        else:
            if cur:
                chains.append(cur)
            cur = []
    if cur:
        chains.append(cur)
    out = []
    for c in chains:  # no trailing connectors
        while c and not words[c[-1]].capitalised():
            c.pop()
        if c:
            out.append(c)
    return out


class _Finder:
    def __init__(self, text: str, parse: Parse, actors: list[Actor], gaz: Gazetteer, dateline: str | None,
                 demonyms: frozenset[str]) -> None:
        self.text, self.parse, self.gaz, self.cues = text, parse, gaz, gaz.cues
        self.demonyms = demonyms
        self.titles = frozenset(t.rstrip(".") for t in self.cues.titles)
        self.words = _words(text)
        self.rules = load_rules()
        self.tok_at = {t.start: t for t in parse.tokens}
        self._ent_ends = [e.end for e in parse.ents]
        self.actor_spans = [(m.start, m.end, a) for a in actors for m in a.mentions]
        self.dateline_end = -1
        if dateline:
            pos = text.find(dateline) if dateline in text[:2000] else -1
            self.dateline_end = pos + len(dateline) if pos >= 0 else -1

    def token(self, w: _Word) -> Token | None:
        return self.tok_at.get(w.start)

    def ent_over(self, start: int, end: int) -> Entity | None:
        ents = self.parse.ents  # sorted by offset
        k = bisect.bisect_left(self._ent_ends, start + 1)
        while k < len(ents) and ents[k].start < end:
            if start < ents[k].end:
                return ents[k]
            k += 1
        return None

    def run(self) -> list[Mention]:
        out: list[Mention] = []
        for chain in _chains(self.text, self.words):
            i = 0
            while i < len(chain):
                hit = None
                for j in range(min(len(chain), i + _MAX_WORDS), i, -1):
                    if not self.words[chain[j - 1]].capitalised():
                        continue
                    s, e = self.words[chain[i]].start, self.words[chain[j - 1]].end
                    cands = self.gaz.lookup(self.text[s:e])
                    if cands:
                        hit = (j, s, e, cands)
                        break
                if hit is None:
                    i += 1
                    continue
                j, s, e = hit[0], hit[1], hit[2]
                m = self.judge(chain, i, j, s, e, hit[3])
                if m is not None:
                    out.append(m)
                i = j
        return out

    def _extend(self, wi: int, wj: int, s: int, e: int, cands: list[tuple[int, bool]]) -> tuple[int, int, int, int,
                                                                                            list[tuple[int, bool]]]:
        """Grow a match over lower-case words that belong to the name ("Lachin corridor", "occupied West Bank")."""
        for k in (3, 2, 1):
            if wj + k <= len(self.words):
                e2 = self.words[wj + k - 1].end
                if re.fullmatch(r"[\w \-'’]+", self.text[e:e2]) and (c := self.gaz.lookup(self.text[s:e2])):
                    return wi, wj + k, s, e2, c
        if wi > 0 and self.text[self.words[wi - 1].end : s] == " " and self.words[wi - 1].lower not in _ARTICLES:
            s2 = self.words[wi - 1].start
            c = self.gaz.lookup(self.text[s2:e])
            if c and all(int(self.gaz.kind[i]) == REGION or int(self.gaz.flags[i]) & F_CURATED for i, _ in c):
                return wi - 1, wj, s2, e, c  # "occupied West Bank", "central Sahel" (curated names only)
        return wi, wj, s, e, cands

    def judge(self, chain: list[int], i: int, j: int, s: int, e: int,
              cands: list[tuple[int, bool]]) -> Mention | None:
        """The mention of the match ``chain[i:j]`` (chars ``s:e``), or None when a veto rule says it is no place."""
        words = self.words
        wi, wj = chain[i], chain[j - 1] + 1  # word range [wi, wj)
        base_never = self.text[s:e].lower() in self.cues.never_places
        wi, wj, s, e, cands = self._extend(wi, wj, s, e, cands)
        after = [words[k] for k in chain if k >= wj]
        nxt = words[wj] if wj < len(words) else None
        c = Candidate(
            surface=self.text[s:e], start=s, end=e, wi=wi, wj=wj, chain_end=chain[-1], cands=cands,
            base_never=base_never, before=[words[k] for k in chain if k < wi], after=after,
            nxt=None if nxt is not None and nxt in after else nxt,
            prev_word=words[wi - 1].lower if wi > 0 else "", ent=self.ent_over(s, e))
        if first_veto(self, c, self.rules) is not None:
            return None
        ent = c.ent
        label = ent.label if ent is not None and ent.start <= s and e <= ent.end else ""
        surface = c.surface
        m = Mention(s, e, surface, cands, self._sent(s), label=label, owner_cc=self._owner(s))
        m.dateline = s < self.dateline_end or bool(
            surface.isupper() and len(surface) > 3 and _DATELINE_TAIL.match(self.text, e)
            and (s == 0 or self.text[s - 1] in "\n" or self.text[max(0, s - 2) : s].strip() in ("", ".", ")"))
        )
        for a_s, a_e, actor in self.actor_spans:
            if a_s < e and s < a_e and a_s >= s and a_e <= e:  # an actor on exactly this name
                if actor.kind in NON_PLACE_ACTORS:
                    m.person_hint = True
                elif actor.kind == "state":
                    m.state_actor = True
        if label in _PERSONISH:
            m.person_hint = True
        self._syntax(m, wi, wj)
        return m

    def _owner(self, s: int) -> str:
        """ISO2 of a country named in the possessive right before ``s`` ("Russia's Krasnodar region")."""
        m = _OWNER.search(self.text, max(0, s - 40), s)
        if not m:
            return ""
        for i, _ in self.gaz.lookup(m.group(1)):
            if int(self.gaz.kind[i]) == COUNTRY:
                return str(self.gaz.cc[i])
        return ""

    def in_name_list(self, s: int, e: int) -> bool:
        """Is the span an item of a comma-separated list of capitalised names most of which are not places?"""
        line_start = max(self.text.rfind("\n", max(0, s - 2000), s) + 1, s - 2000)
        line_end = self.text.find("\n", e, e + 2000)
        line_end = line_end if line_end >= 0 else min(len(self.text), e + 2000)
        sent_start = max(line_start, max(self.text.rfind(c, line_start, s) for c in ".;:") + 1)
        ends = [i for i in (self.text.find(c, e, line_end) for c in ".;:") if i >= 0]
        sent_end = min([line_end, *ends])
        items = [x.strip() for x in re.split(r",| and ", self.text[sent_start:sent_end])]
        names = [x for x in items if re.fullmatch(r"(?:[A-Z]\.? )?[A-Z][\w'’\-]+(?: [A-Z][\w'’\-]+)?", x)]
        if len(names) < 3 or len(names) < len(items) * 0.6:
            return False
        known = sum(1 for x in names if self.gaz.has(re.sub(r"^[A-Z]\.? ", "", x)))
        return known < len(names) * 0.6

    def big_place(self, name: str) -> bool:
        """A gazetteer name that is a country, a region or a city of 100,000+ (not a surname-like village)."""
        gaz = self.gaz
        return any(int(gaz.kind[i]) != CITY or int(gaz.pop[i]) >= 100_000 for i, _ in gaz.lookup(name))

    def _sent(self, char: int) -> int:
        tok = self.tok_at.get(char)
        if tok is not None:
            return tok.sent
        s = self.parse.sentence_of(char)
        return s.i if s is not None else 0

    def _syntax(self, m: Mention, wi: int, wj: int) -> None:
        cues, words = self.cues, self.words
        prev: list[str] = []  # the words right before the name, nearest first, with nothing but spaces between
        k, edge = wi - 1, m.start
        while k >= 0 and len(prev) < 3 and not self.text[words[k].end : edge].strip():
            prev.append(words[k].lower)
            edge = words[k].start
            k -= 1
        while prev and prev[0] in {"the", "a", "an"} | cues.directionals:
            prev = prev[1:]
        nxt = words[wj].lower if wj < len(words) and self.text[m.end : words[wj].start] == " " else ""
        if prev and prev[0] in cues.locative_prepositions:
            m.locative = True
        if prev[:1] == ["of"] and len(prev) > 1 and (
                prev[1] in cues.directionals or prev[1] in cues.locative_heads or prev[1] in _DISTANCE_WORDS):
            m.locative = True  # "west of Mokha", "outskirts of Kherson"
        if prev and (prev[0] in cues.settlement_words or
                     (prev[0] == "of" and len(prev) > 1 and prev[1] in cues.settlement_words)):
            m.settlement_cue = m.locative = True
        if nxt in cues.admin_suffixes or (prev[:1] == ["of"] and len(prev) > 1 and prev[1] in cues.admin_suffixes):
            m.admin_cue = m.locative = True
        if nxt in cues.locative_heads:
            m.locative = True
        tok = self.tok_at.get(m.start)
        if tok is None:
            return
        before = self.parse.tokens[tok.i - 1] if tok.i > 0 else None
        if before is not None and before.pos == "VERB" and before.lemma.lower() in cues.locative_verbs:
            m.locative = True  # "attacking Sderot and ...", whatever the parser made of the rest
        # the last token of the name carries the name's relation to the sentence
        last = tok
        for t in self.parse.tokens[tok.i : tok.i + 8]:
            if t.end <= m.end:
                last = t
        node = last
        while node.dep == "conj" and node.head != node.i:
            node = self.parse.tokens[node.head]
        head = self.parse.tokens[node.head]
        if node.dep == "pobj":
            governor = self.parse.tokens[head.head]
            if head.text.lower() == "between" and governor.lemma.lower() in cues.relation_words:
                m.actor_use, m.locative = True, False  # "mediate between Kinshasa and Kigali"
            elif head.text.lower() in cues.locative_prepositions:
                m.locative = True
            elif head.text.lower() in cues.actor_prepositions and not m.locative:
                m.actor_use = True
        elif node.dep in ("dobj", "obj") and head.lemma.lower() in cues.locative_verbs:
            m.locative = True
        elif node.dep == "poss" and head.text.lower() in cues.locative_heads:
            m.locative = True  # "Beirut's southern suburbs"
        elif node.dep in ("nsubj", "poss") and not m.locative and head.lemma.lower() not in _COPULAS:
            m.actor_use = True
        elif node.dep in ("compound", "nmod") and head.text.lower() in cues.locative_heads:
            m.locative = True


def find_mentions(text: str, parse: Parse, actors: list[Actor], gaz: Gazetteer, dateline: str | None = None,
                  demonyms: frozenset[str] = frozenset()) -> list[Mention]:
    """Toponym mentions of ``text`` (spans, gazetteer candidates and the cues of their sentence)."""
    return _Finder(text, parse, actors, gaz, dateline, demonyms).run()
