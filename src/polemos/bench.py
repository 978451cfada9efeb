"""`polemos bench`: the full pipeline vs spaCy parse-only on the same texts, in one process.

Reported as throughputs and their ratio (never as absolute timing assertions). Peak RSS is the process maximum.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

from polemos.ingest import load_inputs
from polemos.pipeline import Pipeline
from polemos.records import Article
from polemos.settings import Settings

__all__ = ["run_bench", "default_corpus", "load_corpus"]


def default_corpus() -> Path:
    return Path(__file__).resolve().parents[2] / "examples" / "articles.jsonl"


def load_corpus(corpus: Path, n: int) -> list[Article]:
    """n articles from a JSONL batch, a text file or a folder of them (a small corpus is repeated up to n)."""
    paths = sorted(p for p in corpus.iterdir() if p.suffix in (".jsonl", ".txt")) if corpus.is_dir() else [corpus]
    articles: list[Article] = []
    for item in load_inputs([str(p) for p in paths], settings=Settings.from_env()):
        if item.article is not None:
            articles.append(item.article)
        if len(articles) >= n:
            break
    if not articles:
        from polemos.errors import PolemosError

        raise PolemosError("E500", f"no usable article in the benchmark corpus {corpus}")
    # repeat a small corpus until it has n texts
    base = list(articles)
    while len(articles) < n:
        articles.extend(base[: n - len(articles)])
    return articles


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run_bench(corpus: Path | None = None, n: int = 100, rounds: int = 2) -> dict[str, Any]:
    corpus = corpus or default_corpus()
    t0 = time.perf_counter()
    pipeline = Pipeline.load()
    load_s = time.perf_counter() - t0
    rss_after_load = _peak_rss_mb()
    articles = load_corpus(corpus, n)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    nlp = pipeline.resources.nlp
    for _ in nlp.pipe(texts[:5]):  # warm-up
        pass
    list(pipeline.analyze_many(articles[:5]))
    parse_s, full_s = [], []
    pipeline.stage_seconds.clear()
    for _ in range(rounds):  # alternate, keep the best of each: less noise from the other core
        t = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=pipeline.batch_size):
            pass
        parse_s.append(time.perf_counter() - t)
        t = time.perf_counter()
        for _an in pipeline.analyze_many(articles):
            pass
        full_s.append(time.perf_counter() - t)
    best_parse, best_full = min(parse_s), min(full_s)
    total = sum(pipeline.stage_seconds.values()) or 1.0
    shares = {k: round(100 * v / total, 1) for k, v in sorted(pipeline.stage_seconds.items(), key=lambda kv: -kv[1])}
    return {
        "corpus": str(corpus),
        "articles": len(articles),
        "words": words,
        "rounds": rounds,
        "load_seconds": round(load_s, 2),
        "parse_only_articles_per_s": round(len(articles) / best_parse, 2),
        "pipeline_articles_per_s": round(len(articles) / best_full, 2),
        "parse_only_words_per_s": round(words / best_parse),
        "pipeline_words_per_s": round(words / best_full),
        "pipeline_cost_ratio": round(best_full / best_parse, 3),
        "overhead_pct": round(100 * (best_full / best_parse - 1), 1),
        "stage_share_pct": shares,  # of the pipeline's time; "parse" includes the spaCy run and Parse conversion
        "peak_rss_mb_after_load": round(rss_after_load, 1),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
    }


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(run_bench(), indent=1))
