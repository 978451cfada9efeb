"""Attribution: the sources of an event (who says, shows or saw it) and denials that refer back to it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from polemos.claims.lexicon import Cues
from polemos.claims.modality import background
from polemos.claims.speakers import Speaker, SpeakerIndex
from polemos.claims.syntax import ancestors, has_child, phrase_span, subject_of, subtree
from polemos.nlp import Parse, Sentence, Token
from polemos.records import Quote, Span

__all__ = ["Context", "Source", "Attribution", "attribute", "back_denials"]

# dependency edges through which an event is the *content* of a speech verb (not its subject, an adjunct
# clause, or a coordinated clause)
_CONTENT_EDGES = frozenset({"ccomp", "xcomp", "dobj", "pobj", "attr", "oprd", "acl", "relcl", "prep",
                            "parataxis", "dep", "acomp", "appos", "nmod", "compound", "amod", "advmod",
                            "npadvmod"})
_CONTENT_CHILDREN = ("ccomp", "xcomp", "dobj")


@dataclass
class Context:
    text: str
    parse: Parse
    cues: Cues
    speakers: SpeakerIndex
    quotes: list[Quote]
    quote_marks: list[tuple[int, int]] = field(default_factory=list)  # every quoted passage, [open, close)
    scopes: dict[int, list[tuple[int, int, Token]]] = field(default_factory=dict)  # per sentence, computed once


@dataclass(frozen=True)
class Source:
    """One attribution of an event: ``kind`` party (somebody's word), reporter (seen or told by the news
    organisation's own staff), evidence (data, images, records)."""

    stance: str  # asserts | denies
    kind: str
    speaker: Speaker | None
    evidence: Span
    by_negation: bool = False  # "denies" only because the clause is negated ("had not stayed")


@dataclass
class Attribution:
    sources: list[Source]
    verb: Token | None  # the speech / perception verb, if any
    hedged: bool  # the attribution itself hedges ("has not confirmed", "declined to comment")


def _kind(ctx: Context, subj: Token | None, verb: Token | None) -> str:
    if subj is None:
        return "party"
    words = {subj.lemma.lower(), subj.text.lower()}
    start, end = phrase_span(ctx.parse, subj.i)
    phrase = ctx.text[start:end].lower()
    if words & ctx.cues.evidence_sources:
        return "evidence"
    agency = any(a in phrase.split() or a in phrase for a in ctx.cues.news_agencies if " " in a) or any(
        w in ctx.cues.news_agencies for w in phrase.split())
    own_staff = bool(words & ctx.cues.reporter_words) and (agency or subj.text.lower() == "we")
    if verb is not None and verb.lemma.lower() in ctx.cues.perception_verbs and (
            own_staff or words & ctx.cues.news_agencies):
        return "reporter"
    return "party"


def _span(ctx: Context, speaker: Speaker | None, *toks: Token) -> Span:
    lo, hi = min(t.start for t in toks), max(t.end for t in toks)
    if speaker is not None and speaker.head >= 0:
        lo, hi = min(lo, speaker.span.start), max(hi, speaker.span.end)
    return Span.of(ctx.text, lo, hi)


def _is_speech(ctx: Context, tok: Token) -> bool:
    lemma = tok.lemma.lower()
    return tok.pos == "VERB" and (lemma in ctx.cues.speech_verbs or lemma in ctx.cues.perception_verbs)


def _claimant(ctx: Context, verb: Token, previous: Speaker | None) -> tuple[Token | None, Speaker | None]:
    """Subject of a speech verb as a speaker; none for an agentless passive ("is said to")."""
    parse = ctx.parse
    subj = subject_of(parse, verb.i)
    head = parse.tokens[verb.head]
    if head.text.lower() == "as" and parse.tokens[head.head].lemma.lower() in ("quote", "cite"):
        objs = [c for c in parse.children(head.head) if c.dep == "dobj"]  # "quoted the minister as saying"
        subj = objs[0] if objs else subj
    if subj is not None and subj.dep == "nsubjpass":
        return None, None
    if subj is not None and subj.pos == "PRON":  # "Russia has said it believes ..." -> Russia
        for a in ancestors(parse, verb.i):
            if _is_speech(ctx, a):
                higher = subject_of(parse, a.i)
                if higher is not None and higher.dep != "nsubjpass":
                    sp = ctx.speakers.resolve(higher, previous)
                    return subj, replace(sp, span=Span.of(ctx.text, subj.start, subj.end), head=subj.i)
                break
            if a.pos == "VERB":
                break
    return subj, ctx.speakers.resolve(subj, previous) if subj is not None else None


def _withheld(ctx: Context, verb: Token) -> bool:
    """A speech verb that asserts nothing: negated ("has not confirmed") or declined ("refused to say")."""
    if any(c.dep == "neg" for c in ctx.parse.children(verb.i)):
        return True
    subj = subject_of(ctx.parse, verb.i)
    if subj is not None and (subj.lemma.lower() in ("nobody", "none", "noone") or subj.text.lower() == "no one"
                             or any(c.text.lower() == "no" for c in ctx.parse.children(subj.i))):
        return True  # "Nobody has claimed responsibility", "No group has claimed it"
    head = ctx.parse.tokens[verb.head]
    return verb.dep == "xcomp" and head.lemma.lower() in ("decline", "refuse")


def _under_denial(ctx: Context, verb: Token) -> bool:
    """"rejected the report, saying troops had never entered": the saying is part of a denial."""
    return any(a.lemma.lower() in ctx.cues.denial_verbs for a in ancestors(ctx.parse, verb.i)) \
        and verb.dep in ("advcl", "xcomp", "conj")


def attribute(ctx: Context, anchor: Token, negated: bool, previous: Speaker | None) -> Attribution:
    parse, cues = ctx.parse, ctx.cues
    sources: list[Source] = []
    verb: Token | None = None
    claim_nouns: list[Token] = []
    presupposed = False  # the event is in a clause the reporter presupposes: no fallback attribution
    if anchor.pos == "VERB" and anchor.lemma.lower() in cues.perception_verbs \
            and _kind(ctx, subject_of(parse, anchor.i), anchor) != "party":
        verb = anchor  # "Reuters reporters saw the plane": the seeing is the report
    else:
        child = anchor
        for a in ancestors(parse, anchor.i):
            if background(parse, cues, child):
                presupposed = True
                break
            conditional = child.dep == "advcl" and has_child(parse, child.i, ("mark",), cues.conditional_single)
            if _is_speech(ctx, a) and (child.dep in _CONTENT_EDGES or conditional) and not (
                child.dep == "dobj" and a.lemma.lower() in cues.perception_verbs
                and _kind(ctx, subject_of(parse, a.i), a) == "party"
            ):  # "soldiers found the bodies" is an event, "Reuters saw the plane" a report
                verb = a
                break
            if a.pos == "NOUN" and a.lemma.lower() in cues.claim_anaphors:
                claim_nouns.append(a)
            child = a
    if verb is None and not presupposed:
        verb = _parenthetical(ctx, anchor)
    hedged = False
    for noun in claim_nouns:  # "India's allegation that ...", "the rebels' claim that ..."
        for c in parse.children(noun.i):
            if c.dep == "poss":
                sp = ctx.speakers.resolve(c, previous)
                sources.append(Source("asserts", _kind(ctx, c, None), sp, _span(ctx, sp, noun)))
    if verb is not None:
        if verb is not anchor and _withheld(ctx, verb):
            # "has not confirmed", "declined to comment" leave it open; "nobody has claimed" does not
            hedged = verb.lemma.lower() in cues.confirm_verbs
        else:
            subj, speaker = _claimant(ctx, verb, previous)
            passive = subj is None and any(c.dep == "nsubjpass" for c in parse.children(verb.i))
            denial = verb.lemma.lower() in cues.denial_verbs
            explicit = denial or _under_denial(ctx, verb)
            if verb is anchor:
                stance = "asserts"
            elif denial:
                stance = "asserts" if negated else "denies"  # "did not deny" asserts
            else:
                stance = "denies" if negated else "asserts"
            if speaker is not None and speaker.span.start <= anchor.start < speaker.span.end:
                # the parse made the event's own words the speaker: try the sentence-final attribution
                tail = _tail_attribution(ctx, anchor, negated, previous)
                if tail:
                    sources += tail
                    passive = True  # handled
                else:
                    subj, speaker = None, None
            if not passive:  # an agentless passive ("is said to") names nobody: the hedge does the work
                sources.append(Source(stance, _kind(ctx, subj, verb), speaker, _span(ctx, speaker, verb),
                                      by_negation=stance == "denies" and not explicit))
    if not sources:
        sources += _relcl_sources(ctx, anchor, previous)
    if not sources:
        sources += _according_to(ctx, anchor, negated, previous)
    if not sources and verb is None and not presupposed:
        sources += _tail_attribution(ctx, anchor, negated, previous)
    if not sources:
        for q in ctx.quotes:
            if q.evidence.start <= anchor.start < q.evidence.end and q.speaker_name:
                sp = Speaker(q.speaker, q.speaker_name, q.evidence, -1)
                stance = "denies" if negated else "asserts"
                sources.append(Source(stance, "party", sp, q.evidence, by_negation=negated))
                break
    if not sources and verb is None:
        for lo, hi in ctx.quote_marks:  # somebody's words with nobody named (a headline quote): claimed
            if lo < anchor.start < hi:
                sources.append(Source("denies" if negated else "asserts", "party", None,
                                      Span.of(ctx.text, lo, hi), by_negation=negated))
                break
    return Attribution(sources, verb, hedged)


def _parenthetical(ctx: Context, anchor: Token) -> Token | None:
    """A speech verb hanging off the event clause: "..., the airline said", "..., an AFP photographer saw"."""
    parse = ctx.parse
    for a in [anchor, *ancestors(parse, anchor.i)]:
        found = [
            c for c in parse.children(a.i)
            if c.dep in ("parataxis", "advcl", "ccomp", "conj") and _is_speech(ctx, c) and c.i > anchor.i
            and subject_of(parse, c.i) is not None
            and not any(g.dep in _CONTENT_CHILDREN for g in parse.children(c.i))
            and (c.dep != "conj" or ctx.text[parse.tokens[c.i - 1].start: c.start].strip() in (",", ""))
        ]
        if found:
            return min(found, key=lambda t: t.i)
    return None


def _tail_attribution(ctx: Context, anchor: Token, negated: bool, previous: Speaker | None) -> list[Source]:
    """Surface fallback when the parse missed it: a sentence ending in ", <who> <reporting verb>."
    ("..., officials in Georgetown fear.")."""
    parse = ctx.parse
    sent = parse.sents[anchor.sent]
    toks = [t for t in parse.sent_tokens(sent) if t.pos != "SPACE"]
    while toks and toks[-1].pos == "PUNCT":
        toks.pop()
    commas = [k for k, t in enumerate(toks) if t.text == "," and t.start > anchor.end]
    if not toks or not commas or len(toks) - commas[-1] - 1 > 8:
        return []
    tail = toks[commas[-1] + 1 :]
    verbs = [k for k, t in enumerate(tail) if t.lemma.lower() in ctx.cues.reporting_verbs and k > 0]
    if not verbs:
        return []
    last = tail[verbs[-1]]
    after = tail[verbs[-1] + 1 :]  # "said on Monday", "said in a statement", "told Reuters"
    if len(after) > 5 or any(t.pos in ("VERB", "AUX", "SCONJ", "PRON") for t in after):
        return []
    who = next((t for t in tail[: verbs[-1]] if t.pos in ("NOUN", "PROPN", "PRON")), None)
    if who is None:
        return []
    sp = ctx.speakers.resolve(who, previous)
    span = Span.of(ctx.text, tail[0].start, last.end)
    return [Source("denies" if negated else "asserts", _kind(ctx, who, last), sp, span, by_negation=negated)]


def _relcl_sources(ctx: Context, anchor: Token, previous: Speaker | None) -> list[Source]:
    """"carried out the strike, which Iran blamed on it": a speech verb in a relative clause on the event."""
    out: list[Source] = []
    parse = ctx.parse
    for c in parse.children(anchor.i):
        for r in parse.children(c.i):
            if r.dep == "relcl" and _is_speech(ctx, r):
                subj, sp = _claimant(ctx, r, previous)
                if sp is not None:
                    stance = "denies" if r.lemma.lower() in ctx.cues.denial_verbs else "asserts"
                    out.append(Source(stance, _kind(ctx, subj, r), sp, _span(ctx, sp, r)))
    return out


def _according_to(ctx: Context, anchor: Token, negated: bool, previous: Speaker | None) -> list[Source]:
    """"according to flight tracking data and two airline operators" anywhere in the event's sentence."""
    parse = ctx.parse
    out: list[Source] = []
    for t in parse.sent_tokens(parse.sents[anchor.sent]):
        if t.text.lower() != "according":
            continue
        for to in parse.children(t.i):
            for o in parse.children(to.i) if to.text.lower() == "to" else []:
                if o.dep != "pobj":
                    continue
                sp = ctx.speakers.resolve(o, previous)
                kinds = {_kind(ctx, c, t) for c in [o, *(g for g in parse.children(o.i) if g.dep == "conj")]}
                kind = "evidence" if "evidence" in kinds else kinds.pop()
                out.append(Source("denies" if negated else "asserts", kind, sp,
                                  Span.of(ctx.text, t.start, sp.span.end), by_negation=negated))
    return out


def _negated_content(ctx: Context, objs: list[Token]) -> bool:
    parse = ctx.parse
    for o in objs:
        if o.dep != "ccomp":
            continue
        kids = parse.children(o.i)
        if any(c.dep == "neg" for c in kids) and o.lemma.lower() in ctx.cues.support_verbs:
            return True
        subj = subject_of(parse, o.i)
        if subj is not None and any(c.text.lower() == "no" for c in parse.children(subj.i)):
            return True
    return False


def back_denials(ctx: Context, sent: Sentence, after: int = -1, loose: bool = False) -> list[Source]:
    """Denials in ``sent`` (after char ``after``) that refer back to a claim: "Armenian officials denied
    this", "a claim the RSF rejected", "Kyiv called the claim a provocation"; with ``loose`` also a denial
    with its own content ("Ukrainian officials denied the village had fallen"), for the next sentence."""
    parse, cues = ctx.parse, ctx.cues
    out: list[Source] = []
    for t in parse.sent_tokens(sent):
        if t.start <= after or t.pos != "VERB":
            continue
        objs = [c for c in parse.children(t.i) if c.dep in ("dobj", "ccomp", "xcomp", "attr", "oprd")]
        anaphoric = any(o.text.lower() in cues.claim_anaphors or o.lemma.lower() in cues.claim_anaphors
                        for o in objs)
        head = parse.tokens[t.head]
        if t.lemma.lower() in cues.denial_verbs:
            ok = not objs or anaphoric or (t.dep == "relcl" and head.lemma.lower() in cues.claim_anaphors)
            ok = ok or (loose and any(o.dep in ("ccomp", "xcomp") for o in objs))
        elif loose and t.lemma.lower() in cues.reporting_verbs and _negated_content(ctx, objs):
            ok = True  # "Iraqi authorities said no such strike had taken place"
        else:  # "called the claim a deliberate provocation", "dismissed it as propaganda"
            words = {w.lemma.lower() for o in objs for w in (parse.tokens[i] for i in subtree(parse, o.i))}
            ok = anaphoric and bool(words & cues.denial_predicates)
        if not ok:
            continue
        subj = subject_of(parse, t.i)
        if subj is None or subj.dep == "nsubjpass":
            continue
        speaker = ctx.speakers.resolve(subj, None)
        end = max([t.end] + [parse.tokens[subtree(parse, o.i)[-1]].end for o in objs if o.dep != "ccomp"])
        out.append(Source("denies", "party", speaker, Span.of(ctx.text, min(speaker.span.start, t.start), end)))
    return out
