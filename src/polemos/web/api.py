"""The REST API and the dashboard (FastAPI). One JSON error shape: {"error", "message", "hint"}.

Run it with `polemos serve` (needs the `web` extra: fastapi + uvicorn). The store is opened read-only only to make
an answer (web._cache keeps answers while the store file is unchanged), so `polemos analyze` can add articles
while the server runs. Every request passes the Guard first (trusted Host
header, body cap, security headers); no answer names a filesystem path, and an unexpected exception answers E703
in the JSON shape (its traceback goes to the server's log).
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import TypeAdapter
from starlette.exceptions import HTTPException

from polemos.errors import PolemosError, error_json, http_status
from polemos.settings import Settings
from polemos.store import Store
from polemos.web import _queries as q
from polemos.web._cache import AnswerCache
from polemos.web._filters import check_filters
from polemos.web._guard import DASHBOARD_CSP, Guard, HostPolicy, csp_hash, security_headers
from polemos.web._reader import StoreKeeper

__all__ = ["create_app", "HostPolicy", "STATIC", "MAX_OFFSET"]

log = logging.getLogger(__name__)
STATIC = Path(str(resources.files("polemos.web").joinpath("static")))
MAX_OFFSET = 1_000_000_000  # far past any store; DuckDB's BIGINT would overflow at 2**63 (was an HTTP 500)
_TEXT = 200  # longest filter value taken (ids, ISO codes and type names are far shorter)
_JSON: TypeAdapter[Any] = TypeAdapter(Any)  # dates as ISO strings, NaN as null


def _docs_page() -> tuple[HTMLResponse, str]:
    """Swagger UI from the locally served npm files (FastAPI's default page loads it from a CDN), and the CSP
    for it: its one inline bootstrap script by hash; Swagger UI sets inline styles and data: icons."""
    page = get_swagger_ui_html(openapi_url="/openapi.json", title="polemos API",
                               swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
                               swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
                               swagger_favicon_url="/static/favicon.svg")
    scripts = re.findall(r"<script>(.*?)</script>", bytes(page.body).decode("utf-8"), flags=re.S)
    csp = ("default-src 'self'; script-src 'self' " + " ".join(csp_hash(s) for s in scripts)
           + "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
           " form-action 'self'; frame-ancestors 'none'")
    return page, csp


def create_app(db_path: str, settings: Settings | None = None) -> FastAPI:
    """The app over the store at ``db_path``; ``settings`` gives the allowed hosts and the request-size cap."""
    settings = settings or Settings()
    db_name = Path(db_path).name
    docs_page, docs_csp = _docs_page()
    app = FastAPI(title="polemos", version="0.1.0", docs_url=None, redoc_url=None,
                  description="Conflict events, actors, places, claims and quotes from the polemos store.")
    app.add_middleware(Guard, hosts=HostPolicy(settings.allowed_hosts), max_body=settings.max_request_bytes,
                       csp={"/docs": docs_csp})

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return docs_page

    cache = AnswerCache(db_path)
    app.state.answers = cache

    def open_store() -> Store:
        try:
            return Store(db_path, read_only=True, lock_wait=10.0)  # `polemos analyze` holds it only to write
        except PolemosError as exc:  # its message carries the path and the lock holder: the log keeps them
            log.warning("opening the store failed: %s", exc)
            raise PolemosError(exc.code, f"the store {db_name!r} cannot be opened (another process holds it, "
                                         "or it is not a DuckDB store)", exc.hint) from None

    keeper = StoreKeeper(open_store)
    app.state.keeper = keeper

    def read(fn: Callable[[Store], Any]) -> bytes:
        """Run ``fn`` on the store (read-only, in a pool thread): the JSON answer as bytes."""
        with keeper.read() as store:
            value = fn(store)
        return _JSON.dump_json(value)  # pydantic-core: the bytes json.dumps(jsonable_encoder(...)) gives, ~20x faster

    async def answer(name: str, params: dict[str, Any], fn: Callable[[Store], Any]) -> Response:
        state = cache.state()
        if state is None:
            raise PolemosError("E302", f"no store named {db_name!r} on the server",
                               "run `polemos analyze ...` first, or start `polemos serve --db PATH` on a store")
        key = json.dumps([name, params], sort_keys=True, default=str)
        return Response(await cache.get(key, state, lambda: read(fn)), media_type="application/json")

    @app.exception_handler(PolemosError)
    async def _polemos_error(request: Request, exc: PolemosError) -> JSONResponse:
        return JSONResponse(q.scrub_paths(exc.to_dict(), db_path), status_code=http_status(exc.code))

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
        hint = "see /docs for the endpoints and their methods" if exc.status_code in (404, 405) else None
        return JSONResponse(error_json(f"HTTP{exc.status_code}", str(exc.detail), hint),
                            status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        return JSONResponse(error_json("E422", f"invalid request: {detail}", "see /docs for the parameters"),
                            status_code=422)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        """Starlette's outermost layer calls this, answers with it, then re-raises, so the traceback is logged by
        the server; the answer names only the request and the exception's type (its text may hold paths)."""
        body = PolemosError("E703", f"{request.method} {request.url.path} failed ({type(exc).__name__})").to_dict()
        csp = docs_csp if request.url.path == "/docs" else DASHBOARD_CSP
        headers = {k.decode(): v.decode() for k, v in security_headers(csp)}
        return JSONResponse(body, status_code=500, headers=headers)

    async def filters(since: str | None = Query(None, max_length=10), until: str | None = Query(None, max_length=10),
                      country: str | None = Query(None, max_length=_TEXT),
                      type: str | None = Query(None, max_length=_TEXT),
                      status: str | None = Query(None, max_length=_TEXT),
                      article: str | None = Query(None, max_length=_TEXT)) -> dict[str, Any]:
        return check_filters({"since": since, "until": until, "country": country, "type": type,
                              "status": status, "article": article})

    Filters = Depends(filters)
    Offset = Query(0, ge=0, le=MAX_OFFSET)

    @app.get("/api/health", summary="Liveness: answers without opening the store")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/api/stats", summary="Counts in the store")
    async def stats() -> Response:
        return await answer("stats", {}, lambda s: q.public_stats(s.stats(), db_path))

    @app.get("/api/articles", summary="Stored articles, newest first")
    async def articles(limit: int = Query(50, ge=1, le=1000), offset: int = Offset) -> Response:
        return await answer("articles", {"limit": limit, "offset": offset},
                            lambda s: q.list_articles(s.conn, limit, offset))

    @app.get("/api/articles/{article_id}", summary="One article's output document (an id prefix is enough)")
    async def article(article_id: str = PathParam(max_length=_TEXT)) -> Response:
        def one(s: Store) -> dict[str, Any]:
            doc = s.get_result(article_id)
            if doc is None:
                raise PolemosError("E303", f"no single stored article matches id {article_id!r}")
            return q.public_document(doc)

        return await answer("article", {"id": article_id}, one)

    @app.get("/api/events", summary="Events with actors, place and evidence (filterable)")
    async def events(f: dict[str, Any] = Filters, limit: int = Query(200, ge=1, le=5000),
                     offset: int = Offset) -> Response:
        return await answer("events", {**f, "limit": limit, "offset": offset},
                            lambda s: q.list_events(s.conn, f, limit, offset))

    @app.get("/api/events.geojson", summary="Events with a located place as a GeoJSON FeatureCollection")
    async def geojson(f: dict[str, Any] = Filters, limit: int = Query(5000, ge=1, le=50000)) -> Response:
        return await answer("geojson", {**f, "limit": limit}, lambda s: q.events_geojson(s.conn, f, limit))

    @app.get("/api/timeline", summary="Event counts per date, type and status")
    async def timeline(f: dict[str, Any] = Filters) -> Response:
        return await answer("timeline", f, lambda s: q.timeline(s.conn, f))

    @app.get("/api/network", summary="Actor network: actors as nodes, events between them as edges")
    async def network(f: dict[str, Any] = Filters) -> Response:
        return await answer("network", f, lambda s: q.network(s.conn, f))

    @app.get("/api/claims", summary="Claims (asserts/denies) with claimant, event and status")
    async def claims(f: dict[str, Any] = Filters, limit: int = Query(200, ge=1, le=5000),
                     offset: int = Offset) -> Response:
        return await answer("claims", {**f, "limit": limit, "offset": offset},
                            lambda s: q.list_claims(s.conn, f, limit, offset))

    @app.get("/api/canonical", summary="Events merged across articles, with their mentions")
    async def canonical(limit: int = Query(200, ge=1, le=5000), offset: int = Offset) -> Response:
        return await answer("canonical", {"limit": limit, "offset": offset},
                            lambda s: q.canonical(s.conn, limit, offset))

    @app.get("/api/relations", summary="Relations merged across articles: alliances, arms supplies, bases, ...")
    async def relations(actor: str | None = Query(None, max_length=_TEXT),
                        type: str | None = Query(None, max_length=_TEXT)) -> Response:  # noqa: A002 (the API name)
        from polemos.records import RELATION_TYPES
        from polemos.relations.edges import relation_rows

        if type is not None and type not in RELATION_TYPES:
            raise PolemosError("E401", f"unknown relation type {type!r}", f"use one of {', '.join(RELATION_TYPES)}")
        return await answer("relations", {"actor": actor, "type": type},
                            lambda s: relation_rows(s.documents(), actor, type))

    pipeline_lock = threading.Lock()

    def scenario_pipeline() -> Any:
        with pipeline_lock:  # loaded on the first scenario question only (spaCy, gazetteer, coder)
            if getattr(app.state, "pipeline", None) is None:
                from polemos.pipeline import Pipeline

                app.state.pipeline = Pipeline.load()
            return app.state.pipeline

    @app.get("/api/scenario", summary="Who is drawn in if q happens (\"Azerbaijan attacks Armenia\"), with evidence")
    async def scenario(q_: str = Query(..., alias="q", min_length=3, max_length=_TEXT)) -> Response:
        from polemos.relations.scenario import answer as drawn_in
        from polemos.relations.scenario import parse_scenario

        return await answer("scenario", {"q": q_},
                            lambda s: drawn_in(parse_scenario(scenario_pipeline(), q_), s.documents()))

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
