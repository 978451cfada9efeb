"""Canonical events read from the store for export, with their mentions and the articles they come from."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb

from polemos.errors import PolemosError

__all__ = ["EventRecord", "load_events", "FILTER_KEYS"]

FILTER_KEYS = ("since", "country", "type", "status")


@dataclass
class EventRecord:
    """One canonical event (``row``: the canonical_events columns) and its mentions (with article fields)."""

    row: dict[str, Any]
    mentions: list[dict[str, Any]] = field(default_factory=list)

    def __getitem__(self, key: str) -> Any:
        return self.row[key]

    def get(self, key: str, default: Any = None) -> Any:
        value = self.row.get(key, default)
        return default if value is None else value

    @property
    def day(self) -> date | None:
        """The event's day for formats that need one (the first possible day when the date is coarse)."""
        d = self.row.get("date")
        if d and len(d) >= 10 and self.row.get("date_precision") in (None, "day"):
            try:
                return date.fromisoformat(d[:10])
            except ValueError:
                pass
        start = self.row.get("date_start")
        if start is not None:
            return start  # type: ignore[no-any-return]
        return self.row.get("first_published")

    @property
    def publishers(self) -> list[str]:
        out: list[str] = []
        for m in self.mentions:
            name = m.get("publisher")
            if name and name not in out:
                out.append(name)
        return out


def _publisher(url: str | None, source: str | None) -> str | None:
    if url and "://" in url:
        host = url.split("://", 1)[1].split("/", 1)[0]
        return host[4:] if host.startswith("www.") else host
    return source


def _where(filters: dict[str, Any]) -> tuple[str, list[Any]]:
    unknown = set(filters) - set(FILTER_KEYS)
    if unknown:
        raise PolemosError("E401", f"unknown export filter(s): {', '.join(sorted(unknown))}",
                           f"use {', '.join(FILTER_KEYS)}")
    clauses: list[str] = []
    params: list[Any] = []
    if filters.get("since"):
        try:
            since = date.fromisoformat(str(filters["since"]))
        except ValueError:
            raise PolemosError("E402", f"--since {filters['since']!r} is not a date", "write YYYY-MM-DD") from None
        clauses.append("coalesce(c.date_end, c.date_start, c.last_published) >= ?")
        params.append(since)
    if filters.get("country"):
        iso3 = str(filters["country"]).upper()
        clauses.append("(c.country = ? OR c.source_country = ? OR c.target_country = ?)")
        params += [iso3, iso3, iso3]
    if filters.get("type"):
        clauses.append("c.type = ?")
        params.append(str(filters["type"]).upper())
    if filters.get("status"):
        clauses.append("c.status = ?")
        params.append(str(filters["status"]).lower())
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def load_events(conn: duckdb.DuckDBPyConnection, filters: dict[str, Any] | None = None) -> list[EventRecord]:
    """Canonical events matching ``filters`` (since, country, type, status), ordered by date then id."""
    have = {r[0] for r in conn.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if "canonical_events" not in have:
        raise PolemosError("E403", "the store has no canonical_events table (schema older than version 2)",
                           "open it with polemos to migrate it, then run `polemos merge --rebuild`")
    where, params = _where(filters or {})
    cur = conn.execute(
        f"SELECT c.* FROM canonical_events c{where} "  # nosec B608  # where: _where's fixed clauses, ? values
        "ORDER BY coalesce(c.date_start, c.first_published), c.id", params)
    cols = [d[0] for d in cur.description]
    records = []
    for values in cur.fetchall():
        row = dict(zip(cols, values, strict=True))
        for key in ("context", "fatalities_sources"):
            row[key] = json.loads(row[key]) if isinstance(row[key], str) else (row[key] or [])
        records.append(EventRecord(row))
    if not records:
        return records
    by_id = {r["id"]: r for r in records}
    cur = conn.execute(
        "SELECT m.canonical_id, m.article_id, m.event_id, m.type, m.status, m.fatalities, m.evidence_start, "
        "m.evidence_end, m.evidence_text, m.claims, m.score, a.title, a.url, a.published, a.source, a.dateline "
        "FROM event_mentions m LEFT JOIN articles a ON a.id = m.article_id "
        "WHERE m.canonical_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY m.canonical_id, a.published, m.article_id, "
        "m.event_id", [sorted(by_id)])
    mcols = [d[0] for d in cur.description]
    for values in cur.fetchall():
        m = dict(zip(mcols, values, strict=True))
        m["claims"] = json.loads(m["claims"]) if isinstance(m["claims"], str) else (m["claims"] or [])
        m["publisher"] = _publisher(m.get("url"), m.get("source"))
        by_id[m["canonical_id"]].mentions.append(m)
    return records
