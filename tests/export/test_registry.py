"""Export formats live in one registry; a plugin adds one through the polemos.exports entry point group."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

import pytest

from polemos.errors import PolemosError
from polemos.export import FORMATS, Format, export, formats
from polemos.store import Store


class _EntryPoint:
    def __init__(self, name: str, obj: object) -> None:
        self.name, self.value, self._obj = name, f"plugin:{name}", obj

    def load(self) -> object:
        return self._obj


def _ids(events: list, fh: TextIO) -> None:  # type: ignore[type-arg]
    for e in events:
        fh.write(f"{e['id']}\n")


def test_builtins_are_the_registry() -> None:
    assert list(formats()) == list(FORMATS)
    assert all((f.write is None) != (f.folder is None) for f in formats().values())


def test_a_plugin_format_is_exported(monkeypatch: pytest.MonkeyPatch, merged_store: Store, tmp_path: Path) -> None:
    monkeypatch.setattr("polemos.export.metadata.entry_points",
                        lambda group: [_EntryPoint("ids", Format("ids", "one event id a line", write=_ids))])
    out = tmp_path / "ids.txt"
    n = export(merged_store.conn, "ids", str(out))
    assert n == 4 and len(out.read_text().split()) == 4


def test_a_broken_plugin_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("polemos.export.metadata.entry_points", lambda group: [_EntryPoint("bad", object())])
    with pytest.raises(PolemosError) as info:
        formats()
    assert info.value.code == "E407" and "bad" in info.value.message


def test_the_cli_exports_a_plugin_format(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from polemos.cli import cli

    monkeypatch.setattr("polemos.export.metadata.entry_points",
                        lambda group: [_EntryPoint("ids", Format("ids", "one event id a line", write=_ids))])
    db = tmp_path / "s.duckdb"
    Store(db).close()
    result = CliRunner().invoke(cli, ["export", "--format", "ids", "--db", str(db)], prog_name="polemos")
    assert result.exit_code == 0, result.output
    assert "0 row(s) exported as ids" in result.output
