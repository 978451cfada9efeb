"""`polemos train`: re-train the ACLED sub-type head from polemos's own training sentences (reproducible).

Data: ``data/plover/train/acled_sentences.tsv`` (written by the polemos authors; no eval data). Each sentence runs
through the full pipeline so the head sees the same PLOVER events and cue scores as at run time. Output:
``data/plover/acled_head.npz`` (or ``out``). Reports training accuracy and a 5-fold cross-validated accuracy on the
training sentences.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from polemos.coding.acled import acled_scores, load_acled_map
from polemos.coding.classifier import HashedLR, featurize
from polemos.coding.ontology import data_path
from polemos.errors import DATA_HINT, PolemosError
from polemos.records import Article

if TYPE_CHECKING:
    from polemos.pipeline import Pipeline

__all__ = ["TRAIN_FILE", "MODEL_FILE", "FOLDS", "DATA_FILES", "data_sha256", "load_sentences", "featurize_texts",
           "cross_validate", "run"]

TRAIN_FILE = "train/acled_sentences.tsv"
MODEL_FILE = "acled_head.npz"
FOLDS = 5

DATA_FILES = (TRAIN_FILE, "acled_subtypes.yaml")  # what the ACLED head is trained on (sentences, labels and cues)


def data_sha256() -> str:
    """SHA-256 over the training data, stored in the model so a test can tell a stale model: the sentences, the
    labels and cues, and the trigger corpus (the tagger trained on it helps code the events the head reads)."""
    from polemos.coding.corpus import corpus_files

    digest = hashlib.sha256()
    for name in DATA_FILES:
        digest.update(name.encode() + b"\0" + data_path(name).read_bytes() + b"\0")
    for path in corpus_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def load_sentences() -> list[tuple[str, str]]:
    rows = []
    with data_path(TRAIN_FILE).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 2:
                raise PolemosError("E020", f"{TRAIN_FILE}:{n}: expected 'label<TAB>sentence', got {line[:60]!r}",
                                   DATA_HINT)
            rows.append((parts[0], parts[1]))
    return rows


def featurize_texts(texts: list[str], pipeline: Pipeline) -> np.ndarray:
    amap = load_acled_map()
    arts = [Article(id=Article.make_id(t), text=t) for t in texts]
    rows = []
    for text, analysis in zip(texts, pipeline.analyze_many(arts), strict=True):
        scores = acled_scores(text, analysis.events, amap, analysis.actors)
        rows.append(featurize(text, analysis.events, scores, amap.labels, analysis.actors))
    return np.vstack(rows)


def cross_validate(x: np.ndarray, y: list[str], labels: tuple[str, ...], folds: int = FOLDS) -> list[str]:
    """Out-of-fold predictions (fold k = rows with index % folds == k)."""
    pred = [""] * len(y)
    for k in range(folds):
        test = [i for i in range(len(y)) if i % folds == k]
        train = [i for i in range(len(y)) if i % folds != k]
        model = HashedLR.fit(x[train], [y[i] for i in train], labels)
        for i, p in zip(test, model.predict(x[test]), strict=True):
            pred[i] = p
    return pred


def run(out: Path | None = None, pipeline: Pipeline | None = None) -> dict[str, Any]:
    from polemos.pipeline import Pipeline

    rows = load_sentences()
    labels = load_acled_map().labels
    unknown = {lab for lab, _ in rows} - set(labels)
    if unknown:
        raise PolemosError("E020", f"{TRAIN_FILE}: labels {sorted(unknown)} are not in acled_subtypes.yaml", DATA_HINT)
    pipeline = pipeline or Pipeline.load()
    from polemos.coding import corpus, train_triggers
    from polemos.coding.learned import load_tagger

    # the tagger first: the ACLED head's features include the events it helps code
    triggers = train_triggers.run(nlp=pipeline.resources.nlp) if corpus.corpus_files() else None
    if triggers is not None:
        pipeline.resources.coder = replace(pipeline.resources.coder, tagger=load_tagger(Path(triggers["model"])))
    x = featurize_texts([t for _, t in rows], pipeline)
    y = [lab for lab, _ in rows]
    cv = cross_validate(x, y, labels)
    model = HashedLR.fit(x, y, labels)
    target = out or Path(str(data_path(MODEL_FILE)))
    model.save(target, trained_on=TRAIN_FILE, n=len(rows), data_sha256=data_sha256())
    train_acc = float(np.mean([p == g for p, g in zip(model.predict(x), y, strict=True)]))
    return {
        "trigger_tagger": triggers,
        "model": str(target),
        "sentences": len(rows),
        "labels": len(set(y)),
        "train_accuracy": round(train_acc, 4),
        f"cv{FOLDS}_accuracy_own_sentences": round(float(np.mean([p == g for p, g in zip(cv, y, strict=True)])), 4),
        "bytes": target.stat().st_size,
    }
