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

from polemos.errors import PolemosError
from polemos.records import Analysis, Article
from polemos.store import Store

from .test_crash import ARTICLES, SRC, write_corpus

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
