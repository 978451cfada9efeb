"""Commitments: "if X happens, Y will (not) do Z", from condition clauses and scope statements.

A condition clause is an adverbial clause marked by if / unless / once (``commitments.yaml: conditionals``) or
opened by an inverted auxiliary ("should the conflict spill ...", "were Azerbaijan to attack ..."). The clause it
hangs from is the response; its subject the committer (a pronoun resolves to the actor before it, a noun such as
"Russian involvement" to the actor that modifies it). The condition's own coded (hypothetical) event gives the
trigger's type, source and target; the places named in it its place. A scope statement ("this protection does
not extend to Nagorno-Karabakh") is a commitment whose trigger is an attack on the places named, negated when the
verb is. Hedges give the likelihood; a speech verb whose speaker is not the committer makes it an assessment.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from polemos.coding.arguments import MentionIndex, resolve_pronoun
from polemos.coding.syntax import Tree
from polemos.nlp import Token
from polemos.records import Actor, Commitment, Event, Response, Span, Trigger, content_id
from polemos.relations._cues import CommitmentCues
from polemos.words import word_class

__all__ = ["find_commitments"]

_SPEECH = word_class("speech_verbs") | word_class("assertion_verbs")
_NEGATIONS = frozenset({"not", "n't", "never", "no"})
_CARRIERS = frozenset({"send", "give", "provide", "offer", "lend", "deliver", "extend"})
_OWN_PRONOUNS = frozenset({"their", "our", "we", "they"})
_ANY = frozenset({"any", "an", "a"})
_PLACE_PREPS = frozenset({"on", "onto", "in", "into", "at", "against", "to", "inside", "near"})


@dataclass
class _Ctx:
    tree: Tree
    cues: CommitmentCues
    actors: MentionIndex
    by_id: dict[str, Actor]
    places: MentionIndex
    events: list[Event]
    article_id: str
    assessed_speakers: frozenset[str]
    place_kind: dict[str, str]  # place id -> feature (country, region, city ...)


def _span(tree: Tree, toks: list[int]) -> Span:
    text = tree.parse.text
    return Span.of(text, tree.tok(min(toks)).start, tree.tok(max(toks)).end)


def _actor(ctx: _Ctx, toks: list[int], head: int | None, exclude: frozenset[str] = frozenset()) -> str | None:
    ids = [i for i in ctx.actors.in_tokens(ctx.tree, toks, head) if i not in exclude]
    if ids:
        return _state_for(ctx, ids[0], toks)
    found = resolve_pronoun(ctx.tree, toks, ctx.actors, ctx.by_id) if toks else None
    return _state_for(ctx, found, toks) if found and found not in exclude else None


def _state_for(ctx: _Ctx, ident: str | None, toks: list[int]) -> str | None:
    """A person, or a government or military group, whose country's protection or forces are meant stands for the
    state ("the Chilean defence ministry said we will defend ..." -> Chile)."""
    if ident is None:
        return None
    actor = ctx.by_id[ident]
    if actor.country and (actor.kind == "person" or (actor.kind == "group" and actor.sector in ("GOV", "MIL"))):
        for other in ctx.by_id.values():
            if other.kind == "state" and other.country == actor.country:
                return other.id
    return ident


def _events_in(ctx: _Ctx, toks: list[int]) -> list[Event]:
    """Coded events at least half of whose evidence lies within the tokens' character range."""
    if not toks:
        return []
    lo, hi = ctx.tree.tok(min(toks)).start, ctx.tree.tok(max(toks)).end
    out = []
    for e in ctx.events:
        inside = min(hi, e.evidence.end) - max(lo, e.evidence.start)
        if inside > 0 and inside * 2 >= e.evidence.end - e.evidence.start:
            out.append(e)
    return out


def _conditions(ctx: _Ctx, sent: range) -> Iterator[tuple[Token, Token, list[int]]]:
    """(condition head, main clause head, condition tokens) in the sentence: "if/unless/once ..." clauses, and
    clauses opened by an inverted auxiliary ("should the conflict spill ...", "were Azerbaijan to attack ...")."""
    tree = ctx.tree
    for i in sent:
        t = tree.tok(i)
        if t.head == i:
            continue
        marks = {c.text.lower() for c in tree.children(i, "mark")}
        sub = tree.subtree(i)
        opening = " ".join(tree.tok(k).text.lower() for k in sub[:4])
        if t.dep == "advcl" and (marks & ctx.cues.conditionals
                                 or any(opening.startswith(m) for m in ctx.cues.conditionals if " " in m)):
            yield t, tree.tok(t.head), sub
        elif t.pos == "NOUN" and t.lemma.lower() in ctx.cues.conditions and any(
                c.dep == "det" and c.text.lower() == "any" for c in tree.children(i)):
            clause = _clause_of(tree, i)  # "any advance on Sirte would be met with force": the NP is the condition
            if clause is not None and any(c.dep == "aux" and c.text.lower() in ("would", "will", "'d", "'ll")
                                          for c in tree.children(clause.i)):
                yield t, clause, tree.subtree(i)
        elif t.text.lower() in ctx.cues.inversions and i + 1 < sent.stop:
            nxt = tree.tok(i + 1)
            if t.dep in ("aux", "auxpass") and t.head > i + 1 and nxt.pos in ("DET", "PROPN", "NOUN", "PRON"):
                head = tree.tok(t.head)  # "should the conflict spill": the aux, then the subject, then its verb
                if head.head != head.i:  # the clause runs from the aux on (not a subject the parser put before it)
                    yield head, tree.tok(head.head), [k for k in tree.subtree(head.i) if k >= i]
            elif t.dep in ("ccomp", "advcl", "conj") and min(tree.subtree(i)) == i and nxt.pos in ("PROPN", "NOUN",
                                                                                                    "DET", "PRON"):
                if t.dep == "advcl":  # "Should the enemy attack, we will defend ...": the clause it hangs from
                    yield t, tree.tok(t.head), tree.subtree(i)
                    continue
                prior = [c for c in tree.children(t.head) if c.dep in ("ccomp", "conj") and c.i < i]
                if prior:  # "would be possible were Azerbaijan to attack": the clause before it is the main one
                    yield t, prior[-1], tree.subtree(i)


def _clause_of(tree: Tree, i: int) -> Token | None:
    """The verb whose clause holds token ``i`` (climbing over nouns and prepositions)."""
    k = i
    for _ in range(6):
        t = tree.tok(k)
        if t.pos in ("VERB", "AUX") and k != i:
            return t
        if t.head == k:
            return None
        k = t.head
    return None


def _main_of(ctx: _Ctx, main: Token) -> Token:
    """The clause that is promised: under a speech verb, its complement ("Russia has said it will give ...")."""
    tree = ctx.tree
    if main.lemma.lower() in _SPEECH:
        comp = tree.children(main.i, "ccomp", "xcomp")
        if comp:
            return comp[0]
    return main


def _speaker(ctx: _Ctx, tok: Token) -> tuple[str | None, str | None]:
    """(speaker actor id, speaker head word) of the speech verb the clause is reported by, if any."""
    tree = ctx.tree
    k, hops = tok.i, 0
    while hops < 6:
        t = tree.tok(k)
        if t.lemma.lower() in _SPEECH and t.pos == "VERB":
            subj, _ = tree.subject(t.i)
            if subj is not None:
                return _named(ctx, subj), _speaker_word(ctx, subj)
        if t.head == k:
            break
        k, hops = t.head, hops + 1
    # "..., analysts said." parsed as the root with the clause as its complement
    root = next((x for x in tree.parse.sent_tokens(tree.parse.sents[tok.sent]) if x.head == x.i), None)
    if root is not None and root.lemma.lower() in _SPEECH and root.i != tok.i:
        subj, _ = tree.subject(root.i)
        if subj is not None:
            return _named(ctx, subj), _speaker_word(ctx, subj)
    return None, None


def _speaker_word(ctx: _Ctx, subj: Token) -> str:
    """The speaker's head word; for "they said", the one of the speaker of the sentence before ("analysts")."""
    word = subj.lemma.lower()
    if subj.pos != "PRON" or subj.sent == 0:
        return word
    prev = ctx.tree.parse.sents[subj.sent - 1]
    for t in ctx.tree.parse.tokens[prev.token_start:prev.token_end]:
        if t.dep == "nsubj" and t.lemma.lower() in ctx.assessed_speakers \
                and ctx.tree.tok(t.head).lemma.lower() in _SPEECH:
            return t.lemma.lower()
    return word


def _named(ctx: _Ctx, subj: Token) -> str | None:
    """The actor named in a speaker's phrase (no pronoun resolution: "they said" stays unattributed)."""
    toks = ctx.tree.subtree(subj.i, frozenset({"relcl", "acl", "punct"}))
    hits = ctx.actors.in_tokens(ctx.tree, toks, subj.i)
    return hits[0] if hits else None


def _likelihood(ctx: _Ctx, main: Token, unless: bool) -> str | None:
    tree = ctx.tree
    words = [tree.tok(k).text.lower() for k in tree.subtree(main.i)]
    k = main.i
    for _ in range(4):  # "is unlikely to become involved", "would be possible"
        t = tree.tok(k)
        if t.head == k:
            break
        k = t.head
        words.append(tree.tok(k).text.lower())
        words += [c.text.lower() for c in tree.children(k) if c.dep in ("acomp", "aux", "advmod")]
    joined = " " + " ".join(words) + " "
    for name, cues in ctx.cues.likelihood:
        if any(f" {c} " in joined for c in cues):
            if unless and name == "unlikely":
                return "possible"  # "unlikely to intervene unless X": if X happens, it may
            return name
    return None


def _negated(ctx: _Ctx, main: Token) -> bool:
    tree = ctx.tree
    heads = [main.i]
    k = main.i
    for _ in range(2):
        t = tree.tok(k)
        if t.dep in ("xcomp", "ccomp") and t.head != k:
            k = t.head
            heads.append(k)
    return any(c.dep == "neg" or c.text.lower() in _NEGATIONS for h in heads for c in tree.children(h)
               if c.dep in ("neg", "advmod", "det"))


def _response(ctx: _Ctx, main: Token, skip: set[int]) -> tuple[str | None, str | None, list[int]]:
    tree = ctx.tree
    toks = [k for k in tree.subtree(main.i) if k not in skip]
    allowed = set(toks)
    frontier = [main.i]
    for _ in range(6):  # breadth first: "will give all assistance", "is likely to refrain from involvement"
        for k in frontier:
            lemma = tree.tok(k).lemma.lower()
            if lemma in _CARRIERS:  # "send aid" is aid, "send troops" a mobilisation: the object decides first
                objects = [x for c in tree.children(k, "dobj") for x in tree.subtree(c.i)]
                kinds = [ctx.cues.responses[tree.tok(x).lemma.lower()] for x in objects
                         if tree.tok(x).lemma.lower() in ctx.cues.responses]
                if kinds:
                    return kinds[0], None, toks
            if lemma in ctx.cues.responses:
                return ctx.cues.responses[lemma], None, toks
        frontier = [c.i for k in frontier for c in tree.children(k)
                    if c.i in allowed and c.dep in ("xcomp", "dobj", "attr", "acomp", "nsubj", "prep", "pobj", "ccomp")]
    for e in _events_in(ctx, toks):  # no response word: the event coded in the main clause
        return e.type, e.mode, toks
    subj = _subject(tree, main.i)  # "deeper Russian involvement would be possible": the subject is the response
    if subj is not None and subj.lemma.lower() in ctx.cues.responses:
        return ctx.cues.responses[subj.lemma.lower()], None, [*toks, *tree.subtree(subj.i)]
    return None, None, toks


def _trigger(ctx: _Ctx, cond: Token, toks: list[int]) -> Trigger:
    tree = ctx.tree
    evs = _events_in(ctx, toks)
    inside = set(toks)
    prep_toks = [k for k in toks if tree.tok(k).dep == "prep" and tree.tok(k).text.lower() in _PLACE_PREPS]
    places = ctx.places.in_tokens(tree, [j for k in prep_toks for j in tree.subtree(k) if j in inside])
    places = places or ctx.places.in_tokens(tree, toks)
    ev = evs[0] if evs else None
    ordered = [cond, *tree.children(cond.i, "xcomp", "dobj"), *[tree.tok(k) for k in toks]]
    worded = next((ctx.cues.conditions[x.lemma.lower()] for x in ordered if x.lemma.lower() in ctx.cues.conditions),
                  None)
    if ev is not None and worded is not None and ev.type not in ctx.cues.hostile:
        ev = None  # "should the conflict spill onto ...": the words say an attack, whatever was coded around them
    etype = ev.type if ev else worded
    return Trigger(type=etype, evidence=_span(tree, toks), source=ev.source if ev else None,
                   target=ev.target if ev else None, place=places[0] if places else (ev.place if ev else None),
                   event=ev.id if ev else None)


def _subject(tree: Tree, i: int) -> Token | None:
    """The subject of the clause at ``i``, climbing "is unlikely to become", "has ... and is" (acomp/xcomp/conj)."""
    k = i
    for _ in range(5):
        subj, _ = tree.subject(k)
        if subj is not None:
            return subj
        t = tree.tok(k)
        if t.head == k or t.dep not in ("acomp", "xcomp", "conj", "ccomp", "advcl"):
            return None
        k = t.head
    return None


def _committer(ctx: _Ctx, main: Token) -> tuple[str | None, list[int]]:
    tree = ctx.tree
    subj = _subject(tree, main.i)
    if subj is None:
        return None, []
    toks = tree.subtree(subj.i, frozenset({"relcl", "acl", "punct", "appos"}))
    return _actor(ctx, toks, subj.i), tree.subtree(subj.i)


def _kind(ctx: _Ctx, rtype: str | None, committer: str | None, speaker: str | None, speaker_word: str | None,
          sentence: str) -> str:
    low = sentence.lower()
    if any(r in low for r in ctx.cues.red_lines):
        return "red_line"
    if (speaker_word in ctx.assessed_speakers) or (speaker is not None and committer is not None
                                                   and speaker != committer and ctx.by_id[speaker].country
                                                   and ctx.by_id[speaker].country != ctx.by_id[committer].country):
        return "assessment"
    if rtype in ctx.cues.hostile:
        return "threat"
    return "pledge"


def _committers(ctx: _Ctx, main: Token, speaker: str | None) -> tuple[list[str], list[int]]:
    """Who commits: the main clause's subject and the names coordinated with it; "their troops", "we" -> the
    speaker(s) ("Bamako and Ouagadougou warned that their troops would fight ...")."""
    tree = ctx.tree
    subj = _subject(tree, main.i)
    if subj is None:
        return [], []
    toks = tree.subtree(subj.i, frozenset({"relcl", "acl", "punct", "appos"}))
    owner = next((k for k in toks if tree.tok(k).text.lower() in _OWN_PRONOUNS), None)
    if owner is not None or subj.text.lower() in ("we", "they"):
        spoken = _speakers(ctx, main)
        if spoken:
            return spoken, tree.subtree(subj.i)
    first = _actor(ctx, toks, subj.i)
    out = [first] if first else []
    for c in tree.children(subj.i, "conj"):
        a = _actor(ctx, tree.subtree(c.i), c.i, frozenset(out))
        if a and a not in out:
            out.append(a)
    return out, tree.subtree(subj.i)


def _speakers(ctx: _Ctx, tok: Token) -> list[str]:
    """The actors of the subject of the speech verb above ``tok``, coordinated ones included."""
    tree = ctx.tree
    k, hops = tok.i, 0
    while hops < 6 and tree.tok(k).head != k:
        k, hops = tree.tok(k).head, hops + 1
        t = tree.tok(k)
        if t.lemma.lower() in _SPEECH:
            subj, _ = tree.subject(k)
            if subj is None:
                return []
            heads = [subj.i, *[c.i for c in tree.children(subj.i, "conj")]]
            out = []
            for h in heads:
                hits = ctx.actors.in_tokens(tree, tree.subtree(h, frozenset({"conj", "cc"})), h)
                if hits and _state_for(ctx, hits[0], []) not in out:
                    out.append(_state_for(ctx, hits[0], []) or hits[0])
            return out
    return []


def _conditional(ctx: _Ctx, cond: Token, main0: Token, cond_list: list[int]) -> list[Commitment]:
    tree = ctx.tree
    main = _main_of(ctx, main0)
    cond_toks = set(cond_list)
    committers, subj_toks = _committers(ctx, main, None)
    rtype, mode, rtoks = _response(ctx, main, cond_toks | set(subj_toks))
    refrain = any(tree.tok(k).lemma.lower() in ctx.cues.negating_verbs for k in rtoks)
    if not committers or rtype is None:
        return []
    return [c for committer in committers if (c := _one(ctx, cond, main0, main, cond_list, committer, rtype, mode,
                                                       rtoks, refrain)) is not None]


def _one(ctx: _Ctx, cond: Token, main0: Token, main: Token, cond_list: list[int], committer: str, rtype: str,
         mode: str | None, rtoks: list[int], refrain: bool) -> Commitment | None:
    tree = ctx.tree
    unless = any(c.text.lower() == "unless" for c in tree.children(cond.i, "mark")) or \
        tree.tok(min(cond_list)).text.lower() == "unless"
    trigger = _trigger(ctx, cond, cond_list)
    speaker, speaker_word = _speaker(ctx, main0)
    sent = tree.parse.sents[cond.sent]
    text = tree.parse.text
    evidence = Span.of(text, sent.start, sent.end)
    kind = _kind(ctx, rtype, committer, speaker, speaker_word, evidence.text)
    response_span = _span(tree, [k for k in rtoks if tree.tok(k).sent == cond.sent])
    return Commitment(
        id=content_id("com", ctx.article_id, committer, trigger.evidence.start, response_span.start),
        kind=kind, committer=committer, trigger=trigger, response=Response(rtype, mode, response_span),
        evidence=evidence, beneficiary=trigger.target if kind == "pledge" else None,
        negated=(_negated(ctx, main) != refrain) and not unless, likelihood=_likelihood(ctx, main, unless),
        stated_by=speaker)


def _scope(ctx: _Ctx, verb: Token) -> Commitment | None:
    """"this protection does not extend to Nagorno-Karabakh", "its obligations covered Armenia's territory"."""
    tree = ctx.tree
    subj, _ = tree.subject(verb.i)
    if subj is None or subj.lemma.lower() not in ctx.cues.exclusion_subjects:
        sent = tree.parse.sents[verb.sent]  # "the guarantee does not, and will not, cover ...": mis-parsed
        subj = next((t for t in tree.parse.tokens[sent.token_start:verb.i] if t.dep in ("nsubj", "nsubjpass")
                     and t.lemma.lower() in ctx.cues.exclusion_subjects), None)
    if subj is None:
        return None
    scope = [p.i for p in tree.prep_objects(verb.i, frozenset({"to", "beyond", "in"}))] + [
        c.i for c in tree.children(verb.i, "dobj")]
    toks = [k for s in scope for k in tree.subtree(s)]
    places = ctx.places.in_tokens(tree, toks)
    if not places:
        return None
    places = sorted(places, key=lambda p: ctx.place_kind.get(p) == "country")  # the enclave before its country
    sub_toks = tree.subtree(subj.i, frozenset({"relcl", "acl", "punct"}))
    committer = _actor(ctx, sub_toks, subj.i)
    if committer is None:  # "this protection": whose, from the text before it
        committer = _actor(ctx, [k for k in sub_toks if tree.tok(k).dep == "det"] or sub_toks, subj.i)
    if committer is None:
        prev = ctx.actors.before(subj.start, tree.parse.sents[max(0, subj.sent - 1)].start)
        committer = _state_for(ctx, prev, sub_toks)
    if committer is None:
        return None
    speaker, speaker_word = _speaker(ctx, verb)
    sent = tree.parse.sents[verb.sent]
    evidence = Span.of(tree.parse.text, sent.start, sent.end)
    trigger = Trigger(type="ASSAULT", evidence=_span(tree, toks), place=places[0])
    response = Response(ctx.cues.responses.get(subj.lemma.lower(), "AID"), "military", _span(tree, sub_toks))
    kind = "assessment" if speaker_word in ctx.assessed_speakers else "pledge"
    return Commitment(
        id=content_id("com", ctx.article_id, committer, trigger.evidence.start, response.evidence.start),
        kind=kind, committer=committer, trigger=trigger, response=response, evidence=evidence,
        negated=_negated(ctx, verb) or _negated(ctx, tree.tok(subj.head)), likelihood="certain", stated_by=speaker)


def find_commitments(tree: Tree, cues: CommitmentCues, actors: MentionIndex, by_id: dict[str, Actor],
                     places: MentionIndex, events: list[Event], article_id: str,
                     assessed_speakers: frozenset[str], place_kind: dict[str, str]) -> list[Commitment]:
    ctx = _Ctx(tree, cues, actors, by_id, places, events, article_id, assessed_speakers, place_kind)
    out: dict[str, Commitment] = {}
    for sent in tree.parse.sents:
        rng = range(sent.token_start, sent.token_end)
        for cond, main, cond_toks in _conditions(ctx, rng):
            for c in _conditional(ctx, cond, main, cond_toks):
                out.setdefault(c.id, c)
        for i in rng:
            t = tree.tok(i)
            if t.pos == "VERB" and t.lemma.lower() in cues.exclusion_verbs:
                scoped = _scope(ctx, t)
                if scoped is not None:
                    out.setdefault(scoped.id, scoped)
    return list(out.values())
