"""Small helpers over the plain :class:`~polemos.nlp.Parse`: ancestors, subtrees, noun phrases, clause scopes."""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from polemos.claims.lexicon import Cues
from polemos.nlp import Parse, Sentence, Token

__all__ = [
    "ancestors",
    "subtree",
    "tokens_in",
    "subject_of",
    "phrase_span",
    "anchor_token",
    "conditional_scopes",
    "has_child",
    "path_deps",
]

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "expl")
CONTENT_POS = ("VERB", "NOUN", "AUX", "ADJ", "PROPN")


def ancestors(parse: Parse, i: int) -> Iterator[Token]:
    """The heads of token ``i`` up to the root (nearest first)."""
    seen = {i}
    tok = parse.tokens[i]
    while tok.head != tok.i and tok.head not in seen:
        seen.add(tok.head)
        tok = parse.tokens[tok.head]
        yield tok


def path_deps(parse: Parse, i: int, top: int) -> list[str]:
    """Dependency labels on the path from ``i`` up to (not including) its ancestor ``top``."""
    deps: list[str] = []
    tok = parse.tokens[i]
    while tok.i != top and tok.head != tok.i:
        deps.append(tok.dep)
        tok = parse.tokens[tok.head]
    return deps


def subtree(parse: Parse, i: int) -> list[int]:
    """Indices of token ``i`` and all its dependents (sorted)."""
    sent = parse.sents[parse.tokens[i].sent]
    out = {i}
    changed = True
    while changed:
        changed = False
        for t in parse.tokens[sent.token_start : sent.token_end]:
            if t.i not in out and t.head in out and t.head != t.i:
                out.add(t.i)
                changed = True
    return sorted(out)


def tokens_in(parse: Parse, start: int, end: int) -> list[Token]:
    """Non-space tokens overlapping the character range ``[start, end)``."""
    toks = parse.tokens
    k = bisect.bisect_right(toks, start, key=lambda t: t.end)  # first token ending after ``start``
    out = []
    while k < len(toks) and toks[k].start < end:
        if toks[k].pos != "SPACE":
            out.append(toks[k])
        k += 1
    return out


def has_child(parse: Parse, i: int, deps: tuple[str, ...], lemmas: frozenset[str] | None = None) -> Token | None:
    for c in parse.children(i):
        if c.dep in deps and (lemmas is None or c.lemma.lower() in lemmas or c.text.lower() in lemmas):
            return c
    return None


def subject_of(parse: Parse, verb: int) -> Token | None:
    """The subject of a verb; for a subjectless verb (``adding that``, ``and said``) that of its governor."""
    seen: set[int] = set()
    i = verb
    while i not in seen:
        seen.add(i)
        subjects = [c for c in parse.children(i) if c.dep in ("nsubj", "nsubjpass", "csubj")]
        if subjects:  # two subjects is a misparse (a dateline "PORT SUDAN:" taken as one): the nearest wins
            return min(subjects, key=lambda c: abs(c.i - i))
        for c in parse.children(i):
            if c.dep == "agent":
                objs = [g for g in parse.children(c.i) if g.dep == "pobj"]
                if objs:
                    return objs[0]
        tok = parse.tokens[i]
        if tok.dep in ("conj", "advcl", "xcomp", "dep") and tok.head != tok.i:
            i = tok.head
            continue
        head = parse.tokens[tok.head]
        if tok.dep == "pcomp" and head.dep == "prep" and head.head != head.i:  # "after claiming ...": the
            i = head.head  # subject of the verb the clause hangs off
            continue
        break
    return None


def phrase_span(parse: Parse, head: int) -> tuple[int, int]:
    """Character span of a noun phrase headed by ``head``: its left modifiers and name parts, no clauses."""
    keep = ("compound", "amod", "det", "poss", "case", "nmod", "nummod", "quantmod", "flat", "punct")
    tok = parse.tokens[head]
    lo, hi = tok.i, tok.i
    for c in sorted(parse.children(head), key=lambda t: t.i):
        if c.dep in keep and c.i < head:
            sub = subtree(parse, c.i)
            lo = min(lo, sub[0])
        elif c.dep in ("compound", "flat") and c.i > head:
            hi = max(hi, c.i)
    for k in range(lo, head):  # a left part cut off by a comma belongs to something else
        if parse.tokens[k].text in (",", ";", ":") or parse.tokens[k].pos == "SPACE":
            lo = k + 1
    while lo < head and parse.tokens[lo].pos == "PUNCT":
        lo += 1
    return parse.tokens[lo].start, parse.tokens[hi].end


def _depth(parse: Parse, i: int) -> int:
    return sum(1 for _ in ancestors(parse, i))


def anchor_token(parse: Parse, start: int, end: int, cues: Cues, speech_act: bool = False) -> Token | None:
    """The token that stands for an event told in ``[start, end)``: the highest content word of the span.

    Reporting and denial verbs are skipped (the event is what is said, not the saying) unless the event is
    itself a speech act (``speech_act``), or the span holds nothing else.
    """
    toks = [t for t in tokens_in(parse, start, end) if t.pos in CONTENT_POS and t.dep not in ("aux", "auxpass")]
    if not toks:
        return None
    if not speech_act:
        content = [t for t in toks if t.lemma.lower() not in cues.speech_verbs or t.pos != "VERB"]
        toks = content or toks
    ids = {t.i for t in toks}
    # a participle modifying a noun of the span ("all assistance required") is not the event's head
    verbs = [t for t in toks if t.pos in ("VERB", "AUX")
             and not (t.dep in ("acl", "amod", "relcl") and t.head in ids)] or toks
    pool = verbs if len(verbs) < len(toks) and _depth(parse, verbs[0].i) <= min(_depth(parse, t.i) for t in toks) + 1 \
        else toks
    best = min(pool, key=lambda t: (_depth(parse, t.i), t.dep in SUBJECT_DEPS, t.i))
    if not speech_act:  # "plans to deploy troops", "is considering sending missiles": the event is the deploying
        governors = cues.intention_verbs | cues.deliberation_verbs | cues.aspectual_verbs | cues.preparation_verbs
        while best.lemma.lower() in governors:
            nxt = [c for c in parse.children(best.i) if c.dep == "xcomp" and c.i in ids]
            if not nxt:
                break
            best = nxt[0]
    return best


def _clause_end(parse: Parse, sent: Sentence, i: int) -> int:
    """Index of the token ending the clause that begins at ``i`` (exclusive): next , ; : — or sentence end."""
    for t in parse.tokens[i + 1 : sent.token_end]:
        if t.text in (",", ";", ":", "—", "–") or (t.text == "-" and t.pos == "PUNCT" and t.dep != "punct"):
            return t.i
    return sent.token_end


def conditional_scopes(parse: Parse, sent: Sentence, cues: Cues) -> list[tuple[int, int, Token]]:
    """Token ranges ``[lo, hi)`` of the conditional clauses of a sentence, each with its marker token.

    A conditional clause opens at a subordinator (``if``, ``unless``, ``in case``...) or at an inverted
    auxiliary (``were Azerbaijan to attack``, ``should the conflict spill``); it runs over the dependency
    subtree of its verb, or (when the parse is off) to the next clause boundary.
    """
    toks = parse.sent_tokens(sent)
    lower = [t.text.lower() for t in toks]
    scopes: list[tuple[int, int, Token]] = []
    for k, t in enumerate(toks):
        word = lower[k]
        marker = False
        if word in cues.conditional_single and t.pos in ("SCONJ", "ADP", "ADV", "VERB"):
            # "whether"/"if" opening a complement clause is an embedded question, not a condition
            question = word in ("whether", "if") and t.dep == "mark" and parse.tokens[t.head].dep == "ccomp"
            marker = not (word == "whether" and t.dep != "mark") and not question
        if word in cues.conditional_firsts:
            for multi in cues.conditional_multi:
                if tuple(lower[k : k + len(multi)]) == multi:
                    marker = True
        if not marker and word in cues.inversion_auxes and k + 2 < len(toks):
            prev = toks[k - 1] if k > 0 else None
            prev_subject = prev is not None and prev.pos in ("NOUN", "PROPN", "PRON") and prev.text != '"'
            nxt = toks[k + 1]
            if not prev_subject and nxt.pos in ("DET", "PROPN", "PRON", "NOUN", "ADJ") and nxt.text.lower() != "there":
                window = lower[k + 1 : k + 7]
                # "were X to V", "should X V", "had X V-ed"
                marker = (word == "were" and "to" in window) or word in ("should", "had")
                if word == "had":
                    marker = any(x.tag == "VBN" for x in toks[k + 2 : k + 6])
                if word == "should" and toks[-1].text == "?":
                    marker = False
        if not marker and word in ("until", "till") and t.dep == "mark":
            # "would continue until Israel halts its offensive": not yet happened when the main clause is
            # future, modal or present; "fought until the army withdrew" is a past fact
            main = parse.tokens[parse.tokens[t.head].head]
            modal = any(c.dep == "aux" and c.tag == "MD" for c in parse.children(main.i))
            marker = modal or main.tag in ("VB", "VBP", "VBZ", "VBG")
        if not marker:
            continue
        lo = t.i
        hi = _clause_end(parse, sent, t.i)
        head = parse.tokens[t.head]
        if t.dep == "mark" and head.i > t.i:
            sub = subtree(parse, head.i)
            hi = max(hi, sub[-1] + 1) if sub[-1] + 1 - hi < 12 else hi
        scopes.append((lo, hi, t))
    return scopes
