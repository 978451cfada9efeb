"""Cross-article event coreference: merge retellings of one real-world event into a canonical event.

Two mentions (stored events of two articles, or of one) are *linked* when they are compatible (same type
family, both actual or both irrealis, places within a precision-dependent distance, date windows that
overlap, no clash of named targets) and their score (type, mode, actors, place, date, evidence text,
fatalities) reaches ``link``. Clusters are built by deterministic average linkage inside each connected
component of that link graph. Because links are a pure function of the two mentions, and a component is
always re-clustered as a whole, :func:`update` after any sequence of saves gives the same clusters as
:func:`rebuild` on the same articles: the result does not depend on arrival order.

Tables (store migration 002): ``canonical_events``, ``event_mentions``, ``event_links``.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import duckdb

from polemos.dedup._block import candidate_pairs
from polemos.dedup._canonical import Canonical, build_canonical, combine_status, fatality_range
from polemos.dedup._cluster import PairCache, cluster, pair_matrix
from polemos.dedup._mentions import Mention, date_interval, load_mentions
from polemos.dedup._score import Params, load_params, score_pair
from polemos.dedup._text import TextModel, load_text_model
from polemos.dedup._vector import MentionArrays
from polemos.errors import PolemosError

__all__ = [
    "update", "rebuild", "Merger", "Mention", "Canonical", "load_params", "score_pair", "combine_status",
    "fatality_range", "pair_matrix",
]

log = logging.getLogger(__name__)
Key = tuple[str, str]
_TABLES = ("canonical_events", "event_mentions", "event_links")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _check_schema(conn: duckdb.DuckDBPyConnection) -> None:
    have = {r[0] for r in conn.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    missing = [t for t in _TABLES if t not in have]
    if missing:
        raise PolemosError(
            "E403", f"the store has no {', '.join(missing)} table(s) (schema older than version 2)",
            "open it once with polemos (Store migrates it) and run `polemos merge --rebuild`",
        )


_ROWS_PER_INSERT = 500


def _insert_rows(conn: duckdb.DuckDBPyConnection, table: str, rows: list[list[Any]]) -> None:
    """Multi-row INSERTs (DuckDB's executemany runs one statement per row: ~10x slower)."""
    if not rows:
        return
    one = "(" + ", ".join("?" * len(rows[0])) + ")"
    for i in range(0, len(rows), _ROWS_PER_INSERT):
        chunk = rows[i:i + _ROWS_PER_INSERT]
        conn.execute(f"INSERT INTO {table} VALUES " + ", ".join([one] * len(chunk)),  # nosec B608  # table: ours
                     [v for r in chunk for v in r])  # (a constant name and column list), values are ? parameters


def _insert_links(conn: duckdb.DuckDBPyConnection, links: list[tuple[str, str, str, str, float]]) -> None:
    """All links in one statement: five list parameters unnested into rows."""
    if not links:
        return
    cols = list(zip(*links, strict=True))
    conn.execute("INSERT INTO event_links SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), "
                 "unnest(?::VARCHAR[]), unnest(?::DOUBLE[])", [list(c) for c in cols])


class Merger:
    """Dedup over one connection with its parameters and text model (vectors cached for the call)."""

    def __init__(self, conn: duckdb.DuckDBPyConnection, params: Params | None = None,
                 text: TextModel | None = None) -> None:
        _check_schema(conn)
        self.conn = conn
        self.p = params or load_params()
        self.text = text or load_text_model()

    # -- candidates and links ------------------------------------------------------------------------------
    def _types_of_families(self, mentions: list[Mention]) -> list[str]:
        fams = {self.p.family_of(m.type) for m in mentions}
        types = {t for t, f in self.p.family.items() if f in fams}
        return sorted(types | {m.type for m in mentions})

    def _candidates(self, new: list[Mention], exclude: set[str]) -> list[Mention]:
        """Stored mentions that could link to ``new``: same type family, date windows that can meet."""
        if not new:
            return []
        slack = timedelta(days=self.p.day_slack)
        where = "e.type IN (SELECT unnest(?::VARCHAR[])) AND e.article_id NOT IN (SELECT unnest(?::VARCHAR[]))"
        params: list[Any] = [self._types_of_families(new), sorted(exclude)]
        windows = [date_interval(m, 0, self.p.undated_days) for m in new]
        if all(w is not None for w in windows):
            ranges: list[list[date]] = []
            for lo, hi in sorted((w[0] - slack, w[1] + slack) for w in windows if w is not None):
                if ranges and lo <= ranges[-1][1]:
                    ranges[-1][1] = max(ranges[-1][1], hi)
                else:
                    ranges.append([lo, hi])
            # a stored event meets a range when its own window (its date at its precision, else the days up to
            # its publication) overlaps it; ISO date strings compare at the stored date's precision
            ors = []
            for lo, hi in ranges:
                ors.append("(e.date IS NULL AND a.published BETWEEN ?::DATE AND ?::DATE + INTERVAL (?) DAY)"
                           " OR (left(e.date, 10) >= left(?, length(left(e.date, 10)))"
                           " AND left(e.date, 10) <= left(?, length(left(e.date, 10))))")
                params += [lo, hi, self.p.undated_days, lo.isoformat(), hi.isoformat()]
            ors.append("(e.date IS NULL AND a.published IS NULL)")  # no window at all: may meet anything
            where += " AND (" + " OR ".join(ors) + ")"
        return load_mentions(self.conn, where, params)

    def _link_rows(self, new: list[Mention], others: list[Mention]) -> list[tuple[str, str, str, str, float]]:
        """Links of new × new (each pair once) and new × others."""
        rows = []
        if self.text.embedder is None:  # numpy rows: the same rules as score_pair, one call per new mention
            everyone = new + others
            arrays = MentionArrays(everyone, self.p, self.text)
            for i, x in enumerate(new):
                js, scores, ok = arrays.row(i)
                keep = ok & (js > i) & (scores >= self.p.link)
                for j, s in zip(js[keep].tolist(), scores[keep].tolist(), strict=True):
                    a, b = sorted((x.key, everyone[j].key))
                    rows.append((a[0], a[1], b[0], b[1], round(s, 6)))
            return rows
        self.text.prepare([t for m in new + others for t in (m.text, m.lede_text)])
        for x, y in candidate_pairs(new, others, self.p):
            s = score_pair(x, y, self.p, self.text)
            if s.compatible and s.score >= self.p.link:
                a, b = sorted((x.key, y.key))
                rows.append((a[0], a[1], b[0], b[1], round(s.score, 6)))
        return rows

    def _component(self, seeds: set[Key]) -> set[Key]:
        """Every mention reachable from ``seeds`` over stored links."""
        seen = set(seeds)
        frontier = set(seeds)
        while frontier:
            arts = sorted({k[0] for k in frontier})
            rows = self.conn.execute(
                "SELECT a_article, a_event, b_article, b_event FROM event_links "
                "WHERE a_article IN (SELECT unnest(?::VARCHAR[])) OR b_article IN (SELECT unnest(?::VARCHAR[]))",
                [arts, arts],
            ).fetchall()
            nxt: set[Key] = set()
            for a0, a1, b0, b1 in rows:
                a, b = (a0, a1), (b0, b1)
                if a in frontier and b not in seen:
                    nxt.add(b)
                if b in frontier and a not in seen:
                    nxt.add(a)
            seen |= nxt
            frontier = nxt
        return seen

    # -- writing clusters -----------------------------------------------------------------------------------
    def _held(self, keys: set[Key]) -> dict[str, set[Key]]:
        """Canonical events holding any of ``keys``, with all their members."""
        arts = sorted({k[0] for k in keys})
        if not arts:
            return {}
        ids = sorted({cid for cid, a, e in self.conn.execute(
            "SELECT canonical_id, article_id, event_id FROM event_mentions "
            "WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [arts]).fetchall() if (a, e) in keys})
        held: dict[str, set[Key]] = {cid: set() for cid in ids}
        if ids:
            for cid, a, e in self.conn.execute(
                    "SELECT canonical_id, article_id, event_id FROM event_mentions "
                    "WHERE canonical_id IN (SELECT unnest(?::VARCHAR[]))", [ids]).fetchall():
                held[cid].add((a, e))
        return held

    def _recluster(self, keys: set[Key], dead: set[Key]) -> list[Canonical]:
        """Cluster the mentions ``keys`` (whole components) and replace the canonical events that held them
        or any of ``dead`` (mentions that were re-analysed or removed)."""
        while True:
            held = self._held(keys | dead)
            stray = set().union(*held.values()) - keys - dead if held else set()
            if not stray:
                break
            keys = keys | self._component(stray)  # a cluster crossed the component boundary: take it whole
        arts = sorted({k[0] for k in keys})
        mentions = [m for m in load_mentions(self.conn, "e.article_id IN (SELECT unnest(?::VARCHAR[]))", [arts])
                    if m.key in keys] if arts else []
        old_ids = sorted(held)
        if old_ids:
            self.conn.execute("DELETE FROM event_mentions WHERE canonical_id IN (SELECT unnest(?::VARCHAR[]))",
                              [old_ids])
            self.conn.execute("DELETE FROM canonical_events WHERE id IN (SELECT unnest(?::VARCHAR[]))", [old_ids])
        built = self._build(mentions)
        self._write(built)
        return built

    def _build(self, mentions: list[Mention]) -> list[Canonical]:
        by_key = {m.key: m for m in mentions}
        comps, links = self._split_components(set(by_key))
        self.text.prepare([t for m in mentions for t in (m.text, m.lede_text)])
        comp_of = {k: n for n, comp in enumerate(comps) for k in comp}
        links_of: list[list[tuple[Key, Key]]] = [[] for _ in comps]
        for a, b in links:  # both ends are in one component by construction
            links_of[comp_of[a]].append((a, b))
        out = []
        for comp, own in zip(comps, links_of, strict=True):
            ms = [by_key[k] for k in comp]  # sorted by key
            index = {m.key: i for i, m in enumerate(ms)}
            comp_links = [(index[a], index[b]) for a, b in own]
            pair = PairCache(ms, self.p, self.text)
            for idx in cluster(ms, self.p, self.text, comp_links, pair):
                fit = {ms[i].key: (sum(pair(i, j).score for j in idx if j != i) / (len(idx) - 1)
                                   if len(idx) > 1 else 1.0) for i in idx}
                out.append(build_canonical([ms[i] for i in idx], self.p, fit))
        return out

    def _split_components(self, keys: set[Key]) -> tuple[list[list[Key]], list[tuple[Key, Key]]]:
        """Connected components of ``keys`` over the stored links (each sorted), and those links."""
        arts = sorted({k[0] for k in keys})
        rows = self.conn.execute(
            "SELECT a_article, a_event, b_article, b_event FROM event_links "
            "WHERE a_article IN (SELECT unnest(?::VARCHAR[])) AND b_article IN (SELECT unnest(?::VARCHAR[]))",
            [arts, arts]).fetchall()
        parent = {k: k for k in keys}

        def find(k: Key) -> Key:
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        links = []
        for a0, a1, b0, b1 in rows:
            a, b = (a0, a1), (b0, b1)
            if a in parent and b in parent:
                links.append((a, b))
                ra, rb = find(a), find(b)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
        groups: dict[Key, list[Key]] = {}
        for k in sorted(keys):
            groups.setdefault(find(k), []).append(k)
        return list(groups.values()), links

    def _write(self, built: list[Canonical]) -> None:
        now = _now()
        cols = ["id", "type", "mode", "context", "source_name", "source_kind", "source_country", "source_sector",
                "target_name", "target_kind", "target_country", "target_sector", "place_name", "geonameid", "lat",
                "lon", "country", "admin1", "feature", "date", "date_precision", "date_start", "date_end", "status",
                "fatalities_low", "fatalities_best", "fatalities_high", "fatalities_sources", "n_mentions",
                "n_articles", "first_published", "last_published", "summary", "rep_article_id", "rep_event_id"]
        if not built:
            return
        rows = []
        for c in built:
            r = dict(c.row)
            r["context"] = json.dumps(r["context"], ensure_ascii=False)
            r["fatalities_sources"] = json.dumps(r["fatalities_sources"], ensure_ascii=False, default=str)
            rows.append([r[k] for k in cols] + [now])
        _insert_rows(self.conn, f"canonical_events ({', '.join(cols)}, updated_at)", rows)
        mrows = []
        for c in built:
            fit = c.fit
            for m in c.mentions:
                claims = [{"id": cl.id, "stance": cl.stance, "actor": cl.actor.name if cl.actor else None,
                           "evidence": cl.evidence_text} for cl in m.claims]
                mrows.append([c.id, m.article_id, m.event_id, m.type, m.status, m.fatalities, m.evidence_start,
                              m.evidence_end, m.evidence_text, json.dumps(claims, ensure_ascii=False),
                              round(fit[m.key], 6)])
        _insert_rows(self.conn, "event_mentions", mrows)

    # -- entry points -----------------------------------------------------------------------------------
    def update(self, article_ids: Iterable[str], transaction: bool = True) -> dict[str, Any]:
        """``transaction=False``: run inside the caller's open transaction (the Store saves articles and their
        merge records in one, so a crash cannot leave stored articles unmerged)."""
        ids = sorted(set(article_ids))
        started = time.perf_counter()
        if not ids:
            return {"articles": 0, "mentions": 0, "canonical_events": 0, "seconds": 0.0}
        if transaction:
            self.conn.execute("BEGIN TRANSACTION")
        try:
            old = {(a, e) for a, e in self.conn.execute(
                "SELECT article_id, event_id FROM event_mentions WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
                [ids]).fetchall()}
            old_component = self._component(old) if old else set()
            self.conn.execute(
                "DELETE FROM event_links WHERE a_article IN (SELECT unnest(?::VARCHAR[])) "
                "OR b_article IN (SELECT unnest(?::VARCHAR[]))", [ids, ids])
            new = load_mentions(self.conn, "e.article_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
            others = self._candidates(new, set(ids))
            links = self._link_rows(new, others)
            if links:
                _insert_links(self.conn, links)
            seeds = {m.key for m in new} | {k for k in old_component if k[0] not in ids}
            keys = self._component(seeds) if seeds else set()
            built = self._recluster(keys, old_component)
            if transaction:
                self.conn.execute("COMMIT")
        except Exception:
            if transaction:
                _rollback(self.conn)
            raise
        return {"articles": len(ids), "mentions": len(new), "links": len(links),
                "reclustered_mentions": len(keys), "canonical_events_touched": len(built),
                "merged": sum(1 for c in built if len(c.mentions) > 1),
                "text_similarity": self.text.name, "seconds": round(time.perf_counter() - started, 3)}

    def rebuild(self) -> dict[str, Any]:
        started = time.perf_counter()
        self.conn.execute("BEGIN TRANSACTION")
        try:
            for table in _TABLES:
                self.conn.execute(f"DELETE FROM {table}")  # nosec B608  # table: from the constant _TABLES
            mentions = load_mentions(self.conn)
            n_links = 0
            by_family: dict[str, list[Mention]] = {}
            for m in mentions:
                by_family.setdefault(self.p.family_of(m.type), []).append(m)
            for family in sorted(by_family):
                links = self._link_rows(by_family[family], [])
                n_links += len(links)
                if links:
                    _insert_links(self.conn, links)
            built = self._build(mentions)
            self._write(built)
            self.conn.execute("COMMIT")
        except Exception:
            _rollback(self.conn)
            raise
        return {"mentions": len(mentions), "links": n_links, "canonical_events": len(built),
                "merged": sum(1 for c in built if len(c.mentions) > 1),
                "text_similarity": self.text.name, "seconds": round(time.perf_counter() - started, 3)}

def _rollback(conn: duckdb.DuckDBPyConnection) -> None:
    """ROLLBACK that cannot hide the error being handled: after a failed COMMIT (a full disk) DuckDB has ended the
    transaction and a ROLLBACK raises "no transaction is active"."""
    try:
        conn.execute("ROLLBACK")
    except duckdb.Error as exc:
        log.info("rollback: %s (the original error follows)", exc)


def update(conn: duckdb.DuckDBPyConnection, article_ids: Iterable[str], transaction: bool = True) -> dict[str, Any]:
    """Re-merge after ``article_ids`` were saved, re-analysed or deleted (the Store calls this inside its save
    transaction, ``transaction=False``; alone it runs in a transaction of its own)."""
    return Merger(conn).update(article_ids, transaction=transaction)


def rebuild(conn: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Recompute every link and canonical event from scratch (``polemos merge --rebuild``)."""
    return Merger(conn).rebuild()
