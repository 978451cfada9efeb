"""DuckDB's exceptions as coded polemos errors: locked (E300), damaged (E305), a failed write (E306), other (E310)."""

from __future__ import annotations

import duckdb

from polemos.errors import PolemosError

__all__ = ["store_error", "kind_of", "is_lock_conflict"]

_LOCK = ("could not set lock", "conflicting lock")
_DAMAGED = ("corrupt database file", "not a valid duckdb database file", "could not read enough bytes",
            "checksum", "failed to read database header", "unexpected end of file")
_WRITE = ("no space left", "disk full", "file too large", "could not write", "could not fsync", "could not truncate",
          "could not extend", "input/output error", "disk quota")
_DENIED = ("read-only file system", "permission denied")


def kind_of(exc: BaseException) -> str:
    """``lock``, ``damaged``, ``write``, ``denied`` or ``other``, from the exception's text."""
    text = str(exc).lower()
    for kind, needles in (("lock", _LOCK), ("denied", _DENIED), ("write", _WRITE), ("damaged", _DAMAGED)):
        if any(n in text for n in needles):
            return kind
    return "other"


def is_lock_conflict(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.Error) and kind_of(exc) == "lock"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def store_error(exc: BaseException, path: str, doing: str) -> PolemosError:
    """The coded error for ``exc`` (a DuckDB or OS error) raised while ``doing`` something to the store ``path``."""
    if isinstance(exc, PolemosError):
        return exc
    kind = kind_of(exc)
    detail = _first_line(exc)
    if kind == "lock":
        return PolemosError("E300", f"the store {path} is held by another process ({doing}): {detail}")
    if kind == "denied":
        return PolemosError("E300", f"the store {path} cannot be opened for {doing}: {detail}",
                            "stats, show, export, store check and store backup read a read-only store; analyze and "
                            "merge need the file and its folder writable")
    if kind == "write":
        return PolemosError("E306", f"writing to the store {path} failed ({doing}): {detail}")
    if kind == "damaged":
        return PolemosError("E305", f"the store {path} is damaged ({doing}): {detail}")
    return PolemosError("E310", f"a store operation on {path} failed ({doing}): {type(exc).__name__}: {detail}")
