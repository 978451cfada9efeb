"""`polemos analyze` stores every article while readers hammer the store (as `polemos serve` does under load):
30 threads opening it read-only in a loop, as the API's open_store does, for the whole run (at least 20 s)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from polemos.cli import _analyze, cli
from polemos.cli._analyze import StoreOpener, _run
from polemos.errors import InputError, PolemosError
from polemos.ingest import Item, make_article
from polemos.records import Analysis, Article
from polemos.settings import Settings
from polemos.store import Store
from polemos.store._lock import Backoff, WriteIntent

from .test_crash import ARTICLES, SRC, write_corpus
from .test_run_batch import CountingPipeline

READERS = 30
MIN_SECONDS = 20.0
COPIES = 5  # 40 articles


def _filler(db: Path) -> None:
    """200 stored articles without events, so each read has some work to do."""
    texts = [f"Filler report {i}. " + "Officials said the road to the town stayed closed. " * 40 for i in range(200)]
    with Store(db) as store:
        store.save([Analysis(Article(Article.make_id(t), t)) for t in texts])


@pytest.mark.slow
def test_analyze_stores_everything_while_readers_load_the_store(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    _filler(db)
    corpus = write_corpus(tmp_path / "corpus.jsonl", copies=COPIES)
    stop = threading.Event()
    reads: Counter[str] = Counter()
    lock = threading.Lock()

    def reader() -> None:
        while not stop.is_set():
            try:
                with Store(db, read_only=True, lock_wait=10.0) as store:  # what web/api.py open_store does
                    store.stats()
                    store.conn.execute("SELECT count(*), sum(length(text)) FROM articles").fetchall()
                outcome = "ok"
            except PolemosError as exc:
                outcome = exc.code
            with lock:
                reads[outcome] += 1

    threads = [threading.Thread(target=reader, daemon=True) for _ in range(READERS)]
    started = time.monotonic()
    for t in threads:
        t.start()
    time.sleep(1.0)
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    run = subprocess.run([sys.executable, "-m", "polemos", "analyze", str(corpus), "--db", str(db), "--jsonl"],
                         capture_output=True, text=True, env=env, timeout=900)
    analysed = time.monotonic() - started
    time.sleep(max(0.0, MIN_SECONDS - analysed))
    stop.set()
    for t in threads:
        t.join(timeout=30)
    elapsed = time.monotonic() - started
    with Store(db, read_only=True) as store:
        stored = store.stats()["counts"]["articles"] - 200
        unmerged = store.unmerged_articles()
    spills = sorted(p.name for p in tmp_path.iterdir() if ".spill-" in p.name)
    print(f"\n{READERS} reader threads for {elapsed:.1f} s: {dict(reads)} reads; analyze took "
          f"{analysed - 1.0:.1f} s, rc={run.returncode}; stored {stored} of {len(ARTICLES) * COPIES}; spills {spills}")
    assert run.returncode == 0, run.stderr[-2000:]
    assert stored == len(ARTICLES) * COPIES and len(run.stdout.splitlines()) == stored
    assert spills == [] and unmerged == []
    assert reads["ok"] > READERS and set(reads) == {"ok"}, reads  # readers were served all along


def test_a_batch_that_cannot_be_stored_is_still_printed_and_spilled(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The lock never comes free: every document is still yielded, all of them land in the spill file, and
    `polemos store load` brings them into the store."""
    monkeypatch.setattr(_analyze, "READ_WAIT", 0.2)  # reading which articles are stored gives up quickly too
    db = str(tmp_path / "s.duckdb")
    opener = StoreOpener(db)
    assert opener.writer is not None
    opener.writer.wait = 0.2
    items = [Item(f"a{i}.txt", article=make_article(text, f"a{i}.txt", Settings()))
             for i, (_, text) in enumerate(ARTICLES)]
    items.append(Item("empty.txt", error=InputError("E103", "empty.txt", "is empty")))
    holder = WriteIntent(db)
    assert holder.acquire(Backoff(0))
    try:
        docs = list(_run(iter(items), CountingPipeline(), opener, force=False))
    finally:
        holder.release()
    assert [d.get("error") for d in docs] == [None] * len(ARTICLES) + ["E103"]
    assert opener.writer.error is not None and opener.writer.error.code == "E300"
    spill = opener.writer.spill.path
    assert spill is not None and opener.writer.spill.documents == len(ARTICLES)
    result = CliRunner().invoke(cli, ["store", "load", str(spill), "--db", db])
    assert result.exit_code == 0, result.output
    with Store(db, read_only=True) as store:
        counts = store.stats()["counts"]
        assert counts["articles"] == len(ARTICLES) and counts["failed_inputs"] == 1
