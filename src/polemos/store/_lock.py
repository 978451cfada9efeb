"""Getting at the DuckDB file when other processes want it too.

DuckDB lets one process open a file read-write, or any number of processes open it read-only, never both. A stream
of short read-only requests (``polemos serve`` under load) can therefore keep a writer out for good: some reader
always has the file open. Two measures make the writer get through:

* a *write intent* lock, ``<store>.lock`` (an advisory ``flock``): the writer holds it exclusively from before it
  asks DuckDB for the file until it closes it; every reader opened through :class:`polemos.store.Store` passes it
  (takes it shared, lets go at once) before it opens the file. While a writer waits, new readers wait, the readers
  in flight finish, and the writer gets the file; when it closes, the readers go on.
* jittered exponential back-off (:class:`Backoff`) between attempts, so waiting processes do not retry in step.

The lock file is only a queue: it holds no data, a crashed process's lock goes with it, and deleting the file is
harmless. Where ``fcntl`` is missing (Windows) or the folder is read-only, opening goes without it.
"""

from __future__ import annotations

import errno
import logging
import os
import random
import time

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks, back-off only
    fcntl = None  # type: ignore[assignment]

__all__ = ["Backoff", "WriteIntent", "pass_writers", "LOCK_SUFFIX"]

log = logging.getLogger(__name__)
LOCK_SUFFIX = ".lock"


class Backoff:
    """Sleeps of random length in [0, min(cap, first * 2**n)] ("full jitter") until ``seconds`` have passed."""

    def __init__(self, seconds: float, first: float = 0.01, cap: float = 0.25) -> None:
        self.deadline = time.monotonic() + max(0.0, seconds)
        self.first = first
        self.cap = cap
        self.attempts = 0
        self.started = time.monotonic()

    def waited(self) -> float:
        return time.monotonic() - self.started

    def sleep(self) -> bool:
        """Sleep before the next attempt; False (without sleeping) once the time is up."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            return False
        self.attempts += 1
        delay = random.uniform(0.0, min(self.cap, self.first * 2 ** min(self.attempts, 16)))
        time.sleep(min(left, delay))
        return True


def _lock_path(db_path: str) -> str:
    return db_path + LOCK_SUFFIX


class WriteIntent:
    """The writer's side of ``<store>.lock``: exclusive, held from before the DuckDB open until after the close."""

    def __init__(self, db_path: str) -> None:
        self.path = _lock_path(db_path)
        self._fd: int | None = None

    def acquire(self, backoff: Backoff) -> bool:
        """Take the lock (waiting for other writers with ``backoff``). False when the time ran out; True also when
        the lock cannot be used here (no fcntl, a read-only folder): DuckDB's own lock still guards the file."""
        if fcntl is None:
            return True
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:  # a read-only folder: the DuckDB open will say what is wrong
            log.info("no write-intent lock at %s (%s); relying on DuckDB's lock", self.path, exc.strerror)
            return True
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self._fd = fd
                return True
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    os.close(fd)
                    log.info("write-intent lock %s unusable (%s); relying on DuckDB's lock", self.path, exc)
                    return True
                if not backoff.sleep():
                    os.close(fd)
                    return False

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)  # closing the descriptor drops the flock


def pass_writers(db_path: str, backoff: Backoff) -> bool:
    """The reader's side: wait while a writer holds ``<store>.lock``. False when the time ran out first."""
    if fcntl is None:
        return True
    try:
        fd = os.open(_lock_path(db_path), os.O_RDONLY)
    except OSError:  # no lock file (no writer ever ran here) or none readable: nothing to wait for
        return True
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                return True  # released with the descriptor below: readers do not hold it
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    return True
                if not backoff.sleep():
                    return False
    finally:
        os.close(fd)
