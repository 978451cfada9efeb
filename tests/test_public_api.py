"""The public surface: ``polemos.__all__`` pinned, ``__all__`` in every module, no other package's private module."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import polemos

SRC = Path(__file__).resolve().parents[1] / "src" / "polemos"

PINNED = [
    "__version__", "analyze", "load", "scenario", "Pipeline", "Store", "Settings",
    "Analysis", "Article", "Actor", "Place", "Event", "Claim", "Quote", "Span",
    "PolemosError", "InputError",
]


def test_top_level_all_is_pinned() -> None:
    assert polemos.__all__ == PINNED
    for name in PINNED:
        assert getattr(polemos, name) is not None


def test_import_polemos_does_not_load_spacy_or_duckdb() -> None:
    code = "import sys, polemos; print('spacy' in sys.modules, 'duckdb' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def _modules() -> list[Path]:
    return [p for p in SRC.rglob("*.py") if "data" not in p.relative_to(SRC).parts and p.name != "__main__.py"]


def _defines_names(path: Path) -> bool:
    """A module with any top-level definition, assignment or import (a docstring alone needs no ``__all__``)."""
    body = ast.parse(path.read_text("utf-8")).body
    return any(not (isinstance(n, ast.Expr) or (isinstance(n, ast.ImportFrom) and n.module == "__future__"))
               for n in body)


def test_every_module_declares_all() -> None:
    missing = [str(p.relative_to(SRC)) for p in _modules()
               if _defines_names(p) and "__all__" not in p.read_text("utf-8")]
    assert missing == []


def test_no_module_imports_another_packages_private_module() -> None:
    offenders = []
    for path in _modules():
        package = path.relative_to(SRC).parts[0]
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("polemos."):
                parts = node.module.split(".")
                private = [p for p in parts[1:] if p.startswith("_")]
                if private and parts[1] != package and parts[1] != "_api":
                    offenders.append(f"{path.relative_to(SRC)}: {node.module}")
    assert offenders == []


def test_analyze_from_python(pipeline: polemos.Pipeline) -> None:
    text = ("Rebel fighters attacked an army base near the town of Gao on Sunday, the defence ministry said, adding "
            "that two soldiers were wounded and that reinforcements had been sent to the area by helicopter.")
    result = polemos.analyze(text, pipeline=pipeline, published="2024-06-02")
    assert result.article.published is not None and result.article.published.isoformat() == "2024-06-02"
    assert any(e.type == "ASSAULT" for e in result.events)
    for e in result.events:
        assert result.article.text[e.evidence.start:e.evidence.end] == e.evidence.text
    with pytest.raises(polemos.InputError, match="E105"):
        polemos.analyze("Too short.", pipeline=pipeline)
