"""Cross-article merging on hand-built stored articles: what merges, what stays apart, order independence."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
from dedup_fixtures import hospital_reports

from polemos import dedup
from polemos.store import Store


def clusters(store: Store) -> set[frozenset[tuple[str, str]]]:
    rows = store.conn.execute("SELECT canonical_id, article_id, event_id FROM event_mentions").fetchall()
    out: dict[str, set[tuple[str, str]]] = {}
    for cid, aid, eid in rows:
        out.setdefault(cid, set()).add((aid, eid))
    return {frozenset(v) for v in out.values()}


def canonical_rows(store: Store) -> list[tuple[Any, ...]]:
    return store.conn.execute(
        "SELECT * EXCLUDE (updated_at) FROM canonical_events ORDER BY id").fetchall()


def by_text(store: Store, needle: str) -> dict[str, Any]:
    row = store.conn.execute(
        "SELECT c.* FROM canonical_events c JOIN event_mentions m ON m.canonical_id = c.id "
        "WHERE m.evidence_text LIKE ? LIMIT 1", [f"%{needle}%"]).fetchone()
    assert row is not None, needle
    cols = [d[0] for d in store.conn.description]
    return dict(zip(cols, row, strict=True))


def test_two_retellings_merge_and_different_events_stay_apart(store: Store) -> None:
    store.save(hospital_reports())  # the save hook runs dedup.update
    hospital = by_text(store, "struck a hospital")
    assert hospital["n_mentions"] == 3 and hospital["n_articles"] == 3  # two retellings and the denial
    assert by_text(store, "Kharkiv hospital")["id"] == hospital["id"]
    assert by_text(store, "power plant")["id"] != hospital["id"]  # second strike, other target
    protest = by_text(store, "protesters marched")
    assert protest["id"] != hospital["id"] and protest["type"] == "PROTEST"
    assert by_text(store, "Odesa")["n_mentions"] == 1
    assert store.conn.execute("SELECT count(*) FROM canonical_events").fetchone()[0] == 4
    assert store.conn.execute("SELECT count(*) FROM event_mentions").fetchone()[0] == 6


def test_status_and_fatalities_keep_every_source(store: Store) -> None:
    store.save(hospital_reports())
    hospital = by_text(store, "struck a hospital")
    assert hospital["status"] == "disputed"  # reported by two articles, denied by Moscow in a third
    assert (hospital["fatalities_low"], hospital["fatalities_best"], hospital["fatalities_high"]) == (5, 5, 6)
    sources = json.loads(hospital["fatalities_sources"])
    assert sorted(s["value"] for s in sources) == [5, 5, 6]
    denial = next(s for s in sources if s["value"] == 6)
    assert denial["status"] == "disputed" and "denied" in denial["evidence"]
    assert hospital["place_name"] == "Kharkiv" and hospital["date"] == "2024-03-10"
    assert hospital["source_country"] == "RUS" and hospital["type"] == "ASSAULT"


@pytest.mark.slow
def test_result_does_not_depend_on_arrival_order() -> None:
    reports = hospital_reports()
    reference = None
    for order in itertools.islice(itertools.permutations(range(len(reports))), 0, 120, 17):
        with Store(":memory:") as s:
            for i in order:  # one save (and one incremental update) per article
                s.save([reports[i]])
            got = (clusters(s), canonical_rows(s))
            dedup.rebuild(s.conn)
            assert (clusters(s), canonical_rows(s)) == got, order  # incremental == from scratch
        if reference is None:
            reference = got
        assert got == reference, order


def test_reanalysis_and_rebuild_are_stable(store: Store) -> None:
    reports = hospital_reports()
    store.save(reports)
    before = clusters(store)
    store.save([reports[1]], force=True)  # re-coded: its mentions are replaced and re-merged
    assert clusters(store) == before
    result = dedup.rebuild(store.conn)
    assert result["canonical_events"] == 4 and result["merged"] == 1
    assert clusters(store) == before


def test_update_after_an_article_loses_its_events(store: Store) -> None:
    reports = hospital_reports()
    store.save(reports)
    first = reports[0].article.id
    store.conn.execute("DELETE FROM events WHERE article_id = ?", [first])
    dedup.update(store.conn, [first])
    assert all(first not in {k[0] for k in c} for c in clusters(store))
    assert by_text(store, "Kharkiv hospital")["n_mentions"] == 2
    leftovers = store.conn.execute(
        "SELECT count(*) FROM canonical_events c WHERE NOT EXISTS "
        "(SELECT 1 FROM event_mentions m WHERE m.canonical_id = c.id)").fetchone()[0]
    assert leftovers == 0


@pytest.mark.slow
def test_order_independence_with_coarse_and_missing_dates() -> None:
    """Month-wide, undated and day dates whose windows only meet within the day slack."""
    from dedup_fixtures import article

    texts = [
        ("Russian forces shelled Kharkiv in July, killing residents, officials said.", "2024-08-02",
         dict(date="2024-07", precision="month")),
        ("Russian forces shelled Kharkiv in August, killing residents, officials said.", "2024-08-20",
         dict(date="2024-08", precision="month")),
        ("Russian forces shelled Kharkiv, killing residents, officials said on Sunday.", "2024-08-04", {}),
        ("Russian forces shelled Kharkiv on August 2, killing residents, officials said.", "2024-08-03",
         dict(date="2024-08-02")),
    ]
    reports = []
    for text, published, extra in texts:
        ev = dict(evidence=text[:text.index(", killing")], type="ASSAULT", mode="heavy-weapons",
                  source="Russian forces", target="civilians", place="Kharkiv", **extra)
        reports.append(article(text, published, [ev]))
    results = set()
    for order in itertools.permutations(range(len(reports))):
        with Store(":memory:") as s:
            for i in order:
                s.save([reports[i]])
            got = frozenset(clusters(s))
            dedup.rebuild(s.conn)
            assert frozenset(clusters(s)) == got, order
            results.add(got)
    assert len(results) == 1
