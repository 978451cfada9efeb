"""Builders for the claims tests (importable: ``from tests.claims.helpers import actor``)."""

from __future__ import annotations

from typing import Any

from polemos.records import Actor, Span, content_id


def actor(text: str, name: str, kind: str, *words: str, country: str | None = None) -> Actor:
    """An actor with a mention at every occurrence of each of ``words`` in ``text``."""
    spans = []
    for w in words:
        start = text.find(w)
        while start >= 0:
            spans.append(Span.of(text, start, start + len(w)))
            start = text.find(w, start + 1)
    return Actor(id=content_id("act", name), name=name, kind=kind, country=country, mentions=tuple(spans))


def spans_ok(text: str, items: list[Any]) -> bool:
    return all(text[i.evidence.start : i.evidence.end] == i.evidence.text for i in items)
