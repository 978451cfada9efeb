"""Export tests reuse the hand-built stored articles of tests/dedup."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "dedup"))

from dedup_fixtures import hospital_reports  # noqa: E402

from polemos.store import Store  # noqa: E402


@pytest.fixture(scope="module")
def merged_store() -> Iterator[Store]:
    s = Store(":memory:")
    s.save(hospital_reports())
    yield s
    s.close()
