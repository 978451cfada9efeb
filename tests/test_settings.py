"""settings.shared_dir: the one place that locates ../shared, and POLEMOS_SHARED overrides it."""

from __future__ import annotations

from pathlib import Path

import pytest

from polemos.errors import PolemosError
from polemos.eval._gold import read_jsonl
from polemos.settings import shared_dir


def test_shared_dir_defaults_beside_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POLEMOS_SHARED", raising=False)
    repo = Path(__file__).resolve().parents[1]
    assert shared_dir() == repo.parent / "shared"


def test_shared_dir_honours_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("POLEMOS_SHARED", str(tmp_path))
    assert shared_dir() == tmp_path


def test_missing_gold_file_names_the_path_and_the_fix(tmp_path: Path) -> None:
    with pytest.raises(PolemosError) as info:
        read_jsonl(tmp_path / "nowhere.jsonl", "E602", "PLOVER")
    assert info.value.code == "E602"
    assert "nowhere.jsonl" in str(info.value)


def test_broken_gold_line_gives_e604_with_the_line_number(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": 1}\n\n{"id": 2\n', encoding="utf-8")
    with pytest.raises(PolemosError) as info:
        read_jsonl(path, "E602", "PLOVER")
    assert info.value.code == "E604"
    assert "gold.jsonl:3" in str(info.value)


def test_gold_lines_are_read_in_order(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": 1}\n\n{"id": 2}\n', encoding="utf-8")
    assert [r["id"] for r in read_jsonl(path, "E602", "PLOVER")] == [1, 2]
