"""The `polemos` command line: a thin layer over pure functions."""

from __future__ import annotations

import logging
import sys

import click
import duckdb

from polemos.cli._analyze import analyze
from polemos.cli._data import export, merge, show, stats, store
from polemos.cli._relations import relations, scenario
from polemos.cli._serve import serve
from polemos.cli._tools import bench, eval_cmd, train
from polemos.errors import PolemosError

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="polemos")
@click.option("-v", "--verbose", is_flag=True, help="Log stage warnings and progress details to stderr.")
def cli(verbose: bool) -> None:
    """polemos: verifiable conflict intelligence from news articles.

    Turns articles (text, HTML, URL, RSS/Atom, JSONL) into PLOVER events with actors, places, dates, claims and
    quotes, each traceable to character spans of the text, and keeps them in an embedded DuckDB store.
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.ERROR, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")


for command in (analyze, stats, show, export, merge, relations, scenario, store, serve, bench, eval_cmd, train):
    cli.add_command(command)


def main() -> None:
    try:
        cli(standalone_mode=False)
    except PolemosError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except duckdb.Error as exc:  # a store query outside the commands' own handling: still one coded line
        from polemos.store import store_error

        click.echo(f"error: {store_error(exc, 'the store', 'running the command')}", err=True)
        sys.exit(2)
    except OSError as exc:  # a path the user gave: an output that is a folder, no permission, disk full ...
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"error: [E900] {where}{exc.strerror or exc}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
