"""Train the event-trigger tagger (``trigger_model.py``) from the own corpus; report dev-split figures.

Each record's text is parsed; the root token of each annotated trigger span (the token whose head lies outside the
span) is labelled with the event type, every other candidate token (VERB, NOUN, AUX, ADJ) with NONE. Trained on the
``train`` split only; precision / recall / F1 of trigger detection and typing are measured on the ``dev`` split.
Output: ``data/plover/trigger_head.npz`` with the SHA-256 of the corpus files it was trained on.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np

from polemos.coding.corpus import TrainRecord, corpus_files, load_corpus
from polemos.coding.lexicon import load_lexicon
from polemos.coding.ontology import data_path
from polemos.coding.trigger_model import CANDIDATE_POS, MODEL_FILE, NONE, SparseLR, featurize_sentence
from polemos.nlp import Parse, load_nlp, parse_many

__all__ = ["MODEL_FILE", "corpus_hash", "examples", "run"]



def corpus_hash() -> str:
    h = hashlib.sha256()
    for f in corpus_files():
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def _labels(parse: Parse, rec: TrainRecord) -> dict[int, str]:
    out: dict[int, str] = {}
    for e in rec.events:
        inside = [t for t in parse.tokens if t.start < e.trigger.end and t.end > e.trigger.start]
        roots = [t for t in inside if not (e.trigger.start <= parse.tokens[t.head].start < e.trigger.end)
                 or t.head == t.i]
        pick = next((t for t in roots if t.pos in CANDIDATE_POS), roots[0] if roots else None)
        if pick is not None:
            out[pick.i] = e.type
    return out


def examples(records: list[TrainRecord], nlp: Any) -> tuple[np.ndarray, list[str]]:
    lex = load_lexicon()
    xs: list[np.ndarray] = []
    ys: list[str] = []
    for rec, parse in zip(records, parse_many(nlp, [r.text for r in records]), strict=True):
        gold = _labels(parse, rec)
        ids = [t.i for t in parse.tokens if t.pos in CANDIDATE_POS or t.i in gold]
        if ids:
            xs.append(featurize_sentence(parse, ids, lex))
            ys += [gold.get(i, NONE) for i in ids]
    return (np.vstack(xs) if xs else np.zeros((0, 1), dtype=np.int32)), ys


def _figures(gold: list[str], pred: list[str]) -> dict[str, float]:
    tp = sum(g == p != NONE for g, p in zip(gold, pred, strict=True))
    detected = sum(g != NONE and p != NONE for g, p in zip(gold, pred, strict=True))
    n_pred = sum(p != NONE for p in pred)
    n_gold = sum(g != NONE for g in gold)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"typed_precision": round(p, 4), "typed_recall": round(r, 4),
            "typed_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "detection_recall": round(detected / n_gold, 4) if n_gold else 0.0, "gold_triggers": n_gold}


def run(out: Path | None = None, nlp: Any = None) -> dict[str, Any]:
    nlp = nlp or load_nlp()
    train = load_corpus("train")
    dev = load_corpus("dev")
    x, y = examples(train, nlp)
    model = SparseLR.fit(x, y)
    xd, yd = examples(dev, nlp)
    target = out or Path(str(data_path(MODEL_FILE)))
    model.save(target, corpus_sha256=corpus_hash(), n_train=len(train))
    return {"model": str(target), "train_records": len(train), "dev_records": len(dev),
            "train": _figures(y, model.predict(x)), "dev": _figures(yd, model.predict(xd)),
            "bytes": target.stat().st_size, "corpus_sha256": corpus_hash()}
