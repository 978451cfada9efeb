"""Articles, their records and their merge records are written in one transaction; unmerged articles get merged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from polemos import dedup
from polemos.store import Store

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
