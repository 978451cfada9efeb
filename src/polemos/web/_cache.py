"""Serialised API answers kept while the store is unchanged, so a busy dashboard does not open DuckDB per request.

Opening the store read-only costs ~15 ms of a ~20 ms answer, and while any request holds it open `polemos analyze`
cannot take the write lock. An answer is kept under the store's file state (size, mtime, inode of the file and of
its WAL); the next request after a write sees another state and reads the store again. Concurrent requests for
the same answer share one read (the others wait for it); a request that goes away does not cancel it.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import NamedTuple

from starlette.concurrency import run_in_threadpool

__all__ = ["AnswerCache", "store_state"]

State = tuple[tuple[int, int, int] | None, ...]


def store_state(db_path: str) -> State | None:
    """What changes when the store is written: (size, mtime_ns, inode) of the file and of its WAL; None if the
    store file does not exist."""
    found: list[tuple[int, int, int] | None] = []
    for path in (db_path, db_path + ".wal"):
        try:
            st = os.stat(path)
        except FileNotFoundError:
            if path == db_path:
                return None
            found.append(None)
        else:
            found.append((st.st_size, st.st_mtime_ns, st.st_ino))
    return tuple(found)


class _Entry(NamedTuple):
    state: State
    at: float
    body: bytes


class AnswerCache:
    """At most ``max_entries`` answers and ``max_bytes`` in all (least recently used go first); an answer larger
    than a quarter of ``max_bytes`` is not kept. ``max_age`` seconds bound any answer's life whatever the file
    state says (a write within the file system's timestamp tick that leaves the sizes alike)."""

    def __init__(self, db_path: str, max_entries: int = 512, max_bytes: int = 64 * 1024 * 1024,
                 max_age: float = 30.0) -> None:
        self.db_path, self.max_entries, self.max_bytes, self.max_age = db_path, max_entries, max_bytes, max_age
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._bytes = 0
        self._reading: dict[tuple[str, State], asyncio.Future[bytes]] = {}
        self.hits = self.reads = 0

    def state(self) -> State | None:
        return store_state(self.db_path)

    async def get(self, key: str, state: State, read: Callable[[], bytes]) -> bytes:
        """The answer for ``key`` at ``state``; ``read()`` (run in the thread pool) makes it on a miss."""
        entry = self._entries.get(key)
        if entry is not None and entry.state == state and time.monotonic() - entry.at < self.max_age:
            self._entries.move_to_end(key)
            self.hits += 1
            return entry.body
        job = self._reading.get((key, state))
        if job is None:
            self.reads += 1
            job = asyncio.ensure_future(run_in_threadpool(read))
            self._reading[(key, state)] = job
            job.add_done_callback(lambda done: self._keep(key, state, done))
        return await asyncio.shield(job)

    def _keep(self, key: str, state: State, job: asyncio.Future[bytes]) -> None:
        self._reading.pop((key, state), None)
        if job.cancelled() or job.exception() is not None:  # the waiters get the exception; nothing is kept
            return
        body = job.result()
        if len(body) > self.max_bytes // 4:
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self._bytes -= len(old.body)
        self._entries[key] = _Entry(state, time.monotonic(), body)
        self._bytes += len(body)
        while self._entries and (len(self._entries) > self.max_entries or self._bytes > self.max_bytes):
            _, dropped = self._entries.popitem(last=False)
            self._bytes -= len(dropped.body)
