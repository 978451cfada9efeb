"""Actor knowledge base and resolution (states, organisations, armed groups, persons)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from polemos.nlp import Parse
from polemos.records import Actor, Article, ArticleError

__all__ = ["ActorKB", "load_kb", "resolve_actors"]


@dataclass(frozen=True)
class ActorKB:
    """The actor knowledge base (placeholder until the actor issue fills it)."""

    entries: tuple[Any, ...] = ()


def load_kb(extra_path: str | None = None) -> ActorKB:
    return ActorKB()


def resolve_actors(article: Article, parse: Parse, kb: ActorKB) -> tuple[list[Actor], list[ArticleError]]:
    return [], []
