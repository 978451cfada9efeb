"""The evaluation registry: built-ins by name, plugins through the polemos.evals entry points."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from polemos.errors import PolemosError
from polemos.eval import BUILTIN, EvalSet, available_evals, run_eval


class _EntryPoint:
    def __init__(self, name: str, obj: object) -> None:
        self.name, self.value, self._obj = name, f"plugin:{name}", obj

    def load(self) -> object:
        return self._obj


def _toy(limit: int | None = None) -> dict[str, Any]:
    return {"records": limit or 3, "accuracy": 1.0}


def test_builtins_are_listed_in_help_in_order() -> None:
    from polemos.cli import cli

    out = CliRunner().invoke(cli, ["eval", "--help"], prog_name="polemos").output
    names = [e.name for e in BUILTIN]
    assert names[:3] == ["actors", "geo", "plover"]
    assert [out.index(f"\n  {n} ") for n in names] == sorted(out.index(f"\n  {n} ") for n in names)


def test_a_plugin_set_adds_or_replaces_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    toy = EvalSet("toy", "A toy set.", _toy)
    monkeypatch.setattr("polemos.eval.entry_points", lambda group: [_EntryPoint("toy", toy)])
    sets = available_evals()
    assert list(sets)[-1] == "toy" and len(sets) == len(BUILTIN) + 1
    assert run_eval("toy", limit=2, registry=sets) == {"records": 2, "accuracy": 1.0}


def test_a_plugin_that_is_not_an_eval_set_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("polemos.eval.entry_points", lambda group: [_EntryPoint("broken", object())])
    with pytest.raises(PolemosError) as info:
        available_evals()
    assert info.value.code == "E606" and "broken" in info.value.message


def test_an_unknown_set_says_which_exist() -> None:
    with pytest.raises(PolemosError) as info:
        run_eval("nope")
    assert info.value.code == "E600" and "plover" in str(info.value)
