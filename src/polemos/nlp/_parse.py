"""Plain, spaCy-free records of a parse: tokens, sentences, entities with character offsets."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["DEFAULT_BATCH_SIZE", "Token", "Sentence", "Entity", "Parse", "to_parse", "parse_many"]

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


def parse_many(nlp: Any, texts: Iterable[str], batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[Parse]:
    """Parse texts with ``nlp.pipe`` (batched) and yield plain parses in order."""
    for doc in nlp.pipe(texts, batch_size=batch_size):
        yield to_parse(doc)
