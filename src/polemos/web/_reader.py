"""One read-only store connection per read, cheap while reads overlap, let go often enough for a writer.

A DuckDB connection is cheap (~0.05 ms) while another one to the same file is open in the process, and costly
(~15-40 ms, concurrent opens queuing behind one another) when it must load the database again. Reads that open
and close their own connection let that count fall to zero between them, and under load every read then pays the
full open. So the first of overlapping reads opens an anchor connection that keeps the database loaded until the
last of them ends; each read still has its own connection. While the server holds the file, `polemos analyze`
cannot take its write lock: once the anchor has been open ``hold`` seconds, new reads wait until the running ones
end and the file has been free ``gap`` seconds (a waiting writer retries every 0.2 s).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from polemos.store import Store

__all__ = ["StoreKeeper"]


class StoreKeeper:
    def __init__(self, open_store: Callable[[], Store], hold: float = 2.0, gap: float = 0.3) -> None:
        self.open_store, self.hold, self.gap = open_store, hold, gap
        self._cond = threading.Condition()
        self._anchor: Store | None = None
        self._users = 0
        self._opened_at = 0.0
        self._draining = False
        self._closed_until = 0.0  # after a drain: no reopening before this (monotonic seconds)
        self.loads = 0  # anchors opened (each one a full load of the database)

    @contextmanager
    def read(self) -> Iterator[Store]:
        """A read-only Store of its own for one read; raises PolemosError (E300) when it cannot be opened."""
        self._enter()
        try:
            store = self.open_store()
            try:
                yield store
            finally:
                store.close()
        finally:
            self._leave()

    def _enter(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                if self._anchor is not None and not self._draining and now - self._opened_at > self.hold:
                    self._draining = True  # open long enough: let the running reads end, then free the file
                if self._draining:
                    self._cond.wait()
                elif self._anchor is None and now < self._closed_until:
                    self._cond.wait(self._closed_until - now)
                else:
                    break
            if self._anchor is None:
                self._anchor = self.open_store()  # others wait: they would queue on DuckDB's own lock anyway
                self._opened_at = time.monotonic()
                self.loads += 1
            self._users += 1

    def _leave(self) -> None:
        with self._cond:
            self._users -= 1
            if self._users == 0 and self._anchor is not None:
                self._anchor.close()
                self._anchor = None
                if self._draining:
                    self._closed_until = time.monotonic() + self.gap
                    self._draining = False
                self._cond.notify_all()
