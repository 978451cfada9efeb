"""Spill files: analysed batches that could not be written to the store, kept as JSON Lines until loaded.

Written next to the store (``<store>.spill-<UTC time>-<pid>.jsonl``), or in the temporary folder when the store's
folder refuses the file (a full disk). One JSON object a line, each with ``"polemos_spill": 1`` and a ``kind``:

* ``document``: ``{"source": input, "document": output document}`` (the ``polemos analyze`` output contract);
* ``failure``: ``{"source", "code", "message"}`` of an input that never became an article;
* ``forget``: ``{"source"}`` of an input whose old failure entry is to be cleared.

``polemos store load FILE`` writes them to the store as ``analyze`` would have.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from polemos.errors import PolemosError
from polemos.store._store import Document, Failure

__all__ = ["Spill", "read_spill", "SPILL_TAG"]

SPILL_TAG = "polemos_spill"


def _line(kind: str, **fields: Any) -> str:
    return json.dumps({SPILL_TAG: 1, "kind": kind, **fields}, ensure_ascii=False) + "\n"


class Spill:
    """Appends batches to a spill file, created on the first write; when that folder stops taking it (a full disk),
    the next candidate folder gets a file of its own (:attr:`paths` lists every file written)."""

    def __init__(self, db_path: str) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        name = f"{Path(db_path).name}.spill-{stamp}-{os.getpid()}.jsonl"
        self.candidates = [Path(db_path).parent / name, Path(tempfile.gettempdir()) / name]
        self.paths: list[Path] = []
        self.documents = 0
        self.problems: list[str] = []  # places the spill could not be written to, and why

    @property
    def path(self) -> Path | None:
        return self.paths[-1] if self.paths else None

    def write(self, docs: Sequence[Document], failures: Sequence[Failure] = (), forget: Sequence[str] = ()) -> Path:
        """Append whole lines, fsync'ed before it returns (a failed append is cut back, so every file stays
        loadable). Raises OSError when no candidate folder takes them."""
        text = "".join(_line("document", source=src, document=doc) for doc, src in docs)
        text += "".join(_line("failure", source=s, code=c, message=m) for s, c, m in failures)
        text += "".join(_line("forget", source=s) for s in forget)
        for target in self.candidates:
            size = target.stat().st_size if target.exists() else None
            try:
                with open(target, "a", encoding="utf-8") as fh:
                    fh.write(text)
                    fh.flush()
                    os.fsync(fh.fileno())
            except OSError as exc:
                self.problems.append(f"{target}: {exc.strerror or exc}")
                self._cut(target, size)
                continue
            if target not in self.paths:
                self.paths.append(target)
            self.documents += len(docs)
            return target
        raise OSError(f"no folder took the spill file ({'; '.join(self.problems)})")

    @staticmethod
    def _cut(target: Path, size: int | None) -> None:
        try:
            if size is None:
                target.unlink(missing_ok=True)
            else:
                os.truncate(target, size)
        except OSError as exc:
            raise OSError(f"{target} holds a partial line that could not be cut ({exc.strerror or exc}); "
                          "delete its last line before loading it") from exc


def read_spill(path: str | Path) -> tuple[list[Document], list[Failure], list[str]]:
    """The documents, failures and cleared sources of a spill file (E309 when it is not one)."""
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise PolemosError("E309", f"cannot read the spill file {p}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise PolemosError("E309", f"{p} is not UTF-8 text, so not a polemos spill file") from None
    docs: list[Document] = []
    failures: list[Failure] = []
    forget: list[str] = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise PolemosError("E309", f"{p}:{n} is not JSON ({exc.msg})") from None
        if not isinstance(rec, dict) or rec.get(SPILL_TAG) != 1:
            raise PolemosError("E309", f"{p}:{n} is not a polemos spill line (no \"{SPILL_TAG}\": 1)")
        kind = rec.get("kind")
        try:
            if kind == "document":
                doc = rec["document"]
                if not (isinstance(doc, dict) and isinstance(doc["article"]["id"], str)
                        and isinstance(doc["article"]["text"], str)):
                    raise TypeError("the document has no article id and text")
                docs.append((doc, rec.get("source")))
            elif kind == "failure":
                failures.append((str(rec["source"]), str(rec["code"]), str(rec["message"])))
            elif kind == "forget":
                forget.append(str(rec["source"]))
            else:
                raise TypeError(f"unknown kind {kind!r}")
        except (KeyError, TypeError) as exc:
            raise PolemosError("E309", f"{p}:{n}: a {kind!r} line without its fields ({exc})") from None
    return docs, failures, forget
