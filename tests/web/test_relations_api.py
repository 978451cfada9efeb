"""GET /api/relations and GET /api/scenario over a store of the Karabakh sample article."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from polemos.records import Analysis, Article
from polemos.store import Store
from polemos.web.api import create_app


@pytest.fixture(scope="module")
def client(pipeline: Any, karabakh: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    from datetime import date

    db = tmp_path_factory.mktemp("rel") / "rel.duckdb"
    art = karabakh["article"]
    analysis: Analysis = pipeline.analyze(Article(art["id"], art["text"], published=date(2020, 11, 9)))
    with Store(db) as store:
        store.save([analysis])
    app = create_app(str(db))
    app.state.pipeline = pipeline  # the session's models, not a second load
    return TestClient(app, base_url="http://localhost")


def test_relations_of_turkey(client: TestClient) -> None:
    res = client.get("/api/relations", params={"actor": "TUR"})
    assert res.status_code == 200
    got = {(r["type"], r["target_country"]) for r in res.json()}
    assert {("backs", "AZE"), ("arms_supplier", "AZE")} <= got
    assert client.get("/api/relations", params={"type": "bogus"}).json()["error"] == "E401"


def test_scenario_draws_in_russia(client: TestClient) -> None:
    res = client.get("/api/scenario", params={"q": "Azerbaijan attacks Armenia"})
    assert res.status_code == 200
    body = res.json()
    assert body["scenario"]["source"] == "AZE" and body["scenario"]["target"] == "ARM"
    assert any(e["actor"]["country"] == "RUS" for e in body["drawn_in"])
    assert client.get("/api/scenario").status_code in (400, 422)
