"""`analyze` batching against the store: metadata-aware reuse of stored documents, no spaCy needed."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from polemos.cli._analyze import StoreOpener, _run
from polemos.ingest import Item, make_article
from polemos.records import Analysis, Article
from polemos.settings import Settings

TEXT = (
    "KHARTOUM, May 3 (Reuters) - Army aircraft bombed positions held by a paramilitary group in the north of the "
    "capital on Friday, residents said, and the group said it had shot down a drone over the river. The army did "
    "not comment on the report, and the figures could not be verified by reporters."
)


class CountingPipeline:
    """Returns an empty analysis per article and remembers what it was asked to analyse."""

    def __init__(self) -> None:
        self.seen: list[Article] = []

    def analyze_many(self, articles: Iterable[Article]) -> Iterator[Analysis]:
        for article in articles:
            self.seen.append(article)
            yield Analysis(article=article)

    def close(self) -> None:
        pass


def _doc(opener: StoreOpener, article_id: str) -> dict[str, Any] | None:
    with opener.open() as store:
        return store.get_result(article_id)


def _counts(opener: StoreOpener) -> dict[str, int]:
    with opener.open() as store:
        counts: dict[str, int] = store.stats()["counts"]
    return counts


def _item(source: str, published: date | None = None, title: str | None = None) -> Item:
    return Item(source, article=make_article(TEXT, source, Settings(), published=published, title=title))


def test_rerun_with_another_published_date_recodes_and_replaces() -> None:
    store, pipe = StoreOpener(":memory:"), CountingPipeline()
    first = list(_run(iter([_item("a.txt")]), pipe, store, force=False))
    assert first[0]["article"]["published"] is None and len(pipe.seen) == 1
    again = list(_run(iter([_item("a.txt")]), pipe, store, force=False))
    assert again == first and len(pipe.seen) == 1  # same input: the stored document, nothing re-coded
    dated = list(_run(iter([_item("a.txt", date(2024, 5, 4))]), pipe, store, force=False))
    assert dated[0]["article"]["published"] == "2024-05-04" and len(pipe.seen) == 2
    assert dated[0]["article"]["id"] == first[0]["article"]["id"]
    assert _doc(store, first[0]["article"]["id"])["article"]["published"] == "2024-05-04"  # type: ignore[index]
    assert _counts(store)["articles"] == 1


def test_same_text_twice_in_a_batch_keeps_each_inputs_metadata(tmp_path: Path) -> None:
    store, pipe = StoreOpener(str(tmp_path / "s.duckdb")), CountingPipeline()
    batch = [_item("a.txt"), _item("b.jsonl:1", date(2024, 5, 3), "Jets bomb Khartoum")]
    docs = list(_run(iter(batch), pipe, store, force=False))
    assert [d["article"]["published"] for d in docs] == [None, "2024-05-03"]
    assert docs[1]["article"]["title"] == "Jets bomb Khartoum"
    stored = _doc(store, docs[0]["article"]["id"])
    assert stored is not None and stored["article"]["published"] == "2024-05-03"  # the last input wins
    # re-running the batch: same documents, the store is unchanged, only the first (non-stored) variant re-coded
    n = len(pipe.seen)
    assert list(_run(iter(batch), pipe, store, force=False)) == docs
    assert len(pipe.seen) == n + 1 and _counts(store)["articles"] == 1
    # --force re-codes everything
    list(_run(iter(batch), pipe, store, force=True))
    assert len(pipe.seen) == n + 3


class LockProbe(CountingPipeline):
    """Checks, from another process, that the store file is not locked while articles are analysed."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.readable: list[bool] = []

    def analyze_many(self, articles: Iterable[Article]) -> Iterator[Analysis]:
        probe = f"import duckdb; duckdb.connect({str(self.path)!r}, read_only=True).close()"
        self.readable.append(subprocess.run([sys.executable, "-c", probe], capture_output=True).returncode == 0)
        yield from super().analyze_many(articles)


def test_store_is_not_held_while_analysing(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    pipe = LockProbe(db)
    docs = list(_run(iter([_item("a.txt")]), pipe, StoreOpener(str(db)), force=False))
    assert len(docs) == 1 and pipe.readable == [True]


class FlakyPipeline(CountingPipeline):
    """Raises (as a parser bug would) when a batch contains a text with "Omdurman"."""

    def analyze_many(self, articles: Iterable[Article]) -> Iterator[Analysis]:
        batch = list(articles)
        if any("Omdurman" in a.text for a in batch):
            raise ValueError("parser bug")
        yield from super().analyze_many(batch)


def test_an_article_that_crashes_the_analysis_fails_alone(tmp_path: Path) -> None:
    bad = Item("bad.txt", article=make_article(TEXT.replace("capital", "city of Omdurman"), "bad.txt", Settings()))
    opener = StoreOpener(str(tmp_path / "s.duckdb"))
    docs = list(_run(iter([_item("a.txt"), bad]), FlakyPipeline(), opener, force=False))
    assert "article" in docs[0] and docs[1]["error"] == "E198" and "bad.txt" in docs[1]["message"]
    counts = _counts(opener)
    assert counts["articles"] == 1 and counts["failed_inputs"] == 1
