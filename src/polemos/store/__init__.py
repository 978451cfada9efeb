"""The embedded DuckDB store: schema + migrations, idempotent batch writes, stats."""

from polemos.store._store import SaveReport, Store

__all__ = ["SaveReport", "Store"]
