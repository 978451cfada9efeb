"""Country adjectives in context: "Armenian officials" (group), "Russian involvement" (the state),
"the Azeri president" (the office holder), "ethnic Armenians" (civilians), "pro-Russian separatists"."""

from __future__ import annotations

from polemos.actors._state import Acc, State
from polemos.actors.kb import Lexicon, normalize
from polemos.nlp import Token

__all__ = ["demonym", "group_acc", "bare_groups"]

_MODIFIER_DEPS = ("amod", "compound", "nmod", "npadvmod", "nummod", "poss")


def _head_noun(r: State, start: int, end: int) -> int | None:
    found = _proper_group(r, end)
    if found is not None:
        return found
    return _dep_head(r, end)


def _proper_group(r: State, end: int) -> int | None:
    """A capitalised group name right after the adjective: "Turkish Air Force", "Turkish General Staff"."""
    toks = r.toks
    words: list[str] = []
    found = None
    for k in range(end, min(len(toks), end + r.lex.max_group_words)):
        if not toks[k].text[:1].isupper():
            break
        words.append(toks[k].text.lower())
        if " ".join(words) in r.lex.group_nouns:
            found = k
    return found


def _dep_head(r: State, end: int) -> int | None:
    toks = r.toks
    h = toks[end - 1]
    while h.dep == "conj" and h.head < h.i:
        h = toks[h.head]
    if h.dep in _MODIFIER_DEPS and h.head > end - 1 and toks[h.head].pos in ("NOUN", "PROPN"):
        if h.head - end < 6 and all(t.sent == h.sent for t in toks[end : h.head + 1]):
            return h.head
    # fall back to the words that follow: "Armenian officials" mis-parsed
    words = []
    for k in range(end, min(len(toks), end + r.lex.max_group_words)):
        words.append(toks[k].text.lower())
        phrase = " ".join(words)
        if (phrase in r.lex.group_nouns or phrase in r.lex.state_nouns) and toks[k].pos == "NOUN":
            return k
    return None


def _located_in(r: State, noun: int) -> str | None:
    """"separatists in eastern Ukraine" -> UKR."""
    toks = r.toks
    if noun + 1 >= len(toks) or toks[noun + 1].text.lower() != "in":
        return None
    for m in r.matches:
        if noun + 2 <= m.start <= noun + 4 and toks[m.start].sent == toks[noun].sent:
            state = r.state_of(m)
            if state and "name" in m.forms:
                return r.kb.entries[state].country
    return None


def group_acc(r: State, name: str, country: str | None, sector: str, head: str, kind: str = "group") -> Acc:
    key = f"{kind}:{country}:{sector}:{head}"
    acc = r.acc.get(key)
    if acc is None:
        acc = r.acc[key] = Acc(key, name, kind, country, sector)
    return acc


def demonym(r: State, start: int, end: int, state_key: str | None) -> None:
    toks, lex, kb = r.toks, r.lex, r.kb
    country = kb.entries[state_key].country if state_key else None
    adj = kb.demonym_of.get(state_key, r.span_text(start, end)) if state_key else r.span_text(start, end)
    negated = r.negated(start)
    first = start - 2 if negated else start
    if negated:
        country, adj = None, r.span_text(first, end)
    # 1. part of a person's title: "Azeri President Ilham Aliyev" (the person stage used it)
    person_starts = {s for s, _, _ in r.person_mentions}
    j = end
    while j < len(toks) and j - end < 4 and (toks[j].text in lex.titles or normalize(toks[j].text) in lex.role_nouns):
        j += 1
    proper = _proper_group(r, end)
    if proper is not None and proper + 1 > j:
        j = proper + 1  # "Turkish General Staff statement" is a body; "Azeri President Ilham Aliyev" a title
    name_next = j in person_starts or (j < len(toks) and toks[j].pos == "PROPN" and toks[j].text[:1].isupper())
    if j > end and name_next:
        return  # a title before a name: the person stage decides
    # 1b. "Bosnian Serbs", "Iraqi Kurds": a people qualified by a state -> civilians of that state
    follower = toks[end] if end < len(toks) else None
    if (follower is not None and country and not negated and follower.text.endswith("s")
            and follower.pos in ("NOUN", "PROPN") and (follower.i in r.country_tokens or follower.text in lex.ethnic)):
        r.mention(group_acc(r, r.span_text(start, end + 1), country, "CVL", "people"), start, end + 1)
        r.taken.add(end)
        return
    ethnic = start > 0 and toks[start - 1].text.lower() == "ethnic"
    # 2. an office holder: "the Azeri president"
    if country and not negated:
        held = r.role_holder(country, end)
        if held:
            entry, role_end = held
            r.mention(r.kb_acc(entry), first, role_end)
            return
    noun = _head_noun(r, start, end)
    if noun is not None:
        if r.person_tokens() & set(range(end, noun + 1)):
            return
        if any(end <= mm.start <= noun and "capital" in mm.forms for mm in r.matches):
            return  # "Armenia's Moscow embassy": keep the city a place for the geocoder
        nxt = noun + 1  # "Russian fighter jets" with "jets" mis-tagged: extend to a longer group noun
        if nxt < len(toks) and normalize(r.span_text(noun, nxt + 1)) in lex.group_nouns:
            noun = nxt
        words = [t.text.lower() for t in toks[end : noun + 1]]
        k0 = next((k for k in range(len(words)) if " ".join(words[k:]) in lex.group_nouns), len(words))
        sector = lex.group_nouns.get(" ".join(words[k0:])) or lex.group_nouns.get(toks[noun].lemma.lower())
        for w in words[: min(k0, len(words) - 1)]:  # "intelligence officials", "opposition forces": the modifier decides
            mod = lex.group_nouns.get(w)
            if sector == "GOV" and mod not in (None, "GOV", "CVL"):
                sector = mod
                break
            if sector == "MIL" and mod in ("REB", "OPP"):
                sector = "REB"
                break
        if sector:
            head = normalize(toks[noun].text)
            if country and not negated and head in lex.government_nouns and toks[noun].tag in ("NN", "NNP"):
                r.mention(r.kb_acc(kb.entries[kb.government_key(country)]), first, noun + 1)
                return
            if country is None or ethnic:  # "ethnic Albanian guerrillas in Serbia" -> SRB
                country = _located_in(r, noun) or country
            rest = [t.text for t in toks[end : noun + 1] if t.i == noun or (
                t.dep != "cc" and t.i not in r.country_tokens and not (t.dep == "conj" and t.pos == "ADJ")
                and t.pos not in ("PART", "PUNCT"))]
            name = " ".join([adj, *rest])
            proper = all(t.text[:1].isupper() for t in toks[end : noun + 1])  # "Turkish Air Force": a named body
            acc = group_acc(r, name, country, sector, toks[noun].lemma.lower(), "organization" if proper else "group")
            r.mention(acc, first, noun + 1, take=(first, end))
            return
    d = toks[end - 1]
    # 3. the adjective is the noun: "ethnic Armenians", "the Kurds", "an Israeli was wounded"
    if noun is None and d.pos in ("NOUN", "PROPN") and d.dep not in _MODIFIER_DEPS and not negated and (
            d.text.endswith("s") or (start > 0 and toks[start - 1].text.lower() in ("a", "an", "one", "two"))):
        name = r.span_text(start, end)
        if ethnic:
            country = _located_in(r, end - 1) or country
        r.mention(group_acc(r, name, country, "CVL", "people"), start, end)
        return
    # 4. any other use of a state adjective refers to the state ("Russian involvement", "an Australian ship")
    if state_key and not negated:
        r.mention(r.kb_acc(kb.entries[state_key]), start, end)


_AGENT_DEPS = ("nsubj", "nsubjpass")
# "fired on protesters", "an attack on civilians", "clashes between soldiers and rebels", "fighting with police"
_PATIENT_PREPS = frozenset({"on", "against", "at", "upon", "between", "with", "among"})
_COLLECTIVE = frozenset({"police", "military", "army"})  # singular in form, a group in sense
_INSTITUTIONS = frozenset({"hospital", "clinic", "school", "university", "college", "church", "mosque", "bank",
                           "company", "firm", "embassy", "newspaper", "television", "radio", "airline", "court",
                           "prison", "port", "market", "station"})


def _in_role(r: State, t: Token) -> bool:
    """Does the noun (or the first conjunct of its coordination) act or get acted on in its clause?"""
    toks = r.toks
    k = t
    if k.dep == "compound" and toks[k.head].pos == "NOUN" and k.head > k.i:
        k = toks[k.head]  # "an army post", "a police station": the group the facility belongs to
    while k.dep == "conj" and k.head != k.i:
        k = toks[k.head]
    prep = toks[k.head].text.lower() if k.dep == "pobj" else ""
    return k.dep in _AGENT_DEPS or k.dep == "dobj" or prep == "by" or prep in _PATIENT_PREPS


def bare_groups(r: State) -> None:
    """Group nouns without a country that act or are acted on in the sentence: "protesters stormed ...", "gunmen
    killed ...", "... killing six civilians", "police fired on demonstrators", "a guard was shot".

    Subjects, "by" agents, direct objects, objects of on/against/at/between/with, and their conjuncts become actors
    (so events get their victims as targets); the sector comes from lexicon.yaml's group nouns, else from the agent
    nouns of agents.tsv (PETRARCH-2); a singular noun needs a determiner or number ("a guard", "the government").
    Country from "in <State>" after the noun, else null."""
    toks, lex = r.toks, r.lex
    for t in toks:
        first = t.i == r.parse.sents[t.sent].token_start
        if t.i in r.taken or not (t.pos == "NOUN" or (first and t.pos == "PROPN")) \
                or not (t.text.islower() or (first and t.text[1:].islower())):
            continue
        if not _in_role(r, t):
            continue
        start = t.i  # take compound/adjective modifiers that form a known group phrase ("security forces")
        while start > 0 and toks[start - 1].head == t.i and toks[start - 1].dep in ("compound", "amod") \
                and _sector_of(lex, normalize(r.span_text(start - 1, t.i + 1)), "") is not None:
            start -= 1
        if any(i in r.taken for i in range(start, t.i + 1)):
            continue
        mods = [c for c in toks[max(0, t.i - 5) : t.i] if c.head == t.i]
        if any(c.dep == "poss" or (c.dep in ("amod", "compound") and c.i in r.taken) for c in mods):
            continue  # "Armenian officials" is made by the adjective; "its troops" belongs to a named actor
        phrase = normalize(r.span_text(start, t.i + 1))
        sector = _sector_of(lex, phrase, t.lemma.lower())
        if sector is None:
            continue
        if t.tag not in ("NNS", "NNPS") and phrase not in _COLLECTIVE and (t.lemma.lower() in _INSTITUTIONS or (
                t.dep != "compound" and not any(c.dep in ("det", "nummod") for c in mods))):
            continue  # "a farmer", "the government" act; "the hospital" is a building more often than an actor
        if phrase in lex.equipment or t.lemma.lower() in lex.equipment or t.text.lower() in lex.equipment:
            continue
        country = _located_in(r, t.i) or _np_country(r, t.i)
        r.mention(group_acc(r, phrase, country, sector, t.lemma.lower()), start, t.i + 1)


def _np_country(r: State, noun: int) -> str | None:
    """The country of a state named inside the noun's own phrase ("villagers of a town in northern Syria")."""
    toks = r.toks
    for m in r.matches:
        if m.start <= noun or toks[m.start].sent != toks[noun].sent:
            continue
        k, hops = m.start, 0
        while k != noun and toks[k].head != k and hops < 8:
            k, hops = toks[k].head, hops + 1
        state = r.state_of(m) if k == noun and "name" in m.forms else None
        if state:
            return r.kb.entries[state].country
    return None


def _sector_of(lex: Lexicon, phrase: str, lemma: str) -> str | None:
    return (lex.group_nouns.get(phrase) or lex.group_nouns.get(lemma)
            or lex.agent_nouns.get(phrase) or lex.agent_nouns.get(lemma))
