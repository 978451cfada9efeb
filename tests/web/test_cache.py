"""The answer cache: kept while the store file is unchanged, read again after a write, one read for many waiters."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from polemos.errors import PolemosError
from polemos.store import Store
from polemos.web._cache import AnswerCache, store_state
from polemos.web.api import create_app


def _add_article(db: Path, n: int) -> None:
    with Store(db) as store:
        store.conn.execute("INSERT INTO articles (id, title, source, text, result) VALUES (?, ?, 'made-up', 'x', '{}')",
                           [f"art_cache{n}", f"made-up item {n}"])


def test_answers_follow_writes_to_the_store(tmp_path: Path) -> None:
    db = tmp_path / "cache.duckdb"
    _add_article(db, 1)
    app = create_app(str(db))
    client = TestClient(app, base_url="http://localhost")
    assert client.get("/api/stats").json()["counts"]["articles"] == 1
    assert client.get("/api/stats").json()["counts"]["articles"] == 1
    assert app.state.answers.hits == 1 and app.state.answers.reads == 1
    _add_article(db, 2)  # the server holds no connection between reads, so a writer gets the lock
    assert client.get("/api/stats").json()["counts"]["articles"] == 2
    assert [a["id"] for a in client.get("/api/articles").json()] == ["art_cache1", "art_cache2"]
    assert client.get("/api/articles?limit=1").json()[0]["id"] == "art_cache1"  # its own entry
    db.unlink()
    assert client.get("/api/stats").json()["error"] == "E302"


def test_store_state_sees_the_file_and_its_wal(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    assert store_state(str(db)) is None
    _add_article(db, 1)
    first = store_state(str(db))
    assert first is not None and first[0] is not None
    _add_article(db, 2)
    assert store_state(str(db)) != first


def test_concurrent_misses_share_one_read_and_errors_reach_every_waiter(tmp_path: Path) -> None:
    cache = AnswerCache(str(tmp_path / "x.duckdb"))
    calls: list[int] = []
    gate = threading.Event()

    def read() -> bytes:
        calls.append(1)
        gate.wait(5)
        return b"[1]"

    def fail() -> bytes:
        time.sleep(0.05)
        raise PolemosError("E303", "no single stored article matches id 'zz'")

    async def run() -> tuple[list[bytes], list[BaseException | bytes]]:
        state = ((1, 1, 1), None)
        waiting = [asyncio.ensure_future(cache.get("k", state, read)) for _ in range(20)]
        await asyncio.sleep(0.05)
        gate.set()
        ok = await asyncio.gather(*waiting)
        bad = await asyncio.gather(*(cache.get("e", state, fail) for _ in range(5)), return_exceptions=True)
        return ok, bad

    ok, bad = asyncio.run(run())
    assert ok == [b"[1]"] * 20 and len(calls) == 1
    assert all(isinstance(b, PolemosError) and b.code == "E303" for b in bad)
    assert cache.reads == 2  # one for "k", one for "e"; the failure is not kept


def test_the_cache_is_bounded(tmp_path: Path) -> None:
    cache = AnswerCache(str(tmp_path / "x.duckdb"), max_entries=3, max_bytes=4000)

    async def fill() -> None:
        for i in range(10):
            await cache.get(f"k{i}", ((1, 1, 1), None), lambda: b"x" * 500)
        await cache.get("big", ((1, 1, 1), None), lambda: b"x" * 1001)  # over a quarter of max_bytes: not kept

    asyncio.run(fill())
    assert list(cache._entries) == ["k7", "k8", "k9"]


def test_max_age_bounds_an_answer(tmp_path: Path) -> None:
    cache = AnswerCache(str(tmp_path / "x.duckdb"), max_age=0.0)

    async def twice() -> None:
        for _ in range(2):
            await cache.get("k", ((1, 1, 1), None), lambda: b"[]")

    asyncio.run(twice())
    assert cache.reads == 2 and cache.hits == 0


class _FakeStore:
    opened = 0

    def __init__(self) -> None:
        _FakeStore.opened += 1
        self.closed = False

    def close(self) -> None:
        self.closed = True


def test_overlapping_reads_share_one_load_and_it_ends_with_the_last() -> None:
    from polemos.web._reader import StoreKeeper

    keeper = StoreKeeper(_FakeStore, hold=60.0)  # type: ignore[arg-type]
    with keeper.read() as first:
        anchor = keeper._anchor
        with keeper.read() as second:
            assert keeper.loads == 1 and first is not second and keeper._anchor is anchor
        assert isinstance(anchor, _FakeStore) and not anchor.closed
    assert anchor.closed and keeper._anchor is None and first.closed  # type: ignore[attr-defined]
    with keeper.read():
        assert keeper.loads == 2  # nothing overlapped: the next read loads it again


def test_a_long_held_store_is_let_go_for_a_writer() -> None:
    """Once the anchor is older than ``hold``, a new read waits for the running one to end (the file is free)."""
    from polemos.web._reader import StoreKeeper

    keeper = StoreKeeper(_FakeStore, hold=0.0, gap=0.0)  # type: ignore[arg-type]
    entered = threading.Event()
    order: list[str] = []

    def late_reader() -> None:
        with keeper.read():
            order.append("late read")
            entered.set()

    with keeper.read():
        anchor = keeper._anchor
        time.sleep(0.01)  # the anchor is now older than hold=0
        thread = threading.Thread(target=late_reader)
        thread.start()
        assert not entered.wait(0.2)  # it waits while the first read runs
        order.append("first read ends")
    thread.join(5)
    assert order == ["first read ends", "late read"]
    assert isinstance(anchor, _FakeStore) and anchor.closed and keeper.loads == 2


def test_a_failed_open_leaves_the_keeper_usable() -> None:
    from polemos.web._reader import StoreKeeper

    calls: list[int] = []

    def flaky() -> _FakeStore:
        calls.append(1)
        if len(calls) == 1:
            raise PolemosError("E300", "the store 'x.duckdb' cannot be opened")
        return _FakeStore()

    keeper = StoreKeeper(flaky)  # type: ignore[arg-type]
    with pytest.raises(PolemosError, match="E300"), keeper.read():
        raise AssertionError("the first open fails")
    with keeper.read():
        assert keeper._users == 1
    assert keeper._users == 0 and keeper._anchor is None
