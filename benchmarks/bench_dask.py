"""Dask scale-out vs the in-process pipeline on the same articles (one run, ratios).

    .venv/bin/python benchmarks/bench_dask.py [--corpus PATH] [--n N] [--workers W]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from polemos.bench import default_corpus, load_corpus
from polemos.dist import DaskPipeline
from polemos.pipeline import Pipeline
from polemos.settings import Settings


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=default_corpus())
    ap.add_argument("--n", type=int, default=120)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    articles = load_corpus(args.corpus, args.n)
    local = Pipeline.load()
    list(local.analyze_many(articles[:4]))
    t = time.perf_counter()
    expected = [a.to_dict() for a in local.analyze_many(articles)]
    local_s = time.perf_counter() - t
    t = time.perf_counter()
    with DaskPipeline(Settings.from_env(), workers=args.workers) as dp:
        start_s = time.perf_counter() - t
        list(dp.analyze_many(articles[:4]))
        t = time.perf_counter()
        got = [a.to_dict() for a in dp.analyze_many(articles)]
        dask_s = time.perf_counter() - t
    print(json.dumps({
        "articles": len(articles), "workers": args.workers, "identical_output": got == expected,
        "in_process_articles_per_s": round(len(articles) / local_s, 2),
        "dask_articles_per_s": round(len(articles) / dask_s, 2),
        "speedup": round(local_s / dask_s, 2), "cluster_start_s": round(start_s, 1),
    }, indent=1))


if __name__ == "__main__":
    main()
