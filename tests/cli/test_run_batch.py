"""`analyze` batching against the store: metadata-aware reuse of stored documents, no spaCy needed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from polemos.cli._analyze import _run
from polemos.ingest import Item, make_article
from polemos.records import Analysis, Article
from polemos.settings import Settings
from polemos.store import Store

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


def _item(source: str, published: date | None = None, title: str | None = None) -> Item:
    return Item(source, article=make_article(TEXT, source, Settings(), published=published, title=title))


def test_rerun_with_another_published_date_recodes_and_replaces() -> None:
    store, pipe = Store(":memory:"), CountingPipeline()
    first = list(_run(iter([_item("a.txt")]), pipe, store, force=False))
    assert first[0]["article"]["published"] is None and len(pipe.seen) == 1
    again = list(_run(iter([_item("a.txt")]), pipe, store, force=False))
    assert again == first and len(pipe.seen) == 1  # same input: the stored document, nothing re-coded
    dated = list(_run(iter([_item("a.txt", date(2024, 5, 4))]), pipe, store, force=False))
    assert dated[0]["article"]["published"] == "2024-05-04" and len(pipe.seen) == 2
    assert dated[0]["article"]["id"] == first[0]["article"]["id"]
    assert store.get_result(first[0]["article"]["id"])["article"]["published"] == "2024-05-04"  # type: ignore[index]
    assert store.stats()["counts"]["articles"] == 1


def test_same_text_twice_in_a_batch_keeps_each_inputs_metadata() -> None:
    store, pipe = Store(":memory:"), CountingPipeline()
    batch = [_item("a.txt"), _item("b.jsonl:1", date(2024, 5, 3), "Jets bomb Khartoum")]
    docs = list(_run(iter(batch), pipe, store, force=False))
    assert [d["article"]["published"] for d in docs] == [None, "2024-05-03"]
    assert docs[1]["article"]["title"] == "Jets bomb Khartoum"
    stored = store.get_result(docs[0]["article"]["id"])
    assert stored is not None and stored["article"]["published"] == "2024-05-03"  # the last input wins
    # re-running the batch: same documents, the store is unchanged, only the first (non-stored) variant re-coded
    n = len(pipe.seen)
    assert list(_run(iter(batch), pipe, store, force=False)) == docs
    assert len(pipe.seen) == n + 1 and store.stats()["counts"]["articles"] == 1
    # --force re-codes everything
    list(_run(iter(batch), pipe, store, force=True))
    assert len(pipe.seen) == n + 3
