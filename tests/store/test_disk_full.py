"""A full disk under `polemos analyze`: the error is the disk's (E306, ENOSPC), not "no transaction is active", the
documents are printed and spilled, and `polemos store load` writes them once there is room. Needs a small tmpfs:
root and mount(8), skipped elsewhere (tests/store/test_failures.py covers the same path with a failing COMMIT)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from polemos.store import Store, check

from ..cli.test_crash import ARTICLES, write_corpus
from .test_store import _analysis

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture()
def small_disk(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root and mount(8) for a small tmpfs")
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(disk)],
                      capture_output=True).returncode != 0:
        pytest.skip("mounting a tmpfs is not allowed here")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def _polemos(*args: str, tmpdir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC), "TMPDIR": str(tmpdir)}
    return subprocess.run([sys.executable, "-m", "polemos", *args], capture_output=True, text=True, timeout=600,
                          env=env)


@pytest.mark.slow
def test_a_full_disk_keeps_its_error_and_loses_nothing(small_disk: Path, tmp_path: Path) -> None:
    db = small_disk / "s.duckdb"
    with Store(db) as store:
        store.save([_analysis("Rebels attacked the town of Sake on Monday, officials said.")])
    filler = small_disk / "filler"
    with open(filler, "wb") as fh:  # leave 32 KB free: the first chunk's write-ahead log does not fit
        fh.write(b"\0" * (shutil.disk_usage(small_disk).free - 32 * 1024))
    corpus = write_corpus(tmp_path / "corpus.jsonl")
    spills = tmp_path / "tmp"
    spills.mkdir()
    run = _polemos("analyze", str(corpus), "--db", str(db), "--jsonl", tmpdir=spills)
    assert run.returncode == 3, run.stderr
    assert "[E306]" in run.stderr and "No space left on device" in run.stderr, run.stderr
    assert "no transaction is active" not in run.stderr and "Traceback" not in run.stderr
    printed = [json.loads(line)["article"]["id"] for line in run.stdout.splitlines()]
    assert len(printed) == len(ARTICLES)
    spilled = sorted([*small_disk.glob("*.spill-*.jsonl"), *spills.glob("*.spill-*.jsonl")])
    assert spilled and all(str(p) in run.stderr for p in spilled) and "polemos store load" in run.stderr
    filler.unlink()
    load = _polemos("store", "load", *map(str, spilled), "--db", str(db), tmpdir=spills)
    assert load.returncode == 0, load.stderr
    report = check(str(db))
    assert report["ok"], report["problems"]
    with Store(db, read_only=True) as store:
        assert set(printed) <= set(store.article_ids()) and len(store.article_ids()) == len(ARTICLES) + 1
