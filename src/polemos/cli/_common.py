"""Options shared by the commands."""

from __future__ import annotations

import click

from polemos.settings import DEFAULT_DB

__all__ = ["db_option"]

db_option = click.option(
    "--db", "db_path", envvar="POLEMOS_DB", default=DEFAULT_DB, show_default=True, metavar="PATH",
    help="DuckDB store file (or set POLEMOS_DB).",
)
