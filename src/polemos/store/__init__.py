"""The embedded DuckDB store: schema + migrations, crash-safe batch writes under contention, checks and backups."""

from polemos.store._check import backup, check
from polemos.store._coded import store_error
from polemos.store._reads import stored_documents
from polemos.store._spill import Spill, read_spill
from polemos.store._store import Document, Failure, SaveReport, Store
from polemos.store._writer import StoreWriter

__all__ = ["Document", "Failure", "SaveReport", "Spill", "Store", "StoreWriter", "backup", "check", "read_spill",
           "store_error", "stored_documents"]
