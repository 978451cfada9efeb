"""`polemos serve`: the REST API and the dashboard."""

from __future__ import annotations

import click

from polemos.cli._common import db_option
from polemos.errors import PolemosError

__all__ = ["serve", "VENDOR_FILES", "missing_assets"]


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
def serve(db_path: str, host: str, port: int) -> None:
    """Serve the REST API (/api/..., OpenAPI at /docs) and the dashboard (/) over the store."""
    try:
        import uvicorn

        from polemos.web.api import create_app
    except ImportError as exc:
        raise PolemosError("E700", f"the web extra is not installed ({exc.name})",
                           "run `pip install -e '.[web]'` (or `make serve`)") from None
    missing = missing_assets()
    if missing:
        click.echo(f"warning: the dashboard's front-end libraries are not built ({', '.join(missing)} missing): "
                   "the map and network will not show; run `make web` (npm) once. The API works.", err=True)
    click.echo(f"polemos: dashboard at http://{host}:{port}/  API docs at http://{host}:{port}/docs", err=True)
    uvicorn.run(create_app(db_path), host=host, port=port, log_level="warning")


VENDOR_FILES = ("leaflet/leaflet.js", "leaflet/leaflet.css", "topojson-client.min.js", "cytoscape.min.js",
                "swagger-ui/swagger-ui-bundle.js", "swagger-ui/swagger-ui.css",
                "countries-50m.json")


def missing_assets() -> list[str]:
    """Front-end files the dashboard loads from static/vendor (built by `make web`, not kept in git)."""
    from importlib import resources

    vendor = resources.files("polemos.web").joinpath("static", "vendor")
    return [name for name in VENDOR_FILES if not vendor.joinpath(*name.split("/")).is_file()]
