from __future__ import annotations

from pathlib import Path

import pytest

from polemos.errors import InputError
from polemos.records import Actor, Analysis, Article, ArticleError, Event, Span
from polemos.store import Store
from polemos.store import _store as store_module


def _analysis(text: str = "Rebels attacked the town on Monday, officials said.") -> Analysis:
    art = Article(Article.make_id(text), text, title="t")
    actor = Actor("actor_x", "Rebels", "group", None, "REB", None, (Span.of(text, 0, 6),))
    ev = Event("event_x", "ASSAULT", None, Span.of(text, 0, 34), source=actor.id)
    return Analysis(art, actors=(actor,), events=(ev,), errors=(ArticleError("places", "no place"),))


def test_schema_version_and_migrations(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.duckdb")
    versions = [v for v, _, _ in Store.migrations()]
    assert versions == sorted(set(versions)) and versions[0] == 1
    assert store.version() == versions[-1]
    store.close()
    assert Store(tmp_path / "s.duckdb").version() == versions[-1]  # reopening does not re-apply


def test_save_is_idempotent_and_force_recodes(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.duckdb")
    an = _analysis()
    assert store.save([an]).saved == [an.article.id]
    again = store.save([an])
    assert again.saved == [] and again.skipped == [an.article.id]
    assert store.save([an], force=True).saved == [an.article.id]
    stats = store.stats()
    assert stats["counts"]["articles"] == 1 and stats["counts"]["events"] == 1 and stats["counts"]["actors"] == 1
    assert stats["counts"]["articles_with_stage_errors"] == 1
    assert stats["articles_with_errors_by_stage"] == {"places": 1}
    doc = store.get_result(an.article.id[:10])
    assert doc is not None and doc["events"][0]["type"] == "ASSAULT"


def test_failures_are_counted(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.duckdb")
    store.record_failure(InputError("E100", "missing.txt", "no such file"))
    store.record_failure(InputError("E100", "missing.txt", "no such file"))
    assert store.stats()["counts"]["failed_inputs"] == 1
    store.forget_failure("missing.txt")
    assert store.stats()["counts"]["failed_inputs"] == 0


def test_batch_of_many_articles_round_trips_every_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """Multi-row inserts: more rows than one INSERT statement holds, stored values read back intact."""
    monkeypatch.setattr(store_module, "_ROWS_PER_INSERT", 25)
    store = Store(":memory:")
    texts = [f"Rebels attacked the town number {i} on Monday, officials said." for i in range(60)]
    batch = [_analysis(t) for t in texts]
    assert len(store.save(batch).saved) == 60
    counts = store.stats()["counts"]
    assert counts["articles"] == 60 and counts["events"] == 60 and counts["actors"] == 60
    assert store.conn.execute("SELECT count(*) FROM article_errors").fetchone() == (60,)
    row = store.conn.execute("SELECT type, source, evidence_start, evidence_end, evidence_text FROM events "
                             "WHERE article_id = ?", [batch[7].article.id]).fetchone()
    assert row == ("ASSAULT", "actor_x", 0, 34, texts[7][:34])
    report = store.save([*batch[:3], _analysis("A new text: rebels attacked the other town, officials said.")])
    assert len(report.skipped) == 3 and len(report.saved) == 1
    assert len(store.save(batch[:5], force=True).saved) == 5
    assert store.stats()["counts"]["events"] == 61  # replaced, not duplicated


def test_id_prefix_lookup_is_literal() -> None:
    store = Store(":memory:")
    a, b = _analysis("Rebels attacked the town on Monday."), _analysis("Troops shelled the village on Friday.")
    store.save([a, b])
    assert store.get_result(a.article.id[:12]) is not None
    assert store.get_result("art_") is None and store.match_ids("art_") == sorted([a.article.id, b.article.id])
    assert store.get_result("art%") is None and store.match_ids("art%") == []  # no LIKE wildcards
    assert store.match_ids("art_", limit=1) == sorted([a.article.id, b.article.id])[:1]


def test_relations_and_commitments_have_tables(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Store version 3: each analysed article's relations and commitments are rows of their own tables."""
    from polemos.records import Analysis, Article, Relation, Span

    text = "Chile, which has a defence pact with Peru, urged calm."
    article = Article(Article.make_id(text), text)
    rel = Relation(id="rel_1", type="alliance", source="a1", target="a2", evidence=Span.of(text, 0, len(text)),
                   obligation="defense")
    with Store(tmp_path / "s.duckdb") as store:
        store.save([Analysis(article, relations=(rel,))])
        assert store.conn.execute("SELECT type, obligation, negated FROM relations").fetchall() == [
            ("alliance", "defense", False)]
        assert store.stats()["counts"]["relations"] == 1 and store.version() == 3
