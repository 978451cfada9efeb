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
from importlib import metadata
from pathlib import Path
from typing import Any, TextIO

import duckdb
import polars as pl

from polemos.errors import PolemosError
from polemos.export._json import geojson_collection, plover_record
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

__all__ = ["export", "FORMATS", "COLUMNS", "PARQUET_TABLES", "load_events"]

FORMATS: dict[str, str] = {
    "plover": "PLOVER JSON Lines (+ status, claims, mentions)",
    "acled": "ACLED CSV, 31 columns",
    "gdelt": "GDELT 2.0 Events, 61 tab-separated columns, no header",
    "ucdp": "UCDP GED CSV, 49 columns",
    "icews": "ICEWS coded events, 20 tab-separated columns with header",
    "polecat": "POLECAT, 40 tab-separated columns with header",
    "geojson": "GeoJSON FeatureCollection",
    "parquet": "one Parquet file per table (directory)",
}
COLUMNS: dict[str, list[str]] = {
    "acled": ACLED_COLUMNS, "gdelt": GDELT_COLUMNS, "ucdp": UCDP_COLUMNS, "icews": ICEWS_COLUMNS,
    "polecat": POLECAT_COLUMNS,
}
# (delimiter, header) of the tabular formats
_LAYOUT = {"acled": (",", True), "ucdp": (",", True), "gdelt": ("\t", False), "icews": ("\t", True),
           "polecat": ("\t", True)}
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


def _write_table(fmt: str, rows: list[list[Any]], fh: TextIO) -> None:
    delimiter, header = _LAYOUT[fmt]
    width = len(COLUMNS[fmt])
    for row in rows:
        if len(row) != width:
            raise PolemosError("E405", f"{fmt} row has {len(row)} columns, expected {width}")
    if delimiter == ",":
        writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        if header:
            writer.writerow(COLUMNS[fmt])
        writer.writerows([[_clean(v) for v in row] for row in rows])
        return
    # tab-separated without quoting, as GDELT, ICEWS and POLECAT files are: values never hold tabs or newlines
    if header:
        fh.write("\t".join(COLUMNS[fmt]) + "\n")
    for row in rows:
        fh.write("\t".join("" if v is None else str(_clean(v)) for v in row) + "\n")


def _tabular(fmt: str, events: list[EventRecord]) -> list[list[Any]]:
    makers: dict[str, Callable[[list[EventRecord]], list[list[Any]]]] = {
        "acled": acled_rows, "gdelt": gdelt_rows, "ucdp": ucdp_rows, "icews": icews_rows,
        "polecat": lambda ev: polecat_rows(ev, _version()),
    }
    return makers[fmt](events)


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
        cur = conn.execute(f"SELECT * FROM {table}{where}", params)
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
    if fmt not in FORMATS:
        raise PolemosError("E400", f"unknown export format {fmt!r}", f"choose one of: {', '.join(FORMATS)}")
    events = load_events(conn, filters)
    if fmt == "parquet":
        return _parquet(conn, events, out, bool(filters))
    fh, close = _open(out)
    try:
        if fmt == "plover":
            coder = _version()
            for e in events:
                fh.write(json.dumps(plover_record(e, coder), ensure_ascii=False, default=str) + "\n")
        elif fmt == "geojson":
            json.dump(geojson_collection(events), fh, ensure_ascii=False, default=str)
            fh.write("\n")
        else:
            buf = io.StringIO()
            _write_table(fmt, _tabular(fmt, events), buf)
            fh.write(buf.getvalue())
    finally:
        if close:
            fh.close()
        else:
            fh.flush()
    return len(events)
