"""Commands for measuring and training: bench, eval, train."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import click

from polemos.errors import PolemosError
from polemos.eval import available_evals, run_eval

__all__ = ["EVALS", "bench", "eval_cmd", "train"]

EVALS = available_evals()  # built-ins and the polemos.evals entry points, scanned once per process
_EVAL_HELP = "\n".join(f"{n:<10}{e.summary}" for n, e in EVALS.items())


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


@click.command("eval")
@click.argument("name", type=click.Choice([*EVALS, "all"]))
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N gold records (a quick check).")
def eval_cmd(name: str, limit: int | None) -> None:
    """Measure accuracy on gold data and print a JSON report (the sets are listed below)."""
    names = list(EVALS) if name == "all" else [name]
    report = {n: run_eval(n, limit, EVALS) for n in names}
    click.echo(json.dumps(report if name == "all" else report[name], indent=1, default=str))


eval_cmd.help = f"{eval_cmd.help}\n\n\b\n{_EVAL_HELP}\nall       Every evaluation above."


@click.command()
@click.option("--out", type=click.Path(path_type=Path), help="Where to write the model (default: the package's).")
def train(out: Path | None) -> None:
    """Re-train the shipped models from data in the repo: the trigger tagger, then the ACLED sub-type head (JSON)."""
    try:
        module = importlib.import_module("polemos.coding.train")
    except ModuleNotFoundError:
        raise PolemosError("E601", "this build has no trainable model") from None
    click.echo(json.dumps(module.run(out=out), indent=1, default=str))
