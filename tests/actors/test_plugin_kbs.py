"""Actor KBs from installed packages (entry point group polemos.actor_kbs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from polemos.actors import load_kb
from polemos.actors.kb import normalize
from polemos.errors import PolemosError


class _EntryPoint:
    def __init__(self, name: str, obj: object) -> None:
        self.name, self.value, self._obj = name, f"plugin:{name}", obj

    def load(self) -> object:
        return self._obj


def test_a_package_kb_is_loaded_with_the_builtin_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kb_file = tmp_path / "kb.yaml"
    kb_file.write_text("- name: Zeltavia Relief Collective\n  kind: organization\n  sector: NGO\n  country: null\n",
                       encoding="utf-8")
    monkeypatch.setattr("polemos.actors.userkb.entry_points", lambda group: [_EntryPoint("relief", lambda: kb_file)])
    kb = load_kb()
    assert [a.key for a in kb.lookup(normalize("Zeltavia Relief Collective"))]
    assert kb.lookup(normalize("United Nations"))  # the built-in entries are still there
    assert not load_kb(plugins=False).lookup(normalize("Zeltavia Relief Collective"))


def test_a_package_kb_that_is_no_path_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("polemos.actors.userkb.entry_points", lambda group: [_EntryPoint("bad", 42)])
    with pytest.raises(PolemosError) as info:
        load_kb()
    assert info.value.code == "E206" and "bad" in info.value.message
