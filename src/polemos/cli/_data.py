"""Commands over the store: stats, show, export, merge, and the `store` group (check, backup, load)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
import duckdb

from polemos.cli._common import db_option
from polemos.errors import PolemosError
from polemos.store import Store, StoreWriter, backup, check, read_spill, store_error

__all__ = ["stats", "show", "export", "merge", "store"]

READ_WAIT = 30.0  # seconds a reading command waits while `analyze` writes a chunk
WRITE_WAIT = 120.0


@contextmanager
def _open(db_path: str, read_only: bool = True) -> Iterator[Store]:
    """The store, read-only unless a command writes (stats, show, export work on a read-only file or mount);
    DuckDB errors while it is used become coded store errors."""
    if db_path != ":memory:" and not Path(db_path).exists():
        raise PolemosError("E302", f"no store at {db_path}", "run `polemos analyze ...` first, or pass --db PATH")
    with Store(db_path, read_only=read_only, lock_wait=READ_WAIT if read_only else WRITE_WAIT) as store:
        try:
            yield store
        except duckdb.Error as exc:
            raise store_error(exc, db_path, "reading" if read_only else "reading and writing") from None


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

    with _open(db_path, read_only=False) as store:
        result = dedup.rebuild(store.conn) if rebuild else dedup.update(store.conn, store.article_ids())
    click.echo(json.dumps(result, indent=1, default=str))


@click.group()
def store() -> None:
    """Check, back up and repair the store (the DuckDB file given with --db)."""


@store.command("check")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def store_check(db_path: str, as_json: bool) -> None:
    """Verify the store: every block of every table is read (DuckDB checks its checksum), the file size is compared
    with its header, and records, documents and merge records are cross-checked. Read-only. Exit code 2 (E307)
    when a problem is found."""
    report = check(db_path)
    if as_json:
        click.echo(json.dumps(report, indent=1))
    else:
        rows = ", ".join(f"{t} {n}" for t, n in report["tables"].items())
        click.echo(f"{db_path}: schema version {report['schema_version']}, {report['file_bytes']} bytes; rows: {rows}")
        for note in report["notes"]:
            click.echo(f"note: {note}")
        for problem in report["problems"]:
            click.echo(f"problem: {problem}")
        if report["ok"]:
            click.echo("ok: no problem found")
    if not report["ok"]:
        raise PolemosError("E307", f"{len(report['problems'])} problem(s) in the store {db_path}: "
                           + "; ".join(report["problems"]))


@store.command("backup")
@click.argument("dest", type=click.Path(dir_okay=False))
@db_option
def store_backup(dest: str, db_path: str) -> None:
    """Copy the store to DEST, a new DuckDB file (never overwritten), consistently: it is read-only while copied and
    the copy is checked before it gets its name. Use the copy with --db DEST."""
    result = backup(db_path, dest)
    click.echo(f"backed up {db_path} to {dest} ({result['bytes']} bytes, {result['tables'].get('articles', 0)} "
               f"article(s), {result['seconds']} s)", err=True)


@store.command("load")
@click.argument("spills", nargs=-1, required=True, type=click.Path(dir_okay=False), metavar="SPILL...")
@db_option
def store_load(spills: tuple[str, ...], db_path: str) -> None:
    """Write spill files to the store: the analysed batches `polemos analyze` kept in DB.spill-*.jsonl when it could
    not write them (store locked, disk full). Stored versions of the same articles are replaced."""
    writer = StoreWriter(db_path, wait=WRITE_WAIT)
    parsed = [(path, read_spill(path)) for path in spills]  # every file is checked before anything is written
    for path, (docs, failures, forget) in parsed:
        writer.write(docs, failures, forget)
        click.echo(f"{path}: {len(docs)} document(s), {len(failures)} failure(s)", err=True)
    message = writer.report()
    if message is not None:
        click.echo(message, err=True)
        sys.exit(2)
    click.echo(f"{writer.saved} article(s) stored in {db_path}; the spill file(s) can be deleted", err=True)
