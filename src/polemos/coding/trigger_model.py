"""A learned event-trigger tagger: which token of a sentence triggers which PLOVER type (or none).

Trained by `polemos train` from the own corpus (``data/train/events_*.jsonl``, train split) and measured on its dev
split. Features of a token come from the parse (lemma, POS, dependency label, head, children's labels, neighbours,
entity type) and from the trigger lexicon (the types the lexicon lists for the lemma): the lexicon is one feature
among many, not the decider. The model is a softmax regression over sparse hashed features (numpy only),
deterministic: crc32 hashing, zero initialisation, minibatch AdaGrad with a fixed shuffling seed.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from polemos.coding._npz import open_model, save_model, softmax
from polemos.coding.lexicon import Lexicon
from polemos.coding.ontology import PLOVER_TYPES
from polemos.nlp import Parse

__all__ = ["NONE", "LABELS", "DIM", "token_keys", "featurize_sentence", "SparseLR", "CANDIDATE_POS"]

NONE = "NONE"
MODEL_FILE = "trigger_head.npz"  # the shipped tagger, under polemos/data/plover
LABELS: tuple[str, ...] = (NONE, *PLOVER_TYPES)
DIM = 1 << 18
WIDTH = 24  # feature slots per token (unused slots point at the padding column 0)
CANDIDATE_POS = frozenset({"VERB", "NOUN", "AUX", "ADJ"})


def _h(key: str) -> int:
    return 1 + zlib.crc32(key.encode("utf-8")) % (DIM - 1)


def token_keys(parse: Parse, i: int, lex: Lexicon) -> list[str]:
    t = parse.tokens[i]
    lemma = t.lemma.lower()
    head = parse.tokens[t.head]
    kids = parse.children(i)
    keys = ["bias", f"l={lemma}", f"p={t.pos}", f"d={t.dep}", f"l/d={lemma}/{t.dep}", f"hl={head.lemma.lower()}",
            f"d/hp={t.dep}/{head.pos}", f"tag={t.tag}", f"e={t.ent_type or '-'}"]
    keys += [f"k={k.dep}" for k in kids][:6]
    keys += [f"l/k={lemma}/{k.dep}" for k in kids if k.dep in ("nsubj", "nsubjpass", "dobj", "prep", "agent")][:4]
    if i > 0:
        keys.append(f"pl={parse.tokens[i - 1].lemma.lower()}")
    if i + 1 < len(parse.tokens):
        keys.append(f"nl={parse.tokens[i + 1].lemma.lower()}")
    keys += sorted({f"lex={s.type}" for s in lex.senses.get(lemma, ()) if s.type})[:3]
    return keys[:WIDTH]


def featurize_sentence(parse: Parse, token_ids: Sequence[int], lex: Lexicon) -> np.ndarray:
    """(len(token_ids), WIDTH) int32 feature indices."""
    out = np.zeros((len(token_ids), WIDTH), dtype=np.int32)
    for r, i in enumerate(token_ids):
        idx = sorted({_h(k) for k in token_keys(parse, i, lex)})
        out[r, : len(idx)] = idx
    return out


@dataclass
class SparseLR:
    labels: tuple[str, ...]
    weights: np.ndarray  # (DIM, classes); row 0 is the padding column and stays zero

    @classmethod
    def fit(cls, x: np.ndarray, y: Sequence[str], labels: Sequence[str] = LABELS, epochs: int = 5,
            lr: float = 0.3, batch: int = 64, seed: int = 0) -> SparseLR:
        """Minibatch AdaGrad on the softmax loss; deterministic (fixed shuffling seed, zero initialisation).

        Only the feature rows a batch touches are updated (``x`` holds hashed feature ids, 0 = padding).
        """
        labels = tuple(labels)
        idx = np.array([labels.index(v) for v in y])
        onehot = np.zeros((len(y), len(labels)), dtype=np.float32)
        onehot[np.arange(len(y)), idx] = 1.0
        w = np.zeros((DIM, len(labels)), dtype=np.float32)
        acc = np.full_like(w, 1e-6)
        rng = np.random.default_rng(seed)
        for _ in range(epochs):
            order = rng.permutation(len(y))
            for s in range(0, len(y), batch):
                b = order[s:s + batch]
                xb = x[b]
                g = softmax(w[xb].sum(axis=1)) - onehot[b]
                rows, inverse = np.unique(xb, return_inverse=True)
                grad = np.zeros((len(rows), len(labels)), dtype=np.float32)
                np.add.at(grad, inverse.reshape(xb.shape), g[:, None, :])
                grad[rows == 0] = 0.0
                acc[rows] += grad * grad
                w[rows] -= lr * grad / np.sqrt(acc[rows])
        return cls(labels, w)

    def proba(self, x: np.ndarray) -> np.ndarray:
        return softmax(self.weights[x].sum(axis=1))

    def predict(self, x: np.ndarray) -> list[str]:
        return [self.labels[k] for k in np.argmax(self.proba(x), axis=1)] if len(x) else []

    def save(self, path: Path, **meta: Any) -> None:
        used = np.flatnonzero(np.abs(self.weights).sum(axis=1) > 0)
        save_model(path, DIM, self.labels, meta, rows=used.astype(np.int32),
                   weights=self.weights[used].astype(np.float16))

    @classmethod
    def load(cls, path: Any) -> SparseLR:
        with open_model(path, DIM, "trigger model") as data:
            labels = tuple(str(v) for v in data["labels"])
            w = np.zeros((DIM, len(labels)), dtype=np.float32)
            w[data["rows"]] = data["weights"].astype(np.float32)
            return cls(labels, w)
