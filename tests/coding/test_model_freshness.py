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


def test_shipped_trigger_tagger_was_trained_on_the_current_corpus() -> None:
    from polemos.coding.learned import MODEL_FILE as TAGGER_FILE
    from polemos.coding.train_triggers import corpus_hash

    path = data_path(TAGGER_FILE)
    assert path.is_file(), "no shipped trigger tagger: run `polemos train`, commit data/plover/trigger_head.npz"
    with np.load(str(path)) as model:
        stored = str(model["corpus_sha256"])
    assert stored == corpus_hash(), (
        "data/train/events_*.jsonl changed since the shipped trigger_head.npz was trained: run `polemos train` and "
        "commit the new model")
