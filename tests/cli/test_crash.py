"""`polemos analyze` killed (SIGKILL) at random points: every state it leaves is consistent (each stored event has
its merge record), and a re-run ends with the store a clean run makes (same articles, events, merged events).

The killed process is the `polemos analyze` command itself (click entry point, StoreOpener, StoreWriter, Store,
dedup) with two changes: its pipeline replays analyses computed once by the real pipeline (a run takes a second or
two), and it says on stderr when each batch write begins, so three kills in four land at a random moment inside the
writes (one article per write transaction, two per batch); the fourth falls anywhere in the run.
"""

from __future__ import annotations

import json
import os
import pickle
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest

from polemos.ingest import load_inputs
from polemos.pipeline import Pipeline
from polemos.settings import Settings
from polemos.store import check

# Eight short reports written for this test; pairs retell one event, so merging has work to do.
ARTICLES = [
    ("2023-04-12", "KHARKIV, April 12 - Russian artillery shelled a residential district of Kharkiv on Tuesday night, "
     "killing three civilians and wounding eleven, the regional governor said on Wednesday. Firefighters worked "
     "through the night to put out blazes in two apartment blocks. The Russian defence ministry said its forces had "
     "struck a depot used by Ukrainian troops and denied hitting homes."),
    ("2023-04-12", "KHARKIV, April 12 - Three people died and eleven were hurt when shells hit apartment blocks in "
     "Kharkiv late on Tuesday, Ukrainian officials said. The governor of the region blamed Russian guns firing from "
     "across the border. Moscow said it had targeted a military depot. Rescue crews searched the rubble on Wednesday "
     "morning for people who might still be trapped."),
    ("2023-06-03", "GOMA, June 3 - Fighters of the M23 rebel group attacked an army position near the town of Sake on "
     "Friday, and at least seven soldiers were killed, a local official said on Saturday. The army said it had pushed "
     "the rebels back after several hours of fighting. Thousands of residents fled towards Goma along the main road, "
     "aid workers said."),
    ("2023-06-03", "GOMA, June 3 - M23 rebels stormed a Congolese army post outside Sake on Friday, killing seven "
     "soldiers, according to a civil society leader in the area. A spokesman for the armed forces said troops had "
     "regained control of the post by nightfall. Families carrying mattresses and cooking pots streamed into Goma, "
     "residents said."),
    ("2023-09-18", "MOGADISHU, Sept 18 - A car bomb exploded at a checkpoint in Mogadishu on Sunday, killing five "
     "people, police said. The al-Shabaab militant group said it carried out the attack. Ambulances took more than "
     "a dozen wounded people to hospitals in the capital, a rescue service director told reporters at the scene."),
    ("2023-09-18", "MOGADISHU, Sept 18 - Al-Shabaab claimed responsibility for a car bombing that killed five people "
     "at a security checkpoint in the Somali capital on Sunday. A police officer said the vehicle was packed with "
     "explosives and blew up as soldiers moved to search it. At least twelve people were wounded in the blast."),
    ("2023-11-02", "KHARTOUM, Nov 2 - Sudanese army aircraft bombed positions of the Rapid Support Forces in the "
     "south of Khartoum on Thursday, residents said. The paramilitary group said it shot down a drone over the river. "
     "There was no word on casualties, and the army did not comment on the reports from the city."),
    ("2023-07-21", "NAIROBI, July 21 - Police fired tear gas at protesters who blocked roads in Nairobi on Friday to "
     "denounce new taxes, witnesses said. Shops in the city centre stayed shut as crowds burned tyres. The interior "
     "minister said officers had arrested dozens of people and warned that further protests would not be allowed."),
]

RUNS = 24
SRC = Path(__file__).resolve().parents[2] / "src"

CHILD = """
import pickle, sys
from polemos.cli import _analyze, main
from polemos.store import _writer

corpus, db, replay = sys.argv[1:4]
with open(replay, "rb") as fh:
    analyses = {an.article.id: an for an in pickle.load(fh)}


class Replay:
    def analyze_many(self, articles):
        for article in articles:
            yield analyses[article.id]

    def close(self):
        pass


class Loader:
    @staticmethod
    def load(settings):
        return Replay()


_write = _writer.StoreWriter.write


def write(self, *args, **kwargs):
    sys.stderr.write("chunk\\n")  # the parent kills at random moments after the n-th of these
    sys.stderr.flush()
    return _write(self, *args, **kwargs)


_writer.StoreWriter.write = write
_analyze.Pipeline = Loader
_analyze.BATCH = 2
_writer.WRITE_CHUNK = 1
sys.argv = ["polemos", "analyze", corpus, "--db", db, "--jsonl"]
main()
"""


def write_corpus(path: Path, copies: int = 1) -> Path:
    """The fixture articles as JSONL (``copies`` > 1: each copy's texts differ by a closing sentence)."""
    with open(path, "w", encoding="utf-8") as fh:
        for c in range(copies):
            for i, (published, text) in enumerate(ARTICLES):
                extra = f" This is report {c} of the series." if copies > 1 else ""
                fh.write(json.dumps({"id": f"fx-{c}-{i}", "published": published, "text": text + extra}) + "\n")
    return path


def snapshot(db: Path) -> dict[str, Any]:
    """What a clean run and a killed-then-resumed run must agree on (timestamps left out)."""
    conn = duckdb.connect(str(db), read_only=True)
    try:
        canonical = [c for c in (r[0] for r in conn.execute("DESCRIBE canonical_events").fetchall())
                     if c != "updated_at"]
        queries = {
            "articles": "SELECT id, title, published, source, result FROM articles",
            "events": "SELECT * FROM events",
            "actors": "SELECT * FROM actors",
            "failures": "SELECT source, code, message FROM failures",
            "canonical_events": f"SELECT {', '.join(canonical)} FROM canonical_events",
            "event_mentions": "SELECT * FROM event_mentions",
            "event_links": "SELECT * FROM event_links",
            "merged": "SELECT id, n_mentions FROM canonical_events WHERE n_mentions > 1",
        }
        return {name: sorted(conn.execute(sql).fetchall(), key=repr) for name, sql in queries.items()}
    finally:
        conn.close()


def _child(corpus: Path, db: Path, replay: Path, script: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.Popen([sys.executable, str(script), str(corpus), str(db), str(replay)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _articles(db: Path) -> int:
    if not db.exists():
        return -1
    conn = duckdb.connect(str(db), read_only=True)
    try:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])  # type: ignore[index]
    except duckdb.CatalogException:
        return -1
    finally:
        conn.close()


@pytest.mark.slow
def test_sigkill_at_random_points_then_rerun_equals_a_clean_run(pipeline: Pipeline, tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus.jsonl")
    items = list(load_inputs([str(corpus)], settings=Settings()))
    articles = [item.article for item in items if item.article is not None]
    assert len(articles) == len(ARTICLES)
    replay = tmp_path / "replay.pickle"
    replay.write_bytes(pickle.dumps(list(pipeline.analyze_many(articles))))
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")

    clean = tmp_path / "clean.duckdb"
    started = time.monotonic()
    run = _child(corpus, clean, replay, script)
    assert run.wait(timeout=120) == 0, run.stderr.read() if run.stderr else ""
    duration = time.monotonic() - started
    reference = snapshot(clean)
    merged = reference["merged"]
    assert len(reference["articles"]) == len(ARTICLES) and merged, "the fixture must give merged events"

    rng = random.Random(20240613)
    stored_at_kill: list[int] = []
    in_writes = 0
    for n in range(RUNS):
        db = tmp_path / f"run{n}.duckdb"
        child = _child(corpus, db, replay, script)
        if n % 4 == 0:  # any moment of the run, start-up included
            time.sleep(rng.uniform(0.05, duration))
        else:  # a moment inside the writes: after the m-th batch write began, within about one write's time
            m = rng.randint(1, len(ARTICLES) // 2)
            seen = 0
            while seen < m and child.stderr is not None and child.stderr.readline():
                seen += 1
            time.sleep(rng.uniform(0.0, 0.3))
        child.send_signal(signal.SIGKILL)
        if child.wait(timeout=60) == -signal.SIGKILL and n % 4:
            in_writes += 1
        stored_at_kill.append(_articles(db))
        if stored_at_kill[-1] >= 0:  # the state the kill left: no stored event without its merge record
            report = check(str(db))
            assert report["ok"], (n, report["problems"])
        rerun = _child(corpus, db, replay, script)
        assert rerun.wait(timeout=120) == 0, (n, rerun.stderr.read() if rerun.stderr else "")
        assert snapshot(db) == reference, f"run {n} (killed with {stored_at_kill[-1]} article(s) stored)"
    mid = sum(1 for s in stored_at_kill if 0 < s < len(ARTICLES))
    print(f"\n{RUNS} kills ({in_writes} during the writes) of a {duration:.2f} s run; articles stored when killed: "
          f"{stored_at_kill}; {mid} with part of the corpus stored; reference: {len(reference['events'])} events, "
          f"{len(reference['canonical_events'])} canonical, {len(merged)} merged")
    assert in_writes >= RUNS // 2 and mid >= RUNS // 4, "too few kills landed inside the writes"
