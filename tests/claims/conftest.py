"""Helpers for the claims tests: the real parse (spaCy loaded once, via the session pipeline) and
hand-built events, so the claims stage is tested on its own."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from polemos.claims import attribute_claims, extract_quotes
from polemos.coding import resolve_dates
from polemos.nlp import Parse, to_parse
from polemos.pipeline import Pipeline
from polemos.records import Actor, Article, Claim, Event, Quote, Span, content_id


class Result:
    def __init__(self, article: Article, events: list[Event], claims: list[Claim], quotes: list[Quote]) -> None:
        self.article = article
        self.events = events
        self.claims = claims
        self.quotes = quotes

    def event(self, trigger: str) -> Event:
        return next(e for e in self.events if e.evidence.text == trigger)

    def claims_of(self, trigger: str, stance: str | None = None) -> list[Claim]:
        ev = self.event(trigger)
        by_id = {c.id: c for c in self.claims}
        return [by_id[c] for c in ev.claims if stance is None or by_id[c].stance == stance]


@pytest.fixture(scope="session")
def parse_text(pipeline: Pipeline) -> Callable[[str], Parse]:
    cache: dict[str, Parse] = {}

    def _parse(text: str) -> Parse:
        if text not in cache:
            cache[text] = to_parse(pipeline.resources.nlp(text))
        return cache[text]

    return _parse


@pytest.fixture(scope="session")
def run_claims(parse_text: Callable[[str], Parse]) -> Callable[..., Result]:
    """run_claims(text, [(trigger, type), ...], actors=(), published="YYYY-MM-DD") -> Result."""

    def _run(text: str, triggers: list[tuple[str, str]], actors: tuple[Actor, ...] = (),
             published: str | None = "2024-03-06") -> Result:
        parse = parse_text(text)
        article = Article(id=Article.make_id(text), text=text,
                          published=date.fromisoformat(published) if published else None)
        events = []
        for trigger, etype in triggers:
            start = text.index(trigger)
            events.append(Event(id=content_id("evt", article.id, trigger), type=etype, mode=None,
                                evidence=Span.of(text, start, start + len(trigger))))
        events, _ = resolve_dates(article, parse, events)
        quotes, errors = extract_quotes(article, parse, list(actors))
        assert errors == []
        events, claims, errors = attribute_claims(article, parse, list(actors), events, quotes)
        assert errors == []
        return Result(article, events, claims, quotes)

    return _run
