"""What the two numpy models (ACLED head, trigger tagger) share: the softmax and a checked model file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from polemos.errors import PolemosError

__all__ = ["softmax", "open_model", "save_model"]


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def save_model(path: Any, dim: int, labels: tuple[str, ...], meta: dict[str, Any], **arrays: Any) -> None:
    """An ``.npz`` with the metadata (training data hash, sizes), the labels, the feature size and the arrays."""
    out: dict[str, Any] = {k: np.array(v) for k, v in meta.items()}
    out.update(arrays, labels=np.array(labels), dim=np.array(dim))
    np.savez_compressed(path, **out)


@contextmanager
def open_model(path: Any, dim: int, what: str) -> Iterator[Any]:
    """The arrays of a model file, after checking it was trained with this build's feature size (E611)."""
    with np.load(path) as data:
        if int(data["dim"]) != dim:
            raise PolemosError("E611", f"{path}: {what} has {int(data['dim'])} hashed features, this build uses {dim}",
                               "re-train it with `polemos train`")
        yield data
