"""The learned trigger tagger: trains on a tiny own corpus, tags the triggers, saves and loads byte-identically."""

from __future__ import annotations

import json
from pathlib import Path

from polemos.coding import corpus, train_triggers
from polemos.coding.trigger_model import SparseLR
from polemos.pipeline import Pipeline

_RECORDS = [
    ("train", "Rebels shelled the market in Goma on Monday.", "shelled", "ASSAULT"),
    ("train", "The ministers met in Nairobi to discuss the truce.", "met", "CONSULT"),
    ("train", "Gunmen attacked a convoy near Beni.", "attacked", "ASSAULT"),
    ("train", "The envoys met rebel leaders in Doha.", "met", "CONSULT"),
    ("train", "Farmers planted maize in the valley.", None, None),
    ("dev", "Militants shelled a school near Bunia.", "shelled", "ASSAULT"),
]


def _write(tmp_path: Path) -> Path:
    f = tmp_path / "events_t.jsonl"
    lines = []
    for n, (split, text, trig, etype) in enumerate(_RECORDS):
        events = [{"trigger": trig, "type": etype, "mode": None, "status": "reported"}] if trig else []
        lines.append(json.dumps({"id": f"t-{n}", "split": split, "conflict": "Test", "style": "wire", "text": text,
                                 "events": events}))
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f


def test_trains_tags_and_reloads(tmp_path, monkeypatch, pipeline: Pipeline) -> None:
    f = _write(tmp_path)
    monkeypatch.setattr(corpus, "corpus_files", lambda: [f])
    monkeypatch.setattr(train_triggers, "corpus_files", lambda: [f])
    out = tmp_path / "m.npz"
    report = train_triggers.run(out=out, nlp=pipeline.resources.nlp)
    assert report["train_records"] == 5 and report["dev_records"] == 1
    assert report["train"]["typed_f1"] == 1.0
    assert report["dev"]["typed_recall"] == 1.0  # "shelled" in an unseen sentence
    again = tmp_path / "m2.npz"
    train_triggers.run(out=again, nlp=pipeline.resources.nlp)
    assert out.read_bytes() == again.read_bytes()  # reproducible
    model = SparseLR.load(out)
    x, y = train_triggers.examples(corpus.load_corpus("dev"), pipeline.resources.nlp)
    assert model.predict(x) == y
