"""`polemos analyze` end to end through the CLI: output contract, store, bad inputs, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from polemos.schema import validate_output

from ..conftest import KARABAKH

POLEMOS = [sys.executable, "-m", "polemos"]
TEXT = (
    "GOMA, Jan 20 (Reuters) - M23 rebels shelled positions of the Congolese army near Sake on Monday, local "
    "officials said, and thousands of residents fled towards Goma. The army said it had repelled the attack and "
    "denied losing ground. The figures could not be independently verified. Aid groups said they would send food "
    "to the displaced if the roads reopened."
)


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*POLEMOS, *args], capture_output=True, text=True, input=stdin, timeout=300)


@pytest.mark.slow
def test_batch_with_bad_inputs(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\xff" * 100)
    db = tmp_path / "p.duckdb"
    inputs = [str(good), str(empty), str(binary), str(tmp_path / "missing.txt")]
    if KARABAKH.exists():
        inputs.append(str(KARABAKH))
    res = _run("analyze", *inputs, "--published", "2025-01-21", "--db", str(db))
    assert res.returncode == 0, res.stderr
    docs = json.loads(res.stdout)
    assert len(docs) == len(inputs) - 3
    for doc in docs:
        assert validate_output(doc) == []
    errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3 and all("Traceback" not in e for e in errors)
    assert any(str(empty) in e and "empty" in e for e in errors)
    stats = json.loads(_run("stats", "--db", str(db), "--json").stdout)
    assert stats["counts"]["articles"] == len(docs) and stats["counts"]["failed_inputs"] == 3
    # re-running is idempotent: same ids, nothing new stored
    again = _run("analyze", *inputs, "--published", "2025-01-21", "--db", str(db), "--jsonl")
    assert [json.loads(line)["article"]["id"] for line in again.stdout.splitlines()] == [
        d["article"]["id"] for d in docs
    ]
    assert json.loads(_run("stats", "--db", str(db), "--json").stdout)["counts"] == stats["counts"]
    assert f"0 article(s) analysed, {len(docs)} already stored" in again.stderr  # not "analysed" again
    shown = _run("show", docs[0]["article"]["id"][:12], "--db", str(db), "--json")
    assert json.loads(shown.stdout)["article"]["id"] == docs[0]["article"]["id"]


@pytest.mark.slow
def test_all_bad_exits_2_and_stdin(tmp_path: Path) -> None:
    res = _run("analyze", str(tmp_path / "nope.txt"), "--no-store")
    assert res.returncode == 2 and "no such file" in res.stderr and "Traceback" not in res.stderr
    res = _run("analyze", "-", "--no-store", "--jsonl", stdin=TEXT)
    assert res.returncode == 0, res.stderr
    doc = json.loads(res.stdout)
    assert doc["article"]["dateline"] == "GOMA" and validate_output(doc) == []


def test_show_unknown_id_is_a_clear_error(tmp_path: Path) -> None:
    res = _run("show", "art_nothere", "--db", str(tmp_path / "none.duckdb"))
    assert res.returncode == 2 and "no store" in res.stderr and "Traceback" not in res.stderr
