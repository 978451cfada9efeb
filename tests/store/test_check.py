"""`polemos store check` finds damage (random bytes, truncation, broken cross-references); `store backup` copies."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from polemos.cli import cli
from polemos.errors import PolemosError
from polemos.records import Analysis, Article
from polemos.store import Store, backup, check
from polemos.store._check import HEADER_BYTES

from .test_store import _analysis


@pytest.fixture(scope="module")
def healthy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of 2 articles with events and 40 long ones without, so its data spans many blocks."""
    db = tmp_path_factory.mktemp("check") / "s.duckdb"
    rng = random.Random(7)
    words = "rebels troops shelled village town market road bridge officials said witnesses fled".split()
    long = [" ".join(rng.choice(words) for _ in range(5000)) + f" {i}." for i in range(40)]
    with Store(db) as store:
        store.save([_analysis("Rebels attacked the town of Sake on Monday, officials said."),
                    _analysis("Troops shelled the village on Friday, witnesses said."),
                    *(Analysis(Article(Article.make_id(text), text)) for text in long)])
    return db


def _copy(src: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "copy.duckdb"
    shutil.copy(src, dst)
    return dst


def test_a_healthy_store_passes(healthy: Path) -> None:
    report = check(str(healthy))
    assert report["ok"] and report["problems"] == [] and report["tables"]["articles"] == 42
    result = CliRunner().invoke(cli, ["store", "check", "--db", str(healthy)])
    assert result.exit_code == 0 and "ok: no problem found" in result.output


def test_200_kb_of_random_bytes_inside_the_file_are_found(healthy: Path, tmp_path: Path) -> None:
    db = _copy(healthy, tmp_path)
    with duckdb.connect(str(db), read_only=True) as conn:  # a block holding article texts
        block, = conn.execute("SELECT min(block_id) FROM pragma_storage_info('articles') WHERE column_name = 'text' "
                              "AND block_id >= 0").fetchone()  # type: ignore[misc]
        block_size, = conn.execute("SELECT block_size FROM pragma_database_size()").fetchone()  # type: ignore[misc]
    with open(db, "r+b") as fh:
        fh.seek(HEADER_BYTES + int(block) * int(block_size) + 1000)
        fh.write(random.Random(1).randbytes(200_000))
    report = check(str(db))
    assert not report["ok"] and any("checksum" in p for p in report["problems"]), report
    result = CliRunner().invoke(cli, ["store", "check", "--db", str(db)])
    assert result.exit_code != 0 and isinstance(result.exception, PolemosError)
    assert result.exception.code == "E307" and "problem: table articles" in result.output


def test_random_bytes_in_the_middle_of_the_file(healthy: Path, tmp_path: Path) -> None:
    db = _copy(healthy, tmp_path)
    with open(db, "r+b") as fh:
        fh.seek(db.stat().st_size // 2)
        fh.write(os.urandom(200_000))
    report = check(str(db))
    assert not report["ok"] and report["problems"]


def test_a_truncated_file_is_found(healthy: Path, tmp_path: Path) -> None:
    db = _copy(healthy, tmp_path)
    with open(db, "r+b") as fh:
        fh.truncate(db.stat().st_size - 300_000)
    report = check(str(db))
    assert not report["ok"] and any("truncated" in p for p in report["problems"]), report


def test_cross_references_are_checked(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.save([_analysis("Rebels attacked the town of Sake on Monday, officials said."),
                    _analysis("Troops shelled the village on Friday, witnesses said.")])
        store.conn.execute("DELETE FROM event_mentions WHERE article_id = (SELECT min(id) FROM articles)")
        store.conn.execute("INSERT INTO actors VALUES ('art_gone', 'actor_y', 'Someone', 'person', NULL, NULL, NULL,"
                           " '[]')")
        store.conn.execute("DELETE FROM events WHERE article_id = (SELECT max(id) FROM articles)")
    problems = check(str(db))["problems"]
    assert any("1 row(s) of actors belong to no stored article" == p for p in problems), problems
    assert any("without a merge record" in p for p in problems)
    assert any("name an event that is not stored" in p for p in problems)
    assert any("another number of events rows than their stored document" in p for p in problems)


def test_backup_is_a_checked_store_and_never_overwrites(healthy: Path, tmp_path: Path) -> None:
    dest = tmp_path / "b.duckdb"
    result = CliRunner().invoke(cli, ["store", "backup", str(dest), "--db", str(healthy)])
    assert result.exit_code == 0, result.output
    assert check(str(dest))["tables"] == check(str(healthy))["tables"]
    with Store(dest, read_only=True) as copy, Store(healthy, read_only=True) as orig:
        assert copy.article_ids() == orig.article_ids()
        sql = "SELECT index_name FROM duckdb_indexes() ORDER BY 1"
        assert copy.conn.execute(sql).fetchall() == orig.conn.execute(sql).fetchall()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.duckdb", "b.duckdb.lock"] or \
        sorted(p.name for p in tmp_path.iterdir()) == ["b.duckdb"]
    for target in (dest, tmp_path / "no" / "b.duckdb"):
        with pytest.raises(PolemosError) as err:
            backup(str(healthy), str(target))
        assert err.value.code == "E308"
