"""The PLOVER event coder: candidates (``candidates.py``) become events with arguments from the tree."""

from __future__ import annotations

from collections.abc import Callable

from polemos.coding.arguments import (
    MentionIndex,
    actor_index,
    fatalities,
    main_place,
    place_index,
    resolve_pronoun,
)
from polemos.coding.candidates import Candidate, find_candidates
from polemos.coding.learned import Tagger, tagged_candidates
from polemos.coding.lexicon import Lexicon
from polemos.coding.ontology import Ontology
from polemos.coding.syntax import Tree
from polemos.nlp import Parse
from polemos.records import Actor, Article, Event, Place, Span, content_id
from polemos.words import word_class

__all__ = ["build_events"]

TARGET_PREPS = frozenset({"against", "on", "upon", "to", "with", "at", "into", "toward", "towards", "for"})
SOURCE_PREPS = frozenset({"from", "by"})
CONTENT_TARGETS = frozenset({"REQUEST", "THREATEN", "ACCUSE"})  # types whose "that"-clause subject is the target
# where an event happens: the shared locative prepositions, plus "on" ("strikes on Kharkiv") and "of" ("the siege of
# Mariupol"), which name the event's place though they do not make a bare name a location
LOCATIVE_PREPS = word_class("locative_prepositions") | {"on", "of"}
VEHICLES = frozenset({"plane", "jet", "aircraft", "airliner", "ship", "vessel", "truck", "lorry", "convoy",
                      "flight", "helicopter", "train", "boat"})


def _roles(tree: Tree, c: Candidate, has_actor: Callable[[list[int]], bool],
           ) -> tuple[list[int], list[int], int | None, int | None]:
    """Token sets where the source and target are named, and their head tokens."""
    t = tree.tok(c.trigger)
    src: list[int] = []
    tgt: list[int] = []
    src_head = tgt_head = None
    if tree.is_nominal(t) and c.noun is None:
        groups: list[tuple[list[int], int]] = []
        mods = [k.i for k in tree.children(c.trigger, "poss", "compound", "amod", "nmod")]
        if mods:
            groups.append(([k for m in mods for k in tree.subtree(m)], mods[0]))
        groups += [(tree.subtree(b.i), b.i) for b in tree.prep_objects(c.trigger, SOURCE_PREPS)]
        if t.dep == "dobj":  # "Turkey stepped up attacks"; not "backing over the fighting" (a topic)
            gov = tree.governor(c.trigger)
            if gov is not None:
                s, _ = tree.subject(gov)
                if s is not None and s.i != c.trigger:
                    groups.append((_np(tree, s.i), s.i))
        if groups:
            pick = next((g for g in groups if has_actor(g[0])), groups[0])
            src, src_head = pick
        to = tree.prep_objects(c.trigger, TARGET_PREPS)
        if to:
            tgt, tgt_head = tree.subtree(to[0].i), to[0].i
        between = tree.prep_objects(c.trigger, frozenset({"between"}))
        if not between and t.dep == "nsubj":  # "fighting broke out between ..."
            between = tree.prep_objects(t.head, frozenset({"between"}))
        if not src and between:  # "clashes between soldiers and rebels", "talks between Kyiv and Moscow"
            src, src_head = tree.subtree(between[0].i), between[0].i
        if not tgt and src_head is not None:
            tgt, tgt_head = _reciprocal(tree, src_head)
        return src, tgt, src_head, tgt_head
    v = c.trigger
    subj, passive = tree.subject(v)
    agent = tree.prep_objects(v, frozenset({"by"}))
    if passive:
        if agent:
            src, src_head = tree.subtree(agent[0].i), agent[0].i
        if subj is not None:
            tgt, tgt_head = _np(tree, subj.i), subj.i
    else:
        if subj is not None and subj.lemma.lower() not in VEHICLES:
            src, src_head = _np(tree, subj.i), subj.i
        elif subj is not None:  # "Army jets struck ...": the vehicle's owner, never the vehicle itself
            owners = [k.i for k in tree.children(subj.i, "compound", "amod", "poss", "nmod")]
            if owners:
                src, src_head = [k for o in owners for k in tree.subtree(o)], owners[0]
    if not passive:
        objs = [k for k in tree.children(v, "dobj", "dative")]
        if c.noun is not None:
            objs = [k for k in objs if k.i != c.noun]
        if c.etype == "AID":  # the object of "deliver aid" is the goods: the recipient is a dative or "to X"
            objs = [k for k in objs if k.dep == "dative"]
        if objs:
            tgt, tgt_head = _np(tree, objs[0].i), objs[0].i
    if not (tgt and has_actor(tgt)):  # the object names no actor: "fired tear gas at protesters", "held talks"
        options = [(tgt, tgt_head)] if tgt else []
        preps = tree.prep_objects(v, TARGET_PREPS)
        if not preps and c.noun is not None:
            preps = tree.prep_objects(c.noun, TARGET_PREPS)
        options += [(_np(tree, p.i), p.i) for p in preps[:1]]
        for o in tree.children(v, "dobj"):  # "cut aid to Mali": the preposition hangs on the object
            if o.i != c.noun:
                options += [(_np(tree, p.i), p.i) for p in tree.prep_objects(o.i, TARGET_PREPS - {"for", "with"})[:1]]
        if c.etype in CONTENT_TARGETS:  # "demanding that the government lift ...": who is to act
            for cc in tree.children(v, "ccomp"):
                options += [(_np(tree, x.i), x.i) for x in tree.children(cc.i, "nsubj", "nsubjpass")[:1]]
        if src_head is not None and not passive:  # "the US and Iran held talks": the second party
            recip = _reciprocal(tree, src_head)
            options += [recip] if recip[0] else []
        if options:
            tgt, tgt_head = next((o for o in options if has_actor(o[0])), options[0])
    if not src:
        frm = tree.prep_objects(c.noun if c.noun is not None else v, frozenset({"from"}))
        if not frm and c.noun is None:
            for o in tree.children(v, "dobj"):
                frm = frm or tree.prep_objects(o.i, frozenset({"from"}))
        if frm:
            src, src_head = _np(tree, frm[0].i), frm[0].i
    return src, tgt, src_head, tgt_head


def _reciprocal(tree: Tree, head: int) -> tuple[list[int], int | None]:
    """"The United States and Iran held talks", "soldiers and rebels clashed": with no other target, the second
    party of a coordinated source is the target (the first stays the source)."""
    conj = tree.children(head, "conj")
    return (_np(tree, conj[0].i), conj[0].i) if conj else ([], None)


def _np(tree: Tree, i: int) -> list[int]:
    """A noun phrase without its relative clause (``Turkey, which has ...`` -> ``Turkey``)."""
    return tree.subtree(i, frozenset({"relcl", "acl", "punct", "appos"}))


def build_events(
    article: Article, parse: Parse, actors: list[Actor], places: list[Place], lex: Lexicon, onto: Ontology,
    tagger: Tagger | None = None,
) -> list[Event]:
    tree = Tree.of(parse)
    aidx = actor_index(actors)
    pidx = place_index(places)
    by_id = {a.id: a for a in actors}
    fallback_place = main_place(article, places)
    events: list[Event] = []
    seen: set[tuple[str, int, int]] = set()
    for sent in parse.sents:
        cands = find_candidates(tree, lex, onto, pidx, range(sent.token_start, sent.token_end))
        if tagger is not None:
            cands += tagged_candidates(tagger, parse, lex, range(sent.token_start, sent.token_end), cands)
        sent_toks = list(range(sent.token_start, sent.token_end))
        for c in cands:
            t = tree.tok(c.trigger)
            if c.anchor is not None:
                toks = tree.clause(c.anchor)
            else:
                toks = tree.nominal_span(c.trigger) if tree.is_nominal(t) else tree.clause(c.trigger)
            if not tree.is_nominal(t):
                subj, _ = tree.subject(c.trigger)
                if subj is not None and min(tree.subtree(subj.i)) < toks[0] and subj.sent == t.sent and (
                    t.dep in ("xcomp", "ccomp") and subj.head in (t.head, c.trigger)
                ):
                    first = min(tree.subtree(subj.i))
                    toks = sorted(set(toks) | set(range(first, toks[0])))  # "Thousands are feared killed"
            if c.extra:
                toks = sorted(set(toks) | set(c.extra))
            if not toks:
                continue
            start, end = _one_line(article.text, tree.tok(toks[0]).start, tree.tok(toks[-1]).end, t.start)
            if _is_headline(article.text, t.start):
                continue
            key = (c.etype, start, end)
            if key in seen:
                continue
            seen.add(key)
            src_toks, tgt_toks, sh, th = _roles(tree, c, lambda ts: bool(aidx.in_tokens(tree, ts)))
            source = _actor(tree, aidx, by_id, src_toks, sh)
            target = _actor(tree, aidx, by_id, tgt_toks, th, exclude=source)
            place = _place(tree, pidx, c, toks, sent_toks, aidx, fallback_place)
            lemmas = {tree.tok(k).lemma.lower() for k in toks}
            contexts = list(dict.fromkeys(onto.context(x) or "" for x in c.context))
            for ctx, cues in lex.context_cues.items():
                if lemmas & cues and ctx not in contexts:
                    contexts.append(ctx)
            contexts = [x for x in contexts if x]
            text = article.text[start:end]
            dead = fatalities(text) if c.etype == "ASSAULT" else None
            if c.etype == "ASSAULT" and dead is None:
                dead = fatalities(article.text[sent.start:sent.end]) if len(cands) == 1 else None
            events.append(Event(
                id=content_id("event", article.id, c.etype, start, end, t.start),
                type=c.etype,
                mode=c.mode,
                evidence=Span(start, end, text),
                context=tuple(contexts),
                source=source,
                target=target,
                place=place,
                fatalities=dead,
            ))
    return events


def _actor(tree: Tree, index: MentionIndex, by_id: dict[str, Actor], toks: list[int], head: int | None,
           exclude: str | None = None) -> str | None:
    ids = [i for i in index.in_tokens(tree, toks, head) if i != exclude]
    if ids:
        return ids[0]
    found = resolve_pronoun(tree, toks, index, by_id) if toks else None
    return found if found != exclude else None


def _place(tree: Tree, pidx: MentionIndex, c: Candidate, clause: list[int], sent: list[int],
           aidx: MentionIndex, fallback: str | None) -> str | None:
    anchor = c.noun if c.noun is not None else c.trigger
    near: list[int] = []
    preps = LOCATIVE_PREPS - {"from"} if c.etype == "AID" else LOCATIVE_PREPS  # aid happens where it arrives
    for k in (anchor, c.trigger):
        for o in tree.prep_objects(k, preps):
            near += tree.subtree(o.i)
        for o in tree.children(k, "dobj", "nsubjpass"):
            near += tree.subtree(o.i)
    for group in (near, clause, sent):
        ids = pidx.in_tokens(tree, [k for k in group if k in set(sent)])
        if ids:
            return ids[0]
    return fallback


def _one_line(text: str, start: int, end: int, anchor: int) -> tuple[int, int]:
    """Cut an evidence span at line breaks, keeping the line of the trigger (headlines run into sentences)."""
    cut = text.rfind("\n", start, anchor)
    if cut >= 0:
        start = cut + 1
    cut = text.find("\n", anchor, end)
    if cut >= 0:
        end = cut
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def _is_headline(text: str, at: int) -> bool:
    """A short line without final punctuation (a headline or crosshead such as "'All assistance required'") inside
    a longer text: its event is told again in the body. A text that is only that line (a headline or a brief on its
    own) is coded."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    raw = text[start:end if end >= 0 else len(text)]
    if not text.replace(raw, "", 1).strip():
        return False
    line = raw.strip().strip("'\"“”‘’ ")
    return bool(line) and line[-1] not in ".!?:;," and len(line.split()) <= 10
