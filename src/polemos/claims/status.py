"""Event status: combine the attribution, the modality and the hedges of an event into one status.

Precedence: hypothetical (in a conditional clause, or a mere possibility / prediction) > planned (future,
intention, threat, promise) > disputed (asserted and denied, or explicitly denied) > unconfirmed (hedged or
disclaimed) > reported (the reporter's own statement, or seen by the reporter, or shown by data) > claimed
(one party's word). The rules are in ``polemos/claims/README.md``; the words in ``data/claims/cues.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from polemos.claims.attribution import Context, Source, attribute, back_denials
from polemos.claims.modality import clause_text, mood_of, would_means
from polemos.claims.speakers import Speaker
from polemos.claims.syntax import anchor_token, conditional_scopes, subject_of, subtree
from polemos.nlp import Sentence, Token
from polemos.records import Event

__all__ = ["Context", "Judgement", "judge", "judge_all", "status_of"]


@dataclass
class Judgement:
    status: str = "reported"
    sources: list[Source] = field(default_factory=list)
    anchor: Token | None = None
    negated: bool = False
    hedged: bool = False


def judge(ctx: Context, event: Event, previous: Speaker | None = None) -> Judgement:
    parse, cues = ctx.parse, ctx.cues
    anchor = anchor_token(parse, event.evidence.start, event.evidence.end, cues,
                          speech_act=event.type.upper() in cues.speech_act_types)
    j = Judgement(anchor=anchor)
    if anchor is None:
        return j
    sent = parse.sents[anchor.sent]
    first = mood_of(parse, cues, anchor, None)
    att = attribute(ctx, anchor, first.negated, previous)
    mood = mood_of(parse, cues, anchor, att.verb.i if att.verb is not None and att.verb is not anchor else None)
    j.negated = mood.negated
    j.sources = att.sources
    if mood.negated != first.negated:  # the speech verb limits where negation is looked for
        j.sources = attribute(ctx, anchor, mood.negated, previous).sources
    text = clause_text(parse, cues, anchor, att.verb)
    j.hedged = att.hedged or bool(cues.unconfirmed.search(text)) or mood.kind == "epistemic"
    if sent.i not in ctx.scopes:
        ctx.scopes[sent.i] = conditional_scopes(parse, sent, cues)
    scopes = ctx.scopes[sent.i]
    in_condition = any(lo <= anchor.i < hi for lo, hi, _ in scopes)
    kind = mood.kind
    if kind == "would":
        speaker = j.sources[0].speaker if j.sources else None
        kind = would_means(parse, cues, ctx.speakers, anchor, att.verb, speaker.actor if speaker else None,
                           speaker is not None, bool(scopes))
    if anchor.lemma.lower() in cues.commissive_verbs and any(
            c.dep in ("xcomp", "ccomp") for c in parse.children(anchor.i)):
        kind = kind or "planned"  # the threat or promise itself ("vowed to retake", "threatened to strike")
    if in_condition or kind == "hypothetical":
        j.status = "hypothetical"
    elif kind == "planned":
        j.status = "planned"
    else:
        j.status = status_of(j.sources, j.hedged)
    if j.status in ("hypothetical", "planned"):  # the speaker asserts the plan or the possibility
        j.sources = [Source("asserts", s.kind, s.speaker, s.evidence) if s.by_negation else s for s in j.sources]
    return j


def status_of(sources: list[Source], hedged: bool) -> str:
    stances = {s.stance for s in sources}
    explicit_denial = any(s.stance == "denies" and not s.by_negation for s in sources)
    if explicit_denial or ("denies" in stances and "asserts" in stances):
        return "disputed"
    if hedged:
        return "unconfirmed"
    if any(s.kind in ("reporter", "evidence") for s in sources):
        return "reported"
    if any(s.kind == "party" for s in sources):
        return "claimed"
    return "reported"


def _same_paragraph(ctx: Context, a: Sentence, b: Sentence) -> bool:
    return "\n\n" not in ctx.text[a.start : b.start].strip()


def _disclaims(ctx: Context, root: Token, text: str) -> bool:
    found = ctx.cues.unconfirmed.search(text)
    if not found:
        return False
    if "confirm" in found.group(0).lower() or "verif" in found.group(0).lower():
        return True  # "..., but police have yet to confirm the abduction"
    subj = subject_of(ctx.parse, root.i)
    words = {subj.text.lower(), subj.lemma.lower()} if subj is not None else set()
    return bool(words & ctx.cues.disclaimer_subjects) or root.lemma.lower() in ("confirm", "verify") \
        or any(c.dep == "expl" for c in ctx.parse.children(root.i))


def disclaims_previous(ctx: Context, sent: Sentence) -> bool:
    """True for a sentence that disclaims the reports just made ("The reports have not been confirmed")."""
    root = next((t for t in ctx.parse.sent_tokens(sent) if t.dep == "ROOT"), None)
    return root is not None and _disclaims(ctx, root, ctx.text[sent.start : sent.end])


def disclaimer_clause(ctx: Context, sent: Sentence) -> bool:
    """A coordinated or concessive clause that disclaims its sentence ("..., but there was no independent
    confirmation", "..., though the figures could not be confirmed")."""
    parse = ctx.parse
    for t in parse.sent_tokens(sent):
        if t.dep in ("conj", "advcl") and t.pos in ("VERB", "AUX") and parse.tokens[t.head].dep == "ROOT":
            ids = subtree(parse, t.i)
            if _disclaims(ctx, t, " ".join(parse.tokens[i].text for i in ids)):
                return True
    return False


def judge_all(ctx: Context, events: list[Event]) -> list[Judgement]:
    """Judge every event; then apply denials (same or next sentence) and next-sentence disclaimers."""
    order = sorted(range(len(events)), key=lambda k: (events[k].evidence.start, events[k].evidence.end))
    out: list[Judgement] = [Judgement() for _ in events]
    previous: Speaker | None = None
    for k in order:
        out[k] = judge(ctx, events[k], previous)
        for src in out[k].sources:
            if src.kind == "party" and src.speaker is not None:
                previous = src.speaker
    sents = ctx.parse.sents
    for j in out:
        if j.anchor is None or j.status in ("hypothetical", "planned"):
            continue
        here = sents[j.anchor.sent]
        attribution_end = max([j.anchor.end] + [s.evidence.end for s in j.sources])
        denials = [d for d in back_denials(ctx, here, attribution_end)
                   if all(d.evidence.start != s.evidence.start for s in j.sources)]
        claimed = any(s.kind == "party" and s.stance == "asserts" for s in j.sources)
        if here.i + 1 < len(sents) and _same_paragraph(ctx, here, sents[here.i + 1]):
            nxt = sents[here.i + 1]
            denials += back_denials(ctx, nxt, loose=claimed)
            if claimed and disclaims_previous(ctx, nxt):
                j.hedged = True
        if claimed and disclaimer_clause(ctx, here):
            j.hedged = True
        j.sources = j.sources + denials
        j.status = status_of(j.sources, j.hedged)
    return out
