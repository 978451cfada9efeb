"""Commands for measuring and training: bench, eval, train."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import click

from polemos.errors import PolemosError

__all__ = ["EVALS", "bench", "eval_cmd", "train"]

EVALS = {
    "actors": "Actor resolution on our gold: country, sector, kind, office accuracy.",
    "geo": "Toponym resolution on our gold: correct country, exact GeoNames id, within 161 km.",
    "plover": "PLOVER GSR (../shared/eval/plover_gsr): event-type accuracy, macro-F1, actor country agreement.",
    "case2021": "CASE 2021 task 2 test split: weighted and macro F1 over the 25 ACLED sub-event types.",
    "claims": "Claim status and claimant on our gold sentences: accuracy per status.",
    "dedup": "Cross-article event merging on our gold corpus: pairwise precision / recall / F1.",
    "petrarch2": "PETRARCH-2 validation records (held-out, never read): type P/R/F1, actor countries, full tuple.",
    "own": "Own training corpus, dev split (data/train): type P/R/F1, source/target/status right, per style.",
}


@click.command()
@click.option("--corpus", type=click.Path(exists=True, path_type=Path),
              help="A JSONL batch, a text file, or a folder of them (default: the bundled examples).")
@click.option("--n", "n", type=click.IntRange(min=1), default=100, show_default=True,
              help="Number of articles (a small corpus is repeated).")
@click.option("--rounds", type=click.IntRange(min=1), default=2, show_default=True,
              help="Timed rounds of each; the best is reported.")
def bench(corpus: Path | None, n: int, rounds: int) -> None:
    """Throughput of the full pipeline vs spaCy parse-only on the same texts, their ratio, and peak RSS (JSON)."""
    from polemos.bench import run_bench

    click.echo(json.dumps(run_bench(corpus, n, rounds), indent=1))


def _run_eval(name: str, limit: int | None) -> dict[str, Any]:
    try:
        module = importlib.import_module(f"polemos.eval.{name}")
    except ModuleNotFoundError:
        raise PolemosError("E600", f"the evaluation {name!r} is not available in this build") from None
    result: dict[str, Any] = module.run(limit=limit)
    return result


@click.command("eval")
@click.argument("name", type=click.Choice([*EVALS, "all"]))
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N gold records (a quick check).")
def eval_cmd(name: str, limit: int | None) -> None:
    """Measure accuracy on gold data and print a JSON report.

    \b
    actors    Actor resolution on our gold: country, sector, kind, office accuracy.
    geo       Toponyms: correct country, exact GeoNames id, within 161 km.
    plover    PLOVER GSR: event-type accuracy, macro-F1, actor country agreement.
    case2021  CASE 2021 task 2: weighted / macro F1 over 25 ACLED sub-event types.
    claims    Claim status and claimant on our gold sentences.
    dedup     Cross-article event merging: pairwise precision / recall / F1.
    petrarch2 PETRARCH-2 validation (held-out): type P/R/F1, source/target country, full tuple.
    own       Own corpus dev split (data/train): type P/R/F1, source/target/status right.
    all       Every evaluation above.
    """
    names = list(EVALS) if name == "all" else [name]
    report = {n: _run_eval(n, limit) for n in names}
    click.echo(json.dumps(report if name == "all" else report[name], indent=1, default=str))


@click.command()
@click.option("--out", type=click.Path(path_type=Path), help="Where to write the model (default: the package's).")
def train(out: Path | None) -> None:
    """Re-train the shipped models from data in the repo: the trigger tagger, then the ACLED sub-type head (JSON)."""
    try:
        module = importlib.import_module("polemos.coding.train")
    except ModuleNotFoundError:
        raise PolemosError("E601", "this build has no trainable model") from None
    click.echo(json.dumps(module.run(out=out), indent=1, default=str))
