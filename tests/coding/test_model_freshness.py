"""The shipped ACLED head records the SHA-256 of the data it was trained on; changed data without a retrain fails here."""

from __future__ import annotations

import numpy as np

from polemos.coding.ontology import data_path
from polemos.coding.train import MODEL_FILE, data_sha256


def test_shipped_model_was_trained_on_the_current_data() -> None:
    with np.load(str(data_path(MODEL_FILE))) as model:
        stored = str(model["data_sha256"])
    assert stored == data_sha256(), (
        "polemos/data/plover/train/acled_sentences.tsv or acled_subtypes.yaml changed since the shipped "
        "acled_head.npz was trained: run `polemos train` and commit the new model")
