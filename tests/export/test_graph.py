"""The relations graph exports (GraphML, GEXF, node-link JSON) read back in networkx."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from polemos.export import export
from polemos.records import Actor, Analysis, Article, Relation, Span
from polemos.store import Store


def _store(tmp_path: Path) -> Store:
    text = "Chile, which has a defence pact with Peru, urged calm. Lima thanked Santiago."
    art = Article(Article.make_id(text), text)
    chile = Actor("a_chl", "Chile", "state", "CHL", None, None, (Span.of(text, 0, 5),))
    peru = Actor("a_per", "Peru", "state", "PER", None, None, (Span.of(text, 37, 41),))
    rel = Relation(id="rel_1", type="alliance", source="a_chl", target="a_per", evidence=Span.of(text, 0, 54),
                   obligation="defense")
    store = Store(tmp_path / "s.duckdb")
    store.save([Analysis(art, actors=(chile, peru), relations=(rel,))])
    return store


def test_graphml_and_gexf_read_back(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
            out = tmp_path / f"g.{fmt}"
            assert export(store.conn, fmt, str(out)) == 1
            g = read(out)
            (u, v, data), = g.edges(data=True)
            assert (u, v, data["relation"], data["detail"], data["mentions"]) == ("CHL", "PER", "alliance", "defense", 1)


def test_node_link_json(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        out = tmp_path / "g.json"
        export(store.conn, "relations-json", str(out))
        doc = json.loads(out.read_text())
        assert {n["id"] for n in doc["nodes"]} == {"CHL", "PER"} and doc["edges"][0]["relation"] == "alliance"
