"""Scale-out on Dask: each worker process loads the pipeline once (a worker plugin); chunks of articles go out,
analyses come back in input order. Same interface as :class:`polemos.pipeline.Pipeline` (``analyze_many``).

    polemos analyze big.jsonl --workers 4                  # a local cluster of 4 processes
    polemos analyze big.jsonl --scheduler tcp://host:8786  # an existing Dask cluster (workers need polemos installed)
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from polemos.errors import PolemosError
from polemos.records import Analysis, Article
from polemos.settings import Settings

__all__ = ["DaskPipeline"]

PLUGIN_NAME = "polemos-pipeline"


def _plugin(settings: Settings) -> Any:
    """A Dask worker plugin that loads the polemos pipeline once per worker process."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class PipelinePlugin(WorkerPlugin):  # type: ignore[misc]
        name = PLUGIN_NAME

        def __init__(self, settings: Settings) -> None:
            self.settings = settings
            self.pipeline: Any = None

        def setup(self, worker: Any) -> None:
            from polemos.pipeline import Pipeline

            self.pipeline = Pipeline.load(self.settings)

        def teardown(self, worker: Any) -> None:
            self.pipeline = None

    return PipelinePlugin(settings)


def _analyze_chunk(articles: list[Article]) -> list[Analysis]:
    from distributed import get_worker

    plugin: Any = get_worker().plugins[PLUGIN_NAME]
    return list(plugin.pipeline.analyze_many(articles))


class DaskPipeline:
    """Analyse articles on a Dask cluster (local processes by default)."""

    def __init__(self, settings: Settings, workers: int = 2, address: str | None = None, chunk: int = 16) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise PolemosError("E800", "Dask is not installed", "run `pip install -e '.[dist]'`") from None
        self.chunk = chunk
        self._cluster = None
        # distributed logs its scheduler/worker life cycle at INFO; show it only with `polemos -v`
        for name in ("distributed", "dask"):
            logging.getLogger(name).setLevel(max(logging.getLogger().getEffectiveLevel(), logging.WARNING))
        if address:
            self.client = Client(address)
        else:
            self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                         dashboard_address=None)
            self.client = Client(self._cluster)
        self.client.register_plugin(_plugin(settings), name=PLUGIN_NAME)

    def analyze_many(self, articles: Iterable[Article]) -> Iterator[Analysis]:
        """Yield analyses in input order; at most 2 chunks per worker are in flight."""
        it = iter(articles)
        in_flight: list[Any] = []
        limit = 2 * max(1, len(self.client.scheduler_info().get("workers", {})))
        while True:
            while len(in_flight) < limit:
                chunk = list(islice(it, self.chunk))
                if not chunk:
                    break
                in_flight.append(self.client.submit(_analyze_chunk, chunk, pure=False))
            if not in_flight:
                return
            yield from in_flight.pop(0).result()

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    def __enter__(self) -> DaskPipeline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
