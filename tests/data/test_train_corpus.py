"""The own event training corpus: every record well-formed, spans in the text, all 16 types covered."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from polemos.coding import corpus
from polemos.coding.ontology import PLOVER_TYPES
from polemos.errors import PolemosError


def test_every_record_loads_with_spans_in_its_text() -> None:
    records = corpus.load_corpus()
    assert records, "no corpus files under polemos/data/train/"
    for rec in records:
        for e in rec.events:
            assert rec.text[e.trigger.start:e.trigger.end] == e.trigger.text
            for span in (e.source, e.target, e.place, e.claimant):
                assert span is None or rec.text[span.start:span.end] == span.text


def test_corpus_covers_every_type_and_keeps_a_dev_split() -> None:
    records = corpus.load_corpus()
    types = Counter(e.type for r in records for e in r.events)
    assert set(types) == set(PLOVER_TYPES), f"types without an example: {set(PLOVER_TYPES) - set(types)}"
    assert any(not r.events for r in records), "no no-event sentences"
    dev = corpus.load_corpus("dev")
    assert 0.1 <= len(dev) / len(records) <= 0.3


def test_a_bad_record_names_file_line_and_problem(tmp_path, monkeypatch) -> None:
    bad = tmp_path / "events_bad.jsonl"
    rec = {"id": "x-1", "split": "train", "conflict": "Test", "style": "wire", "text": "Troops shelled a village.",
           "events": [{"trigger": "bombed", "type": "ASSAULT", "mode": None, "status": "reported"}]}
    bad.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    monkeypatch.setattr(corpus, "corpus_files", lambda: [bad])
    with pytest.raises(PolemosError) as info:
        corpus.load_corpus()
    assert info.value.code == "E610"
    assert "events_bad.jsonl:1" in info.value.message and "'bombed' does not occur" in info.value.message
