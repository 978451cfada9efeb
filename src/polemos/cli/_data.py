"""Commands over the store: stats, show, export, merge."""

from __future__ import annotations

import json
import sys

import click

from polemos.cli._common import db_option
from polemos.errors import PolemosError
from polemos.store import Store

__all__ = ["stats", "show", "export", "merge"]


def _open(db_path: str, read_only: bool = False) -> Store:
    from pathlib import Path

    if db_path != ":memory:" and not Path(db_path).exists():
        raise PolemosError("E302", f"no store at {db_path}", "run `polemos analyze ...` first, or pass --db PATH")
    return Store(db_path, read_only=read_only, lock_wait=30.0)  # `analyze` holds it only while it writes


@click.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def stats(db_path: str, as_json: bool) -> None:
    """Counts of stored articles, records, events by type/status, and failed inputs."""
    with _open(db_path) as store:
        data = store.stats()
    if as_json:
        click.echo(json.dumps(data, indent=1))
    else:
        from polemos.cli._tables import print_stats

        print_stats(data)


@click.command()
@click.argument("article_id")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the stored JSON document instead of tables.")
def show(article_id: str, db_path: str, as_json: bool) -> None:
    """Show one stored article's actors, places, events, claims and quotes (an id prefix is enough)."""
    with _open(db_path) as store:
        doc = store.get_result(article_id)
        matches = store.match_ids(article_id) if doc is None else []
    if doc is None and matches:
        more = ", ..." if len(matches) > 5 else ""
        raise PolemosError("E303", f"id prefix {article_id!r} matches {'more than 5' if more else len(matches)} "
                           f"stored articles ({', '.join(matches[:5])}{more})", "give more characters of the id")
    if doc is None:
        raise PolemosError("E303", f"no stored article has the id {article_id!r}",
                           "see `polemos stats` or use the id printed by `polemos analyze`")
    if as_json:
        click.echo(json.dumps(doc, indent=1, ensure_ascii=False))
    else:
        from polemos.cli._tables import print_article

        print_article(doc)


def _export_formats() -> list[str]:
    try:
        from polemos.export import formats
    except ImportError:
        return []
    return list(formats())  # the built-ins and the polemos.exports plugins


@click.command()
@click.option("--format", "fmt", required=True, metavar="F",
              help="plover | acled | gdelt | ucdp | icews | polecat | geojson | parquet, or a plugin's format")
@click.option("--out", type=click.Path(), help="Output file (directory for parquet); default stdout.")
@click.option("--since", help="Only events on or after this date (YYYY-MM-DD).")
@click.option("--country", help="Only events whose place or actors are in this ISO3 country.")
@click.option("--type", "etype", help="Only this PLOVER event type.")
@click.option("--status", help="Only events with this status.")
@db_option
def export(fmt: str, out: str | None, since: str | None, country: str | None, etype: str | None,
           status: str | None, db_path: str) -> None:
    """Export stored events to the formats analysts use."""
    from polemos import export as export_mod

    fmts = _export_formats()
    if fmt not in fmts:
        raise PolemosError("E400", f"unknown export format {fmt!r}", f"choose one of: {', '.join(fmts)}")
    filters = {"since": since, "country": country, "type": etype, "status": status}
    with _open(db_path) as store:
        n = export_mod.export(store.conn, fmt, out, {k: v for k, v in filters.items() if v})
    click.echo(f"{n} row(s) exported as {fmt}" + (f" to {out}" if out else ""), err=True)
    sys.stdout.flush()


@click.command()
@click.option("--rebuild", is_flag=True, help="Recompute all event clusters from scratch.")
@db_option
def merge(rebuild: bool, db_path: str) -> None:
    """Merge retellings of the same event across stored articles (incremental unless --rebuild)."""
    from polemos import dedup

    with _open(db_path) as store:
        result = dedup.rebuild(store.conn) if rebuild else dedup.update(store.conn, store.article_ids())
    click.echo(json.dumps(result, indent=1, default=str))
