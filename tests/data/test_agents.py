"""data/actors/agents.tsv is derived from the PETRARCH-2 agents dictionary and says so."""

from __future__ import annotations

import runpy
from pathlib import Path

from tests.conftest import REPO, SHARED, shared_missing

_TSV = REPO / "src" / "polemos" / "data" / "actors" / "agents.tsv"


def test_the_mit_notice_and_source_are_kept() -> None:
    head = _TSV.read_text(encoding="utf-8")[:2000]
    assert "Copyright (c) 2014 Open Event Data Alliance" in head and "petrarch2" in head


def test_it_regenerates_byte_identically(tmp_path: Path) -> None:
    src = SHARED / "dictionaries" / "petrarch2" / "Phoenix.agents.txt"
    if not src.is_file():
        shared_missing(str(src))
        return
    mod = runpy.run_path(str(REPO / "scripts" / "derive_agents.py"))
    sectors = frozenset(line[2:5] for line in (REPO / "src/polemos/data/actors/sectors.yaml").read_text().splitlines()
                        if line.startswith("  ") and line[5:6] == ":")
    rows = mod["derive"](src.read_text(encoding="utf-8", errors="replace").splitlines(), sectors)
    body = "".join(f"{p}\t{s}\t{c}\n" for p, s, c in rows)
    assert _TSV.read_text(encoding="utf-8") == mod["_HEADER"] + body
