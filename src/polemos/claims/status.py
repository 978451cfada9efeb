"""Attribution and status of one event: who asserts or denies it, and whether it happened, is planned or is
only hypothetical. The rules are in ``polemos/claims/README.md``; the words are in ``data/claims/cues.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from polemos.claims.lexicon import Cues
from polemos.claims.speakers import Speaker, SpeakerIndex
from polemos.claims.syntax import (
    ancestors,
    anchor_token,
    conditional_scopes,
    has_child,
    phrase_span,
    subject_of,
    subtree,
)
from polemos.nlp import Parse, Sentence, Token
from polemos.records import Event, Quote, Span

__all__ = ["Source", "Judgement", "Context", "judge", "judge_all", "status_of"]

# dependency edges through which an event is the *content* of a speech verb (not its subject or an adjunct)
_CONTENT_EDGES = frozenset({"ccomp", "xcomp", "dobj", "pobj", "attr", "oprd", "acl", "relcl", "prep", "conj",
                            "parataxis", "dep", "acomp", "appos", "nmod", "compound", "amod", "advmod", "npadvmod"})
_CLAUSE_STOPS = frozenset({"relcl", "acl", "advcl", "csubj"})


@dataclass(frozen=True)
class Source:
    """One attribution of an event: ``kind`` party (somebody's word), reporter (seen/told by the reporter),
    evidence (data, images, records)."""

    stance: str  # asserts | denies
    kind: str
    speaker: Speaker | None
    evidence: Span
    by_negation: bool = False  # "denies" only because the clause is negated ("had not stayed")


@dataclass
class Judgement:
    status: str = "reported"
    sources: list[Source] = field(default_factory=list)
    anchor: Token | None = None
    negated: bool = False
    hedged: bool = False


@dataclass
class Context:
    text: str
    parse: Parse
    cues: Cues
    speakers: SpeakerIndex
    quotes: list[Quote]


def _attr_span(ctx: Context, speaker: Speaker | None, verb: Token) -> Span:
    lo, hi = verb.start, verb.end
    if speaker is not None and speaker.head >= 0:
        lo, hi = min(lo, speaker.span.start), max(hi, speaker.span.end)
    return Span.of(ctx.text, lo, hi)


def _clause_range(ctx: Context, anchor: Token) -> tuple[int, int]:
    """Character range of the coordinated clause holding the anchor (other conjuncts of the root cut off)."""
    parse = ctx.parse
    top = anchor
    for a in ancestors(parse, anchor.i):
        if top.dep == "conj" or _background(ctx, top):
            break
        top = a
    ids = set(subtree(parse, top.i))
    for c in parse.children(top.i):
        if c.dep == "conj" and c.i != anchor.i and anchor.i not in subtree(parse, c.i):
            ids -= set(subtree(parse, c.i))
    toks = sorted(ids)
    return parse.tokens[toks[0]].start, parse.tokens[toks[-1]].end


def _speaker_kind(ctx: Context, subj: Token | None, verb: Token) -> str:
    if subj is None:
        return "party"
    words = {subj.lemma.lower(), subj.text.lower()}
    start, end = phrase_span(ctx.parse, subj.i)
    phrase = ctx.text[start:end].lower()
    if words & ctx.cues.evidence_sources:
        return "evidence"
    own_staff = words & ctx.cues.reporter_words and (
        any(a in phrase for a in ctx.cues.news_agencies) or subj.text.lower() == "we"
    )
    if verb.lemma.lower() in ctx.cues.perception_verbs and (own_staff or words & ctx.cues.news_agencies):
        return "reporter"
    return "party"


def _background(ctx: Context, tok: Token) -> bool:
    """A clause the reporter presupposes, not the content of a claim: temporal adverbial clauses ("since
    fighting flared") and non-restrictive relative clauses ("Turkey, which has stepped up arms supplies")."""
    if tok.dep == "advcl":
        return has_child(ctx.parse, tok.i, ("mark",), ctx.cues.background_marks) is not None
    if tok.dep == "prep" and tok.text.lower() in ctx.cues.background_marks:
        return True
    if tok.dep == "relcl":
        first = subtree(ctx.parse, tok.i)[0]
        return first > 0 and ctx.parse.tokens[first - 1].text == ","
    return False


def _modality(ctx: Context, anchor: Token, stop: int | None) -> tuple[str | None, bool]:
    """('hypothetical' | 'planned' | None, negated) from the auxiliaries and governors of the anchor's clause."""
    cues, parse = ctx.cues, ctx.parse
    path = [anchor] + [a for a in ancestors(parse, anchor.i)]
    negated = False
    mood: str | None = None
    prev = anchor
    for k, tok in enumerate(path):
        if stop is not None and tok.i == stop:
            break
        if k > 0 and prev.dep in _CLAUSE_STOPS:
            break
        own_clause = not any(t.pos in ("VERB", "AUX") for t in path[:k]) and (
            k == 0 or anchor.pos not in ("NOUN", "PROPN") or tok.lemma.lower() in cues.support_verbs
        )
        for c in parse.children(tok.i):
            word = c.text.lower()
            if c.dep == "neg" and own_clause:
                negated = True
            elif c.dep == "aux" and word in cues.hypothetical_modals and mood is None:
                mood = "would"
            elif c.dep == "aux" and (word in cues.future_auxes or c.lemma.lower() in cues.future_auxes):
                mood = mood or "will"
            elif c.dep in ("acomp", "attr") and c.lemma.lower() in cues.hypothetical_words:
                mood = mood or "hypothetical"
            elif c.dep in ("acomp",) and c.lemma.lower() in cues.intention_adjectives and prev.dep == "xcomp":
                mood = mood or "intend"
        if k > 0 and prev.dep == "xcomp" and tok.lemma.lower() in cues.intention_verbs:
            mood = mood or "intend"
        if k > 0 and prev.dep == "xcomp" and tok.lemma.lower() in cues.hypothetical_words:
            mood = mood or "hypothetical"
        prev = tok
    if mood in ("hypothetical",):
        return "hypothetical", negated
    if mood in ("will", "intend"):
        return "planned", negated
    if mood == "would":
        return "would", negated
    return None, negated


def _quote_speaker(ctx: Context, anchor: Token) -> Quote | None:
    for q in ctx.quotes:
        if q.evidence.start <= anchor.start < q.evidence.end and q.speaker_name:
            return q
    return None


def _according_to(ctx: Context, sent: Sentence, anchor: Token) -> list[tuple[Token, Token]]:
    """(``according`` token, source head) pairs of the sentence ("according to flight tracking data and ...")."""
    out = []
    for t in ctx.parse.sent_tokens(sent):
        if t.text.lower() == "according":
            for to in ctx.parse.children(t.i):
                if to.text.lower() == "to":
                    for o in ctx.parse.children(to.i):
                        if o.dep == "pobj":
                            out.append((t, o))
    return out


def judge(ctx: Context, event: Event, previous: Speaker | None = None) -> Judgement:
    parse, cues = ctx.parse, ctx.cues
    anchor = anchor_token(parse, event.evidence.start, event.evidence.end, cues,
                          speech_act=event.type.upper() in cues.speech_act_types)
    j = Judgement(anchor=anchor)
    if anchor is None:
        return j
    sent = parse.sents[anchor.sent]
    # -- attribution: the nearest speech verb governing the anchor ---------------------------------------
    verb: Token | None = None
    child = anchor
    if anchor.lemma.lower() in cues.perception_verbs and anchor.pos == "VERB":
        verb = anchor
    else:
        for a in ancestors(parse, anchor.i):
            if _background(ctx, child):
                break
            if a.lemma.lower() in cues.speech_verbs and a.pos == "VERB" and child.dep in _CONTENT_EDGES:
                verb = a
                break
            child = a
    if verb is None:  # a parenthetical "..., the airline said" hanging off the event clause
        for a in [anchor, *ancestors(parse, anchor.i)]:
            for c in parse.children(a.i):
                if c.dep in ("parataxis", "advcl", "ccomp") and c.lemma.lower() in cues.reporting_verbs \
                        and c.i > anchor.i and subject_of(parse, c.i) is not None:
                    verb = c
    mood, negated = _modality(ctx, anchor, verb.i if verb is not None else None)
    j.negated = negated
    if verb is not None:
        subj = subject_of(parse, verb.i)
        speaker = ctx.speakers.resolve(subj, previous) if subj is not None else None
        stance = "denies" if (verb.lemma.lower() in cues.denial_verbs) != negated else "asserts"
        if verb is anchor:
            stance = "asserts"
        j.sources.append(Source(stance, _speaker_kind(ctx, subj, verb), speaker, _attr_span(ctx, speaker, verb),
                                by_negation=negated and verb.lemma.lower() not in cues.denial_verbs))
    else:
        for acc, src in _according_to(ctx, sent, anchor):
            speaker = ctx.speakers.resolve(src, previous)
            conj = [src] + [c for c in parse.children(src.i) if c.dep == "conj"]
            kinds = {_speaker_kind(ctx, c, acc) for c in conj}
            kind = "evidence" if "evidence" in kinds else kinds.pop()
            span = Span.of(ctx.text, acc.start, speaker.span.end)
            j.sources.append(Source("denies" if negated else "asserts", kind, speaker, span, by_negation=negated))
        if not j.sources:
            q = _quote_speaker(ctx, anchor)
            if q is not None:
                sp = Speaker(q.speaker, q.speaker_name or "", q.evidence, -1)
                j.sources.append(Source("denies" if negated else "asserts", "party", sp, q.evidence,
                                        by_negation=negated))
    # -- hedges --------------------------------------------------------------------------------------------
    lo, hi = _clause_range(ctx, anchor)
    if verb is not None and verb.i != anchor.i:
        lo = min(lo, verb.start)
    j.hedged = bool(cues.unconfirmed.search(ctx.text[lo:hi]))
    # -- status ----------------------------------------------------------------------------------------
    in_condition = any(s_lo <= anchor.i < s_hi for s_lo, s_hi, _ in conditional_scopes(parse, sent, cues))
    has_condition = bool(conditional_scopes(parse, sent, cues))
    if mood == "would":
        mood = _would(ctx, anchor, verb, j, has_condition)
    if in_condition or mood == "hypothetical":
        j.status = "hypothetical"
    elif mood == "planned":
        j.status = "planned"
    else:
        j.status = status_of(j.sources, j.hedged)
    return j


def _would(ctx: Context, anchor: Token, verb: Token | None, j: Judgement, has_condition: bool) -> str:
    """``would``: a conditional consequence or prediction (hypothetical), or a reported intention (planned:
    "Russia said it would send aid", where the doer is the speaker)."""
    if has_condition or verb is None or not j.sources or j.sources[0].speaker is None:
        return "hypothetical"
    subj = subject_of(ctx.parse, anchor.i)
    speaker = j.sources[0].speaker
    if subj is not None and subj.pos == "PRON" and subj.text.lower() in ("it", "he", "she", "they", "we", "i"):
        return "planned"
    if subj is not None and speaker.actor is not None \
            and ctx.speakers.actor_at(subj.start, subj.end) is not None \
            and getattr(ctx.speakers.actor_at(subj.start, subj.end), "id", None) == speaker.actor:
        return "planned"
    return "hypothetical"


def status_of(sources: list[Source], hedged: bool) -> str:
    stances = {s.stance for s in sources}
    explicit_denial = any(s.stance == "denies" and not s.by_negation for s in sources)
    if explicit_denial or ("denies" in stances and "asserts" in stances):
        return "disputed"
    if hedged:
        return "unconfirmed"
    if any(s.kind == "reporter" or s.kind == "evidence" for s in sources):
        return "reported"
    if any(s.kind == "party" for s in sources):
        return "claimed"
    return "reported"


def cross_sentence_denials(ctx: Context, sent: Sentence, previous: Speaker | None) -> list[Source]:
    """Denials in ``sent`` that refer back to the previous sentence ("Armenian officials denied this")."""
    parse, cues = ctx.parse, ctx.cues
    out: list[Source] = []
    for t in parse.sent_tokens(sent):
        if t.lemma.lower() not in cues.denial_verbs or t.pos != "VERB":
            continue
        objs = [c for c in parse.children(t.i) if c.dep in ("dobj", "ccomp", "xcomp", "attr")]
        back = not objs or any(
            o.text.lower() in cues.claim_anaphors or o.lemma.lower() in cues.claim_anaphors for o in objs
        )
        if not back or any(o.dep in ("ccomp", "xcomp") for o in objs):
            continue
        subj = subject_of(parse, t.i)
        if subj is None:
            continue
        speaker = ctx.speakers.resolve(subj, previous)
        end = max([t.end] + [parse.tokens[subtree(parse, o.i)[-1]].end for o in objs])
        out.append(Source("denies", "party", speaker, Span.of(ctx.text, min(speaker.span.start, t.start), end)))
    return out


def disclaims_previous(ctx: Context, sent: Sentence) -> bool:
    """True for a sentence that disclaims the reports just made ("The reports have not been confirmed")."""
    text = ctx.text[sent.start : sent.end]
    if not ctx.cues.unconfirmed.search(text):
        return False
    root = next((t for t in ctx.parse.sent_tokens(sent) if t.dep == "ROOT"), None)
    if root is None:
        return False
    subj = subject_of(ctx.parse, root.i)
    words = {subj.text.lower(), subj.lemma.lower()} if subj is not None else set()
    return bool(words & ctx.cues.disclaimer_subjects) or root.lemma.lower() in ("confirm", "verify")


def _same_paragraph(ctx: Context, a: Sentence, b: Sentence) -> bool:
    return "\n\n" not in ctx.text[a.start : b.start].strip()


def judge_all(ctx: Context, events: list[Event]) -> list[Judgement]:
    """Judge every event; then apply denials and disclaimers of the next sentence to the previous one's."""
    order = sorted(range(len(events)), key=lambda k: (events[k].evidence.start, events[k].evidence.end))
    out: list[Judgement | None] = [None] * len(events)
    previous: Speaker | None = None
    for k in order:
        j = judge(ctx, events[k], previous)
        out[k] = j
        for src in j.sources:
            if src.kind == "party" and src.speaker is not None:
                previous = src.speaker
    judgements = [j for j in out if j is not None]
    sents = ctx.parse.sents
    for k, j in enumerate(judgements):
        if j.anchor is None or j.status in ("hypothetical", "planned"):
            continue
        here = sents[j.anchor.sent]
        if here.i + 1 >= len(sents) or not _same_paragraph(ctx, here, sents[here.i + 1]):
            continue
        nxt = sents[here.i + 1]
        denials = cross_sentence_denials(ctx, nxt, None)
        j.sources += denials
        changed = bool(denials)
        if any(s.kind == "party" for s in j.sources) and disclaims_previous(ctx, nxt):
            j.hedged = True
            changed = True
        if changed:
            j.status = status_of(j.sources, j.hedged)
        judgements[k] = j
    return judgements
