"""The REST API and the dashboard (FastAPI). One JSON error shape: {"error", "message", "hint"}.

Run it with `polemos serve` (needs the `web` extra: fastapi + uvicorn). The store is opened read-only per request, so
`polemos analyze` can add articles while the server runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from polemos.errors import PolemosError, error_json, http_status
from polemos.store import Store
from polemos.web import _queries as q

__all__ = ["create_app"]

STATIC = Path(str(resources.files("polemos.web").joinpath("static")))
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def create_app(db_path: str) -> FastAPI:
    app = FastAPI(title="polemos", version="0.1.0", docs_url=None, redoc_url=None,
                  description="Conflict events, actors, places, claims and quotes from the polemos store.")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        """Swagger UI from the locally served npm files (FastAPI's default page loads it from a CDN)."""
        return get_swagger_ui_html(openapi_url="/openapi.json", title="polemos API",
                                   swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg")

    def open_store() -> Iterator[Store]:
        if not Path(db_path).exists():
            raise PolemosError("E302", f"no store at {db_path}", "run `polemos analyze ...` first")
        store = Store(db_path, read_only=True, lock_wait=10.0)  # `polemos analyze` holds it only to write
        try:
            yield store
        finally:
            store.close()

    @app.exception_handler(PolemosError)
    async def _polemos_error(request: Request, exc: PolemosError) -> JSONResponse:
        return JSONResponse(exc.to_dict(), status_code=http_status(exc.code))

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse(error_json(f"HTTP{exc.status_code}", str(exc.detail)), status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        return JSONResponse(error_json("E422", f"invalid request: {detail}", "see /docs for the parameters"),
                            status_code=422)

    Db = Depends(open_store)

    def filters(since: str | None = None, until: str | None = None, country: str | None = None,
                type: str | None = None, status: str | None = None, article: str | None = None) -> dict[str, Any]:
        for name, value in (("since", since), ("until", until)):
            if value is not None and not _DATE.fullmatch(value):
                raise PolemosError("E422", f"{name}={value!r} is not a date", "write YYYY, YYYY-MM or YYYY-MM-DD")
        return {"since": since, "until": until, "country": country, "type": type, "status": status,
                "article": article}

    Filters = Depends(filters)

    @app.get("/api/stats", summary="Counts in the store")
    def stats(s: Store = Db) -> dict[str, Any]:
        return s.stats()

    @app.get("/api/articles", summary="Stored articles, newest first")
    def articles(limit: int = Query(50, ge=1, le=1000), offset: int = Query(0, ge=0),
                 s: Store = Db) -> list[dict[str, Any]]:
        return q.list_articles(s.conn, limit, offset)

    @app.get("/api/articles/{article_id}", summary="One article's output document (an id prefix is enough)")
    def article(article_id: str, s: Store = Db) -> dict[str, Any]:
        doc = s.get_result(article_id)
        if doc is None:
            raise PolemosError("E303", f"no single stored article matches id {article_id!r}")
        return doc

    @app.get("/api/events", summary="Events with actors, place and evidence (filterable)")
    def events(f: dict[str, Any] = Filters, limit: int = Query(200, ge=1, le=5000), offset: int = Query(0, ge=0),
               s: Store = Db) -> list[dict[str, Any]]:
        return q.list_events(s.conn, f, limit, offset)

    @app.get("/api/events.geojson", summary="Events with a located place as a GeoJSON FeatureCollection")
    def geojson(f: dict[str, Any] = Filters, limit: int = Query(5000, ge=1, le=50000),
                s: Store = Db) -> dict[str, Any]:
        return q.events_geojson(s.conn, f, limit)

    @app.get("/api/timeline", summary="Event counts per date, type and status")
    def timeline(f: dict[str, Any] = Filters, s: Store = Db) -> list[dict[str, Any]]:
        return q.timeline(s.conn, f)

    @app.get("/api/network", summary="Actor network: actors as nodes, events between them as edges")
    def network(f: dict[str, Any] = Filters, s: Store = Db) -> dict[str, Any]:
        return q.network(s.conn, f)

    @app.get("/api/claims", summary="Claims (asserts/denies) with claimant, event and status")
    def claims(f: dict[str, Any] = Filters, limit: int = Query(200, ge=1, le=5000), offset: int = Query(0, ge=0),
               s: Store = Db) -> list[dict[str, Any]]:
        return q.list_claims(s.conn, f, limit, offset)

    @app.get("/api/canonical", summary="Events merged across articles, with their mentions")
    def canonical(limit: int = Query(200, ge=1, le=5000), offset: int = Query(0, ge=0),
                  s: Store = Db) -> list[dict[str, Any]]:
        return q.canonical(s.conn, limit, offset)

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
