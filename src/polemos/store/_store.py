"""DuckDB store. One transaction per batch; re-saving a stored article is a no-op unless forced."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from polemos.errors import InputError, PolemosError
from polemos.records import Analysis

__all__ = ["Store", "SaveReport"]

log = logging.getLogger(__name__)
_RECORD_TABLES = ("actors", "places", "events", "claims", "quotes", "article_errors")
_ROWS_PER_INSERT = 500


@dataclass
class SaveReport:
    saved: list[str] = field(default_factory=list)  # article ids written
    skipped: list[str] = field(default_factory=list)  # already stored (idempotent re-run)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _js(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class Store:
    """``Store(path)`` opens (and creates or migrates) the DuckDB file; ``":memory:"`` for a throwaway store."""

    def __init__(self, path: str | Path, read_only: bool = False, lock_wait: float = 0.0) -> None:
        """``lock_wait``: seconds to keep retrying while another process holds the file's lock."""
        self.path = str(path)
        deadline = time.monotonic() + lock_wait
        while True:
            try:
                self.conn = duckdb.connect(self.path, read_only=read_only)
                break
            except duckdb.Error as exc:
                if "lock" in str(exc).lower() and time.monotonic() < deadline:
                    time.sleep(0.2)
                    continue
                raise PolemosError("E300", f"cannot open the store {self.path}: {exc}",
                                   "check the path, or whether another polemos process holds the file") from None
        if not read_only:
            self.migrate()

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema -------------------------------------------------------------------------------------------
    @staticmethod
    def migrations() -> list[tuple[int, str, str]]:
        """(version, name, sql) of the base schema and every migration, in order."""
        pkg = resources.files("polemos.store")
        found = [(1, "schema", pkg.joinpath("schema.sql").read_text("utf-8"))]
        mig_dir = pkg.joinpath("migrations")
        if mig_dir.is_dir():
            for entry in sorted(mig_dir.iterdir(), key=lambda e: e.name):
                if entry.name.endswith(".sql") and entry.name[:3].isdigit():
                    found.append((int(entry.name[:3]), entry.name[4:-4], entry.read_text("utf-8")))
        return sorted(found)

    def version(self) -> int:
        row = self.conn.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def migrate(self) -> None:
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)"
        )
        current = self.version()
        for version, name, sql in self.migrations():
            if version <= current:
                continue
            self.conn.execute("BEGIN TRANSACTION")
            try:
                self.conn.execute(sql)
                self.conn.execute("INSERT INTO schema_version VALUES (?, ?, ?)", [version, name, _now()])
                self.conn.execute("COMMIT")
            except duckdb.Error as exc:
                self.conn.execute("ROLLBACK")
                raise PolemosError("E301", f"migration {version:03d}_{name} failed on {self.path}: {exc}") from None

    # -- writes -------------------------------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone() is not None

    def save(self, analyses: Iterable[Analysis], force: bool = False) -> SaveReport:
        """Write a batch in one transaction. Stored articles are skipped unless ``force``."""
        report = SaveReport()
        batch: dict[str, Analysis] = {}
        for analysis in analyses:  # one document per article id: the last one given
            batch.pop(analysis.article.id, None)
            batch[analysis.article.id] = analysis
        self.conn.execute("BEGIN TRANSACTION")
        try:
            stored = self._stored_ids(list(batch))
            write = [an for aid, an in batch.items() if force or aid not in stored]
            report.skipped = [aid for aid in batch if aid in stored and not force]
            replaced = [an.article.id for an in write if an.article.id in stored]
            if replaced:
                self._delete(replaced)
            self._insert(write)
            report.saved = [an.article.id for an in write]
            self.conn.execute("COMMIT")
        except Exception:
            self.conn.execute("ROLLBACK")
            raise
        if report.saved:
            self._after_save(report.saved)
        return report

    def _stored_ids(self, article_ids: list[str]) -> set[str]:
        if not article_ids:
            return set()
        rows = self.conn.execute("SELECT id FROM articles WHERE list_contains(?, id)", [article_ids]).fetchall()
        return {r[0] for r in rows}

    def _after_save(self, article_ids: list[str]) -> None:
        """Let cross-article event merging (polemos.dedup) update its clusters, if it is installed."""
        try:
            from polemos import dedup
        except ImportError:
            return
        update = getattr(dedup, "update", None)
        if update is not None:
            update(self.conn, article_ids)

    def _delete(self, article_ids: list[str]) -> None:
        for table in _RECORD_TABLES:
            self.conn.execute(f"DELETE FROM {table} WHERE list_contains(?, article_id)",  # nosec B608  # table:
                              [article_ids])  # from the constant _RECORD_TABLES; ids are a ? parameter
        self.conn.execute("DELETE FROM articles WHERE list_contains(?, id)", [article_ids])

    def _insert_rows(self, table: str, rows: list[list[Any]]) -> None:
        """Multi-row INSERTs (DuckDB's executemany runs one statement per row: ~10x slower)."""
        if not rows:
            return
        one = "(" + ", ".join("?" * len(rows[0])) + ")"
        for i in range(0, len(rows), _ROWS_PER_INSERT):
            chunk = rows[i:i + _ROWS_PER_INSERT]
            self.conn.execute(f"INSERT INTO {table} VALUES " + ", ".join([one] * len(chunk)),  # nosec B608  # our
                              # table names (_insert's keys); the values are ? parameters
                              [v for row in chunk for v in row])

    def _insert(self, analyses: list[Analysis]) -> None:
        rows: dict[str, list[list[Any]]] = {t: [] for t in ("articles", *_RECORD_TABLES)}
        now = _now()
        for an in analyses:
            a = an.article
            doc = an.to_dict()
            rows["articles"].append([a.id, a.title, a.published, a.url, a.dateline, a.source, a.text, now, _js(doc)])
            rows["actors"] += [[a.id, r.id, r.name, r.kind, r.country, r.sector, r.office, _js(d["mentions"])]
                               for r, d in zip(an.actors, doc["actors"], strict=True)]
            rows["places"] += [[a.id, p.id, p.name, p.geonameid, p.lat, p.lon, p.country, p.admin1, p.feature,
                                _js(d["mentions"])] for p, d in zip(an.places, doc["places"], strict=True)]
            rows["events"] += [[a.id, e.id, e.type, e.mode, _js(list(e.context)), e.source, e.target, e.place,
                                e.date, e.date_precision, e.status, e.fatalities, e.evidence.start, e.evidence.end,
                                e.evidence.text, _js(list(e.claims))] for e in an.events]
            rows["claims"] += [[a.id, c.id, c.event, c.actor, c.stance, c.evidence.start, c.evidence.end,
                                c.evidence.text] for c in an.claims]
            rows["quotes"] += [[a.id, q.id, q.speaker, q.speaker_name, q.text, q.evidence.start, q.evidence.end]
                               for q in an.quotes]
            rows["article_errors"] += [[a.id, e.stage, e.message] for e in an.errors]
        for table, table_rows in rows.items():
            self._insert_rows(table, table_rows)

    def record_failure(self, error: InputError) -> None:
        """Remember an input that never became an article (re-running replaces the old entry)."""
        self.conn.execute(
            "INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?)", [error.source, error.code, error.message, _now()]
        )

    def forget_failure(self, source: str) -> None:
        self.conn.execute("DELETE FROM failures WHERE source = ?", [source])

    # -- reads --------------------------------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        q = self.conn.execute
        counts = {t: q(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[index]  # nosec B608  # t: below
                  for t in ("articles", "actors", "places", "events", "claims", "quotes")}
        counts["failed_inputs"] = q("SELECT count(*) FROM failures").fetchone()[0]  # type: ignore[index]
        counts["articles_with_stage_errors"] = q(
            "SELECT count(DISTINCT article_id) FROM article_errors").fetchone()[0]  # type: ignore[index]
        by_type = dict(q("SELECT type, count(*) FROM events GROUP BY type ORDER BY 2 DESC").fetchall())
        by_status = dict(q("SELECT status, count(*) FROM events GROUP BY status ORDER BY 2 DESC").fetchall())
        # per stage: articles with a note or failure there (e.g. "places": a toponym not in the gazetteer)
        errors_by_stage = dict(q("SELECT stage, count(DISTINCT article_id) FROM article_errors"
                                 " GROUP BY stage ORDER BY 2 DESC").fetchall())
        failures = [
            {"source": s, "code": c, "message": m}
            for s, c, m in q("SELECT source, code, message FROM failures ORDER BY failed_at DESC LIMIT 20").fetchall()
        ]
        return {"db": self.path, "schema_version": self.version(), "counts": counts, "events_by_type": by_type,
                "events_by_status": by_status, "articles_with_errors_by_stage": errors_by_stage,
                "recent_failures": failures}

    def get_result(self, article_id: str) -> dict[str, Any] | None:
        """The stored output document of an article (a unique id prefix is enough)."""
        rows = self.conn.execute(
            "SELECT result FROM articles WHERE id = ? OR starts_with(id, ?) LIMIT 2", [article_id, article_id]
        ).fetchall()
        if len(rows) != 1:
            return None
        result: dict[str, Any] = json.loads(rows[0][0])
        return result

    def match_ids(self, prefix: str, limit: int = 6) -> list[str]:
        """Stored article ids equal to or starting with ``prefix`` (at most ``limit``)."""
        rows = self.conn.execute("SELECT id FROM articles WHERE id = ? OR starts_with(id, ?) ORDER BY id LIMIT ?",
                                 [prefix, prefix, limit]).fetchall()
        return [r[0] for r in rows]

    def article_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM articles ORDER BY id").fetchall()]
