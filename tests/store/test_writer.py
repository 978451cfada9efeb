"""The writer under a held lock: jittered back-off, readers wait for a writer, and what cannot be written is
spilled to a file that `polemos store load` writes back."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from polemos.cli import cli
from polemos.errors import PolemosError
from polemos.store import Spill, Store, StoreWriter, read_spill
from polemos.store._lock import Backoff, WriteIntent, pass_writers

from .test_store import _analysis

TEXTS = [f"Rebels attacked the town number {i} on Monday, officials said." for i in range(5)]


def _docs() -> list[tuple[dict[str, object], str | None]]:
    return [(_analysis(t).to_dict(), f"in-{i}.txt") for i, t in enumerate(TEXTS)]


def test_backoff_is_jittered_and_bounded() -> None:
    b = Backoff(0.3, first=0.01, cap=0.05)
    started = time.monotonic()
    while b.sleep():
        pass
    assert 0.29 <= time.monotonic() - started < 1.0 and b.attempts > 5
    assert not b.sleep()


def test_readers_wait_while_a_writer_holds_the_intent(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    Store(db).close()
    intent = WriteIntent(db)
    assert intent.acquire(Backoff(0))
    assert not pass_writers(db, Backoff(0.1))  # a reader waits, then gives up
    with pytest.raises(PolemosError) as err:
        Store(db, read_only=True, lock_wait=0.1)
    assert err.value.code == "E300" and "being written" in err.value.message
    assert not WriteIntent(db).acquire(Backoff(0.05))  # a second writer queues behind the first
    threading.Timer(0.2, intent.release).start()
    with Store(db, read_only=True, lock_wait=5.0) as store:  # gets in once the writer is done
        assert store.stats()["counts"]["articles"] == 0


def test_a_writer_that_never_gets_the_lock_spills_and_load_brings_it_back(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    Store(db).close()
    holder = WriteIntent(db)
    assert holder.acquire(Backoff(0))
    writer = StoreWriter(db, wait=0.2, chunk=2)
    writer.write(_docs()[:3], [("bad.txt", "E103", "bad.txt: is empty")], [])
    writer.write(_docs()[3:], [], ["in-0.txt"])
    holder.release()
    assert writer.error is not None and writer.error.code == "E300" and writer.saved == 0
    spill = writer.spill.path
    assert spill is not None and spill.parent == tmp_path and writer.spill.documents == 5
    message = writer.report()
    assert message is not None and f"polemos store load {spill} --db {db}" in message
    docs, failures, forget = read_spill(spill)
    assert [d["article"]["id"] for d, _ in docs] == [d["article"]["id"] for d, _ in _docs()]  # type: ignore[index]
    assert failures == [("bad.txt", "E103", "bad.txt: is empty")] and forget == ["in-0.txt"]
    result = CliRunner().invoke(cli, ["store", "load", str(spill), "--db", db])
    assert result.exit_code == 0, result.output
    with Store(db, read_only=True) as store:
        stats = store.stats()
        assert stats["counts"]["articles"] == 5 and stats["counts"]["failed_inputs"] == 1
        assert store.unmerged_articles() == []


def test_chunks_are_separate_transactions(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    writer = StoreWriter(db, wait=1.0, chunk=2)
    writer.write(_docs(), [], [])
    assert writer.error is None and writer.saved == 5 and writer.report() is None and writer.spill.path is None
    with Store(db, read_only=True) as store:
        assert store.stats()["counts"]["articles"] == 5


def test_a_spill_goes_to_the_temporary_folder_when_the_stores_folder_refuses_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    spill = Spill(str(tmp_path / "gone" / "s.duckdb"))  # a folder that does not exist: nothing can be written there
    path = spill.write(_docs()[:1])
    assert path.parent == tmp_path / "tmp" and spill.problems and spill.paths == [path]
    assert len(read_spill(path)[0]) == 1


def test_spill_files_that_are_not_spills_are_refused(tmp_path: Path) -> None:
    cases = {"missing.jsonl": None, "text.jsonl": "hello\n", "other.jsonl": json.dumps({"text": "an article"}) + "\n",
             "partial.jsonl": json.dumps({"polemos_spill": 1, "kind": "document", "document": {}}) + "\n"}
    for name, content in cases.items():
        path = tmp_path / name
        if content is not None:
            path.write_text(content)
        with pytest.raises(PolemosError) as err:
            read_spill(path)
        assert err.value.code == "E309" and name in err.value.message
    result = CliRunner().invoke(cli, ["store", "load", str(tmp_path / "text.jsonl"), "--db",
                                      str(tmp_path / "s.duckdb")])
    assert result.exit_code != 0 and not (tmp_path / "s.duckdb").exists()
