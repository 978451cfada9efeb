"""The store refuses what it cannot read or write with a coded error, and a failed write keeps its first error."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import duckdb
import pytest

from polemos.errors import PolemosError
from polemos.store import Store

from .test_store import _analysis


def _stored(tmp_path: Path, n: int = 3) -> Path:
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.save([_analysis(f"Rebels attacked the town number {i} on Monday, officials said.") for i in range(n)])
    return db


def test_a_future_schema_version_is_refused_with_its_number(tmp_path: Path) -> None:
    db = _stored(tmp_path)
    conn = duckdb.connect(str(db))
    conn.execute("INSERT INTO schema_version VALUES (99, 'from_the_future', now())")
    conn.close()
    for read_only in (False, True):
        with pytest.raises(PolemosError) as err:
            Store(db, read_only=read_only)
        assert err.value.code == "E304" and "99" in err.value.message and str(Store.newest_version()) in str(err.value)


def test_a_truncated_file_is_a_coded_error_not_a_traceback(tmp_path: Path) -> None:
    db = _stored(tmp_path)
    with open(db, "r+b") as fh:
        fh.truncate(db.stat().st_size // 5)
    for read_only in (False, True):
        with pytest.raises(PolemosError) as err:
            with Store(db, read_only=read_only) as store:
                store.stats()
        assert err.value.code == "E305" and str(db) in err.value.message


def test_a_file_that_is_not_a_store(tmp_path: Path) -> None:
    text = tmp_path / "notes.duckdb"
    text.write_text("these are notes, not a database\n" * 50)
    with pytest.raises(PolemosError) as err:
        Store(text, read_only=True)
    assert err.value.code == "E305"
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).close()
    with pytest.raises(PolemosError) as err:
        Store(other, read_only=True)
    assert err.value.code == "E305" and "not a polemos store" in err.value.message
    with pytest.raises(PolemosError) as err:
        Store(tmp_path / "absent.duckdb", read_only=True)
    assert err.value.code == "E302"


class FullDisk:
    """A connection whose COMMIT fails as DuckDB's does on a full disk (the transaction is then gone)."""

    def __init__(self, conn: duckdb.DuckDBPyConnection) -> None:
        self.conn = conn
        self.rolled_back = False

    def execute(self, sql: str, *args: Any) -> Any:
        if sql == "COMMIT":
            self.conn.execute("ROLLBACK")
            raise duckdb.TransactionException('TransactionContext Error: Failed to commit: Could not write file '
                                              '"s.duckdb.wal": No space left on device')
        if sql == "ROLLBACK":
            self.rolled_back = True
        return self.conn.execute(sql, *args)

    def close(self) -> None:
        self.conn.close()


def test_a_failed_commit_keeps_the_disk_full_error(tmp_path: Path) -> None:
    """The ROLLBACK after it answers "no transaction is active": that must not replace ENOSPC."""
    db = _stored(tmp_path, 1)
    store = Store(db)
    full = FullDisk(store.conn)
    store.conn = full  # type: ignore[assignment]
    with pytest.raises(PolemosError) as err:
        store.save([_analysis("Troops shelled the village on Friday, witnesses said.")])
    assert err.value.code == "E306" and "No space left on device" in err.value.message
    assert "no transaction is active" not in str(err.value) and full.rolled_back
    store.conn = full.conn
    assert store.stats()["counts"]["articles"] == 1  # nothing half-written
    store.close()


def test_a_read_only_store_is_opened_read_only(tmp_path: Path) -> None:
    db = _stored(tmp_path)
    with Store(db, read_only=True) as store:
        assert store.stats()["counts"]["articles"] == 3
        with pytest.raises(duckdb.Error):
            store.conn.execute("CREATE TABLE scratch (i INTEGER)")
    assert not (tmp_path / "s.duckdb.wal").exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_stats_show_and_export_work_on_a_read_only_folder(tmp_path: Path) -> None:
    """chmod 0444 file in a 0555 folder (a real read-only mount is in tests/cli/test_lock.py when run as root)."""
    from click.testing import CliRunner

    from polemos.cli import cli

    folder = tmp_path / "ro"
    folder.mkdir()
    db = _stored(folder)
    aid = _analysis("Rebels attacked the town number 0 on Monday, officials said.").article.id
    db.chmod(0o444)
    folder.chmod(0o555)
    try:
        runner = CliRunner()
        for args in (["stats", "--json"], ["show", aid[:12], "--json"], ["export", "--format", "plover"],
                     ["store", "check"]):
            result = runner.invoke(cli, [*args, "--db", str(db)])
            assert result.exit_code == 0, (args, result.output)
        assert sorted(p.name for p in folder.iterdir()) == ["s.duckdb", "s.duckdb.lock"]
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)
