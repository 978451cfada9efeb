"""Relations from the parse: a cue word of ``data/relations/types.yaml`` and the actors its syntax links.

A cue is a verb ("Turkey backs Azerbaijan", "Russia sells weapons to Baku"), a noun ("Russia, which has a defence
pact with Armenia", "Russia is Armenia's main arms supplier", "NATO member Turkey", "Turkey's support for
Azerbaijan") or the second half of a hyphenated modifier ("Iran-backed militias", "the Russia-led bloc"). Its
source and target are the actors whose mentions lie in the syntactic slots (subject, object, possessor, the
object of with/to/of/for, the noun a modifier belongs to); a pronoun or relative pronoun is resolved to the actor
before it. The sentence around the cue decides the status: denied (disputed), an observer's view (assessed),
hedged (unconfirmed), else reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from polemos.coding.arguments import MentionIndex, resolve_pronoun
from polemos.coding.syntax import Tree
from polemos.nlp import Token
from polemos.records import Actor, Relation, Span, content_id
from polemos.relations._cues import RelationCues, TypeCues

__all__ = ["Found", "find_relations", "make_relation"]

_LIGHT_VERBS = frozenset({"have", "keep", "maintain", "sign", "conclude", "hold", "operate", "run", "open", "build",
                          "seek", "forge", "form", "enter", "establish", "deepen", "strengthen", "be", "remain",
                          "become", "provide", "offer", "give", "step", "lend", "receive"})
_TARGET_PREPS = frozenset({"with", "to", "of", "for", "between", "in", "among"})
_PLACE_PREPS = frozenset({"in", "at", "near", "on", "inside", "outside"})
_MODALS = frozenset({"would", "could", "might", "may", "will", "shall", "should"})
_MUTUAL = ("each other", "one another", "mutual", "the other's", "defend the other", "aid of the other")
_TALKS = frozenset({"talk", "talks", "negotiation", "negotiations", "meeting", "summit", "dialogue", "round"})
_RECEIVE = frozenset({"have", "enjoy", "receive", "win", "get", "gain", "secure", "obtain"})
_MILITARY = frozenset({"troop", "soldier", "force", "unit", "marine", "jet", "aircraft", "warship", "battalion",
                       "brigade", "contingent", "base", "system", "battery", "missile"})
_PRONOUNS = frozenset({"its", "their", "it", "they", "them", "his", "her"})
_NONAGGRESSION = ("not to use force", "not use force", "not to attack", "never attack", "not attack")
_ASSISTANCE = ("assistance", "aid", "help", "defend", "defence", "defense", "protect")
_ORG_NOUNS = frozenset({"bloc", "alliance", "organisation", "organization", "coalition", "union", "pact", "group",
                        "grouping", "block"})


@dataclass(frozen=True)
class Found:
    """A relation before ids: the cue's type, the two actor ids, the place id, evidence offsets."""

    type: str
    source: str | None
    target: str | None
    place: str | None
    start: int
    end: int
    cue: int  # token index of the cue


class _Finder:
    def __init__(self, tree: Tree, cues: RelationCues, actors: MentionIndex, by_id: dict[str, Actor],
                 places: MentionIndex, place_states: dict[str, str]) -> None:
        self.tree, self.cues, self.actors, self.by_id, self.places = tree, cues, actors, by_id, places
        self.place_states = place_states  # place id -> the state actor of its country, when the article has one
        self.states = {a.country: a.id for a in by_id.values() if a.kind == "state" and a.country}

    # -- slots ----------------------------------------------------------------------------------------------
    def actor_in(self, toks: list[int], head: int | None, exclude: set[str]) -> str | None:
        ids = [i for i in self.actors.in_tokens(self.tree, toks, head) if i not in exclude]
        if head is not None and self.tree.tok(head).lemma.lower() in _ORG_NOUNS and (
                not ids or self.by_id[ids[0]].kind not in ("organization", "armed_group")):
            org = self._last_org(self.tree.tok(head).start,  # "the Russia-led bloc": the organisation named before
                                 "armed_group" if self.tree.tok(head).lemma.lower() == "group" else "organization")
            if org is not None and org not in exclude:
                return org
        if ids:
            return ids[0]
        pron = next((k for k in toks if self.tree.tok(k).text.lower() in _PRONOUNS), None)
        if pron is not None and exclude:  # "Beijing is its main arms supplier": not Beijing itself
            return self._antecedent(self.tree.tok(pron).start, exclude)
        found = resolve_pronoun(self.tree, toks, self.actors, self.by_id) if toks else None
        return found if found not in exclude else None

    def _antecedent(self, char: int, exclude: set[str]) -> str | None:
        tree = self.tree
        sent = tree.parse.sentence_of(char)
        floor = tree.parse.sents[max(0, sent.i - 1)].start if sent is not None else 0
        countries = {self.by_id[x].country for x in exclude if self.by_id[x].country}
        for s, _e, ident in reversed(self.actors.mentions):
            if floor <= s < char and ident not in exclude and self.by_id[ident].country not in countries:
                return ident
        return None

    def conj_actors(self, head: int | None, first: str | None, exclude: set[str]) -> list[str]:
        """The actor of ``head`` and of each name coordinated with it ("Egypt, the UAE and Russia support ...")."""
        out = [first] if first else []
        if head is None:
            return out
        stack = [c.i for c in self.tree.children(head, "conj")]
        while stack:
            k = stack.pop(0)
            a = self.actor_in(self.np(k), k, exclude | set(out))
            if a is not None and a not in out:
                out.append(a)
            stack += [c.i for c in self.tree.children(k, "conj")]
        return out

    def np(self, i: int) -> list[int]:
        return self.tree.subtree(i, frozenset({"relcl", "acl", "punct", "appos"}))

    def subject(self, v: int) -> tuple[list[int], int | None, bool]:
        s, passive = self.tree.subject(v)
        return (self.np(s.i), s.i, passive) if s is not None else ([], None, passive)

    def prep_obj(self, i: int, preps: frozenset[str]) -> list[Token]:
        return self.tree.prep_objects(i, preps)

    def place_in(self, toks: list[int]) -> str | None:
        hits = self.places.in_tokens(self.tree, toks)
        return hits[0] if hits else None

    # -- cues -----------------------------------------------------------------------------------------------
    def noun_cue(self, i: int) -> tuple[TypeCues, int] | None:
        """The type of a noun cue ending at token ``i`` (matched on its lemma), and where the phrase starts."""
        toks = self.tree.parse.tokens
        for n in range(self.cues.max_noun_words, 0, -1):
            start = i - n + 1
            if start < 0 or toks[start].sent != toks[i].sent:
                continue
            words = [t.text.lower() for t in toks[start:i]] + [toks[i].lemma.lower()]
            phrases = {" ".join(words), " ".join([*words[:-1], toks[i].text.lower()])}
            for tc in self.cues.types:
                if phrases & tc.nouns:
                    return tc, start
                if n == 1 and phrases & tc.light_nouns and toks[i].dep == "dobj" \
                        and toks[toks[i].head].lemma.lower() in ("have", "keep", "maintain", "station", "retain"):
                    return tc, start
        return None

    def _mutual(self, sent: range) -> Iterator[Found]:
        """"Russia and North Korea agreed to give each other military assistance if ...": a defence pact."""
        toks = self.tree.parse.tokens
        low = self.tree.parse.text[toks[sent.start].start:toks[sent.stop - 1].end].lower()
        if not any(m in low for m in _MUTUAL) or not (any(w in low for w in _ASSISTANCE) or any(
                w in low for w in _NONAGGRESSION)):
            return
        alliance = next(tc for tc in self.cues.types if tc.name == "alliance")
        for i in sent:
            if toks[i].pos in ("VERB", "AUX") and (subj := self.tree.subject(i)[0]) is not None:
                conj = self.tree.children(subj.i, "conj")
                if conj:
                    a = self.actor_in([subj.i], subj.i, set())
                    b = self.actor_in(self.np(conj[0].i), conj[0].i, {a} if a else set())
                    yield from self._found(alliance, a, b, i)
                    return

    def relations(self, sent: range) -> Iterator[Found]:
        yield from self._mutual(sent)
        toks = self.tree.parse.tokens
        for i in sent:
            t = toks[i]
            lemma = t.lemma.lower()
            if t.pos in ("NOUN", "PROPN") and (hit := self.noun_cue(i)) is not None:
                yield from self._noun(hit[0], i, hit[1])
            elif t.pos == "VERB" and t.dep in ("amod", "compound") and i > 1 and toks[i - 1].text in ("-", "–"):
                yield from self._compound(t, lemma)
            elif t.pos == "VERB":
                for tc in self.cues.types:
                    if lemma in tc.verbs:
                        yield from self._verb(tc, t)

    def _found(self, tc: TypeCues, src: str | None, tgt: str | None, i: int,
               place: str | None = None) -> Iterator[Found]:
        if src is None and tgt is None:
            return
        if tc.needs_place and place is None:
            return
        if place == "host":  # the host country named as the subject stands for the place
            place = None
        if tc.name not in ("controls",) and (src is None or tgt is None):
            return
        a, b = self.by_id[src] if src else None, self.by_id[tgt] if tgt else None
        if tc.name == "hosts_base" and (a is None or not a.country or (b is not None and b.country == a.country)):
            return  # "the T4 air base in central Syria": a base, but nobody's abroad
        if tc.name == "member_of" and b is not None and b.kind != "organization":
            return  # "left the city", "joined the protesters": membership is of an organisation
        if tc.name in ("backs", "fights_for") and a is not None and b is not None and b.kind == "armed_group" \
                and a.kind in ("state", "group") and a.country and a.country != b.country:
            tc = self._type("sponsors")  # a state backing or fighting for a group
        elif tc.name == "sponsors" and b is not None and b.kind != "armed_group":
            tc = self._type("cooperates_with")  # "Russia has trained Iranian pilots": state forces are no proxy
        elif tc.name == "fights_for" and a is not None and b is not None and a.country and b.country \
                and b.country != a.country and (a.kind == "state" or (a.kind == "group" and a.sector == "MIL")):
            tc = self._type("backs")  # "Eritrean troops fought alongside federal forces": the state backs the state
            src = self.states.get(a.country, src)
            if b.kind == "group" and b.country in self.states:
                tgt = self.states[b.country]
        sent = self.tree.parse.sents[self.tree.tok(i).sent]
        yield Found(tc.name, src, tgt, place, sent.start, sent.end, i)

    def _type(self, name: str) -> TypeCues:
        return next(x for x in self.cues.types if x.name == name)

    def _verb(self, tc: TypeCues, t: Token) -> Iterator[Found]:
        if any(c.dep == "aux" and c.lemma.lower() in _MODALS for c in self.tree.children(t.i)):
            return  # "their troops would fight alongside ...": a conditional act, for the commitments
        src_toks, src_head, passive = self.subject(t.i)
        if t.lemma.lower() in tc.reversed_verbs and tc.object_is_thing and not passive:  # "buys arms from Russia"
            frm = self.prep_obj(t.i, frozenset({"from"}))
            if frm and any(self._is_thing(tc, o) for o in self.tree.children(t.i, "dobj")):
                tgt = self.actor_in(src_toks, src_head, set())
                for a in self.conj_actors(frm[0].i, self.actor_in(self.np(frm[0].i), frm[0].i, {tgt} if tgt else set()),
                                          {tgt} if tgt else set()):
                    yield from self._found(tc, a, tgt, t.i)
            return
        if t.lemma.lower() in tc.reversed_verbs and not passive:  # "Jordan hosts American troops"
            objs = self.tree.children(t.i, "dobj")
            if objs and objs[0].lemma.lower() in _TALKS:  # "Qatar has hosted talks between Kinshasa and the M23"
                yield from self._mediation(self._type("mediates"), t.i, self.actor_in(src_toks, src_head, set()))
                return
            if objs:
                tgt = self.actor_in(src_toks, src_head, set())
                src = self.actor_in(self.np(objs[0].i), objs[0].i, {tgt} if tgt else set())
                yield from self._found(tc, src, tgt, t.i, "host" if tgt else None)
            return
        if passive and tc.passive_source:  # "American troops are stationed in South Korea"
            subj_word = self.tree.tok(src_head).lemma.lower() if src_head is not None else ""
            if subj_word not in tc.light_nouns and subj_word not in _MILITARY:
                return  # "the company is based in London"
            locs = self.prep_obj(t.i, _PLACE_PREPS)
            place = self.place_in([k for p in locs for k in self.tree.subtree(p.i)])
            src = self.actor_in(src_toks, src_head, set())
            tgt = self._country_of_place(place, src) if place else None
            yield from self._found(tc, src, tgt, t.i, place)
            return
        objs = self.tree.children(t.i, "dobj")
        if not objs:  # "arming and directing the Houthis": the object is shared with the coordinated verb
            objs = [o for c in self.tree.children(t.i, "conj") if c.pos == "VERB"
                    for o in self.tree.children(c.i, "dobj")]
        datives = self.tree.children(t.i, "dative")
        tgt_toks: list[int] = []
        tgt_head: int | None = None
        place = None
        if tc.object_is_thing and passive:  # "Chinese missiles were delivered to the Serbian army"
            to = self.prep_obj(t.i, frozenset({"to"}))
            if src_head is None or not to or not self._is_thing(tc, self.tree.tok(src_head)):
                return
            tgt = self.actor_in(self.np(to[0].i), to[0].i, set())
            src = self.actor_in(src_toks, src_head, {tgt} if tgt else set())
            yield from self._found(tc, src, tgt, t.i)
            return
        if tc.object_is_thing and objs and not self._is_thing(tc, objs[0]) and any(
                self._is_thing(tc, w) for w in self.prep_obj(t.i, frozenset({"with"}))):
            datives, objs = objs, []  # "Iran has supplied Russia with drones": the object is the recipient
        elif tc.object_is_thing:  # "supplied drones to Baku", "sells Azerbaijan weapons"
            if not any(self._is_thing(tc, o) for o in objs):
                return
            to = self.prep_obj(t.i, frozenset({"to"}))
            to += [p for o in objs for p in self.prep_obj(o.i, frozenset({"to", "for"}))]
            pick = to[0] if to else (datives[0] if datives else None)
            if pick is not None:
                tgt_toks, tgt_head = self.np(pick.i), pick.i
        elif tc.preps:  # "fighting for Baku", "fighting on Azerbaijan's side"
            pobjs = self.prep_obj(t.i, tc.preps)
            if not pobjs:
                pobjs = [c for p in self.prep_obj(t.i, frozenset({"on"})) if p.lemma.lower() == "side"
                         for c in self.tree.children(p.i, "poss")]
            if not pobjs:
                return
            tgt_toks, tgt_head = self.np(pobjs[0].i), pobjs[0].i
        elif passive:  # "Baku is backed by Ankara"
            agent = self.prep_obj(t.i, frozenset({"by"}))
            tgt_toks, tgt_head = src_toks, src_head
            src_toks, src_head = (self.np(agent[0].i), agent[0].i) if agent else ([], None)
        elif objs:
            tgt_toks, tgt_head = self.np(objs[0].i), objs[0].i
        else:
            pobjs = self.prep_obj(t.i, frozenset({"with", "between"}))
            if pobjs:
                tgt_toks, tgt_head = self.np(pobjs[0].i), pobjs[0].i
        if tc.needs_place or tc.name == "controls":
            place = self.place_in(tgt_toks or [p.i for p in self.prep_obj(t.i, _PLACE_PREPS)]
                                  + [k for p in self.prep_obj(t.i, _PLACE_PREPS) for k in self.tree.subtree(p.i)])
        src = self.actor_in(src_toks, src_head, set())
        tgt = self.actor_in(tgt_toks, tgt_head, {src} if src else set())
        if tc.name == "controls":
            tgt = None
        if tc.name == "mediates":
            yield from self._mediation(tc, t.i, src)
            return
        sources: list[str | None] = [*self.conj_actors(src_head, src, set())] or [None]
        for one in sources:
            targets: list[str | None] = [*self.conj_actors(tgt_head, tgt, {one} if one else set())] or [None]
            for other in targets:
                yield from self._found(tc, one, other, t.i, place)

    def _is_thing(self, tc: TypeCues, o: Token) -> bool:
        toks = [self.tree.tok(k) for k in self.np(o.i)]
        words = {x.lemma.lower() for x in toks} | {x.text.lower() for x in toks}
        return bool(words & tc.things)

    def _mediation(self, tc: TypeCues, i: int, src: str | None) -> Iterator[Found]:
        """One relation per party: "Qatar mediated between Kinshasa and the M23"."""
        between = self.prep_obj(i, frozenset({"between"}))
        for o in self.tree.children(i, "dobj"):
            between += self.prep_obj(o.i, frozenset({"between"}))
        if not between:
            return
        parties = {a for a in self.actors.in_tokens(self.tree, self.tree.subtree(between[0].i)) if a != src}
        for party in sorted(parties):
            yield from self._found(tc, src, party, i)

    def _noun(self, tc: TypeCues, i: int, start: int) -> Iterator[Found]:
        tree = self.tree
        t = tree.tok(i)
        mods = [k for k in range(start, i)]
        src = tgt = None
        src_toks: list[int] = []
        tgt_toks: list[int] = []
        src_head: int | None = None
        tgt_head: int | None = None
        poss = [c.i for c in tree.children(i, "poss")]
        compounds = [c.i for c in tree.children(i, "compound", "amod", "nmod") if c.i not in mods]
        pobjs = self.prep_obj(i, _TARGET_PREPS - {"in"}) if not tc.needs_place else []
        if t.dep in ("attr", "dobj", "nsubj", "pobj", "appos", "conj", "ROOT") or t.dep == "compound":
            holder = self._holder(i)
            if holder is not None:
                src_toks, src_head = holder
        org_mods = [c for c in compounds if (a := self.actor_in([c], c, set())) and self.by_id[a].kind == "organization"]
        if tc.name == "alliance" and org_mods:  # "Turkey, a NATO ally": a member of the organisation
            tc = next(x for x in self.cues.types if x.name == "member_of")
        if tc.name == "member_of":  # "NATO member Turkey", "Poland, a NATO member", "membership of NATO"
            org = compounds or [p.i for p in pobjs]
            member = src_toks if src_toks else [k for c in poss for k in tree.subtree(c)]
            src = self.actor_in(member, src_head if src_toks else (poss[0] if poss else None), set())
            tgt = self.actor_in([k for c in org for k in tree.subtree(c)], org[0] if org else None,
                                {src} if src else set())
            yield from self._found(tc, src, tgt, i)
            return
        if not src_toks and poss:  # "Turkey's support for Azerbaijan", "Russia's base in Gyumri"
            src_toks, src_head = [k for c in poss for k in tree.subtree(c)], poss[0]
        elif poss and not tgt_toks:  # "Russia is Armenia's main arms supplier"
            tgt_toks, tgt_head = [k for c in poss for k in tree.subtree(c)], poss[0]
        if not src_toks and compounds:  # "Russian bases", "Iranian proxies"
            src_toks, src_head = [k for c in compounds for k in tree.subtree(c)], compounds[0]
        if not pobjs and t.dep == "dobj" and not tc.needs_place:  # "stepped up arms supplies to Azerbaijan"
            pobjs = self.prep_obj(t.head, frozenset({"to", "with", "for"}))
        if pobjs and not tgt_toks:
            tgt_toks, tgt_head = self.np(pobjs[0].i), pobjs[0].i
            if tc.name == "backs" and tree.tok(pobjs[0].head).text.lower() == "of" and t.dep == "dobj" \
                    and tree.tok(t.head).lemma.lower() in _RECEIVE:  # "Aliyev has the full backing of Turkey"
                src_toks, src_head, tgt_toks, tgt_head = tgt_toks, tgt_head, src_toks, src_head
            if pobjs[0].i in [p.i for p in self.prep_obj(i, frozenset({"between"}))]:
                src_toks, src_head = tgt_toks, tgt_head  # "a pact between Moscow and Yerevan": both sides
        place = None
        tgt_state: str | None = None
        if tc.needs_place:
            locs = self.prep_obj(i, _PLACE_PREPS)
            if t.dep == "dobj":  # "keeps its 102nd military base at Gyumri": the place hangs on the verb
                locs += self.prep_obj(t.head, _PLACE_PREPS)
            loc_toks = [k for p in locs for k in tree.subtree(p.i)]
            place = self.place_in(loc_toks)
            if place is not None:
                states = [a for a in self.actors.in_tokens(tree, loc_toks) if self.by_id[a].kind == "state"]
                tgt_toks, tgt_head = [], None
                tgt_state = states[0] if states else None
        src = self.actor_in(src_toks, src_head, set())
        tgt = self.actor_in(tgt_toks, tgt_head, {src} if src else set()) if tgt_toks else None
        if tgt is None and tc.symmetric and src_head is not None:  # "Egypt and Somalia signed a pact"
            others = self.conj_actors(src_head, src, set())[1:]
            tgt = others[0] if others else None
        if tc.needs_place and place is not None:
            tgt = tgt_state if tgt_state not in (None, src) else self._country_of_place(place, src)
        yield from self._found(tc, src, tgt, i, place)

    def _holder(self, i: int) -> tuple[list[int], int] | None:
        """Who has the noun: the subject of its light or copular verb ("Russia, which has a pact with ..."), or the
        name it is in apposition or compound with ("Turkey, an ally of ...", "NATO member Turkey")."""
        tree = self.tree
        t = tree.tok(i)
        if t.dep in ("appos", "compound") and t.head != i:
            head = tree.tok(t.head)
            if head.pos == "NOUN" and t.dep == "compound" and head.dep in ("dobj", "attr"):
                return self._holder(head.i)  # "signed a defence cooperation protocol": whoever signed it
            if head.pos in ("PROPN", "NOUN"):
                return self.np(head.i), head.i
        k = i
        for _ in range(3):
            tk = tree.tok(k)
            if tk.dep in ("dobj", "attr", "pobj", "conj", "xcomp", "prep", "acomp") and tk.head != k:
                k = tk.head
                continue
            break
        gov = tree.tok(k)
        if gov.pos in ("VERB", "AUX") and gov.lemma.lower() in _LIGHT_VERBS:
            s, _, passive = self.subject(gov.i)
            if s and not passive:
                return s, tree.subject(gov.i)[0].i  # type: ignore[union-attr]
        return None

    def _compound(self, t: Token, lemma: str) -> Iterator[Found]:
        """"Iran-backed militias": the name before the hyphen is the source, the noun the target."""
        tree = self.tree
        owner = tree.tok(t.i - 2) if t.i >= 2 else None
        if owner is None:
            return
        noun = tree.tok(t.head)
        if lemma == "lead":
            src = self.actor_in([owner.i], owner.i, set())  # "the Russia-led bloc": Russia is a member of it
            tgt = self.actor_in(self.np(noun.i), noun.i, {src} if src else set())
            for tc in self.cues.types:
                if tc.name == "member_of":
                    yield from self._found(tc, src, tgt, t.i)
            return
        for tc in self.cues.types:
            if t.text.lower() in tc.compounds or lemma in tc.compounds:
                src = self.actor_in([owner.i], owner.i, set())
                tgt_toks = [k for k in self.np(noun.i) if k > t.i]
                tgt = self.actor_in(tgt_toks, noun.i, {src} if src else set())
                place = self.place_in(tgt_toks) if tc.needs_place else None
                if tc.name == "controls":
                    yield from self._found(tc, src, None, t.i, place)
                    return
                if tc.name == "backs" and tgt is not None and self.by_id[tgt].kind == "armed_group":
                    tc = next(x for x in self.cues.types if x.name == "sponsors")
                yield from self._found(tc, src, tgt, t.i)
                return

    def _last_org(self, char: int, kind: str) -> str | None:
        best = None
        for _s, e, ident in self.actors.mentions:
            if e <= char and self.by_id[ident].kind == kind:
                best = ident
        return best

    def _country_of_place(self, place: str, src: str | None) -> str | None:
        host = self.place_states.get(place)
        return host if host != src else None


def find_relations(tree: Tree, cues: RelationCues, actors: MentionIndex, by_id: dict[str, Actor],
                   places: MentionIndex, place_states: dict[str, str]) -> list[Found]:
    f = _Finder(tree, cues, actors, by_id, places, place_states)
    out: list[Found] = []
    for sent in tree.parse.sents:
        out += f.relations(range(sent.token_start, sent.token_end))
    return out


def make_relation(article_id: str, text: str, f: Found, status: str, attributed_to: str | None, negated: bool,
                  obligation: str | None, date: str | None) -> Relation:
    return Relation(
        id=content_id("rel", article_id, f.type, f.source, f.target, f.start, f.end),
        type=f.type, source=f.source, target=f.target, evidence=Span.of(text, f.start, f.end),
        obligation=obligation, place=f.place, status=status, attributed_to=attributed_to, negated=negated,
        date=date, date_precision="day" if date else None)

