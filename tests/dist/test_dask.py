"""The Dask scale-out gives the same documents, in the same order, as the in-process pipeline."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from polemos.dist import DaskPipeline
from polemos.ingest import load_inputs
from polemos.settings import Settings

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles.jsonl"


def test_dask_matches_in_process(pipeline: Any, caplog: pytest.LogCaptureFixture) -> None:
    articles = [i.article for i in load_inputs([str(EXAMPLES)]) if i.article is not None][:3]
    expected = [pipeline.analyze(a).to_dict() for a in articles]
    with caplog.at_level(logging.INFO), DaskPipeline(Settings.from_env(), workers=2, chunk=1) as dp:
        got = [a.to_dict() for a in dp.analyze_many(articles)]
    assert got == expected
    # the scheduler's INFO chatter (~30 lines per run) does not reach the user's stderr
    assert not [r for r in caplog.records if r.name.startswith("distributed") and r.levelno < logging.WARNING]
