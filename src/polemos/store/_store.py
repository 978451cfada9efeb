"""DuckDB store. One transaction per batch (articles, their records, failures and the merge of their events);
re-saving a stored article is a no-op unless forced."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from polemos.errors import InputError, PolemosError
from polemos.records import Analysis
from polemos.store._coded import is_lock_conflict, store_error
from polemos.store._lock import Backoff, WriteIntent, pass_writers
from polemos.store._reads import Reads, coded

__all__ = ["Store", "SaveReport", "Failure", "Document"]

log = logging.getLogger(__name__)
_RECORD_TABLES = ("actors", "places", "events", "claims", "quotes", "relations", "commitments", "article_errors")
_ROWS_PER_INSERT = 500
Document = tuple[dict[str, Any], str | None]  # (output document, the input it came from)
Failure = tuple[str, str, str]  # (input, error code, message) of an input that never became an article


@dataclass
class SaveReport:
    saved: list[str] = field(default_factory=list)  # article ids written
    skipped: list[str] = field(default_factory=list)  # already stored (idempotent re-run)
    merge: dict[str, Any] | None = None  # what polemos.dedup.update reported for the saved articles
    merge_error: str | None = None  # the merge raised: articles stored unmerged (the next run re-merges them)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _js(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class MergeFailed(Exception):
    """polemos.dedup raised (not DuckDB): the save is retried without merging."""


class Store(Reads):
    """``Store(path)`` opens (and creates or migrates) the DuckDB file; ``":memory:"`` for a throwaway store.

    ``read_only=True`` never writes (works on a read-only file or mount) and does not migrate. A writer takes the
    store's write-intent lock first, so a stream of readers cannot keep it out (see :mod:`polemos.store._lock`)."""

    def __init__(self, path: str | Path, read_only: bool = False, lock_wait: float = 0.0) -> None:
        """``lock_wait``: seconds to keep retrying (jittered back-off) while another process holds the file."""
        self.path = str(path)
        self.read_only = read_only
        self._intent: WriteIntent | None = None
        self.conn = self._connect(lock_wait)
        try:
            self._check_version()
            if not read_only:
                self.migrate()
        except BaseException:
            self.close()
            raise

    def _connect(self, lock_wait: float) -> duckdb.DuckDBPyConnection:
        if self.path == ":memory:":
            return duckdb.connect(":memory:")
        if self.read_only and not Path(self.path).exists():
            raise PolemosError("E302", f"no store at {self.path}")
        backoff = Backoff(lock_wait)
        if self.read_only:
            if not pass_writers(self.path, backoff):
                raise PolemosError("E300", f"the store {self.path} is being written by another process "
                                           f"(waited {backoff.waited():.1f} s)")
        else:
            intent = WriteIntent(self.path)
            if not intent.acquire(backoff):
                raise PolemosError("E300", f"another process is writing to the store {self.path} "
                                           f"(waited {backoff.waited():.1f} s)")
            self._intent = intent
        while True:
            try:
                return duckdb.connect(self.path, read_only=self.read_only)
            except duckdb.Error as exc:
                if is_lock_conflict(exc) and backoff.sleep():
                    continue
                self._release()
                doing = "reading" if self.read_only else "writing"
                if is_lock_conflict(exc):
                    doing += f", waited {backoff.waited():.1f} s over {backoff.attempts} attempts"
                raise store_error(exc, self.path, doing) from None

    def _release(self) -> None:
        if self._intent is not None:
            self._intent.release()
            self._intent = None

    def close(self) -> None:
        try:
            if getattr(self, "conn", None) is not None:
                self.conn.close()
        finally:
            self._release()

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

    @classmethod
    def newest_version(cls) -> int:
        return cls.migrations()[-1][0]

    def tables(self) -> set[str]:
        return {r[0] for r in self.conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}

    def version(self) -> int:
        if "schema_version" not in self.tables():
            return 0
        row = self.conn.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def _check_version(self) -> None:
        """Refuse a store written by a newer polemos (E304) and, read-only, a file that is no polemos store."""
        try:
            tables = self.tables()
            current = self.version()
        except duckdb.Error as exc:
            raise store_error(exc, self.path, "reading its schema") from None
        newest = self.newest_version()
        if current > newest:
            raise PolemosError("E304", f"the store {self.path} has schema version {current}; this polemos knows "
                                       f"versions up to {newest}")
        if self.read_only and "articles" not in tables:
            raise PolemosError("E305", f"{self.path} is a DuckDB file but not a polemos store (no articles table)",
                               "give the --db of a store written by `polemos analyze`")

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
                self._rollback()
                err = store_error(exc, self.path, f"migration {version:03d}_{name}")
                if err.code == "E310":
                    err = PolemosError("E301", f"migration {version:03d}_{name} failed on {self.path}: {exc}")
                raise err from None

    def _rollback(self) -> None:
        """ROLLBACK after a failed statement. A failed COMMIT (disk full) has already ended the transaction, and
        DuckDB then answers "no transaction is active": that second error must not replace the first one."""
        try:
            self.conn.execute("ROLLBACK")
        except duckdb.Error as exc:
            log.info("rollback on %s: %s (the original error follows)", self.path, exc)

    # -- writes -------------------------------------------------------------------------------------------
    @coded
    def has_article(self, article_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone() is not None

    def save(self, analyses: Iterable[Analysis], force: bool = False, failures: Iterable[Failure] = (),
             forget: Iterable[str] = ()) -> SaveReport:
        """Write a batch in one transaction: articles, records, input failures (``failures`` recorded, ``forget``
        sources cleared) and the merge of the saved articles' events. Stored articles are skipped unless ``force``."""
        return self.save_documents([(an.to_dict(), an.article.source) for an in analyses], force, failures, forget)

    def save_documents(self, docs: Iterable[Document], force: bool = False, failures: Iterable[Failure] = (),
                       forget: Iterable[str] = ()) -> SaveReport:
        """:meth:`save` for output documents (``polemos analyze`` JSON, a spill file's lines)."""
        batch: dict[str, Document] = {}
        for doc, source in docs:  # one document per article id: the last one given
            batch.pop(doc["article"]["id"], None)
            batch[doc["article"]["id"]] = (doc, source)
        failed, cleared = list(failures), list(forget)
        try:
            return self._save_once(batch, force, failed, cleared, merge=True)
        except MergeFailed as exc:
            cause = exc.__cause__ or exc
            log.error("merging the events of %d article(s) failed (%s: %s); they are stored unmerged and the next "
                      "run (or `polemos merge`) merges them", len(batch), type(cause).__name__, cause,
                      exc_info=log.isEnabledFor(logging.INFO))
            report = self._save_once(batch, force, failed, cleared, merge=False)
            report.merge_error = f"{type(cause).__name__}: {cause}"
            return report

    def _save_once(self, batch: dict[str, Document], force: bool, failures: list[Failure], forget: list[str],
                   merge: bool) -> SaveReport:
        report = SaveReport()
        self.conn.execute("BEGIN TRANSACTION")
        try:
            stored = self._stored_ids(list(batch))
            write = [d for aid, d in batch.items() if force or aid not in stored]
            report.skipped = [aid for aid in batch if aid in stored and not force]
            report.saved = [d[0]["article"]["id"] for d in write]
            replaced = [aid for aid in report.saved if aid in stored]
            if replaced:
                self._delete(replaced)
            self._insert(write)
            now = _now()
            for source, code, message in failures:
                self.conn.execute("INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?)", [source, code, message, now])
            for source in forget:
                self.conn.execute("DELETE FROM failures WHERE source = ?", [source])
            if merge and report.saved:
                report.merge = self._merge(report.saved)
            self.conn.execute("COMMIT")
        except duckdb.Error as exc:
            self._rollback()
            raise store_error(exc, self.path, f"saving {len(batch)} article(s)") from None
        except BaseException:
            self._rollback()
            raise
        return report

    def _merge(self, article_ids: list[str]) -> dict[str, Any] | None:
        """Cross-article event merging (polemos.dedup) inside the caller's transaction, if it is installed."""
        try:
            from polemos import dedup
        except ImportError:
            return None
        try:
            result: dict[str, Any] = dedup.update(self.conn, article_ids, transaction=False)
        except (duckdb.Error, PolemosError):
            raise
        except Exception as exc:
            raise MergeFailed(str(exc)) from exc
        return result

    @coded
    def unmerged_articles(self) -> list[str]:
        """Stored articles with an event that has no merge record (a save interrupted by an older polemos)."""
        if "event_mentions" not in self.tables():
            return []
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT e.article_id FROM events e ANTI JOIN event_mentions m "
            "ON m.article_id = e.article_id AND m.event_id = e.id ORDER BY 1").fetchall()]

    def merge_unmerged(self) -> list[str]:
        """Merge the events of :meth:`unmerged_articles` (one transaction); returns their ids."""
        ids = self.unmerged_articles()
        if ids:
            self.conn.execute("BEGIN TRANSACTION")
            try:
                self._merge(ids)
                self.conn.execute("COMMIT")
            except duckdb.Error as exc:
                self._rollback()
                raise store_error(exc, self.path, f"merging {len(ids)} unmerged article(s)") from None
            except BaseException:
                self._rollback()
                raise
        return ids

    def _stored_ids(self, article_ids: list[str]) -> set[str]:
        if not article_ids:
            return set()
        rows = self.conn.execute("SELECT id FROM articles WHERE list_contains(?, id)", [article_ids]).fetchall()
        return {r[0] for r in rows}

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

    def _insert(self, docs: Sequence[Document]) -> None:
        rows: dict[str, list[list[Any]]] = {t: [] for t in ("articles", *_RECORD_TABLES)}
        now = _now()
        for doc, source in docs:
            a = doc["article"]
            aid = a["id"]
            rows["articles"].append([aid, a.get("title"), a.get("published"), a.get("url"), a.get("dateline"),
                                     source, a["text"], now, _js(doc)])
            rows["actors"] += [[aid, r["id"], r["name"], r["kind"], r.get("country"), r.get("sector"),
                                r.get("office"), _js(r.get("mentions", []))] for r in doc.get("actors", [])]
            rows["places"] += [[aid, p["id"], p["name"], p.get("geonameid"), p.get("lat"), p.get("lon"),
                                p.get("country"), p.get("admin1"), p.get("feature"), _js(p.get("mentions", []))]
                               for p in doc.get("places", [])]
            rows["events"] += [[aid, e["id"], e["type"], e.get("mode"), _js(list(e.get("context", []))),
                                e.get("source"), e.get("target"), e.get("place"), e.get("date"),
                                e.get("date_precision"), e.get("status"), e.get("fatalities"), e["evidence"]["start"],
                                e["evidence"]["end"], e["evidence"]["text"], _js(list(e.get("claims", [])))]
                               for e in doc.get("events", [])]
            rows["claims"] += [[aid, c["id"], c.get("event"), c.get("actor"), c.get("stance"),
                                c["evidence"]["start"], c["evidence"]["end"], c["evidence"]["text"]]
                               for c in doc.get("claims", [])]
            rows["quotes"] += [[aid, q["id"], q.get("speaker"), q.get("speaker_name"), q.get("text"),
                                q["evidence"]["start"], q["evidence"]["end"]] for q in doc.get("quotes", [])]
            rows["relations"] += [[aid, r["id"], r["type"], r.get("obligation"), r.get("source"), r.get("target"),
                                   r.get("place"), r.get("status"), r.get("attributed_to"), bool(r.get("negated")),
                                   r.get("date"), r.get("date_precision"), r["evidence"]["start"],
                                   r["evidence"]["end"], r["evidence"]["text"]] for r in doc.get("relations", [])]
            rows["commitments"] += [[aid, c["id"], c["kind"], c.get("committer"), c.get("beneficiary"),
                                     c["trigger"].get("type"), c["trigger"].get("source"), c["trigger"].get("target"),
                                     c["trigger"].get("place"), c["trigger"].get("event"),
                                     c["trigger"]["evidence"]["text"], c["response"].get("type"),
                                     c["response"].get("mode"), c["response"]["evidence"]["text"],
                                     bool(c.get("negated")), c.get("likelihood"), c.get("stated_by"),
                                     c["evidence"]["start"], c["evidence"]["end"], c["evidence"]["text"]]
                                    for c in doc.get("commitments", [])]
            rows["article_errors"] += [[aid, e.get("stage"), e.get("message")] for e in doc.get("errors", [])]
        for table, table_rows in rows.items():
            self._insert_rows(table, table_rows)

    def record_failure(self, error: InputError) -> None:
        """Remember an input that never became an article (re-running replaces the old entry)."""
        self.conn.execute(
            "INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?)", [error.source, error.code, error.message, _now()]
        )

    def forget_failure(self, source: str) -> None:
        self.conn.execute("DELETE FROM failures WHERE source = ?", [source])
