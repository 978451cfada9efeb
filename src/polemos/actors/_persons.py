"""Persons: names with a role in the text, surname and pronoun coreference."""

from __future__ import annotations

from dataclasses import dataclass

from polemos.actors._match import is_name_token
from polemos.actors._state import Acc, State
from polemos.actors.kb import normalize
from polemos.words import word_class

__all__ = ["PersonInfo", "describe_person", "unknown_persons", "surname_mentions", "pronouns"]

_SPEECH = word_class("speech_verbs") | word_class("assertion_verbs") | word_class("denial_verbs")
_LEADS = frozenset({"leader", "head", "chief", "commander", "member", "founder", "spokesman", "spokeswoman",
                    "spokesperson", "chairman", "fighter", "commanders", "leaders", "members"})
_DETS = frozenset({"a", "an", "the"})
_STATE_SECTORS = frozenset({"GOV", "MIL", "JUD", "LEG", "COP", "SPY"})
_PLACE_VERBS = word_class("place_verbs")
_PARTICLES = frozenset({"al", "el", "de", "bin", "ibn", "von", "van", "der", "-"})


@dataclass(frozen=True, slots=True)
class PersonInfo:
    office: str | None
    country: str | None
    sector: str | None
    affiliated: bool = False  # the role names an organisation (its country, if any, is the person's)


def _subtree(r: State, root: int) -> tuple[int, int]:
    toks = r.toks
    sent = r.parse.sents[toks[root].sent]
    lo = hi = root
    for t in toks[sent.token_start : sent.token_end]:
        h, steps = t, 0
        while h.i != root and h.head != h.i and steps < 50:
            h, steps = toks[h.head], steps + 1
        if h.i == root:
            lo, hi = min(lo, t.i), max(hi, t.i)
    return lo, hi + 1


def _role_after(r: State, s: int, t: int) -> tuple[int, int] | None:
    toks = r.toks
    for i in range(s, t):
        for c in toks[t : min(len(toks), t + 30)]:
            if c.head == i and c.dep == "appos" and c.sent == toks[i].sent:
                lo, hi = _subtree(r, c.i)
                return max(lo, t), hi
    if t + 1 < len(toks) and toks[t].text == ",":
        j = t + 1
        while j < len(toks) and toks[j].sent == toks[t].sent and toks[j].text not in (",", ".", ";", '"'):
            if toks[j].pos in ("VERB", "AUX"):
                return None
            j += 1
        if j > t + 1 and _role_sector(r, t + 1, j):
            return t + 1, j
    return None


def _role_before(r: State, s: int) -> tuple[int, int] | None:
    toks, lex = r.toks, r.lex
    if s >= 2 and toks[s - 1].text == "," and normalize(toks[s - 2].text) in lex.role_nouns:
        # "The African Union's envoy, Olusegun Obasanjo,"
        b = s - 2
        while b > 0 and toks[b - 1].sent == toks[s].sent and toks[b - 1].pos in ("DET", "PROPN", "NOUN", "ADJ", "PART"):
            b -= 1
        return b, s - 1
    b = s
    while b > 0 and s - b < 7:  # "U.S. Secretary of State", "Lebanon's new President"
        p = toks[b - 1]
        joiner = p.text.lower() in ("of", "'s", "-", "for") and b - 2 >= 0 and toks[b - 2].pos in ("PROPN", "NOUN", "ADJ")
        if p.sent != toks[s].sent or (p.pos not in ("NOUN", "PROPN", "ADJ") and not joiner) or (
                b - 1) in r.person_tokens():
            break
        b -= 1
    while b < s and toks[b].text.lower() in ("of", "'s", "-", "for"):
        b += 1
    if b == s:
        return None
    words = [t.text for t in toks[b:s]]
    if any(w in lex.titles or normalize(w) in lex.role_nouns for w in words):
        return b, s
    return None


def _role_sector(r: State, lo: int, hi: int) -> str | None:
    lex = r.lex
    for m in r.matches:  # "UN envoy", "Jaish al-Islam spokesman": a role in an IGO or an armed group
        if m.start < hi and m.end > lo:
            for a in m.aliases:
                e = r.kb.entries[a.key]
                if e.sector == "IGO" or (e.kind == "armed_group" and e.sector):
                    return e.sector
    words = [t.text.lower() for t in r.toks[lo:hi]]
    for i, w in enumerate(words):  # "leader of <group>" takes the group's sector
        if w in _LEADS and i + 1 < len(words) and words[i + 1] == "of":
            for k in range(i + 2, len(words)):
                for n in range(lex.max_group_words, 0, -1):
                    phrase = " ".join(words[k : k + n])
                    if phrase in lex.group_nouns and lex.group_nouns[phrase] not in ("CVL",):
                        return lex.group_nouns[phrase]
    best: tuple[int, str] | None = None
    for i in range(len(words)):
        for n in range(min(lex.max_role_words, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + n])
            if phrase in lex.role_nouns and (best is None or n > best[0]):
                best = (n, lex.role_nouns[phrase])
                break
    if best:
        return best[1]
    for t in r.toks[lo:hi]:
        if t.text in lex.titles:
            return lex.titles[t.text]
    return None


def _role_country(r: State, lo: int, hi: int) -> str | None:
    for m in r.matches:
        if m.start < hi and m.end > lo:
            if r.negated(m.start):
                continue
            for a in m.aliases:
                e = r.kb.entries[a.key]
                if e.kind != "person" and e.country and a.form != "capital":  # "based in Bamako" is a place
                    return e.country
    return None


def describe_person(r: State, s: int, t: int) -> PersonInfo:
    """Office, country and sector of a person named at tokens [s, t) from the apposition or title."""
    span = _role_after(r, s, t) or _role_before(r, s)
    if span is None:
        return PersonInfo(None, None, None)
    lo, hi = span
    while lo < hi and r.toks[lo].text.lower() in _DETS:
        lo += 1
    while hi > lo and r.toks[hi - 1].pos == "PUNCT":
        hi -= 1
    if lo >= hi:
        return PersonInfo(None, None, None)
    sector = _role_sector(r, lo, hi)
    if sector is None and not any(t.pos == "NOUN" for t in r.toks[lo:hi]):
        return PersonInfo(None, None, None)  # "David Davis, Oliver Letwin and Tim Yeo": a list, not a role
    office = " ".join(r.span_text(lo, hi).split())
    affiliated = any(m.start < hi and m.end > lo and r.kb.entries[a.key].kind in ("organization", "armed_group")
                     for m in r.matches for a in m.aliases)
    return PersonInfo(office, _role_country(r, lo, hi), sector, affiliated)


def _evidence(r: State, s: int, t: int, strict: bool = False) -> bool:
    toks = r.toks
    after = _role_after(r, s, t)
    if _role_before(r, s) or (after and _role_sector(r, *after)):
        return True
    if strict:
        return False
    h = toks[t - 1]
    if t < len(toks) and toks[t].lemma.lower() in _SPEECH and toks[t].pos == "VERB":
        return True
    return h.dep in ("nsubj",) and toks[h.head].lemma.lower() in _SPEECH


def _place_syntax(r: State, s: int, t: int) -> bool:
    """A name used like a place: after a locative preposition, or the object of a preposition or verb."""
    toks = r.toks
    if s > 1 and toks[s - 1].text.lower() == "to" and toks[s - 2].text.lower() == "according":
        return False
    if t < len(toks) and toks[t].lemma.lower() in _SPEECH and toks[t].pos == "VERB":
        return False  # "... Vasik Harak told Anadolu": a speaker, whatever the parse says
    if s > 0 and toks[s - 1].text.lower() in r.lex.locative_preps:
        return True
    h = toks[t - 1]
    while h.dep in ("compound", "flat") and s <= h.head < t:
        h = toks[h.head]
    head = toks[h.head]
    if h.dep == "pobj" and head.text.lower() in r.lex.locative_preps and not (
            head.text.lower() == "to" and head.head != head.i and toks[head.head].text.lower() == "according"):
        return True
    return h.dep == "dobj" and head.lemma.lower() in _PLACE_VERBS


def _sentence_country(r: State, s: int) -> str | None:
    """"President Abdelaziz Bouteflika ... Algeria": the one state the sentence names, if only one."""
    sent = r.toks[s].sent
    found = set()
    for m in r.matches:
        if r.toks[m.start].sent != sent or r.negated(m.start):
            continue
        for a in m.aliases:
            e = r.kb.entries[a.key]
            if e.kind == "state" and e.country:
                found.add(e.country)
    return found.pop() if len(found) == 1 else None


def _armed_group(r: State, s: int, t: int) -> None:

    name = " ".join(r.span_text(s, t).split())
    key = f"armed_group:{normalize(name)}"
    acc = r.acc.get(key)
    if acc is None:
        acc = r.acc[key] = Acc(key, name, "armed_group", None, "REB")
    r.mention(acc, s, t)


def unknown_persons(r: State) -> None:

    for e in r.parse.ents:
        if e.label not in ("PERSON", "ORG", "GPE", "NORP"):
            continue
        s, t = e.token_start, e.token_end
        if r.toks[t - 1].text in r.lex.org_heads:
            continue
        while s < t and r.toks[s].text in r.lex.titles:
            s += 1
        if s >= t or any(i in r.taken for i in range(s, t)):
            continue
        toks = r.toks[s:t]
        if not all(is_name_token(x) for x in toks):
            continue
        if toks[0].text in r.lex.place_prefixes:
            continue  # "Khan Sheikhoun", "Jisr al-Shughour"
        if toks[0].text in r.lex.armed_group_prefixes and t - s > 1:
            _armed_group(r, s, t)
            continue
        words = [x for x in toks if x.text.lower() not in _PARTICLES]
        if any(a for x in words for a in r.kb.lookup(x.text) if r.kb.entries[a.key].kind != "person"):
            continue  # "Yerevan", "Azerbaijani" tagged PERSON
        strict = e.label != "PERSON" or _place_syntax(r, s, t)
        if (len(words) < 2 or strict) and not _evidence(r, s, t, strict=strict):
            continue
        nxt = next((x for x in r.toks[t : t + 3] if x.pos != "PUNCT"), None)
        if len(words) < 2 and nxt is not None and nxt.i in r.person_tokens():
            continue  # "(Russian President Vladimir) Putin": a first name before a known person
        info = describe_person(r, s, t)
        if info.country is None and info.sector in _STATE_SECTORS and not info.affiliated:
            info = PersonInfo(info.office, _sentence_country(r, s), info.sector, info.affiliated)
        name = " ".join(r.span_text(s, t).split())
        key = f"person:{normalize(name)}"
        acc = r.acc.get(key)
        if acc is None:
            acc = r.acc[key] = Acc(key, name, "person", info.country, info.sector, info.office)
        r.mention(acc, s, t)


def surname_mentions(r: State) -> None:
    """Later "Razoux" for an earlier "Pierre Razoux" (whatever NER label it got)."""
    by_surname: dict[str, Acc] = {}
    for acc in r.acc.values():
        if acc.kind == "person" and not acc.stable and len(acc.name.split()) > 1:
            by_surname.setdefault(acc.name.split()[-1], acc)
    if not by_surname:
        return
    for t in r.toks:
        found = by_surname.get(t.text)
        if found is not None and t.i not in r.taken:
            r.mention(found, t.i, t.i + 1)


def pronouns(r: State) -> None:
    """"he"/"she" -> the nearest preceding person mention within the last sentences."""
    if not r.person_mentions:
        return
    ordered = sorted(r.person_mentions)
    for t in r.toks:
        if t.text.lower() not in r.lex.pronouns or t.tag != "PRP" or t.i in r.taken:
            continue
        prior = [pm for pm in ordered if pm[1] <= t.i and r.toks[pm[0]].sent >= t.sent - _PRONOUN_WINDOW]
        if prior:
            r.mention(r.acc[prior[-1][2]], t.i, t.i + 1)


_PRONOUN_WINDOW = 2
