"""Read-only queries behind the REST API and the dashboard (plain dicts, JSON-ready), and what keeps filesystem
paths out of the answers: an input's source shows its file name only, the store its file name only."""

from __future__ import annotations

import json
import os
import re
from typing import Any

import duckdb

__all__ = ["list_articles", "list_events", "events_geojson", "timeline", "network", "list_claims", "canonical",
           "public_source", "public_stats", "public_document", "scrub_paths"]

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
# a directory part of an absolute path inside a message: '/', then segments ending in '/', not inside a URL
_ABS_DIRS = re.compile(r"(?<![\w:/.~-])(?:[A-Za-z]:)?[/\\](?:[^\s\"'/\\:]+[/\\])+")


def public_source(source: str | None) -> str | None:
    """An input's source without its folders: ``/home/u/news/feed.jsonl:a-1`` -> ``feed.jsonl:a-1``. URLs and
    stdin stay as they are; a feed entry keeps its ``#link``."""
    if not source or _URL.match(source):
        return source
    path, hash_, entry = source.partition("#")
    return re.split(r"[/\\]", path)[-1] + hash_ + entry


def scrub_paths(value: Any, db_path: str | None = None) -> Any:
    """``value`` (a str, or dicts/lists of them) with the store's path as its file name and every other absolute
    path cut to its last part. For messages, which may quote any path; data fields go through public_source."""
    if isinstance(value, dict):
        return {k: scrub_paths(v, db_path) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub_paths(v, db_path) for v in value]
    if not isinstance(value, str):
        return value
    if db_path:
        name = os.path.basename(db_path)
        for form in {os.path.realpath(db_path), os.path.abspath(db_path), db_path} - {name}:
            value = value.replace(form, name)
    return _ABS_DIRS.sub("", value)


def public_stats(stats: dict[str, Any], db_path: str) -> dict[str, Any]:
    """Store.stats() for the API: ``db`` is the store's file name; failed inputs show file names, not paths."""
    out = dict(stats, db=os.path.basename(db_path))
    out["recent_failures"] = [
        {"source": public_source(f["source"]), "code": f["code"],
         "message": scrub_paths(str(f["message"]).replace(f["source"], public_source(f["source"]) or ""), db_path)}
        for f in stats.get("recent_failures", [])
    ]
    return out


def public_document(doc: dict[str, Any]) -> dict[str, Any]:
    """An article's stored output document with its source as in public_source."""
    article = doc.get("article")
    if isinstance(article, dict) and "source" in article:
        doc = dict(doc, article=dict(article, source=public_source(article["source"])))
    return doc


def _rows(conn: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = conn.execute(sql, params)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


# first and last day of an event date of day, month or year precision (ISO strings compare as dates)
_START = "(CASE length({d}) WHEN 4 THEN {d} || '-01-01' WHEN 7 THEN {d} || '-01' ELSE {d} END)"
_END = ("(CASE length({d}) WHEN 4 THEN {d} || '-12-31' WHEN 7 THEN strftime(last_day(CAST({d} || '-01' AS DATE)), "
        "'%Y-%m-%d') ELSE {d} END)")


def _filters(f: dict[str, Any], alias: str = "e") -> tuple[str, list[Any]]:
    where, params = [], []
    if f.get("since"):  # the event's window ends on or after the first day asked for (a month-dated event counts)
        where.append(f"{_END.format(d=alias + '.date')} >= ?")
        params.append(f["since"])
    if f.get("until"):  # ... and starts on or before the last day asked for
        where.append(f"{_START.format(d=alias + '.date')} <= ?")
        params.append(f["until"])
    if f.get("type"):
        where.append(f"{alias}.type = ?")
        params.append(f["type"].upper())
    if f.get("status"):
        where.append(f"{alias}.status = ?")
        params.append(f["status"])
    if f.get("country"):
        where.append("(p.country = ? OR sa.country = ? OR ta.country = ?)")
        params += [f["country"].upper()] * 3
    if f.get("article"):
        where.append(f"{alias}.article_id = ?")
        params.append(f["article"])
    return (" WHERE " + " AND ".join(where)) if where else "", params


def list_articles(conn: duckdb.DuckDBPyConnection, limit: int, offset: int) -> list[dict[str, Any]]:
    rows = _rows(conn, """
        SELECT a.id, a.title, a.published, a.url, a.dateline, a.source,
               (SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events,
               (SELECT count(*) FROM article_errors x WHERE x.article_id = a.id) AS errors
        FROM articles a ORDER BY a.published DESC NULLS LAST, a.id LIMIT ? OFFSET ?""", [limit, offset])
    for row in rows:
        row["source"] = public_source(row["source"])
    return rows


# An event `e` with its source actor `sa`, target actor `ta` and place `p` (what _filters may refer to).
_EVENT_JOINS = (
    " LEFT JOIN actors sa ON sa.article_id = e.article_id AND sa.id = e.source"
    " LEFT JOIN actors ta ON ta.article_id = e.article_id AND ta.id = e.target"
    " LEFT JOIN places p ON p.article_id = e.article_id AND p.id = e.place"
)

_EVENTS_SQL = """
    SELECT e.article_id, e.id, e.type, e.mode, e.context, e.status, e.date, e.date_precision, e.fatalities,
           e.evidence_start, e.evidence_end, e.evidence_text, e.claims,
           sa.id AS source_id, sa.name AS source_name, sa.country AS source_country, sa.sector AS source_sector,
           ta.id AS target_id, ta.name AS target_name, ta.country AS target_country, ta.sector AS target_sector,
           p.name AS place_name, p.geonameid, p.lat, p.lon, p.country AS place_country, p.admin1,
           a.title AS article_title, a.published AS article_published
    FROM events e
    JOIN articles a ON a.id = e.article_id
""" + _EVENT_JOINS  # nosec B608  # fixed text


def list_events(conn: duckdb.DuckDBPyConnection, f: dict[str, Any], limit: int, offset: int) -> list[dict[str, Any]]:
    where, params = _filters(f)
    rows = _rows(conn, _EVENTS_SQL + where + " ORDER BY e.date DESC NULLS LAST, e.article_id, e.evidence_start"
                 " LIMIT ? OFFSET ?", [*params, limit, offset])
    for row in rows:
        row["context"] = json.loads(row["context"] or "[]")
        row["claims"] = json.loads(row["claims"] or "[]")
    return rows


def events_geojson(conn: duckdb.DuckDBPyConnection, f: dict[str, Any], limit: int) -> dict[str, Any]:
    features = []
    for ev in list_events(conn, f, limit, 0):
        if ev["lat"] is None or ev["lon"] is None:
            continue
        props = {k: v for k, v in ev.items() if k not in ("lat", "lon")}
        props["article_published"] = str(props["article_published"]) if props["article_published"] else None
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [ev["lon"], ev["lat"]]},
                         "properties": props})
    return {"type": "FeatureCollection", "features": features}


def timeline(conn: duckdb.DuckDBPyConnection, f: dict[str, Any]) -> list[dict[str, Any]]:
    where, params = _filters(f)
    extra = " AND " if where else " WHERE "
    return _rows(conn, "SELECT substr(e.date, 1, 10) AS date, e.type, e.status, count(*) AS n FROM events e"
                 + _EVENT_JOINS + where + extra + "e.date IS NOT NULL GROUP BY ALL ORDER BY 1",  # nosec B608
                 params)  # _EVENT_JOINS and _filters' clauses are fixed text; the values are ? parameters


def network(conn: duckdb.DuckDBPyConnection, f: dict[str, Any]) -> dict[str, Any]:
    """Actors as nodes (merged across articles by actor id), events between them as weighted edges."""
    where, params = _filters(f)
    extra = " AND " if where else " WHERE "
    sql = ("SELECT sa.id AS source, ta.id AS target, e.type, count(*) AS n,"  # nosec B608  # fixed text below
           " list(DISTINCT e.status ORDER BY e.status) AS statuses FROM events e" + _EVENT_JOINS + where + extra
           + "sa.id <> ta.id GROUP BY ALL ORDER BY n DESC, source, target, e.type LIMIT 500")
    edges = _rows(conn, sql, params)  # fixed text (_EVENT_JOINS, _filters' clauses); the values are ? parameters
    ids = sorted({e["source"] for e in edges} | {e["target"] for e in edges})
    nodes = _rows(conn, "SELECT id, any_value(name) AS name, any_value(kind) AS kind, any_value(country) AS country,"
                  " any_value(sector) AS sector, count(DISTINCT article_id) AS articles FROM actors"
                  " WHERE list_contains(?, id) GROUP BY id ORDER BY id", [ids]) if ids else []
    return {"nodes": nodes, "edges": edges}


def list_claims(conn: duckdb.DuckDBPyConnection, f: dict[str, Any], limit: int, offset: int) -> list[dict[str, Any]]:
    where, params = _filters(f)
    return _rows(conn, "SELECT c.article_id, c.id, c.stance, c.evidence_text, c.evidence_start, c.evidence_end,"
                 " ca.name AS claimant, ca.country AS claimant_country, e.id AS event_id, e.type, e.status, e.date,"
                 " e.evidence_text AS event_evidence FROM claims c"
                 " JOIN events e ON e.article_id = c.article_id AND e.id = c.event"
                 " LEFT JOIN actors ca ON ca.article_id = c.article_id AND ca.id = c.actor"
                 + _EVENT_JOINS + where  # nosec B608  # fixed text (_EVENT_JOINS, _filters); ? values
                 + " ORDER BY e.date DESC NULLS LAST, c.article_id, c.evidence_start LIMIT ? OFFSET ?",
                 [*params, limit, offset])


def canonical(conn: duckdb.DuckDBPyConnection, limit: int, offset: int) -> list[dict[str, Any]]:
    """Merged events (cross-article), when the store has them (schema version >= 2)."""
    have = {r[0] for r in conn.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if "canonical_events" not in have:
        return []
    rows = _rows(conn, "SELECT * FROM canonical_events ORDER BY date DESC NULLS LAST, id LIMIT ? OFFSET ?",
                 [limit, offset])
    mentions: dict[str, list[dict[str, Any]]] = {row["id"]: [] for row in rows}
    if mentions:  # one query for the page's mentions (was one per merged event: 50 ms for 200 events)
        for m in _rows(conn, "SELECT canonical_id, article_id, event_id, status, evidence_text FROM event_mentions"
                       " WHERE list_contains(?, canonical_id) ORDER BY canonical_id, article_id, event_id",
                       [list(mentions)]):
            mentions[m.pop("canonical_id")].append(m)
    for row in rows:
        for key in ("context", "fatalities_sources"):  # JSON columns come back as strings
            if isinstance(row.get(key), str):
                row[key] = json.loads(row[key])
        row["mentions"] = mentions[row["id"]]
    return rows
