"""stats, show, export, store check and store backup on a store the process cannot write to.

As a normal user, a 0444 file in a 0555 folder cannot be written; root ignores those bits, so as root the folder is
bind-mounted read-only instead (skipped where mounting is not allowed)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from polemos.store import Store

from .test_store import _analysis

SRC = Path(__file__).resolve().parents[2] / "src"


def _polemos(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "polemos", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(SRC)})


@pytest.fixture()
def read_only_store(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "data"
    folder.mkdir()
    with Store(folder / "s.duckdb") as store:
        store.save([_analysis("Rebels attacked the town of Sake on Monday, officials said.")])
    (folder / "s.duckdb.lock").unlink()
    (folder / "s.duckdb").chmod(0o444)
    folder.chmod(0o555)
    if os.geteuid() != 0:
        yield folder / "s.duckdb"
        folder.chmod(0o755)
        return
    if shutil.which("mount") is None:
        folder.chmod(0o755)
        pytest.skip("root without mount(8): the permission bits do not bind root")
    mnt = tmp_path / "ro"
    mnt.mkdir()
    ok = subprocess.run(["mount", "--bind", str(folder), str(mnt)], capture_output=True).returncode == 0
    ok = ok and subprocess.run(["mount", "-o", "remount,ro,bind", str(mnt)], capture_output=True).returncode == 0
    if not ok:
        subprocess.run(["umount", str(mnt)], capture_output=True)
        folder.chmod(0o755)
        pytest.skip("root and no read-only bind mount allowed here")
    try:
        yield mnt / "s.duckdb"
    finally:
        subprocess.run(["umount", str(mnt)], check=True)
        folder.chmod(0o755)


@pytest.mark.slow
def test_reading_commands_work_on_a_read_only_store(read_only_store: Path, tmp_path: Path) -> None:
    db = str(read_only_store)
    with pytest.raises(OSError):  # the folder really refuses writes
        (read_only_store.parent / "probe").write_text("x")
    stats = _polemos("stats", "--db", db, "--json")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["counts"]["articles"] == 1
    aid = _analysis("Rebels attacked the town of Sake on Monday, officials said.").article.id
    for args in (["show", aid[:10], "--json"], ["export", "--format", "plover"], ["store", "check"],
                 ["store", "backup", str(tmp_path / "b.duckdb")]):
        res = _polemos(*args, "--db", db)
        assert res.returncode == 0, (args, res.stderr)
    merge = _polemos("merge", "--db", db)
    assert merge.returncode == 2 and "[E300]" in merge.stderr and "Traceback" not in merge.stderr
    assert sorted(p.name for p in read_only_store.parent.iterdir()) == ["s.duckdb"]
