"""The batch writer of ``polemos analyze`` and ``polemos store load``: short write transactions, nothing lost.

Each chunk of a batch is written as open (waiting for the lock with jittered back-off, see
:mod:`polemos.store._lock`), one transaction (articles, records, failures, merge), close, so readers
(``polemos serve``, ``stats``) get the file between chunks. When the store cannot be written (still locked after
``wait`` seconds, a full disk, a damaged file), the chunk and every later one go to a spill file
(:mod:`polemos.store._spill`) and :attr:`StoreWriter.error` keeps the first error; the caller reports both.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from polemos.errors import PolemosError
from polemos.store._spill import Spill
from polemos.store._store import Document, Failure, Store

__all__ = ["StoreWriter", "WRITE_CHUNK", "WRITE_WAIT"]

log = logging.getLogger(__name__)
WRITE_CHUNK = 8  # articles per write transaction
WRITE_WAIT = 600.0  # seconds a writer keeps asking for a locked store before it spills the batch


class StoreWriter:
    """Writes batches of output documents to the store at ``path`` (a file), spilling what cannot be written."""

    def __init__(self, path: str, wait: float | None = None, chunk: int | None = None) -> None:
        self.path = path
        self.wait = WRITE_WAIT if wait is None else wait
        self.chunk = max(1, WRITE_CHUNK if chunk is None else chunk)
        self.spill = Spill(path)
        self.error: PolemosError | None = None  # the first failure; every later batch goes to the spill file
        self.spill_error: str | None = None  # the spill file could not be written either
        self.saved = 0
        self.merge_errors: list[str] = []

    def write(self, docs: Sequence[Document], failures: Sequence[Failure] = (), forget: Sequence[str] = ()) -> None:
        """Write ``docs`` (replacing stored versions), then record ``failures`` and clear ``forget``."""
        chunks: list[tuple[Sequence[Document], Sequence[Failure], Sequence[str]]] = [
            (docs[i:i + self.chunk], (), ()) for i in range(0, len(docs), self.chunk)]
        if failures or forget or not chunks:
            chunks.append(((), failures, forget))
        for part, fails, cleared in chunks:
            if not (part or fails or cleared):
                continue
            if self.error is None:
                try:
                    with Store(self.path, lock_wait=self.wait) as store:
                        report = store.save_documents(part, force=True, failures=fails, forget=cleared)
                    self.saved += len(report.saved)
                    if report.merge_error:
                        self.merge_errors.append(report.merge_error)
                    continue
                except PolemosError as exc:
                    self.error = exc
                except Exception as exc:  # a bug: keep the batch, say what happened
                    log.error("writing to %s raised", self.path, exc_info=True)
                    self.error = PolemosError("E310", f"writing to the store {self.path} raised "
                                                      f"{type(exc).__name__}: {exc}")
            self._spill(part, fails, cleared)

    def _spill(self, docs: Sequence[Document], failures: Sequence[Failure], forget: Sequence[str]) -> None:
        try:
            self.spill.write(docs, failures, forget)
        except OSError as exc:
            self.spill_error = str(exc)
            log.error("the analysed batch could not be spilled either: %s", exc)

    def report(self) -> str | None:
        """One paragraph for stderr when something was not stored (None when everything was)."""
        if self.error is None:
            return None
        lines = [f"error: {self.error}"]
        if self.spill.paths:
            files = " ".join(str(p) for p in self.spill.paths)
            lines.append(f"{self.spill.documents} analysed article(s) not stored were written to {files}; "
                         f"nothing is lost: load them with `polemos store load {files} --db {self.path}`")
        if self.spill_error:
            lines.append(f"error: the spill file could not be written ({self.spill_error}); the analysed documents "
                         f"are only in this run's output: save it and run `polemos analyze` on its inputs again")
        return "\n".join(lines)
