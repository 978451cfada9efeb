"""``polemos store check`` and ``polemos store backup``.

check: opens the store read-only and (1) compares the file's size with what its header says it holds (a truncated
copy is shorter), (2) reads every column of every table in full, which makes DuckDB verify the checksum of every
data block it reads, (3) runs sanity queries: records whose article is missing, documents whose record counts
differ from the rows stored, events without a merge record, merge records of missing events or canonical events.
Blocks no table uses (free space) are not read; a damaged index shows when a lookup or a write reaches it.

backup: a consistent copy through DuckDB (a read-only open, so no writer runs meanwhile; ATTACH + COPY FROM
DATABASE into a new file beside the destination, checked, then renamed into place): a store file in its own right.
"""

from __future__ import annotations

import os
import struct
import time
from pathlib import Path
from typing import Any

import duckdb

from polemos.errors import PolemosError
from polemos.store._coded import store_error
from polemos.store._store import Store

__all__ = ["check", "backup", "HEADER_BYTES"]

HEADER_BYTES = 3 * 4096  # DuckDB's file header and its two database headers precede block 0
_RECORDS = ("actors", "places", "events", "claims", "quotes", "relations", "commitments", "article_errors")
_DOC_COUNTS = ("actors", "places", "events", "claims", "quotes", "relations")  # commitments: none backfilled
_WAIT = 120.0


def _one(conn: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> Any:
    row = conn.execute(sql, params or []).fetchone()
    return row[0] if row else None


def _sanity(conn: duckdb.DuckDBPyConnection, tables: set[str]) -> tuple[list[str], list[str]]:
    """(problems, notes) of the cross-table queries."""
    problems: list[str] = []
    notes: list[str] = []
    for t in _RECORDS:  # t: a name from the constant _RECORDS
        if t in tables:
            n = _one(conn, f"SELECT count(*) FROM {t} r ANTI JOIN articles a ON a.id = r.article_id")  # nosec B608
            if n:
                problems.append(f"{n} row(s) of {t} belong to no stored article")
    for t in _DOC_COUNTS:
        if t not in tables:
            continue
        n = _one(conn, f"""SELECT count(*) FROM articles a LEFT JOIN (SELECT article_id, count(*) AS n FROM {t}
                 -- t: a name from the constant _DOC_COUNTS
                 GROUP BY article_id) r ON r.article_id = a.id
                 WHERE coalesce(json_array_length(a.result -> '$.{t}'), 0) <> coalesce(r.n, 0)""")  # nosec B608
        if n:
            problems.append(f"{n} article(s) have another number of {t} rows than their stored document lists")
    if {"event_mentions", "canonical_events", "events"} <= tables:
        checks = [
            ("SELECT count(DISTINCT e.article_id) FROM events e ANTI JOIN event_mentions m "
             "ON m.article_id = e.article_id AND m.event_id = e.id",
             "{} article(s) have events without a merge record (run `polemos merge`)"),
            ("SELECT count(*) FROM event_mentions m ANTI JOIN events e "
             "ON m.article_id = e.article_id AND m.event_id = e.id",
             "{} merge record(s) name an event that is not stored (run `polemos merge --rebuild`)"),
            ("SELECT count(*) FROM event_mentions m ANTI JOIN canonical_events c ON c.id = m.canonical_id",
             "{} merge record(s) name a missing canonical event (run `polemos merge --rebuild`)"),
            ("SELECT count(*) FROM canonical_events c LEFT JOIN (SELECT canonical_id, count(*) AS n "
             "FROM event_mentions GROUP BY canonical_id) m ON m.canonical_id = c.id WHERE c.n_mentions <> "
             "coalesce(m.n, 0)", "{} canonical event(s) count other mentions than are stored "
                                 "(run `polemos merge --rebuild`)"),
            ("SELECT count(*) FROM (SELECT id FROM canonical_events GROUP BY id HAVING count(*) > 1)",
             "{} canonical event id(s) are stored more than once (run `polemos merge --rebuild`)"),
        ]
        for sql, text in checks:
            n = _one(conn, sql)
            if n:
                problems.append(text.format(n))
    elif "articles" in tables:
        notes.append("no merge tables (schema older than version 2): open the store with `polemos merge`")
    return problems, notes


def _header_blocks(path: str) -> tuple[int, int, list[int]] | None:
    """(block size, block count, block ids it points at: metadata and free list) of the file's active database
    header (the one of the higher iteration), read from the file itself; None when the header is not DuckDB's."""
    with open(path, "rb") as fh:
        head = fh.read(HEADER_BYTES)
    if len(head) < HEADER_BYTES or head[8:12] != b"DUCK":
        return None
    best: tuple[int, ...] | None = None
    for offset in (4096, 8192):  # checksum, iteration, meta block, free list, block count, block alloc size
        fields = struct.unpack_from("<QQqqQQ", head, offset)
        if best is None or fields[1] > best[1]:
            best = fields
    assert best is not None
    pointers = [p & ((1 << 56) - 1) for p in best[2:4] if p >= 0]  # a block id in the low 56 bits
    return best[5], best[4], pointers


def _size_problem(conn: duckdb.DuckDBPyConnection, path: str, tables: list[str], size: int) -> str | None:
    """Whether the file ends before a block in use (DuckDB does not write free blocks at the end, so the header's
    block count may run past a healthy file)."""
    header = _header_blocks(path)
    if header is None:
        return None
    block_size, _, used = header
    for table in tables:
        row = conn.execute("SELECT max(block_id) FROM pragma_storage_info(?)", [table]).fetchone()
        if row and row[0] is not None:
            used.append(int(row[0]))
    needed = HEADER_BYTES + (max(used) + 1) * block_size if used else HEADER_BYTES
    if size < needed:
        return f"the file is truncated: {size} bytes, but it uses blocks up to byte {needed}"
    return None


def check(path: str) -> dict[str, Any]:
    """The report of a store check: ``ok``, ``problems`` (each a sentence), row counts, sizes, ``notes``."""
    if not Path(path).is_file():
        raise PolemosError("E302", f"no store at {path}")
    started = time.perf_counter()
    size = Path(path).stat().st_size
    report: dict[str, Any] = {"db": path, "ok": False, "file_bytes": size, "schema_version": None, "tables": {},
                              "problems": [], "notes": []}
    problems: list[str] = report["problems"]
    try:
        store = Store(path, read_only=True, lock_wait=_WAIT)
    except PolemosError as exc:
        if exc.code not in ("E305", "E310"):
            raise
        problems.append(exc.message)
        return report
    with store:
        conn = store.conn
        report["schema_version"] = store.version()
        tables = sorted(store.tables())
        for table in tables:
            try:  # every value of every column: DuckDB verifies each block's checksum as it reads it
                quoted = table.replace('"', '""')  # a name read from the file's catalog, quoted as an identifier
                row = conn.execute(f'SELECT count(*), bit_xor(hash(COLUMNS(*))) FROM "{quoted}"'  # nosec B608
                                   ).fetchone()
                report["tables"][table] = int(row[0]) if row else 0
            except duckdb.Error as exc:
                problems.append(f"table {table} cannot be read in full: {str(exc).splitlines()[0]}")
        try:
            truncated = _size_problem(conn, path, tables, size)
            if truncated:
                problems.insert(0, truncated)
        except duckdb.Error as exc:
            problems.append(f"the blocks in use cannot be listed: {str(exc).splitlines()[0]}")
        if not problems:
            try:
                more, notes = _sanity(conn, set(tables))
                problems += more
                report["notes"] += notes
            except duckdb.Error as exc:
                problems.append(f"a sanity query failed: {str(exc).splitlines()[0]}")
    report["ok"] = not problems
    report["seconds"] = round(time.perf_counter() - started, 3)
    return report


def backup(path: str, dest: str) -> dict[str, Any]:
    """Copy the store ``path`` to the new file ``dest`` (refused when it exists); returns what was copied."""
    target = Path(dest)
    if target.exists():
        raise PolemosError("E308", f"the backup destination {dest} exists; polemos does not overwrite it")
    if not target.parent.is_dir():
        raise PolemosError("E308", f"the folder of the backup destination {dest} does not exist")
    if not Path(path).is_file():
        raise PolemosError("E302", f"no store at {path}")
    started = time.perf_counter()
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        with Store(path, read_only=True, lock_wait=_WAIT) as store:
            conn = store.conn
            source = _one(conn, "SELECT current_database()")
            try:
                quoted = str(tmp).replace("'", "''")
                conn.execute(f"ATTACH '{quoted}' AS polemos_backup (READ_WRITE)")
                conn.execute(f'COPY FROM DATABASE "{source}" TO polemos_backup')
                conn.execute("CHECKPOINT polemos_backup")
                conn.execute("DETACH polemos_backup")
            except duckdb.Error as exc:
                err = store_error(exc, str(tmp), "writing the backup")
                if err.code in ("E300", "E306"):
                    raise PolemosError("E308", f"the backup {dest} cannot be written: {err.message}") from None
                raise err from None
        verified = check(str(tmp))
        if not verified["ok"]:
            raise PolemosError("E308", f"the backup copy does not pass `polemos store check`: "
                                       f"{'; '.join(verified['problems'])}")
        os.replace(tmp, target)
    finally:
        for leftover in (tmp, Path(str(tmp) + ".wal")):
            leftover.unlink(missing_ok=True)
    return {"db": path, "backup": dest, "bytes": target.stat().st_size, "tables": verified["tables"],
            "seconds": round(time.perf_counter() - started, 3)}
