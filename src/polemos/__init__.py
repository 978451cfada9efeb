"""polemos: verifiable conflict intelligence from news articles (PLOVER events, actors, places, claims, quotes).

From Python::

    import polemos
    nlp = polemos.load()                      # load the models once
    result = polemos.analyze(text, pipeline=nlp, published="2024-05-03")
    result.events[0].type, result.events[0].evidence.text
    result.to_dict()                          # the `polemos analyze` JSON output contract
    polemos.scenario("Azerbaijan attacks Armenia", [result.to_dict()], pipeline=nlp)  # who is drawn in

``Store`` (DuckDB) keeps analyses and merges them; see the README for the command line.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from polemos._api import analyze, load, scenario
from polemos.errors import InputError, PolemosError
from polemos.records import Actor, Analysis, Article, Claim, Event, Place, Quote, Span
from polemos.settings import Settings

if TYPE_CHECKING:
    from polemos.pipeline import Pipeline
    from polemos.store import Store

__all__ = [
    "__version__", "analyze", "load", "scenario", "Pipeline", "Store", "Settings",
    "Analysis", "Article", "Actor", "Place", "Event", "Claim", "Quote", "Span",
    "PolemosError", "InputError",
]

try:
    __version__ = version("polemos")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"


def __getattr__(name: str) -> Any:
    """``Pipeline`` and ``Store`` are imported on first use, so ``import polemos`` stays light."""
    if name == "Pipeline":
        from polemos.pipeline import Pipeline

        return Pipeline
    if name == "Store":
        from polemos.store import Store

        return Store
    raise AttributeError(f"module 'polemos' has no attribute {name!r}")
