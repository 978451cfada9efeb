"""PLOVER event coding: the ontology as data, the coder, and date resolution."""

from __future__ import annotations

from dataclasses import dataclass

from polemos.nlp import Parse
from polemos.records import Actor, Article, ArticleError, Event, Place

__all__ = ["Coder", "load_coder", "code_events", "resolve_dates"]


@dataclass(frozen=True)
class Coder:
    """The event coder's patterns and model (placeholder until the events issue fills it)."""


def load_coder() -> Coder:
    return Coder()


def code_events(
    article: Article, parse: Parse, actors: list[Actor], places: list[Place], coder: Coder
) -> tuple[list[Event], list[ArticleError]]:
    return [], []


def resolve_dates(article: Article, parse: Parse, events: list[Event]) -> tuple[list[Event], list[ArticleError]]:
    from polemos.coding.dates import resolve_dates as _resolve_dates  # owned by the claims/dates helper

    return _resolve_dates(article, parse, events)
