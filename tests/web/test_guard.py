"""The server's guards without the model: trusted Host, security headers, bounded paging, the JSON 500, the body
cap and no filesystem path in any answer. The store is written by hand (one article, one event, one failure)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient

from polemos.errors import InputError, PolemosError, http_status
from polemos.settings import Settings
from polemos.store import Store
from polemos.web import _queries
from polemos.web._guard import Guard, HostPolicy, csp_hash
from polemos.web.api import MAX_OFFSET, create_app

LOCAL = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("guard") / "guard-store.duckdb"
    source = str(path.parent / "inbox" / "wire.jsonl") + ":g-1"
    doc = {"article": {"id": "art_guard1", "source": source}, "events": []}
    with Store(path) as store:
        store.conn.execute("INSERT INTO articles VALUES (?, ?, DATE '2024-05-02', NULL, NULL, ?, ?, now(), ?)",
                           ["art_guard1", "A made-up wire item", source, "Some text.", json.dumps(doc)])
        store.conn.execute("INSERT INTO events (article_id, id, type, status, date, evidence_text) VALUES"
                           " ('art_guard1', 'ev1', 'PROTEST', 'reported', '2024-05-01', 'crowds marched')")
        store.record_failure(InputError("E103", str(path.parent / "inbox" / "empty.txt"), "the file is empty"))
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(create_app(str(db)), base_url=LOCAL, raise_server_exceptions=False)


def _is_json_error(res: object, status: int, code: str | None = None) -> dict[str, str]:
    body = res.json()  # type: ignore[attr-defined]
    assert res.status_code == status, body  # type: ignore[attr-defined]
    assert set(body) == {"error", "message", "hint"} and body["hint"]
    if code:
        assert body["error"] == code
    return body  # type: ignore[no-any-return]


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.evil.example", "localhost.:80x", "", "a b"])
def test_untrusted_host_is_refused_as_json(client: TestClient, host: str) -> None:
    res = client.get("/api/stats", headers={"host": host})
    _is_json_error(res, 400, "E701")
    assert res.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "127.0.0.1:1234", "[::1]:8000", "[::1]", "LOCALHOST"])
def test_local_hosts_are_answered(client: TestClient, host: str) -> None:
    assert client.get("/api/health", headers={"host": host}).status_code == 200


def test_allowed_hosts_come_from_settings(db: Path) -> None:
    app = create_app(str(db), Settings(allowed_hosts=("dash.example.org", "*.lan")))
    c = TestClient(app, base_url="http://dash.example.org")
    assert c.get("/api/health").status_code == 200
    assert c.get("/api/health", headers={"host": "box.lan:8000"}).status_code == 200
    assert c.get("/api/health", headers={"host": "localhost"}).status_code == 400  # the list replaces the default
    assert HostPolicy(["*"]).allows("anything.example")
    with pytest.raises(ValueError):
        HostPolicy(["ex*ample.org"])


@pytest.mark.parametrize("path", ["/", "/api/stats", "/api/events", "/api/nope", "/static/app.js", "/docs"])
def test_security_headers_on_every_answer(client: TestClient, path: str) -> None:
    res = client.get(path)
    assert res.headers["x-content-type-options"] == "nosniff"
    assert res.headers["x-frame-options"] == "DENY"
    assert res.headers["referrer-policy"] == "no-referrer"
    csp = res.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    if path != "/docs":
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_csp_fits_the_dashboard(client: TestClient) -> None:
    """The dashboard loads only same-origin files and has no inline script, style block or style attribute;
    the docs page's one inline script is admitted by its hash."""
    from polemos.web.api import STATIC

    page = (STATIC / "index.html").read_text()
    assert not re.search(r"<script>|<style|\sstyle=|\son\w+=", page)
    assert all(u.startswith("/static/") for u in re.findall(r'(?:src|href)="([^"]+)"', page))
    assert "setAttribute(\"style\"" not in (STATIC / "app.js").read_text()
    docs = client.get("/docs")
    inline = re.findall(r"<script>(.*?)</script>", docs.text, flags=re.S)
    assert inline and all(csp_hash(s) in docs.headers["content-security-policy"] for s in inline)


@pytest.mark.parametrize("query", [f"offset={2**63}", f"offset={2**64}", f"offset={MAX_OFFSET + 1}", "offset=-1",
                                   "limit=0", "limit=100000", f"limit={2**63}", "offset=1e3", "country=" + "x" * 300])
@pytest.mark.parametrize("endpoint", ["/api/events", "/api/claims", "/api/articles", "/api/canonical"])
def test_out_of_range_paging_is_422_json(client: TestClient, endpoint: str, query: str) -> None:
    if query.startswith("country") and endpoint in ("/api/articles", "/api/canonical"):
        return  # these take no filters
    _is_json_error(client.get(f"{endpoint}?{query}"), 422, "E422")


def test_largest_offset_is_an_empty_page(client: TestClient) -> None:
    assert client.get(f"/api/events?offset={MAX_OFFSET}").json() == []


def test_an_unexpected_exception_is_a_coded_json_500(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object) -> None:
        raise RuntimeError(f"secret detail at {db}")

    monkeypatch.setattr(_queries, "timeline", boom)
    res = TestClient(create_app(str(db)), base_url=LOCAL, raise_server_exceptions=False).get("/api/timeline")
    body = _is_json_error(res, 500, "E703")
    assert "RuntimeError" in body["message"] and "/api/timeline" in body["message"]
    assert "secret" not in res.text and str(db.parent) not in res.text
    assert res.headers["content-type"].startswith("application/json")
    assert res.headers["x-frame-options"] == "DENY"


def test_a_body_over_the_cap_is_413_json(db: Path) -> None:
    c = TestClient(create_app(str(db), Settings(max_request_bytes=1000)), base_url=LOCAL)
    _is_json_error(c.post("/api/stats", content=b"x" * 1001), 413, "E702")
    assert c.post("/api/stats", content=b"x" * 10).status_code == 405  # under the cap: on to the router


def test_a_chunked_body_is_counted_as_it_arrives() -> None:
    """No Content-Length: the Guard counts the chunks a route reads and stops at the cap."""
    app = FastAPI()
    app.add_middleware(Guard, hosts=HostPolicy(["127.0.0.1"]), max_body=1000, csp={})

    @app.post("/echo")
    async def echo(request: Request) -> dict[str, int]:
        return {"n": len(await request.body())}

    @app.exception_handler(PolemosError)
    async def _err(request: Request, exc: PolemosError) -> JSONResponse:
        return JSONResponse(exc.to_dict(), status_code=http_status(exc.code))

    c = TestClient(app, base_url=LOCAL)
    assert c.post("/echo", content=(b"x" * 400 for _ in range(2))).json() == {"n": 800}
    _is_json_error(c.post("/echo", content=(b"x" * 400 for _ in range(3))), 413, "E702")


def test_no_filesystem_path_in_any_answer(client: TestClient, db: Path) -> None:
    stats = client.get("/api/stats").json()
    assert stats["db"] == db.name
    assert stats["recent_failures"][0]["source"] == "empty.txt"
    articles = client.get("/api/articles").json()
    assert articles[0]["source"] == "wire.jsonl:g-1"
    doc = client.get("/api/articles/art_guard1").json()
    assert doc["article"]["source"] == "wire.jsonl:g-1"
    for path in ("/api/stats", "/api/articles", "/api/articles/art_guard1", "/api/events", "/api/nothing"):
        text = client.get(path).text
        assert str(db.parent) not in text and "/inbox/" not in text, path


def test_missing_or_unopenable_store_names_no_path(tmp_path: Path) -> None:
    gone = tmp_path / "sub" / "none.duckdb"
    body = _is_json_error(TestClient(create_app(str(gone)), base_url=LOCAL).get("/api/stats"), 404, "E302")
    assert str(tmp_path) not in json.dumps(body) and "none.duckdb" in body["message"]
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"not a database at all" * 100)
    res = TestClient(create_app(str(junk)), base_url=LOCAL).get("/api/stats")
    assert res.status_code >= 400 and str(tmp_path) not in res.text
    assert set(res.json()) == {"error", "message", "hint"}


def test_public_source_and_scrub() -> None:
    assert _queries.public_source("/srv/news/feed.xml#https://example.org/a/b") == "feed.xml#https://example.org/a/b"
    assert _queries.public_source("https://example.org/a/b") == "https://example.org/a/b"
    assert _queries.scrub_paths("lock held by /usr/bin/python3 on /data/x/s.duckdb", "/data/x/s.duckdb") == (
        "lock held by python3 on s.duckdb")
    assert _queries.scrub_paths({"m": ["see https://example.org/a/b"]}) == {"m": ["see https://example.org/a/b"]}
