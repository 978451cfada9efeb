"""Gold for the relations & commitments stage (data/gold/relations): every record well-formed, every quoted span a
substring of its article, enums valid, ids unique, splits of the promised size and worded apart.

Failure messages name a record id and a field, never held-out text (the held-out split is not to be read)."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from importlib import resources
from typing import Any

import pycountry
import pytest

from polemos.coding.ontology import PLOVER_TYPES

GOLD = resources.files("polemos") / "data" / "gold" / "relations"
SPLITS = {"dev": 36, "heldout": 18}  # split -> minimum number of articles

RECORD_KEYS = {"id", "split", "conflict", "style", "published", "title", "text", "relations", "commitments",
               "scenarios"}
RELATION_KEYS = {"type", "obligation", "source", "source_country", "target", "target_country", "place", "status",
                 "period", "attributed_to", "evidence"}
COMMITMENT_KEYS = {"kind", "committer", "committer_country", "beneficiary", "beneficiary_country", "trigger",
                   "response", "negated", "likelihood", "stated_by", "evidence"}
TRIGGER_KEYS = {"type", "source_country", "target_country", "place", "text"}
RESPONSE_KEYS = {"type", "mode", "text"}
SCENARIO_KEYS = {"q", "drawn_in", "not_drawn_in"}

STYLES = {"wire", "analysis", "explainer", "statement", "commentary"}
RELATION_TYPES = {"alliance", "member_of", "arms_supplier", "backs", "hosts_base", "sponsors", "fights_for",
                  "mediates", "controls", "recognizes", "rivals", "cooperates_with"}
OBLIGATIONS = {"defense", "offense", "neutrality", "nonaggression", "consultation"}
STATUSES = {"reported", "claimed", "disputed", "unconfirmed", "assessed"}
PERIODS = {"current", "past"}
KINDS = {"pledge", "threat", "red_line", "assessment"}
LIKELIHOODS = {"certain", "likely", "possible", "unlikely", None}
USER_ASSIGNED = {"XKX"}  # Kosovo: not in ISO 3166-1, the user-assigned code used by the EU and others
ID = re.compile(r"rel-(dev|heldout)-\d{3}")


def _load(split: str) -> list[dict[str, Any]]:
    lines = (GOLD / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
    records = []
    for n, line in enumerate(lines, 1):
        assert line.strip(), f"{split}.jsonl:{n} is blank"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            pytest.fail(f"{split}.jsonl:{n} is not valid JSON ({exc.msg} at column {exc.colno})")
        assert isinstance(rec, dict), f"{split}.jsonl:{n} is not a JSON object"
        records.append(rec)
    return records


@pytest.fixture(scope="module")
def gold() -> dict[str, list[dict[str, Any]]]:
    return {split: _load(split) for split in SPLITS}


def _is_country(code: object) -> bool:
    return code is None or (isinstance(code, str) and (code in USER_ASSIGNED or
                                                       pycountry.countries.get(alpha_3=code) is not None))


def _name(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _span(rec: dict[str, Any], value: object, where: str) -> None:
    assert _name(value), f"{rec['id']}: {where} is empty or not a string"
    assert value in rec["text"], f"{rec['id']}: {where} is not an exact substring of the article text"


def _check_relation(rec: dict[str, Any], i: int, rel: dict[str, Any]) -> None:
    where = f"relations[{i}]"
    assert set(rel) == RELATION_KEYS, f"{rec['id']}: {where} keys differ by {set(rel) ^ RELATION_KEYS}"
    assert rel["type"] in RELATION_TYPES, f"{rec['id']}: {where}.type is not a relation type"
    if rel["type"] == "alliance":
        assert rel["obligation"] in OBLIGATIONS, f"{rec['id']}: {where}.obligation is not an ATOP obligation"
    else:
        assert rel["obligation"] is None, f"{rec['id']}: {where}.obligation is set on a non-alliance"
    assert _name(rel["source"]), f"{rec['id']}: {where}.source is empty"
    if rel["type"] == "controls":
        assert rel["target"] is None and rel["target_country"] is None, f"{rec['id']}: {where} controls has a target"
        assert _name(rel["place"]), f"{rec['id']}: {where} controls names no place"
    else:
        assert _name(rel["target"]), f"{rec['id']}: {where}.target is empty"
        assert rel["source"] != rel["target"], f"{rec['id']}: {where} relates an actor to itself"
    assert rel["place"] is None or _name(rel["place"]), f"{rec['id']}: {where}.place is neither null nor a name"
    for key in ("source_country", "target_country"):
        assert _is_country(rel[key]), f"{rec['id']}: {where}.{key} is not ISO 3166 alpha-3 or null"
    assert rel["status"] in STATUSES, f"{rec['id']}: {where}.status is not a status"
    assert rel["period"] in PERIODS, f"{rec['id']}: {where}.period is not current/past"
    assert rel["attributed_to"] is None or _name(rel["attributed_to"]), f"{rec['id']}: {where}.attributed_to"
    if rel["status"] in ("claimed", "assessed"):
        assert rel["attributed_to"], f"{rec['id']}: {where} is {rel['status']} but attributed to nobody"
    _span(rec, rel["evidence"], f"{where}.evidence")


def _check_commitment(rec: dict[str, Any], i: int, com: dict[str, Any]) -> None:
    where = f"commitments[{i}]"
    assert set(com) == COMMITMENT_KEYS, f"{rec['id']}: {where} keys differ by {set(com) ^ COMMITMENT_KEYS}"
    assert com["kind"] in KINDS, f"{rec['id']}: {where}.kind is not a commitment kind"
    assert _name(com["committer"]), f"{rec['id']}: {where}.committer is empty"
    assert com["beneficiary"] is None or _name(com["beneficiary"]), f"{rec['id']}: {where}.beneficiary"
    for key in ("committer_country", "beneficiary_country"):
        assert _is_country(com[key]), f"{rec['id']}: {where}.{key} is not ISO 3166 alpha-3 or null"
    assert isinstance(com["negated"], bool), f"{rec['id']}: {where}.negated is not a boolean"
    assert com["likelihood"] in LIKELIHOODS, f"{rec['id']}: {where}.likelihood is not a likelihood"
    assert com["stated_by"] is None or _name(com["stated_by"]), f"{rec['id']}: {where}.stated_by"
    trig, resp = com["trigger"], com["response"]
    assert isinstance(trig, dict) and set(trig) == TRIGGER_KEYS, f"{rec['id']}: {where}.trigger keys"
    assert isinstance(resp, dict) and set(resp) == RESPONSE_KEYS, f"{rec['id']}: {where}.response keys"
    for part, obj in (("trigger", trig), ("response", resp)):
        assert obj["type"] in PLOVER_TYPES, f"{rec['id']}: {where}.{part}.type is not a PLOVER type"
        _span(rec, obj["text"], f"{where}.{part}.text")
        assert obj["text"] in com["evidence"], f"{rec['id']}: {where}.{part}.text lies outside the evidence"
    for key in ("source_country", "target_country"):
        assert _is_country(trig[key]), f"{rec['id']}: {where}.trigger.{key} is not ISO 3166 alpha-3 or null"
    assert trig["place"] is None or _name(trig["place"]), f"{rec['id']}: {where}.trigger.place"
    assert resp["mode"] is None or _name(resp["mode"]), f"{rec['id']}: {where}.response.mode"
    _span(rec, com["evidence"], f"{where}.evidence")


def _actors(rec: dict[str, Any]) -> set[str]:
    """Codes and names an article's annotations mention: what a scenario answer may name."""
    found: set[str] = set()
    for rel in rec["relations"]:
        found |= {rel["source"], rel["target"], rel["source_country"], rel["target_country"]}
    for com in rec["commitments"]:
        found |= {com["committer"], com["beneficiary"], com["committer_country"], com["beneficiary_country"]}
    return {a for a in found if a}


def test_every_record_is_well_formed(gold: dict[str, list[dict[str, Any]]]) -> None:
    for split, records in gold.items():
        for rec in records:
            assert set(rec) == RECORD_KEYS, f"{rec.get('id')}: record keys differ by {set(rec) ^ RECORD_KEYS}"
            assert ID.fullmatch(rec["id"]) and rec["id"].split("-")[1] == split == rec["split"], \
                f"{rec['id']}: id or split does not match the file {split}.jsonl"
            assert rec["style"] in STYLES, f"{rec['id']}: style is not one of {sorted(STYLES)}"
            assert _name(rec["conflict"]) and _name(rec["title"]), f"{rec['id']}: conflict or title is empty"
            published = date.fromisoformat(rec["published"])
            assert date(2015, 1, 1) <= published <= date(2026, 12, 31), f"{rec['id']}: published out of range"
            words = len(rec["text"].split())
            assert 80 <= words <= 400, f"{rec['id']}: the article has {words} words (80-400)"
            assert 2 <= len(rec["relations"]) <= 8, f"{rec['id']}: {len(rec['relations'])} relations (2-8)"
            assert len(rec["commitments"]) <= 4, f"{rec['id']}: {len(rec['commitments'])} commitments (0-4)"
            assert len(rec["scenarios"]) <= 3, f"{rec['id']}: {len(rec['scenarios'])} scenarios (0-3)"
            for i, rel in enumerate(rec["relations"]):
                _check_relation(rec, i, rel)
            keys = [json.dumps(r, sort_keys=True) for r in rec["relations"]]
            assert len(keys) == len(set(keys)), f"{rec['id']}: a relation is listed twice"
            for i, com in enumerate(rec["commitments"]):
                _check_commitment(rec, i, com)


def test_scenarios_answer_from_the_article(gold: dict[str, list[dict[str, Any]]]) -> None:
    for records in gold.values():
        for rec in records:
            actors = _actors(rec)
            for i, sc in enumerate(rec["scenarios"]):
                where = f"{rec['id']}: scenarios[{i}]"
                assert set(sc) == SCENARIO_KEYS and _name(sc["q"]), f"{where} keys or question"
                named = [*sc["drawn_in"], *sc["not_drawn_in"]]
                assert named, f"{where} answers nothing"
                assert all(_name(a) for a in named), f"{where} lists an empty name"
                assert not set(sc["drawn_in"]) & set(sc["not_drawn_in"]), f"{where} is both drawn in and not"
                unknown = [a for a in named if a not in actors]
                assert not unknown, f"{where} names actors that no relation or commitment of the article names"
            if rec["scenarios"]:
                assert rec["commitments"] or any(r["type"] == "alliance" for r in rec["relations"]), \
                    f"{rec['id']}: scenarios without a commitment or alliance to answer them"


def test_ids_are_unique_and_splits_have_their_size(gold: dict[str, list[dict[str, Any]]]) -> None:
    ids = [rec["id"] for records in gold.values() for rec in records]
    assert len(ids) == len(set(ids)), "an id occurs twice"
    for split, least in SPLITS.items():
        assert len(gold[split]) >= least, f"{split}.jsonl has {len(gold[split])} articles, fewer than {least}"
    every = [rec for records in gold.values() for rec in records]
    assert len({rec["conflict"] for rec in every}) >= 12, "fewer than 12 conflicts"
    assert len({rec["style"] for rec in every}) >= 4, "fewer than 4 styles"


def test_each_split_covers_every_type_kind_and_hard_case(gold: dict[str, list[dict[str, Any]]]) -> None:
    for split, records in gold.items():
        rels = [r for rec in records for r in rec["relations"]]
        coms = [c for rec in records for c in rec["commitments"]]
        types = Counter(r["type"] for r in rels)
        assert set(types) == RELATION_TYPES, f"{split}: no example of {RELATION_TYPES - set(types)}"
        kinds = Counter(c["kind"] for c in coms)
        assert set(kinds) == KINDS, f"{split}: no commitment of kind {KINDS - set(kinds)}"
        statuses = {r["status"] for r in rels}
        assert {"reported", "claimed", "disputed", "assessed"} <= statuses, f"{split}: statuses {statuses}"
        assert {"past", "current"} <= {r["period"] for r in rels}, f"{split}: no past relation"
        assert any(c["negated"] for c in coms), f"{split}: no negated commitment (exclusion)"
        assert {"likely", "possible", "unlikely"} <= {c["likelihood"] for c in coms}, f"{split}: hedges missing"
        assert {"defense", "consultation", "neutrality", "nonaggression"} <= {r["obligation"] for r in rels}, \
            f"{split}: an ATOP obligation type has no example"
        assert any(r["type"] == "hosts_base" and r["place"] for r in rels), f"{split}: no base with a place"
        assert any(sc["not_drawn_in"] for rec in records for sc in rec["scenarios"]), f"{split}: no not_drawn_in"
        assert sum(1 for rec in records if not rec["commitments"]) >= 2, f"{split}: too few articles without one"


def _shingles(text: str, n: int = 8) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def test_heldout_is_worded_apart_from_dev(gold: dict[str, list[dict[str, Any]]]) -> None:
    """No title, text or 8-word run is shared between the splits (nor between two articles of one split)."""
    dev_titles = {rec["title"] for rec in gold["dev"]}
    dev_runs: dict[tuple[str, ...], str] = {}
    for rec in gold["dev"]:
        for run in _shingles(rec["text"]):
            dev_runs.setdefault(run, rec["id"])
    for rec in gold["heldout"]:
        assert rec["title"] not in dev_titles, f"{rec['id']}: its title is also a dev title"
        shared = {dev_runs[run] for run in _shingles(rec["text"]) if run in dev_runs}
        assert not shared, f"{rec['id']}: shares an 8-word run with {sorted(shared)}"
    for split, records in gold.items():
        seen: dict[tuple[str, ...], str] = {}
        for rec in records:
            for run in _shingles(rec["text"]):
                other = seen.setdefault(run, rec["id"])
                assert other == rec["id"], f"{rec['id']}: shares an 8-word run with {other} ({split})"
