"""`polemos analyze`."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from typing import Any, Protocol

import click

from polemos.cli._common import db_option
from polemos.errors import InputError, PolemosError
from polemos.ingest import Item, load_inputs
from polemos.pipeline import Pipeline
from polemos.records import Analysis, Article
from polemos.settings import Settings
from polemos.store import Document, Failure, Store, StoreWriter

__all__ = ["BATCH", "READ_WAIT", "Analyzer", "StoreOpener", "analyze"]

BATCH = 32
log = logging.getLogger(__name__)
READ_WAIT = 120.0  # seconds to wait to read which articles are stored (writes wait longer: polemos.store._writer)


class Analyzer(Protocol):
    def analyze_many(self, articles: Iterable[Article]) -> Iterator[Analysis]: ...

    def close(self) -> None: ...


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--published", callback=_date, metavar="YYYY-MM-DD",
              help="Publication date of the inputs (relative dates resolve against it).")
@db_option
@click.option("--no-store", is_flag=True, help="Do not write to the store.")
@click.option("--force", is_flag=True, help="Re-code articles that are already stored.")
@click.option("--jsonl", is_flag=True, help="Print JSON Lines (one document per line) instead of a JSON array.")
@click.option("--summary", is_flag=True, help="Print a summary table instead of JSON.")
@click.option("--actors", "actors_path", type=click.Path(dir_okay=False), help="Extra actor KB (YAML) to use.")
@click.option("--allow-private", is_flag=True, help="Allow fetching URLs on loopback/private addresses.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Analyse on a local Dask cluster of this many processes (needs the dist extra).")
@click.option("--scheduler", metavar="ADDRESS", help="Analyse on an existing Dask cluster (tcp://host:port).")
def analyze(inputs: tuple[str, ...], published: date | None, db_path: str, no_store: bool, force: bool,
            jsonl: bool, summary: bool, actors_path: str | None, allow_private: bool, workers: int,
            scheduler: str | None) -> None:
    """Analyse articles: text/HTML files, URLs, RSS/Atom feeds, JSONL batches, or - for stdin.

    Prints one JSON document per article (the output contract, see docs/output.md) and stores the results.
    Bad inputs get a one-line error on stderr; the others are still analysed. Exit code 0 if at least one
    article succeeded, 2 if none did, 3 if analysed articles could not be stored (they are kept in a spill file
    beside the store: `polemos store load`).
    """
    settings = Settings.from_env(db_path=db_path, actors_path=actors_path, allow_private=allow_private)
    stores = None if no_store else StoreOpener(settings.db_path)
    pipeline: Analyzer
    if workers > 1 or scheduler:
        from polemos.dist import DaskPipeline

        pipeline = DaskPipeline(settings, workers=workers, address=scheduler)
    else:
        pipeline = Pipeline.load(settings)
    ok = failed = 0
    reused: list[str] = []  # ids of documents the store already had (not analysed again)
    docs: list[dict[str, Any]] = []
    out = sys.stdout
    if not (jsonl or summary):
        out.write("[")
    first = True
    with _progress(enabled=len(inputs) > 1 or any(i.endswith((".jsonl", ".xml", ".rss")) for i in inputs)) as tick:
        for doc in _run(load_inputs(inputs, published=published, settings=settings), pipeline, stores, force,
                        reused):
            if "error" in doc:
                failed += 1
                hint = f" ({doc['hint']})" if doc.get("hint") else ""
                click.echo(f"error: [{doc['error']}] {doc['message']}{hint}", err=True)
                tick()
                continue
            ok += 1
            tick()
            if summary:
                docs.append(doc)
            elif jsonl:
                out.write(json.dumps(doc, ensure_ascii=False) + "\n")
            else:
                out.write(("\n" if first else ",\n") + json.dumps(doc, ensure_ascii=False, indent=1))
                first = False
    if not (jsonl or summary):
        out.write("\n]\n")
    if summary:
        from polemos.cli._tables import print_summary

        if stores is None or (stores.writer is not None and stores.writer.error is not None):
            print_summary(docs, None)
        else:
            with ExitStack() as stack:
                try:
                    store: Store | None = stack.enter_context(stores.open())
                except PolemosError as exc:  # the documents still get their table; only the store's counts are
                    log.error("the store's counts cannot be read for the summary: %s", exc)  # missing
                    store = None
                print_summary(docs, store)
    unstored = stores.writer.report() if stores is not None and stores.writer is not None else None
    if stores is not None:
        stores.close()
    pipeline.close()
    again = f", {len(reused)} already stored (printed from the store, not re-coded; --force re-codes)" if reused else ""
    click.echo(f"{ok - len(reused)} article(s) analysed{again}, {failed} failed"
               + (f"; store: {settings.db_path}" if stores else ""), err=True)
    if unstored is not None:  # the analysed documents are printed above and kept in a spill file
        click.echo(unstored, err=True)
    if ok == 0:
        sys.exit(2)
    if unstored is not None:
        sys.exit(3)


class StoreOpener:
    """Opens the store only around each batch's reads and writes, not while articles are analysed: DuckDB lets one
    process hold a file, so `polemos stats` and `polemos serve` can read the store while a long `analyze` runs.
    Writes go through :class:`polemos.store.StoreWriter` (short transactions, lock back-off, a spill file when the
    store cannot be written: :attr:`writer`)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._kept = Store(path) if path == ":memory:" else None  # a memory store must stay open to exist
        self.writer = None if self._kept is not None else StoreWriter(path)
        self.remerged: list[str] = []
        if self.writer is not None:
            # create or migrate it now (a bad --db fails before the models load), and merge stored articles whose
            # events have no merge record (a crash of an older polemos between its save and its merge)
            with Store(path, lock_wait=self.writer.wait) as store:
                self.remerged = store.merge_unmerged()
            if self.remerged:
                log.warning("merged the events of %d stored article(s) that had no merge record", len(self.remerged))

    @contextmanager
    def open(self) -> Iterator[Store]:
        """The store for reading (read-only for a file)."""
        if self._kept is not None:
            yield self._kept
            return
        store = Store(self.path, read_only=True, lock_wait=READ_WAIT)
        try:
            yield store
        finally:
            store.close()

    def stored_docs(self, article_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Stored documents by article id; none (so everything is analysed) when the store cannot be read."""
        found: dict[str, dict[str, Any]] = {}
        try:
            with self.open() as store:
                for aid in article_ids:
                    doc = store.get_result(aid)
                    if doc is not None and doc["article"]["id"] == aid:
                        found[aid] = doc
        except PolemosError as exc:
            log.error("cannot read which articles are stored (%s); analysing the batch in full", exc)
            return {}
        return found

    def write(self, docs: list[Document], failures: list[Failure], forget: list[str]) -> None:
        if self.writer is not None:
            self.writer.write(docs, failures, forget)
        elif self._kept is not None:
            self._kept.save_documents(docs, force=True, failures=failures, forget=forget)

    def close(self) -> None:
        if self._kept is not None:
            self._kept.close()


def _run(items: Iterator[Item], pipeline: Analyzer, stores: StoreOpener | None,
         force: bool, reused: list[str] | None = None) -> Iterator[dict[str, Any]]:
    """Analyse items in batches; yield each article's document (or an error dict), in input order. The ids of
    documents taken from the store instead of being analysed again are appended to ``reused``."""
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) >= BATCH:
            yield from _run_batch(batch, pipeline, stores, force, reused)
            batch = []
    if batch:
        yield from _run_batch(batch, pipeline, stores, force, reused)


def _meta(article: dict[str, Any]) -> tuple[Any, ...]:
    """What an output document depends on besides the text (same id, other metadata -> re-code)."""
    return tuple(article.get(k) for k in ("id", "title", "published", "url", "dateline"))


def _run_batch(batch: list[Item], pipeline: Analyzer, stores: StoreOpener | None,
               force: bool, reused: list[str] | None = None) -> Iterator[dict[str, Any]]:
    """Each input gets the document for its own text *and* metadata. A stored document is reused only if its
    article metadata (title, published date, url, dateline) is the input's: re-analysing a stored text with another
    --published date re-codes it. The store keeps one document per article id: the last input's (so re-running a
    batch writes nothing)."""
    keys = {id(item): _meta(item.article.to_dict()) for item in batch if item.article is not None}
    final = {key[0]: key for key in keys.values()}  # article id -> the last input's metadata
    stored_docs = stores.stored_docs(final) if stores is not None and not force else {}
    cached = {_meta(doc["article"]): doc for doc in stored_docs.values()}
    todo: dict[tuple[Any, ...], Article] = {}
    for item in batch:
        if item.article is not None and keys[id(item)] not in cached:
            todo.setdefault(keys[id(item)], item.article)
    fresh, crashed = _analyze(pipeline, todo)
    errors = {id(item): item.error for item in batch if item.error is not None}
    errors.update({id(item): crashed[keys[id(item)]] for item in batch if keys.get(id(item)) in crashed})
    if stores is not None:  # documents, failures and merge in short transactions; spilled if they cannot be
        stores.write([(fresh[key].to_dict(), fresh[key].article.source) for key in final.values() if key in fresh],
                     [(e.source, e.code, e.message) for e in (errors[id(i)] for i in batch if id(i) in errors)],
                     [item.source for item in batch if id(item) not in errors])  # written
    for item in batch:
        if id(item) in errors:
            yield errors[id(item)].to_dict()
        else:
            key = keys[id(item)]
            if key in cached and reused is not None:
                reused.append(key[0])
            yield cached[key] if key in cached else fresh[key].to_dict()


def _analyze(pipeline: Analyzer, todo: dict[tuple[Any, ...], Article]
             ) -> tuple[dict[tuple[Any, ...], Analysis], dict[tuple[Any, ...], InputError]]:
    """Analyse a batch; if it raises (a parser bug on one text), analyse one by one so only that article fails."""
    try:
        return {_meta(an.article.to_dict()): an for an in pipeline.analyze_many(list(todo.values()))}, {}
    except Exception:
        log.warning("analysing a batch failed; retrying its articles one by one", exc_info=True)
    fresh: dict[tuple[Any, ...], Analysis] = {}
    crashed: dict[tuple[Any, ...], InputError] = {}
    for key, article in todo.items():
        try:
            fresh[key] = next(iter(pipeline.analyze_many([article])))
        except InputError as exc:  # the parser refused this text (E104, E130) or ran over its budget (E131)
            where = article.source or article.id
            crashed[key] = InputError(exc.code, where, exc.message.removeprefix(f"{exc.source}: "), exc.hint)
        except Exception as exc:
            log.warning("analysing %s failed", article.source, exc_info=True)
            crashed[key] = InputError("E198", article.source or article.id,
                                      f"could not be analysed ({type(exc).__name__}: {exc})",
                                      "run `polemos -v analyze ...` for the traceback and report it")
    return fresh, crashed


class _progress:
    """A progress counter on stderr (only when there is more than one article and stderr is a terminal)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self._progress: Any = None

    def __enter__(self) -> Any:
        if not self.enabled:
            return lambda: None
        from rich.console import Console
        from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._progress = Progress(SpinnerColumn(), TextColumn("analysing"), MofNCompleteColumn(),
                                  TimeElapsedColumn(), console=Console(stderr=True), transient=True)
        self._progress.start()
        task = self._progress.add_task("analysing", total=None)
        return lambda: self._progress.advance(task)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
