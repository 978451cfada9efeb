"""Relation edges merged across stored articles (what `polemos relations` and `GET /api/relations` list)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

__all__ = ["relation_rows"]


def relation_rows(docs: Iterable[dict[str, Any]], actor: str | None = None, rtype: str | None = None,
                  since: date | None = None, until: date | None = None) -> list[dict[str, Any]]:
    """One row per relation edge (type, source, target, negated), merged across articles, every mention kept."""
    edges: dict[tuple[Any, ...], dict[str, Any]] = {}
    want = actor.lower() if actor else None
    for doc in docs:
        published = doc["article"]["published"]
        if published and ((since and published < since.isoformat()) or (until and published > until.isoformat())):
            continue
        names = {a["id"]: a for a in doc["actors"]}
        for r in doc.get("relations", ()):
            if rtype and r["type"] != rtype:
                continue
            src, tgt = names.get(r["source"] or ""), names.get(r["target"] or "")
            ends = [x for x in (src, tgt) if x]
            if want and not any(want in x["name"].lower() or want == (x["country"] or "").lower() for x in ends):
                continue
            key = (r["type"], (src or {}).get("country") or (src or {}).get("name"),
                   (tgt or {}).get("country") or (tgt or {}).get("name"), r["negated"])
            row = edges.setdefault(key, {
                "type": r["type"], "obligation": r["obligation"], "source": (src or {}).get("name"),
                "source_country": (src or {}).get("country"), "target": (tgt or {}).get("name"),
                "target_country": (tgt or {}).get("country"), "negated": r["negated"], "statuses": [],
                "first": published, "last": published, "mentions": []})
            row["obligation"] = row["obligation"] or r["obligation"]
            if r["status"] not in row["statuses"]:
                row["statuses"].append(r["status"])
            if published:
                row["first"] = min(filter(None, [row["first"], published]))
                row["last"] = max(filter(None, [row["last"], published]))
            row["mentions"].append({"article": doc["article"]["id"], "status": r["status"],
                                    "evidence": r["evidence"]["text"]})
    return sorted(edges.values(), key=lambda x: (-len(x["mentions"]), x["type"], str(x["source"])))
