"""The relations stage: the conflict's standing structure (alliances, arms supplies, bases, backers, proxies,
mediators ...) and conditional commitments (pledges, threats, red lines, observers' assessments).

``extract_relations(article, parse, actors, places, events)`` returns ``(relations, commitments, errors)``.
Knowledge is data: ``data/relations/types.yaml`` (types, their definitions and sources, cue words) and
``data/relations/commitments.yaml`` (condition markers, response words, hedges). The pipeline runs it after
``claims``, so a commitment's condition links to its own hypothetical event in ``events``.
"""

from __future__ import annotations

from polemos.coding.arguments import MentionIndex, actor_index, place_index
from polemos.coding.syntax import Tree
from polemos.nlp import Parse
from polemos.records import Actor, Article, ArticleError, Commitment, Event, Place, Relation
from polemos.relations._commit import find_commitments
from polemos.relations._cues import RelationCues, load_commitment_cues, load_relation_cues
from polemos.relations._extract import Found, find_relations, make_relation
from polemos.words import word_class

__all__ = ["extract_relations", "load_relation_cues", "load_commitment_cues"]

_DENIALS = word_class("denial_verbs")
_SPEECH = word_class("speech_verbs") | word_class("assertion_verbs")


def _status(tree: Tree, cues: RelationCues, f: Found, aidx: MentionIndex) -> tuple[str, str | None, bool]:
    """(status, attributed_to, negated) from the verbs above the cue and the hedges of its sentence."""
    toks = tree.parse.tokens
    negated = any(c.dep == "neg" or (c.dep == "det" and c.text.lower() == "no") for c in tree.children(f.cue))
    k, hops = f.cue, 0
    if toks[k].dep == "compound":  # "NATO member Turkey": presupposed, whoever reports the sentence
        return "reported", None, negated
    while hops < 6 and toks[k].head != k:
        if toks[k].dep in ("relcl", "appos", "acl"):  # "Chile, which sells Peru rifles, ...": background
            return "reported", None, negated
        k, hops = toks[k].head, hops + 1
        negated = negated or (hops == 1 and any(c.dep == "neg" for c in tree.children(k)))
        lemma = toks[k].lemma.lower()
        if lemma in _DENIALS or lemma in _SPEECH:
            subj, _ = tree.subject(k)
            hits = aidx.in_tokens(tree, tree.subtree(subj.i), subj.i) if subj is not None else []
            who = hits[0] if hits else None
            if lemma in _DENIALS:
                return "disputed", who, negated
            if subj is not None and subj.lemma.lower() in cues.assessed_speakers:
                return "assessed", who, negated
            return _hedged(tree, cues, f) or "reported", who, negated
    return _hedged(tree, cues, f) or "reported", None, negated


def _hedged(tree: Tree, cues: RelationCues, f: Found) -> str | None:
    low = " " + tree.parse.text[f.start:f.end].lower() + " "
    if any(f" {w} " in low for w in cues.unconfirmed_words):
        return "unconfirmed"
    if any(f" {w} " in low for w in cues.assessed_speakers) or any(f" {w} " in low for w in cues.assessed_words):
        return "assessed"
    return None


def _obligation(cues: RelationCues, text: str) -> str | None:
    low = text.lower()
    for name, words in cues.obligations:
        if any(w in low for w in words):
            return name
    return None


def extract_relations(article: Article, parse: Parse, actors: list[Actor], places: list[Place],
                      events: list[Event]) -> tuple[list[Relation], list[Commitment], list[ArticleError]]:
    cues = load_relation_cues()
    tree = Tree.of(parse)
    aidx, pidx = actor_index(actors), place_index(places)
    by_id = {a.id: a for a in actors}
    states = {a.country: a.id for a in actors if a.kind == "state" and a.country}
    place_states = {p.id: states[p.country] for p in places if p.country in states}
    found = find_relations(tree, cues, aidx, by_id, pidx, place_states)
    relations: dict[tuple[object, ...], Relation] = {}
    for f in found:
        status, who, negated = _status(tree, cues, f, aidx)
        if f.source is not None and f.source == f.target:
            continue
        obligation = _obligation(cues, article.text[f.start:f.end]) if f.type == "alliance" else None
        said = article.published.isoformat() if article.published else None
        rel = make_relation(article.id, article.text, f, status, who, negated, obligation, said)
        key = (rel.type, *(sorted([str(rel.source), str(rel.target)]) if _symmetric(cues, rel.type)
                           else [rel.source, rel.target]), rel.negated, rel.place)
        relations.setdefault(key, rel)
    commitments = find_commitments(tree, load_commitment_cues(), aidx, by_id, pidx, events, article.id,
                                   cues.assessed_speakers, {p.id: p.feature for p in places})
    return list(relations.values()), commitments, []


def _symmetric(cues: RelationCues, name: str) -> bool:
    return any(t.symmetric for t in cues.types if t.name == name)
