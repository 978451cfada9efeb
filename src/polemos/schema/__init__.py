"""The JSON Schema of the `polemos analyze` output, and a validator that also checks every Span."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["output_schema", "validate_output"]


@cache
def output_schema() -> dict[str, Any]:
    text = resources.files("polemos.schema").joinpath("output.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _spans(doc: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for key in ("actors", "places"):
        for rec in doc[key]:
            found += [(f"{key}[{rec['id']}].mentions", m) for m in rec["mentions"]]
    for key in ("events", "claims", "quotes", "relations", "commitments"):
        found += [(f"{key}[{rec['id']}].evidence", rec["evidence"]) for rec in doc.get(key, ())]
    for c in doc.get("commitments", ()):
        found += [(f"commitments[{c['id']}].{part}", c[part]["evidence"]) for part in ("trigger", "response")]
    return found


def validate_output(doc: dict[str, Any]) -> list[str]:
    """Problems with ``doc`` (empty if valid): schema violations, inconsistent spans, dangling ids."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(output_schema())
    problems = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(doc)]
    if problems:
        return problems
    text = doc["article"]["text"]
    for where, span in _spans(doc):
        if not (0 <= span["start"] <= span["end"] <= len(text)) or text[span["start"]:span["end"]] != span["text"]:
            problems.append(f"{where}: span {span['start']}:{span['end']} does not match the article text")
    actor_ids = {a["id"] for a in doc["actors"]}
    place_ids = {p["id"] for p in doc["places"]}
    event_ids = {e["id"] for e in doc["events"]}
    claim_ids = {c["id"] for c in doc["claims"]}
    for e in doc["events"]:
        for role in ("source", "target"):
            if e[role] is not None and e[role] not in actor_ids:
                problems.append(f"events[{e['id']}].{role}: unknown actor {e[role]}")
        if e["place"] is not None and e["place"] not in place_ids:
            problems.append(f"events[{e['id']}].place: unknown place {e['place']}")
        problems += [f"events[{e['id']}].claims: unknown claim {c}" for c in e["claims"] if c not in claim_ids]
    for c in doc["claims"]:
        if c["event"] not in event_ids:
            problems.append(f"claims[{c['id']}].event: unknown event {c['event']}")
        if c["actor"] is not None and c["actor"] not in actor_ids:
            problems.append(f"claims[{c['id']}].actor: unknown actor {c['actor']}")
    for q in doc["quotes"]:
        if q["speaker"] is not None and q["speaker"] not in actor_ids:
            problems.append(f"quotes[{q['id']}].speaker: unknown actor {q['speaker']}")
    for r in doc.get("relations", ()):
        problems += [f"relations[{r['id']}].{k}: unknown actor {r[k]}" for k in ("source", "target", "attributed_to")
                     if r[k] is not None and r[k] not in actor_ids]
        if r["place"] is not None and r["place"] not in place_ids:
            problems.append(f"relations[{r['id']}].place: unknown place {r['place']}")
    for c in doc.get("commitments", ()):
        refs = [("committer", c["committer"]), ("beneficiary", c["beneficiary"]), ("stated_by", c["stated_by"]),
                ("trigger.source", c["trigger"]["source"]), ("trigger.target", c["trigger"]["target"])]
        problems += [f"commitments[{c['id']}].{k}: unknown actor {v}" for k, v in refs if v is not None
                     and v not in actor_ids]
        if c["trigger"]["place"] is not None and c["trigger"]["place"] not in place_ids:
            problems.append(f"commitments[{c['id']}].trigger.place: unknown place {c['trigger']['place']}")
        if c["trigger"]["event"] is not None and c["trigger"]["event"] not in event_ids:
            problems.append(f"commitments[{c['id']}].trigger.event: unknown event {c['trigger']['event']}")
    return problems
