"""Who is speaking: map a subject token to an actor (via mention spans) and a display name.

Pronouns (``he``, ``she``) go to the most recent person named as a subject before them (the actors stage's
coreference is used first when it gave the pronoun a mention span); ``they`` to the previous claimant.
"""

from __future__ import annotations

from dataclasses import dataclass

from polemos.claims.syntax import phrase_span, subtree
from polemos.nlp import Parse, Token
from polemos.records import Actor, Span

__all__ = ["Speaker", "SpeakerIndex"]

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"they", "them", "we", "it"})


@dataclass(frozen=True)
class Speaker:
    actor: str | None  # actor id
    name: str  # display name
    span: Span  # the words in the text that name the speaker here
    head: int  # token index of the subject head


class SpeakerIndex:
    """Looks up speakers in one article (actors' mention spans + the parse's PERSON names)."""

    def __init__(self, text: str, parse: Parse, actors: list[Actor], speech_lemmas: frozenset[str] = frozenset()
                 ) -> None:
        self.text = text
        self.parse = parse
        self.actors = {a.id: a for a in actors}
        self._mentions: list[tuple[int, int, Actor]] = sorted(
            ((m.start, m.end, a) for a in actors for m in a.mentions), key=lambda x: (x[0], -x[1])
        )
        self._persons = self._person_names()
        # noun subjects of speech verbs, in text order: antecedents of "they said" / "it said"
        self._reporters = [t for t in parse.tokens if t.dep == "nsubj" and t.pos in ("NOUN", "PROPN")
                           and parse.tokens[t.head].lemma.lower() in speech_lemmas]

    def exclude(self, ranges: list[tuple[int, int]]) -> None:
        """Forget person names inside these character ranges (names inside quotes are not antecedents)."""
        self._persons = [p for p in self._persons if not any(o <= p[0] < c for o, c in ranges)]

    # -- names -------------------------------------------------------------------------------------------
    def _person_names(self) -> list[tuple[int, str, Token]]:
        """(char offset, full name, head token) of person names used as subjects, in text order."""
        out: list[tuple[int, str, Token]] = []
        full_names: dict[str, str] = {}
        for e in self.parse.ents:
            if e.label == "PERSON" and " " in e.text:
                full_names[e.text.split()[-1]] = e.text
        toks = self.parse.tokens
        for t in toks:
            subject = t.dep in ("nsubj", "nsubjpass") or (
                t.dep == "appos" and toks[t.head].dep in ("nsubj", "nsubjpass"))  # "Her colleague Marko Petrenko"
            if t.pos != "PROPN" or not subject:
                continue
            actor = self.actor_at(t.start, t.end)
            is_person = (actor is not None and actor.kind == "person") or t.ent_type == "PERSON" \
                or t.text in full_names
            if is_person:
                start, end = phrase_span(self.parse, t.i)
                name = actor.name if actor is not None else self._clean_name(self.text[start:end], full_names)
                out.append((t.start, name, t))
        return out

    @staticmethod
    def _clean_name(name: str, full_names: dict[str, str]) -> str:
        words = [w for w in name.split() if w[:1].isupper()]
        # drop leading titles/offices: keep the trailing run of capitalised words that looks like a name
        for k in range(len(words)):
            tail = " ".join(words[k:])
            if tail in full_names.values():
                return tail
        last = words[-1] if words else name
        return full_names.get(last, last)

    def actor_at(self, start: int, end: int) -> Actor | None:
        """The actor with the smallest mention overlapping ``[start, end)``."""
        best: tuple[int, Actor] | None = None
        for ms, me, a in self._mentions:
            if ms >= end:
                break
            if me > start:
                if best is None or me - ms < best[0]:
                    best = (me - ms, a)
        return best[1] if best else None

    # -- resolution --------------------------------------------------------------------------------------
    def resolve(self, subj: Token, previous: Speaker | None = None) -> Speaker:
        """The speaker named by the subject token ``subj``."""
        parse = self.parse
        if subj.pos == "PRON" or subj.text.lower() in PERSON_PRONOUNS | GROUP_PRONOUNS:
            span = Span.of(self.text, subj.start, subj.end)
            actor = self.actor_at(subj.start, subj.end)
            if actor is not None:
                return Speaker(actor.id, actor.name, span, subj.i)
            word = subj.text.lower()
            if word in PERSON_PRONOUNS:
                for off, name, tok in reversed(self._persons):
                    if off < subj.start:
                        act = self.actor_at(tok.start, tok.end)
                        return Speaker(act.id if act else None, name, span, subj.i)
            if word in ("they", "it"):
                plural = word == "they"
                for tok in reversed(self._reporters):
                    if tok.start >= subj.start or tok.sent < subj.sent - 3:
                        continue
                    if (tok.tag in ("NNS", "NNPS") or any(c.dep == "conj" for c in parse.children(tok.i))) == plural:
                        found = self.resolve(tok)
                        return Speaker(found.actor, found.name, span, subj.i)
                    break
            if word in ("they", "it") and previous is not None:
                return Speaker(previous.actor, previous.name, span, subj.i)
            return Speaker(None, subj.text, span, subj.i)
        if subj.pos == "NOUN":  # "the Red Cross official Pierre Dumont": the name in apposition
            named = [c for c in parse.children(subj.i) if c.dep in ("appos", "compound", "flat")
                     and c.pos == "PROPN" and c.ent_type == "PERSON" and c.i > subj.i]
            if named:
                subj = named[0]
        start, end = phrase_span(parse, subj.i)
        # a coordinated subject ("Moscow and Ankara") keeps its conjuncts in the name
        conj = [c for c in parse.children(subj.i) if c.dep == "conj"]
        if conj:
            end = max(end, parse.tokens[subtree(parse, conj[-1].i)[-1]].end)
        span = Span.of(self.text, start, end)
        actor = self.actor_at(subj.start, subj.end) or self.actor_at(start, end)
        if actor is not None and not conj:
            return Speaker(actor.id, actor.name, span, subj.i)
        name = span.text.strip("\"“”‘’' ")
        for _off, pname, tok in self._persons:
            if tok.i == subj.i:
                name = pname
        return Speaker(actor.id if actor and not conj else None, name, span, subj.i)
