"""Learned trigger candidates: the tagger (``trigger_model.py``) proposes events the trigger lexicon missed.

The rules stay first; a token the tagger types with probability at least ``threshold`` becomes an extra candidate
when no rule candidate of the sentence already uses that token or codes that type. Its arguments, place, evidence
and status then come from the same code as the rules' candidates.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from polemos.coding.candidates import Candidate
from polemos.coding.lexicon import Lexicon, Sense
from polemos.coding.ontology import data_path
from polemos.coding.trigger_model import CANDIDATE_POS, MODEL_FILE, NONE, SparseLR, featurize_sentence
from polemos.nlp import Parse

__all__ = ["MODEL_FILE", "Tagger", "load_tagger", "tagged_candidates"]

THRESHOLD = 0.8  # chosen on the own corpus dev split (`polemos eval own`)


@dataclass(frozen=True)
class Tagger:
    model: SparseLR
    threshold: float = THRESHOLD


def load_tagger(path: Path | None = None, threshold: float = THRESHOLD) -> Tagger | None:
    """The shipped tagger, or None when this build has none (the rules alone then code events)."""
    target = path or Path(str(data_path(MODEL_FILE)))
    return Tagger(SparseLR.load(target), threshold) if target.exists() else None


def tagged_candidates(tagger: Tagger, parse: Parse, lex: Lexicon, sent_range: range,
                      rule_cands: list[Candidate]) -> list[Candidate]:
    used = {k for c in rule_cands for k in (c.trigger, c.noun, c.embedded, c.anchor, *c.extra) if k is not None}
    types = {c.etype for c in rule_cands}
    ids = [i for i in sent_range if parse.tokens[i].pos in CANDIDATE_POS and i not in used]
    if not ids:
        return []
    proba = tagger.model.proba(featurize_sentence(parse, ids, lex))
    out: list[Candidate] = []
    for i, row in zip(ids, proba, strict=True):
        k = int(np.argmax(row))
        etype = tagger.model.labels[k]
        if etype == NONE or row[k] < tagger.threshold or etype in types:
            continue
        types.add(etype)
        out.append(Candidate(i, Sense(lemma=parse.tokens[i].lemma.lower(), type=etype), etype, None))
    return out
