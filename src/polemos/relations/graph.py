"""The relations graph: actors as nodes, relations and commitments as typed, directed edges (networkx).

``build_graph(docs)`` merges the stored articles' output documents: a node per actor (keyed by ISO3 country, else by
name, so "Moscow" and "Russia" are one node), an edge per (kind, type, source, target, negated) with its number of
mentions, statuses, first and last dates and evidence sentences. ``write_graph(graph, fmt, fh)`` writes GraphML or
GEXF (Gephi, Cytoscape) or node-link JSON. ``polemos export --format graphml|gexf|relations-json`` uses them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

import networkx as nx

__all__ = ["build_graph", "write_graph", "GRAPH_FORMATS"]

GRAPH_FORMATS = ("graphml", "gexf", "relations-json")


def _key(actor: dict[str, Any]) -> str:
    return str(actor["country"] or actor["name"])


def build_graph(docs: Iterable[dict[str, Any]]) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for doc in docs:
        actors = {a["id"]: a for a in doc["actors"]}
        published = doc["article"].get("published") or ""
        edges: list[tuple[str, str | None, str | None, dict[str, Any]]] = []
        for r in doc.get("relations", ()):
            edges.append(("relation", r["source"], r["target"], {
                "type": r["type"], "obligation": r.get("obligation") or "", "negated": bool(r["negated"]),
                "status": r["status"], "evidence": r["evidence"]["text"]}))
        for c in doc.get("commitments", ()):
            edges.append(("commitment", c["committer"], c["trigger"].get("target") or c.get("beneficiary"), {
                "type": c["kind"], "obligation": c["response"].get("type") or "", "negated": bool(c["negated"]),
                "status": c.get("likelihood") or "", "evidence": c["evidence"]["text"]}))
        for kind, src, tgt, attrs in edges:
            a, b = actors.get(src or ""), actors.get(tgt or "")
            if a is None or b is None or _key(a) == _key(b):
                continue
            for actor in (a, b):
                if not g.has_node(_key(actor)) or actor["kind"] == "state":
                    g.add_node(_key(actor), label=actor["name"] if actor["kind"] != "state" else actor["name"],
                               kind=actor["kind"], country=actor["country"] or "")
            ekey = f"{kind}:{attrs['type']}:{attrs['negated']}"
            if g.has_edge(_key(a), _key(b), ekey):
                e = g.edges[_key(a), _key(b), ekey]
                e["mentions"] += 1
                e["first"] = min(filter(None, [e["first"], published]), default="")
                e["last"] = max(filter(None, [e["last"], published]), default="")
                if attrs["status"] and attrs["status"] not in e["statuses"].split("|"):
                    e["statuses"] = "|".join(filter(None, [e["statuses"], attrs["status"]]))
                e["evidence"] = e["evidence"] + "\n" + attrs["evidence"]
            else:
                g.add_edge(_key(a), _key(b), key=ekey, kind=kind, relation=attrs["type"], detail=attrs["obligation"],
                           negated=attrs["negated"], statuses=attrs["status"], mentions=1, first=published,
                           last=published, evidence=attrs["evidence"])
    return g


def write_graph(g: nx.MultiDiGraph, fmt: str, fh: TextIO) -> None:
    if fmt == "graphml":
        fh.write("\n".join(nx.generate_graphml(g)) + "\n")
    elif fmt == "gexf":
        fh.write("\n".join(nx.generate_gexf(g)) + "\n")
    else:
        fh.write(json.dumps(nx.node_link_data(g, edges="edges"), ensure_ascii=False, indent=1) + "\n")
