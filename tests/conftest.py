"""Shared fixtures: the pipeline is loaded once per test session."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from polemos.pipeline import Pipeline
from polemos.records import Article
from polemos.settings import shared_dir

REPO = Path(__file__).resolve().parents[1]
SHARED = shared_dir()
KARABAKH = SHARED / "corpus" / "articles" / "nagorno-karabakh-2020-11.txt"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark tests by cost: ``model`` (needs the loaded pipeline, directly or through a fixture), ``eval`` (gold-set
    floors under tests/eval/), ``slow`` (marked by hand: subprocesses, Dask, browsers); `make test-fast` runs the rest."""
    for item in items:
        if "pipeline" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.model)
        if "eval" in Path(str(item.fspath)).relative_to(REPO / "tests").parts[:1]:
            item.add_marker(pytest.mark.eval)


def shared_missing(what: str) -> None:
    """A gold set or article of ../shared is missing: a failure in CI (CI=true), a skip on a developer's machine."""
    reason = f"{what} is not beside the repository"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{reason}; CI needs ../shared to run the held-out floors")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline.load()


@pytest.fixture(scope="session")
def analyze(pipeline: Pipeline) -> Any:
    """analyze(text, published="YYYY-MM-DD" | None) -> the output contract as a dict."""

    def _analyze(text: str, published: str | None = None, title: str | None = None) -> dict[str, Any]:
        from polemos.ingest import normalize_text

        clean = normalize_text(text)
        article = Article(
            id=Article.make_id(clean),
            text=clean,
            title=title,
            published=date.fromisoformat(published) if published else None,
        )
        return pipeline.analyze(article).to_dict()

    return _analyze


@pytest.fixture(scope="session")
def karabakh(pipeline: Pipeline) -> dict[str, Any]:
    """The reference article of ../shared (published 2020-11-09), loaded by ingest and analysed once."""
    if not KARABAKH.exists():
        shared_missing("../shared/corpus")
    from polemos.ingest import load_inputs

    items = list(load_inputs([str(KARABAKH)], published=date(2020, 11, 9)))
    assert items[0].article is not None, items[0].error
    return pipeline.analyze(items[0].article).to_dict()
