"""Direct quotes: find quoted passages and attribute them to their speaker.

Rules (documented in docs of the claims stage, ``polemos/claims/README.md``):

* Quote marks: straight ``"..."`` (paired within a paragraph; an unclosed one runs to the paragraph end),
  curly ``“...”``, guillemets ``«...»``, curly single ``‘...’`` and straight single ``'...'`` at word
  boundaries (never an apostrophe such as ``Russia's``).
* A *full* quote (a sentence or more, or opened at a sentence start) is attributed to the subject of the
  speech verb next to it in the same paragraph (``"...," said Pierre Razoux``, ``"...," he said``,
  ``X said: "..."``); ``he``/``she`` go to the most recent person named as a subject.
* A *partial* quote (a few words inside a sentence: ``his "Azeri brothers"``, ``was "a sign"``) is a quote
  only when a speech verb governs it in the parse (``Erdogan congratulated his "Azeri brothers"``); scare
  quotes, titles and headlines with nobody speaking are dropped.
* Split and continued quotes are merged into one Quote: ``"A," he said, "b."`` and ``"A," he said. "B."``
  (the second part has no attribution of its own). ``text`` joins the parts with a space; ``evidence``
  spans from the first opening to the last closing quote mark.
* A full quote with no speaker anywhere near is kept with ``speaker = None`` (the reader still sees it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from polemos.claims.lexicon import Cues
from polemos.claims.speakers import Speaker, SpeakerIndex
from polemos.claims.syntax import ancestors, subject_of, tokens_in
from polemos.nlp import Parse, Token
from polemos.records import Article, Quote, Span, content_id

__all__ = ["find_quote_marks", "extract"]

_CURLY = re.compile(r"“([^”]{1,3000})”|«([^»]{1,3000})»")
_CURLY_SINGLE = re.compile(r"(?<!\w)‘((?:[^’\n]|’(?=\w)){1,300})’(?!\w)")
_STRAIGHT_SINGLE = re.compile(r"(?<![\w'])'(?=[^\s'])([^'\n]{1,300}?)(?<=[^\s'])'(?![\w'])")
_ATTRIBUTION_WORDS = 8  # at most this many words between two parts of one quote


@dataclass
class _Raw:
    open: int  # offset of the opening quote mark
    close: int  # offset just after the closing quote mark (or the paragraph end)
    content: str
    partial: bool = False
    verb: Token | None = None
    speaker: Speaker | None = None


def _role(text: str, i: int) -> str:
    """'open', 'close' or '?' for the straight double quote at ``i``, from the characters around it."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    space_before = before.isspace() or before in "([{—–-/"
    space_after = after.isspace() or after in ".,;:!?)]}—–-"
    if space_before and not space_after:
        return "open"
    if space_after and not space_before:
        return "close"
    return "?"


def _straight_double(text: str) -> list[tuple[int, int]]:
    """Pair straight double quotes within each paragraph; a mark that can only open (or only close) is
    never used the other way, so one stray mark does not flip every later pair. An unclosed quote runs to
    the paragraph end (the multi-paragraph quote convention)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for para in re.split(r"(\n\s*\n)", text):
        open_at: int | None = None
        for m in re.finditer('"', para):
            i = pos + m.start()
            role = _role(text, i)
            if open_at is None:
                if role != "close":
                    open_at = i
            elif role == "open":
                open_at = i  # the earlier mark was stray
            else:
                out.append((open_at, i + 1))
                open_at = None
        if open_at is not None:
            out.append((open_at, pos + len(para.rstrip())))
        pos += len(para)
    return out


def find_quote_marks(text: str) -> list[tuple[int, int]]:
    """Character ranges ``[open, close)`` of quoted passages, quote marks included, outermost only."""
    spans = _straight_double(text)
    spans += [(m.start(), m.end()) for m in _CURLY.finditer(text)]
    inner: list[tuple[int, int]] = []
    for rx in (_CURLY_SINGLE, _STRAIGHT_SINGLE):
        inner += [(m.start(), m.end()) for m in rx.finditer(text)]
    spans += [s for s in inner if not any(o <= s[0] < c for o, c in spans)]
    spans.sort()
    out: list[tuple[int, int]] = []
    for s in spans:
        if out and s[0] < out[-1][1]:
            continue
        out.append(s)
    return out


def _is_partial(text: str, open_: int, content: str) -> bool:
    before = text[:open_].rstrip()
    sentence_start = not before or before[-1] in ".!?:\n" or before.endswith(('."', ".”'"))
    words = content.split()
    ends_sentence = content.rstrip()[-1:] in ".!?" if content.strip() else False
    if sentence_start and (len(words) >= 4 or ends_sentence) and content[:1].isupper():
        return False
    return not (len(words) >= 6 and (ends_sentence or content.rstrip().endswith(",")))


def _outside(quotes: list[tuple[int, int]], tok: Token) -> bool:
    return not any(o <= tok.start < c for o, c in quotes)


def _speech_verb(parse: Parse, cues: Cues, raw: _Raw, marks: list[tuple[int, int]], text: str) -> Token | None:
    inside = [t for t in tokens_in(parse, raw.open + 1, raw.close - 1) if t.pos != "PUNCT" and t.start > raw.open]
    if not inside:
        return None
    # 1. a speech verb governing the quote (outside it): the syntactic attribution
    for t in inside:
        for a in ancestors(parse, t.i):
            lemma = a.lemma.lower()
            speech = lemma in cues.speech_verbs or lemma in cues.quote_verbs
            if speech and _outside(marks, a) and a.pos in ("VERB", "AUX"):
                if "\n" not in text[min(a.start, raw.open) : max(a.end, raw.open)].strip():
                    return a
            if a.i < inside[0].i - 40:
                break
    if raw.partial:
        return None
    # 2. the nearest speech verb outside quotes in the same paragraph and sentence (after, then before)
    first, last = inside[0], inside[-1]
    sents = {first.sent, last.sent}
    cands = [
        t for t in parse.tokens
        if t.sent in sents and t.lemma.lower() in cues.speech_verbs and t.pos == "VERB" and _outside(marks, t)
        and "\n\n" not in text[min(t.start, raw.close) : max(t.start, raw.close)]
        and "\n\n" not in text[min(t.start, raw.open) : max(t.start, raw.open)]
    ]
    after = [t for t in cands if t.start >= raw.close]
    before = [t for t in cands if t.end <= raw.open]
    if after:
        return min(after, key=lambda t: t.start)
    if before and text[before[-1].end : raw.open].strip().startswith((":", ",")):
        return before[-1]
    if before and text[max(t.end for t in before) : raw.open].strip() in ("", ":", ","):
        return before[-1]
    return None


def _between_is_attribution(text: str, a: _Raw, b: _Raw) -> bool:
    between = text[a.close : b.open]
    words = re.findall(r"\w+", between)
    return len(words) <= _ATTRIBUTION_WORDS and "\n\n" not in between.strip() and '"' not in between


def extract(article: Article, parse: Parse, speakers: SpeakerIndex, cues: Cues) -> list[Quote]:
    text = article.text
    marks = find_quote_marks(text)
    speakers.exclude(marks)
    raws: list[_Raw] = []
    for o, c in marks:
        body = text[o + 1 : c - 1] if c - o >= 2 and text[c - 1] in "\"”»’'" else text[o + 1 : c]
        content = body.strip().rstrip(",").rstrip()
        if not content or not re.search(r"\w", content):
            continue
        raws.append(_Raw(o, c, content, _is_partial(text, o, content)))
    previous: Speaker | None = None
    for raw in raws:
        raw.verb = _speech_verb(parse, cues, raw, marks, text)
        if raw.verb is not None:
            subj = subject_of(parse, raw.verb.i)
            if subj is not None:
                raw.speaker = speakers.resolve(subj, previous)
                previous = raw.speaker
    merged: list[_Raw] = []
    for raw in raws:
        last = merged[-1] if merged else None
        if last is not None and last.speaker is not None and _between_is_attribution(text, last, raw) and (
            (raw.verb is not None and last.verb is not None and raw.verb.i == last.verb.i
             and last.close <= raw.verb.start < raw.open)
            or (raw.verb is None and not raw.partial)
        ):
            last.content = f"{last.content} {raw.content}"
            last.close = raw.close
            continue
        merged.append(raw)
    quotes: list[Quote] = []
    for raw in merged:
        if raw.speaker is None and raw.partial:
            continue  # a scare quote, title or headline: nobody is speaking
        sp = raw.speaker
        quotes.append(
            Quote(
                id=content_id("quo", article.id, raw.open, raw.close),
                speaker=sp.actor if sp else None,
                speaker_name=sp.name if sp else None,
                text=raw.content,
                evidence=Span.of(text, raw.open, raw.close),
            )
        )
    return quotes
