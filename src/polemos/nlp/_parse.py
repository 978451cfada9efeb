"""Plain, spaCy-free records of a parse: tokens, sentences, entities with character offsets."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from polemos.errors import InputError
from polemos.nlp._budget import CHUNK_CHARS, check_parse_input, parse_budget

__all__ = ["DEFAULT_BATCH_SIZE", "Token", "Sentence", "Entity", "Parse", "chunk_text", "to_parse", "parse_many"]

DEFAULT_BATCH_SIZE = 32


@dataclass(frozen=True, slots=True)
class Token:
    i: int
    text: str
    start: int  # character offset in Article.text
    end: int
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int  # index of the head token (== i for the root)
    ent_type: str
    ent_iob: str
    sent: int  # index of the sentence
    like_num: bool
    is_title: bool


@dataclass(frozen=True, slots=True)
class Sentence:
    i: int
    start: int
    end: int
    token_start: int
    token_end: int  # exclusive


@dataclass(frozen=True, slots=True)
class Entity:
    label: str
    start: int
    end: int
    text: str
    token_start: int
    token_end: int  # exclusive


@dataclass(frozen=True, slots=True)
class Parse:
    text: str
    tokens: tuple[Token, ...]
    sents: tuple[Sentence, ...]
    ents: tuple[Entity, ...]
    noun_chunks: tuple[tuple[int, int], ...]  # token ranges [start, end)

    def sent_tokens(self, sent: Sentence) -> tuple[Token, ...]:
        return self.tokens[sent.token_start : sent.token_end]

    def children(self, i: int) -> list[Token]:
        """Tokens whose head is token ``i`` (in the same sentence)."""
        sent = self.sents[self.tokens[i].sent]
        return [t for t in self.tokens[sent.token_start : sent.token_end] if t.head == i and t.i != i]

    def sentence_of(self, char: int) -> Sentence | None:
        for s in self.sents:
            if s.start <= char < s.end:
                return s
        return None


def to_parse(doc: Any) -> Parse:
    """Convert a spaCy ``Doc`` into a :class:`Parse`."""
    sent_index: dict[int, int] = {}
    sents = []
    for si, s in enumerate(doc.sents):
        sents.append(Sentence(si, s.start_char, s.end_char, s.start, s.end))
        for ti in range(s.start, s.end):
            sent_index[ti] = si
    tokens = tuple(
        Token(
            t.i, t.text, t.idx, t.idx + len(t.text), t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i,
            t.ent_type_, t.ent_iob_, sent_index.get(t.i, 0), t.like_num, t.is_title,
        )
        for t in doc
    )
    ents = tuple(Entity(e.label_, e.start_char, e.end_char, e.text, e.start, e.end) for e in doc.ents)
    chunks: tuple[tuple[int, int], ...]
    try:
        chunks = tuple((c.start, c.end) for c in doc.noun_chunks)
    except ValueError:  # no parser in the pipeline
        chunks = ()
    return Parse(doc.text, tokens, tuple(sents), ents, chunks)


def parse_many(nlp: Any, texts: Iterable[str], batch_size: int = DEFAULT_BATCH_SIZE, *,
               budget: float | None = None) -> Iterator[Parse]:
    """Parse texts and yield plain parses in order: texts up to ``CHUNK_CHARS`` with ``nlp.pipe`` (batched), longer
    ones chunk by chunk with the time ``budget`` (seconds per text; None: ``$POLEMOS_PARSE_BUDGET``; 0: none) checked
    between chunks. A text the parser must not get (see ``check_parse_input``) or one over budget raises InputError
    (E104, E130, E131) naming it by its position in ``texts``."""
    budget = parse_budget() if budget is None else budget
    pending: list[str] = []
    for n, text in enumerate(texts, 1):
        check_parse_input(text, f"text {n} of the batch")
        if len(text) <= CHUNK_CHARS:
            pending.append(text)
            if len(pending) >= batch_size:
                yield from _pipe(nlp, pending, batch_size)
                pending = []
            continue
        yield from _pipe(nlp, pending, batch_size)
        pending = []
        yield to_parse(_parse_long(nlp, text, budget, f"text {n} of the batch"))
    yield from _pipe(nlp, pending, batch_size)


def _pipe(nlp: Any, texts: list[str], batch_size: int) -> Iterator[Parse]:
    if texts:
        for doc in nlp.pipe(texts, batch_size=batch_size):
            yield to_parse(doc)


def _parse_long(nlp: Any, text: str, budget: float, source: str) -> Any:
    """One spaCy Doc of a long text, parsed in chunks (bounded memory; the budget is checked after each chunk)."""
    from spacy.tokens import Doc

    chunks = chunk_text(text)
    started = time.perf_counter()
    docs = []
    for done, chunk in enumerate(chunks, 1):
        docs.append(nlp(chunk))
        elapsed = time.perf_counter() - started
        if budget and elapsed > budget and done < len(chunks):
            parsed = sum(len(c) for c in chunks[:done])
            raise InputError("E131", source, f"took over the parse budget of {budget:g} s ({parsed:,} of "
                             f"{len(text):,} characters parsed in {elapsed:.0f} s)")
    doc = Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor", "user_data"])  # type: ignore[call-arg]
    if doc.text != text:  # chunks are cut after whitespace, so the joined text is the text
        raise RuntimeError(f"chunked parse changed the text ({len(doc.text)} != {len(text)} characters)")
    return doc


def chunk_text(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Cut ``text`` into pieces of at most ``size`` characters that join back to it, each cut after a paragraph
    break, else a line break, else a sentence end, else a space in the second half of the piece."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > size:
        lo, hi = start + size // 2, start + size
        for sep in ("\n\n", "\n", ". ", " "):
            at = text.rfind(sep, lo, hi)
            if at >= 0:
                cut = at + len(sep)
                break
        else:
            cut = hi
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces
