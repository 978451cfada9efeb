"""Evaluation sets: one registry of what ``polemos eval NAME`` can measure.

A set is an ``EvalSet(name, summary, run)``: ``run(limit=None)`` returns a JSON-able report. The built-in sets are
the modules of this package (imported only when run); a package adds one through the entry point group
``polemos.evals`` (an ``EvalSet``); one with a built-in's name replaces it. Reports keep dev and held-out figures
apart; CI floors (``tests/eval``) gate held-out figures only.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any

from polemos.errors import PolemosError

__all__ = ["EvalSet", "BUILTIN", "available_evals", "run_eval"]


@dataclass(frozen=True)
class EvalSet:
    name: str
    summary: str  # one line for `polemos eval --help`
    run: Callable[..., dict[str, Any]]  # run(limit=None) -> report
    split: str = ""  # what kind of data it is, when the report does not say ("dev: ...")


def _module_run(name: str) -> Callable[..., dict[str, Any]]:
    def run(limit: int | None = None) -> dict[str, Any]:
        report: dict[str, Any] = importlib.import_module(f"polemos.eval.{name}").run(limit=limit)
        return report

    return run


_TUNED = ("dev: polemos was tuned on these gold sets (their misses are printed), so they are development data; "
          "their floors run with `make test-dev`, not in CI")
_DEV_SETS = frozenset({"actors", "geo", "claims", "dedup"})

BUILTIN: tuple[EvalSet, ...] = tuple(EvalSet(n, s, _module_run(n), _TUNED if n in _DEV_SETS else "") for n, s in (
    ("actors", "Actor resolution on our gold: country, sector, kind, office accuracy."),
    ("geo", "Toponyms: correct country, exact GeoNames id, within 161 km."),
    ("plover", "PLOVER GSR: event-type accuracy, macro-F1, actor country agreement."),
    ("case2021", "CASE 2021 task 2: weighted / macro F1 over 25 ACLED sub-event types."),
    ("claims", "Claim status and claimant on our gold sentences."),
    ("dedup", "Cross-article event merging: pairwise precision / recall / F1."),
    ("petrarch2", "PETRARCH-2 validation (held-out): type P/R/F1, source/target country, full tuple."),
    ("own", "Own corpus dev split (data/train): type P/R/F1, source/target/status right."),
    ("relations", "Relations, commitments, scenario answers on own articles: P/R per type, dev and held-out."),
))


def available_evals() -> dict[str, EvalSet]:
    """The built-in sets by name, then those of installed plugins (entry point group ``polemos.evals``)."""
    found = {e.name: e for e in BUILTIN}
    for ep in entry_points(group="polemos.evals"):
        item = ep.load()
        if not isinstance(item, EvalSet):
            raise PolemosError("E606", f"entry point {ep.name!r} ({ep.value}) of group polemos.evals is not a "
                               "polemos.eval.EvalSet")
        found[ep.name] = item
    return found


def run_eval(name: str, limit: int | None = None, registry: dict[str, EvalSet] | None = None) -> dict[str, Any]:
    """Run the set ``name`` (from ``registry``, default ``available_evals()``) and return its report."""
    sets = available_evals() if registry is None else registry
    if name not in sets:
        raise PolemosError("E600", f"the evaluation {name!r} is not available in this build",
                           f"choose from {', '.join(sets)}")
    chosen = sets[name]
    report = chosen.run(limit=limit)
    if chosen.split:
        report.setdefault("split", chosen.split)
    return report
