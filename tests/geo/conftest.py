"""Geo test helpers: geocode a text with the session's spaCy model and gazetteer (no actors stage)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from polemos.geo import Gazetteer, resolve_places
from polemos.nlp import Parse, parse_many
from polemos.pipeline import Pipeline
from polemos.records import Actor, Article, ArticleError, Place

Geocode = Callable[..., tuple[list[Place], list[ArticleError]]]


@pytest.fixture(scope="session")
def gaz(pipeline: Pipeline) -> Gazetteer:
    return pipeline.resources.gazetteer


@pytest.fixture(scope="session")
def parse_text(pipeline: Pipeline) -> Callable[[str], Parse]:
    def _parse(text: str) -> Parse:
        return next(parse_many(pipeline.resources.nlp, [text]))

    return _parse


@pytest.fixture(scope="session")
def geocode(gaz: Gazetteer, parse_text: Callable[[str], Parse]) -> Geocode:
    """geocode(text, actors=(), dateline=None) -> (places, errors), the geocoder on its own."""

    def _geocode(text: str, actors: tuple[Actor, ...] = (), dateline: str | None = None,
                 parse: Parse | None = None) -> tuple[list[Place], list[ArticleError]]:
        article = Article(id=Article.make_id(text), text=text, dateline=dateline)
        return resolve_places(article, parse or parse_text(text), list(actors), gaz)

    return _geocode


def by_mention(places: list[Place], text: str) -> dict[str, Place]:
    return {m.text: p for p in places for m in p.mentions}


def place_dicts(places: list[Place]) -> list[dict[str, Any]]:
    return [p.to_dict() for p in places]
