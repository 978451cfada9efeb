"""Modality of an event's clause: conditional, hypothetical, planned, negated; presupposed background."""

from __future__ import annotations

import re
from dataclasses import dataclass

from polemos.claims._moods import Step, load_moods
from polemos.claims.lexicon import Cues
from polemos.claims.speakers import SpeakerIndex
from polemos.claims.syntax import ancestors, has_child, subject_of, subtree
from polemos.nlp import Parse, Token

__all__ = ["Mood", "background", "clause_text", "mood_of", "would_means"]

_CLAUSE_STOPS = frozenset({"relcl", "acl", "advcl", "csubj"})
SELF_PRONOUNS = frozenset({"it", "he", "she", "they", "we", "i"})


@dataclass(frozen=True)
class Mood:
    kind: str | None  # hypothetical | planned | would | epistemic (uncertain: unconfirmed) | None
    negated: bool


def background(parse: Parse, cues: Cues, tok: Token) -> bool:
    """A clause the reporter presupposes, not the content of a claim: temporal adverbial clauses ("since
    fighting flared") and non-restrictive relative clauses ("Turkey, which has stepped up arms supplies")."""
    if tok.dep == "advcl":
        return has_child(parse, tok.i, ("mark",), cues.background_marks) is not None
    if tok.dep == "prep" and tok.text.lower() in cues.background_marks:
        return True
    if tok.dep == "acl" and tok.tag == "VBN" and tok.lemma.lower() not in cues.speech_verbs:
        # "every school destroyed in the fighting": a reduced relative clause, presupposed; not when the
        # noun is what a speech or perception verb reports ("images showed trenches dug ...")
        if any(c.dep in ("nsubj", "nsubjpass", "aux", "auxpass", "mark") for c in parse.children(tok.i)):
            return False
        # under a reporting verb it is what is reported ("said nine children were among those killed")
        for a in ancestors(parse, tok.i):
            lemma = a.lemma.lower()
            if a.pos == "VERB" and (lemma in cues.reporting_verbs or lemma in cues.perception_verbs) \
                    and lemma not in cues.commissive_verbs:
                return False
        return True
    if tok.dep == "relcl":
        first = subtree(parse, tok.i)[0]
        return first > 0 and parse.tokens[first - 1].text == ","
    return False


def clause_text(parse: Parse, cues: Cues, anchor: Token, extra: Token | None = None) -> str:
    """The words of the coordinated clause holding the anchor (other conjuncts of its top cut off; for a
    speech-act event, "dismissed reports that ...", the reported content is cut off too)."""
    top = anchor
    for a in ancestors(parse, anchor.i):
        if top.dep == "conj" or background(parse, cues, top):
            break
        top = a
    ids = set(subtree(parse, top.i))
    for c in parse.children(top.i):
        if c.dep == "conj" and anchor.i not in subtree(parse, c.i):
            ids -= set(subtree(parse, c.i))
    if anchor.lemma.lower() in cues.speech_verbs and anchor.pos == "VERB":
        for c in parse.children(anchor.i):
            if c.dep in ("ccomp", "xcomp", "dobj"):
                ids -= set(subtree(parse, c.i))
    if extra is not None:
        ids.add(extra.i)
        ids |= {c.i for c in parse.children(extra.i) if c.dep in ("neg", "aux", "nsubj", "nsubjpass")}
    return " ".join(parse.tokens[i].text for i in sorted(ids))


def mood_of(parse: Parse, cues: Cues, anchor: Token, stop: int | None) -> Mood:
    """Modality from the auxiliaries and governors of the anchor's clause (up to the speech verb ``stop``), by
    the rules of ``data/claims/moods.yaml``.

    Negation and modals reach a noun event through the verb that carries it ("the attack did not happen",
    "will give all assistance"), not through a verb that reports or judges it ("the attack could not be
    confirmed", "a hit would not be viewed as aggression").
    """
    rules = load_moods()
    path = [anchor, *ancestors(parse, anchor.i)]
    negated = False
    mood: str | None = None
    prev = anchor
    noun = anchor.pos in ("NOUN", "PROPN")
    for k, tok in enumerate(path):
        lemma = tok.lemma.lower()
        reporting = lemma in cues.speech_verbs or lemma in cues.perception_verbs or lemma in cues.evaluative_verbs
        first_verb = not any(t.pos in ("VERB", "AUX") for t in path[:k])
        step = Step(k=k, tok=tok, prev=prev, noun=noun, own=first_verb and (k == 0 or not noun or not reporting),
                    through=k > 0 and prev.dep == "xcomp" and (lemma in cues.aspectual_verbs
                                                              or lemma in cues.intention_verbs),
                    prev_aspectual=k > 0 and prev.dep == "xcomp" and prev.lemma.lower() in cues.aspectual_verbs)
        if k > 0:
            mood = mood or next((r.mood for r in rules.governors if r.fires(parse, cues, step, tok)), None)
        if (stop is not None and tok.i == stop) or (k > 0 and prev.dep in _CLAUSE_STOPS):
            break
        for c in parse.children(tok.i):
            rule = next((r for r in rules.children if r.fires(parse, cues, step, c)), None)
            if rule is not None:
                negated = negated or rule.negates
                mood = mood or rule.mood
        mood = mood or next((r.mood for r in rules.clauses if r.fires(parse, cues, step, tok)), None)
        prev = tok
    if mood in rules.outcomes:
        return Mood(rules.outcomes[mood], negated)
    return Mood(mood, negated)


_SCHEDULE = re.compile(r"(?i)\b(?:within (?:hours|days|weeks|months|a (?:day|week|month))|next (?:week|month|year)|"
                       r"tomorrow|later this (?:week|month|year)|by the end of|on (?:Monday|Tuesday|Wednesday|"
                       r"Thursday|Friday|Saturday|Sunday)|this (?:week|month|year|spring|summer|autumn|fall|winter))\b")


def would_means(parse: Parse, cues: Cues, speakers: SpeakerIndex, anchor: Token, verb: Token | None,
                speaker_actor: str | None, speaker_known: bool, conditional: bool) -> str:
    """``would``: a reported intention when the doer is the speaker ("Russia said it would send aid",
    "Beijing warned it would take measures if ..."), the speech act is a promise or threat, or the act is
    scheduled without a condition ("said warships would hold drills this summer"); else a consequence or
    prediction (hypothetical)."""
    if verb is not None and verb.lemma.lower() in cues.commissive_verbs:
        return "planned"
    if not speaker_known:
        return "hypothetical"
    if not conditional and verb is not None and verb.i < anchor.i:
        ids = subtree(parse, anchor.i)
        if _SCHEDULE.search(" ".join(parse.tokens[i].text for i in ids)):
            return "planned"
    subj = subject_of(parse, anchor.i)
    if subj is not None and subj.pos == "PRON" and subj.text.lower() in SELF_PRONOUNS:
        return "planned"
    if subj is not None and speaker_actor is not None:
        actor = speakers.actor_at(subj.start, subj.end)
        speaker = speakers.actors.get(speaker_actor)
        if actor is not None and actor.id == speaker_actor:
            return "planned"
        # the speaker's own side ("Serbia's president said Belgrade would never recognise ...")
        if actor is not None and speaker is not None and actor.country and actor.country == speaker.country \
                and actor.kind in ("state", "organization", "armed_group"):
            return "planned"
    return "hypothetical"
