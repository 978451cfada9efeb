"""Ingest: files, HTML pages, URLs, RSS/Atom feeds, JSONL batches and stdin → normalised Articles."""

from polemos.ingest._fetch import check_url, fetch_url
from polemos.ingest._normalize import Dateline, find_dateline, normalize_text
from polemos.ingest._sources import Item, load_inputs, make_article

__all__ = ["Dateline", "Item", "check_url", "fetch_url", "find_dateline", "load_inputs", "make_article",
           "normalize_text"]
