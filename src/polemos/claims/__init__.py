"""Claims (who asserts / denies an event), event status, and quotes."""

from __future__ import annotations

from polemos.nlp import Parse
from polemos.records import Actor, Article, ArticleError, Claim, Event, Quote

__all__ = ["attribute_claims", "extract_quotes"]


def extract_quotes(article: Article, parse: Parse, actors: list[Actor]) -> tuple[list[Quote], list[ArticleError]]:
    return [], []


def attribute_claims(
    article: Article, parse: Parse, actors: list[Actor], events: list[Event], quotes: list[Quote]
) -> tuple[list[Event], list[Claim], list[ArticleError]]:
    return events, [], []
