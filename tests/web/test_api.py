"""The REST API over a real store: JSON shapes, filters, one error shape; the dashboard uses no CDN."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from polemos.store import Store
from polemos.web.api import STATIC, create_app

TEXT = (
    "KHARTOUM: The Rapid Support Forces shelled the city of El Fasher in North Darfur on Monday, killing at least "
    "12 civilians, local medics said. The army said it had repelled the attack. The RSF denied targeting civilians "
    "and accused the army of shelling markets. The figures could not be independently verified by reporters."
)


@pytest.fixture(scope="module")
def client(pipeline: Any, tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    from datetime import date

    from polemos.ingest import make_article
    from polemos.settings import Settings

    db = tmp_path_factory.mktemp("web") / "web.duckdb"
    article = make_article(TEXT, "test", Settings(), published=date(2024, 6, 11))
    with Store(db) as store:
        store.save([pipeline.analyze(article)])
    return TestClient(create_app(str(db)), base_url="http://localhost")


def test_stats_articles_and_article(client: TestClient) -> None:
    stats = client.get("/api/stats").json()
    assert stats["counts"]["articles"] == 1
    arts = client.get("/api/articles").json()
    assert len(arts) == 1 and arts[0]["events"] == stats["counts"]["events"]
    doc = client.get(f"/api/articles/{arts[0]['id'][:10]}").json()
    assert doc["article"]["id"] == arts[0]["id"]


def test_events_filters_and_geojson(client: TestClient) -> None:
    events = client.get("/api/events").json()
    assert events, "the sample text has events"
    assert all(e["evidence_text"] for e in events)
    only = client.get("/api/events", params={"type": "assault"}).json()
    assert only and all(e["type"] == "ASSAULT" for e in only)
    assert client.get("/api/events", params={"type": "AID", "status": "planned"}).json() == [
        e for e in events if e["type"] == "AID" and e["status"] == "planned"
    ]
    geo = client.get("/api/events.geojson").json()
    assert geo["type"] == "FeatureCollection"
    for feat in geo["features"]:
        lon, lat = feat["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    assert client.get("/api/timeline").status_code == 200
    net = client.get("/api/network").json()
    assert set(net) == {"nodes", "edges"}
    assert isinstance(client.get("/api/claims").json(), list)


def test_one_error_shape(client: TestClient) -> None:
    for path in ("/api/articles/art_nothere", "/api/events?limit=abc", "/api/nope"):
        res = client.get(path)
        assert res.status_code >= 400
        assert set(res.json()) == {"error", "message", "hint"}, path


def test_missing_store_is_a_json_error(tmp_path: Path) -> None:
    res = TestClient(create_app(str(tmp_path / "none.duckdb")), base_url="http://localhost").get("/api/stats")
    assert res.status_code == 404 and res.json()["error"] == "E302"


def test_dashboard_is_served_and_uses_no_cdn(client: TestClient) -> None:
    res = client.get("/")
    assert res.status_code == 200 and "polemos" in res.text
    for name in ("index.html", "app.js", "style.css"):
        text = (STATIC / name).read_text()
        assert not re.search(r"(src|href)=[\"']https?://", text), name
        assert "fetch(\"http" not in text and "unpkg" not in text and "cdn" not in text.lower(), name


def test_canonical_json_columns_are_json_and_bad_dates_are_422(client: TestClient) -> None:
    canon = client.get("/api/canonical").json()
    assert canon, "saving the article merged its events"
    assert all(isinstance(c["context"], list) and c["mentions"] for c in canon)
    assert all(c["fatalities_sources"] is None or isinstance(c["fatalities_sources"], list | dict) for c in canon)
    for path in ("/api/events?since=garbage", "/api/timeline?until=June", "/api/claims?since=2024-6-1"):
        res = client.get(path)
        assert res.status_code == 422 and res.json()["error"] == "E422", path
    assert client.get("/api/events", params={"since": "2024-06"}).json()


def test_serve_names_missing_dashboard_assets(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from importlib import resources

    from polemos.cli import _serve

    assert set(_serve.VENDOR_FILES) >= {"leaflet/leaflet.js", "cytoscape.min.js"}
    pages = (STATIC / "index.html").read_text() + (STATIC / "app.js").read_text()
    pages += (STATIC.parent / "api.py").read_text()  # the /docs page
    for name in _serve.VENDOR_FILES:  # every vendored file the dashboard loads is in the list
        assert f"/static/vendor/{name}" in pages
    empty = tmp_path / "web"
    (empty / "static").mkdir(parents=True)
    monkeypatch.setattr(resources, "files", lambda pkg: empty)
    assert _serve.missing_assets() == list(_serve.VENDOR_FILES)


def test_api_docs_page_is_served_locally(client: TestClient) -> None:
    res = client.get("/docs")
    assert res.status_code == 200
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in res.text
    assert not re.search(r"(src|href)=[\"']https?://", res.text), "the API docs page must not load from a CDN"
    assert client.get("/openapi.json").json()["info"]["title"] == "polemos"
