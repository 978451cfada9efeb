"""Fixtures of the dedup tests; the builders live in dedup_fixtures.py (importable by tests/export too)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from polemos.store import Store  # noqa: E402


@pytest.fixture()
def store() -> Iterator[Store]:
    s = Store(":memory:")
    yield s
    s.close()
