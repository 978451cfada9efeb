"""Exports of the merged (canonical) events to the formats analysts use.

``export(conn, fmt, out, filters) -> rows`` writes one format; ``FORMATS`` lists them. Filters: ``since``
(YYYY-MM-DD), ``country`` (ISO3: the event's place, source or recipient), ``type`` (PLOVER), ``status``.
Every mapping, and what cannot be mapped, is documented in docs/exports.md.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, TextIO

import duckdb
import polars as pl

from polemos.errors import PolemosError
from polemos.export._json import geojson_collection, plover_record
from polemos.export._maps import acled_codes
from polemos.export._rows import EventRecord, load_events
from polemos.export._tabular import (
    ACLED_COLUMNS,
    GDELT_COLUMNS,
    ICEWS_COLUMNS,
    POLECAT_COLUMNS,
    UCDP_COLUMNS,
    acled_rows,
    gdelt_rows,
    icews_rows,
    polecat_rows,
    ucdp_rows,
)

__all__ = ["export", "Format", "formats", "FORMATS", "COLUMNS", "PARQUET_TABLES", "load_events"]


@dataclass(frozen=True)
class Format:
    """An export format: ``write(events, fh)`` streams text, or ``folder(conn, events, out, filtered)`` writes files.

    Built-ins are below; a package adds one through the entry point group ``polemos.exports`` (a ``Format``).
    """

    name: str
    description: str
    write: Callable[[list[EventRecord], TextIO], None] | None = None
    folder: Callable[[duckdb.DuckDBPyConnection, list[EventRecord], str | None, bool], int] | None = None
    columns: tuple[str, ...] = ()
    keep: Callable[[EventRecord], bool] | None = None  # the events the format codes (ACLED has no verbal events)


def _table(name: str, columns: list[str], rows: Callable[[list[EventRecord]], list[list[Any]]],
           delimiter: str, header: bool, description: str,
           keep: Callable[[EventRecord], bool] | None = None) -> Format:
    def write(events: list[EventRecord], fh: TextIO) -> None:
        _write_table(name, tuple(columns), delimiter, header, rows(events), fh)

    return Format(name, description, write=write, columns=tuple(columns), keep=keep)


def _plover(events: list[EventRecord], fh: TextIO) -> None:
    coder = _version()
    for e in events:
        fh.write(json.dumps(plover_record(e, coder), ensure_ascii=False, default=str) + "\n")


def _geojson(events: list[EventRecord], fh: TextIO) -> None:
    json.dump(geojson_collection(events), fh, ensure_ascii=False, default=str)
    fh.write("\n")


def _builtin() -> tuple[Format, ...]:
    return (
        Format("plover", "PLOVER JSON Lines (+ status, claims, mentions)", write=_plover),
        _table("acled", ACLED_COLUMNS, acled_rows, ",", True,
               "ACLED CSV, 31 columns (events ACLED codes: no verbal events such as ACCUSE or REQUEST)",
               keep=lambda e: acled_codes(e["type"])),
        _table("gdelt", GDELT_COLUMNS, gdelt_rows, "\t", False, "GDELT 2.0 Events, 61 tab-separated columns, no header"),
        _table("ucdp", UCDP_COLUMNS, ucdp_rows, ",", True, "UCDP GED CSV, 49 columns"),
        _table("icews", ICEWS_COLUMNS, icews_rows, "\t", True,
               "ICEWS coded events, 20 tab-separated columns with header"),
        _table("polecat", POLECAT_COLUMNS, lambda ev: polecat_rows(ev, _version()), "\t", True,
               "POLECAT, 40 tab-separated columns with header"),
        Format("geojson", "GeoJSON FeatureCollection", write=_geojson),
        Format("parquet", "one Parquet file per table (directory)", folder=lambda c, e, o, f: _parquet(c, e, o, f)),
        Format("graphml", "relations and commitments graph, GraphML (Gephi, Cytoscape)", folder=_graph("graphml")),
        Format("gexf", "relations and commitments graph, GEXF (Gephi)", folder=_graph("gexf")),
        Format("relations-json", "relations and commitments graph, node-link JSON", folder=_graph("relations-json")),
    )


def _graph(fmt: str) -> Callable[[duckdb.DuckDBPyConnection, list[EventRecord], str | None, bool], int]:
    """A writer of the relations graph of every stored article (event filters do not apply to it)."""

    def write(conn: duckdb.DuckDBPyConnection, events: list[EventRecord], out: str | None, filtered: bool) -> int:
        from polemos.relations.graph import build_graph, write_graph
        from polemos.store import stored_documents

        graph = build_graph(stored_documents(conn))
        _emit(out, lambda buf: write_graph(graph, fmt, buf))
        return int(graph.number_of_edges())

    return write


def formats() -> dict[str, Format]:
    """Every export format by name: the built-ins, then those of installed plugins (``polemos.exports``)."""
    found = {f.name: f for f in _builtin()}
    for ep in metadata.entry_points(group="polemos.exports"):
        fmt = ep.load()
        if not isinstance(fmt, Format) or (fmt.write is None) == (fmt.folder is None):
            raise PolemosError("E407", f"entry point {ep.name!r} ({ep.value}) of group polemos.exports is not a "
                               "polemos.export.Format with write or folder", "fix the plugin")
        found[ep.name] = fmt
    return found


FORMATS: dict[str, str] = {f.name: f.description for f in _builtin()}  # the built-ins (plugins: formats())
COLUMNS: dict[str, list[str]] = {f.name: list(f.columns) for f in _builtin() if f.columns}
PARQUET_TABLES = ("canonical_events", "event_mentions", "articles", "actors", "places", "events", "claims",
                  "quotes")


def _version() -> str:
    try:
        return f"polemos-{metadata.version('polemos')}"
    except metadata.PackageNotFoundError:
        return "polemos"


def _open(out: str | None) -> tuple[TextIO, bool]:
    if out is None or out == "-":
        return sys.stdout, False
    path = Path(out)
    if path.parent and not path.parent.exists():
        raise PolemosError("E404", f"cannot write {out}: the folder {path.parent} does not exist",
                           "create it or choose another --out")
    return path.open("w", encoding="utf-8", newline=""), True


def _clean(value: Any) -> Any:
    """Tabular cells: no tabs or newlines inside a value (GDELT/ICEWS/POLECAT have no quoting)."""
    if isinstance(value, str):
        return " ".join(value.replace("\t", " ").split())
    return value


def _write_table(fmt: str, columns: tuple[str, ...], delimiter: str, header: bool, rows: list[list[Any]],
                 fh: TextIO) -> None:
    width = len(columns)
    for row in rows:
        if len(row) != width:
            raise PolemosError("E405", f"{fmt} row has {len(row)} columns, expected {width}")
    if delimiter == ",":
        writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        if header:
            writer.writerow(columns)
        writer.writerows([[_clean(v) for v in row] for row in rows])
        return
    # tab-separated without quoting, as GDELT, ICEWS and POLECAT files are: values never hold tabs or newlines
    if header:
        fh.write("\t".join(columns) + "\n")
    for row in rows:
        fh.write("\t".join("" if v is None else str(_clean(v)) for v in row) + "\n")


def _parquet(conn: duckdb.DuckDBPyConnection, events: list[EventRecord], out: str | None,
             filtered: bool) -> int:
    if not out or out == "-":
        raise PolemosError("E406", "parquet export needs --out DIR (one file per table)", "add --out exports/")
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    ids = sorted(e["id"] for e in events)
    articles = sorted({m["article_id"] for e in events for m in e.mentions})
    for table in PARQUET_TABLES:
        if table == "canonical_events":
            where, params = " WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]
        elif table == "event_mentions":
            where, params = " WHERE canonical_id IN (SELECT unnest(?::VARCHAR[]))", [ids]
        elif filtered:
            key = "id" if table == "articles" else "article_id"
            where, params = f" WHERE {key} IN (SELECT unnest(?::VARCHAR[]))", [articles]
        else:
            where, params = "", []
        cur = conn.execute(f"SELECT * FROM {table}{where}", params)  # nosec B608  # PARQUET_TABLES, fixed clauses
        cols = [d[0] for d in cur.description]
        types = [str(d[1]) for d in cur.description]
        data = cur.fetchall()
        columns = {}
        for i, (col, typ) in enumerate(zip(cols, types, strict=True)):
            values = [r[i] for r in data]
            if typ == "JSON":
                values = [v if v is None or isinstance(v, str) else json.dumps(v) for v in values]
            columns[col] = pl.Series(col, values, dtype=pl.String if typ in ("JSON", "VARCHAR") else None,
                                     strict=False)
        frame = pl.DataFrame(columns) if columns else pl.DataFrame()
        frame.write_parquet(folder / f"{table}.parquet")
    return len(events)


def export(conn: duckdb.DuckDBPyConnection, fmt: str, out: str | None = None,
           filters: dict[str, Any] | None = None) -> int:
    """Write the canonical events matching ``filters`` as ``fmt`` to ``out`` (stdout if None); return the
    number of events written."""
    registry = formats()
    if fmt not in registry:
        raise PolemosError("E400", f"unknown export format {fmt!r}", f"choose one of: {', '.join(registry)}")
    chosen = registry[fmt]
    events = load_events(conn, filters)
    if chosen.keep is not None:
        events = [e for e in events if chosen.keep(e)]
    if chosen.folder is not None:
        return chosen.folder(conn, events, out, bool(filters))
    assert chosen.write is not None
    write = chosen.write
    _emit(out, lambda buf: write(events, buf))
    return len(events)


def _emit(out: str | None, write: Callable[[TextIO], None]) -> None:
    """Write to ``out`` (stdout if None) what ``write`` produces; a format that fails writes nothing half-way."""
    buf = io.StringIO()
    write(buf)
    fh, close = _open(out)
    try:
        fh.write(buf.getvalue())
    finally:
        if close:
            fh.close()
        else:
            fh.flush()
