"""Articles, their records and their merge records are written in one transaction; unmerged articles get merged."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from polemos import dedup
from polemos.store import Store, check

from .test_store import _analysis

TEXTS = ["Rebels attacked the town of Sake on Monday, officials said.",
         "Rebels attacked Sake on Monday, killing two soldiers, officials said."]


def _mentions(store: Store) -> int:
    return int(store.conn.execute("SELECT count(*) FROM event_mentions").fetchone()[0])  # type: ignore[index]


def test_save_writes_merge_records_in_the_same_transaction(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        report = store.save([_analysis(t) for t in TEXTS])
        assert report.merge is not None and report.merge["articles"] == 2 and report.merge_error is None
        assert _mentions(store) == 2 and store.unmerged_articles() == []


class Killed(BaseException):
    """Stands for the process dying in the middle of the merge (no exception handler of polemos runs)."""


def test_an_interrupted_merge_leaves_no_article_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = dedup.update

    def dies(conn: Any, ids: Any, transaction: bool = True) -> Any:
        real(conn, ids, transaction=transaction)  # the merge rows are written ... and then the process goes
        raise Killed

    monkeypatch.setattr(dedup, "update", dies)
    db = tmp_path / "s.duckdb"
    store = Store(db)
    with pytest.raises(Killed):
        store.save([_analysis(t) for t in TEXTS])
    store.close()
    with Store(db) as again:
        assert again.stats()["counts"]["articles"] == 0 and _mentions(again) == 0


def test_a_merge_bug_stores_the_articles_unmerged_and_they_are_merged_later(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = dedup.update

    def broken(conn: Any, ids: Any, transaction: bool = True) -> Any:
        raise ValueError("a bug in the merge")

    monkeypatch.setattr(dedup, "update", broken)
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        report = store.save([_analysis(t) for t in TEXTS])
        assert report.saved and report.merge_error == "ValueError: a bug in the merge"
        assert store.stats()["counts"]["articles"] == 2 and _mentions(store) == 0
        assert len(store.unmerged_articles()) == 2
    monkeypatch.setattr(dedup, "update", real)
    with Store(db) as store:
        assert len(store.merge_unmerged()) == 2
        assert store.unmerged_articles() == [] and _mentions(store) == 2
        assert store.merge_unmerged() == []


def test_an_old_store_with_unmerged_articles_is_repaired_when_analyze_opens_it(tmp_path: Path) -> None:
    """The state a kill between the save and the merge left behind before the fix: analyze's start merges it."""
    from polemos.cli._analyze import StoreOpener

    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.save([_analysis(t) for t in TEXTS])
        clean = store.conn.execute("SELECT canonical_id, article_id, event_id FROM event_mentions ORDER BY ALL"
                                   ).fetchall()
        store.conn.execute("DELETE FROM event_mentions")
        store.conn.execute("DELETE FROM canonical_events")
        assert len(store.unmerged_articles()) == 2
    opener = StoreOpener(str(db))
    assert len(opener.remerged) == 2
    with Store(db, read_only=True) as store:
        again = store.conn.execute("SELECT canonical_id, article_id, event_id FROM event_mentions ORDER BY ALL"
                                   ).fetchall()
    assert again == clean


class Dies:
    """A connection that dies before its ``at``-th statement (the process is gone: the open transaction never
    commits; the ROLLBACK DuckDB does on reopening is done here)."""

    def __init__(self, conn: Any, at: int) -> None:
        self.conn, self.at, self.n = conn, at, 0

    def execute(self, sql: str, *args: Any) -> Any:
        self.n += 1
        if self.n == self.at and sql != "ROLLBACK":
            raise Killed
        return self.conn.execute(sql, *args)


def _state(db: Path) -> tuple[Any, ...]:
    with Store(db, read_only=True) as store:
        q = store.conn.execute
        return (store.article_ids(), q("SELECT * FROM events ORDER BY ALL").fetchall(),
                q("SELECT canonical_id, article_id, event_id FROM event_mentions ORDER BY ALL").fetchall(),
                q("SELECT id, n_mentions FROM canonical_events ORDER BY ALL").fetchall(),
                q("SELECT source, code FROM failures ORDER BY ALL").fetchall())


FIRST = [_analysis(TEXTS[0]), _analysis("Troops shelled the village of Kibati on Friday, witnesses said.")]
SECOND = [_analysis(TEXTS[1]), _analysis("Troops shelled Kibati on Friday, killing a child, witnesses said.")]


class Counts:
    def __init__(self, conn: Any) -> None:
        self.conn, self.n = conn, 0

    def execute(self, sql: str, *args: Any) -> Any:
        self.n += 1
        return self.conn.execute(sql, *args)


@pytest.mark.slow
def test_a_save_killed_before_any_of_its_statements_is_all_or_nothing(tmp_path: Path) -> None:
    """Every statement of a save (articles, records, failures, merge: 29 here) in turn is the one the process dies
    before: the store is then exactly what it was, passes `store check`, and the re-run gives the clean state."""
    base, clean = tmp_path / "base.duckdb", tmp_path / "clean.duckdb"
    with Store(base) as store:
        store.save(FIRST)
    shutil.copy(base, clean)
    with Store(clean) as store:
        counter = Counts(store.conn)
        store.conn = counter  # type: ignore[assignment]
        store.save(SECOND, failures=[("gone.txt", "E100", "gone.txt: no such file")])
        store.conn = counter.conn
    before, after = _state(base), _state(clean)
    assert counter.n > 10 and before != after
    print(f"\nkilled before each of the {counter.n} statements of a save")
    for at in range(1, counter.n + 1):
        db = tmp_path / f"kill{at}.duckdb"
        shutil.copy(base, db)
        store = Store(db)
        dying = Dies(store.conn, at)
        store.conn = dying  # type: ignore[assignment]
        with pytest.raises(Killed):
            store.save(SECOND, failures=[("gone.txt", "E100", "gone.txt: no such file")])
        store.conn = dying.conn
        store.close()
        assert _state(db) == before, at
        assert check(str(db))["ok"], at
        with Store(db) as store:  # the re-run
            store.save(SECOND, failures=[("gone.txt", "E100", "gone.txt: no such file")])
        assert _state(db) == after, at
