"""The notebook API: ``polemos.analyze(text)`` with the pipeline loaded once and reused."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from polemos.records import Analysis
from polemos.settings import Settings

if TYPE_CHECKING:
    from polemos.pipeline import Pipeline

__all__ = ["analyze", "load", "scenario"]


def load(settings: Settings | None = None) -> Pipeline:
    """Load the pipeline (spaCy, actor KB, gazetteer, coder) once; pass it to ``analyze`` for every article."""
    from polemos.pipeline import Pipeline

    return Pipeline.load(settings)


def analyze(text: str, *, pipeline: Pipeline | None = None, title: str | None = None,
            published: date | str | None = None, url: str | None = None, source: str = "python") -> Analysis:
    """Analyse one article's text: events, actors, places, claims and quotes, each with spans into the text.

    The text is normalised and checked as the CLI does (``InputError`` E103–E106 for empty, too large, too short or
    non-English text). Without ``pipeline`` one is loaded for this call; load it once with ``polemos.load()`` to
    analyse many articles.
    """
    from polemos.ingest import make_article

    settings = Settings.from_env()
    day = date.fromisoformat(published) if isinstance(published, str) else published
    article = make_article(text, source, settings, title=title, published=day, url=url)
    return (pipeline or load(settings)).analyze(article)


def scenario(text: str, docs: list[dict[str, Any]] | None = None, *, db: str | None = None,
             pipeline: Pipeline | None = None) -> dict[str, Any]:
    """Who is drawn in if ``text`` happens ("Azerbaijan attacks Armenia"): matched against the commitments and
    alliances of ``docs`` (``Analysis.to_dict()`` documents) or of every article stored in ``db``; the same answer as
    ``polemos scenario`` and ``GET /api/scenario``."""
    from polemos.relations.scenario import answer, parse_scenario

    if docs is None:
        from polemos.store import Store

        with Store(db or Settings.from_env().db_path, read_only=True, lock_wait=30.0) as store:
            docs = store.documents()
    return answer(parse_scenario(pipeline or load(), text), docs)

