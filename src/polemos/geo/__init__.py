"""Offline gazetteer and context-aware geocoder."""

from __future__ import annotations

from dataclasses import dataclass

from polemos.nlp import Parse
from polemos.records import Actor, Article, ArticleError, Place

__all__ = ["Gazetteer", "load_gazetteer", "resolve_places"]


@dataclass(frozen=True)
class Gazetteer:
    """The in-memory gazetteer (placeholder until the geo issue fills it)."""


def load_gazetteer() -> Gazetteer:
    return Gazetteer()


def resolve_places(
    article: Article, parse: Parse, actors: list[Actor], gazetteer: Gazetteer
) -> tuple[list[Place], list[ArticleError]]:
    return [], []
