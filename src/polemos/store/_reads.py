"""The store's reads: counts, one article's document, id lookups (shared by read-only and read-write opens)."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any, TypeVar

import duckdb

from polemos.store._coded import store_error

__all__ = ["Reads", "coded", "stored_documents"]

T = TypeVar("T")


def coded(method: Callable[..., T]) -> Callable[..., T]:
    """A store method whose DuckDB errors (a damaged block met while reading) come out as coded errors."""

    @functools.wraps(method)
    def wrapper(self: Reads, *args: Any, **kwargs: Any) -> T:
        try:
            return method(self, *args, **kwargs)
        except duckdb.Error as exc:
            raise store_error(exc, self.path, f"{method.__name__.replace('_', ' ')}") from None

    return wrapper


class Reads:
    """Read queries over ``self.conn``; :class:`polemos.store.Store` provides the connection."""

    conn: duckdb.DuckDBPyConnection
    path: str

    def version(self) -> int:
        raise NotImplementedError

    @coded
    def stats(self) -> dict[str, Any]:
        q = self.conn.execute
        have = {r[0] for r in q("SELECT table_name FROM information_schema.tables").fetchall()}
        counts = {t: q(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[index]  # nosec B608  # t: below
                  for t in ("articles", "actors", "places", "events", "claims", "quotes", "relations", "commitments")
                  if t in have}
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

    @coded
    def get_result(self, article_id: str) -> dict[str, Any] | None:
        """The stored output document of an article (a unique id prefix is enough)."""
        rows = self.conn.execute(
            "SELECT result FROM articles WHERE id = ? OR starts_with(id, ?) LIMIT 2", [article_id, article_id]
        ).fetchall()
        if len(rows) != 1:
            return None
        result: dict[str, Any] = json.loads(rows[0][0])
        return result

    @coded
    def documents(self) -> list[dict[str, Any]]:
        """Every stored article's output document, oldest publication first (undated last), then by id."""
        return stored_documents(self.conn)

    @coded
    def match_ids(self, prefix: str, limit: int = 6) -> list[str]:
        """Stored article ids equal to or starting with ``prefix`` (at most ``limit``)."""
        rows = self.conn.execute("SELECT id FROM articles WHERE id = ? OR starts_with(id, ?) ORDER BY id LIMIT ?",
                                 [prefix, prefix, limit]).fetchall()
        return [r[0] for r in rows]

    @coded
    def article_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM articles ORDER BY id").fetchall()]


def stored_documents(conn: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every output document in the store behind ``conn`` (for code that holds a connection, not a Store)."""
    rows = conn.execute("SELECT result FROM articles ORDER BY published NULLS LAST, id").fetchall()
    return [json.loads(r[0]) for r in rows]
