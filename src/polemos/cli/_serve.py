"""`polemos serve`: the REST API and the dashboard."""

from __future__ import annotations

from dataclasses import replace

import click

from polemos.cli._common import db_option
from polemos.errors import PolemosError
from polemos.settings import Settings

__all__ = ["serve", "server_settings", "VENDOR_FILES", "missing_assets"]


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="Also answer requests whose Host header is NAME (repeatable; '*.example.org' for a domain, '*' "
                   "for any). localhost, 127.0.0.1, ::1, the --host address and POLEMOS_ALLOWED_HOSTS (comma-"
                   "separated) are always answered; other Host headers get HTTP 400 (DNS-rebinding guard).")
def serve(db_path: str, host: str, port: int, allowed_hosts: tuple[str, ...]) -> None:
    """Serve the REST API (/api/..., OpenAPI at /docs) and the dashboard (/) over the store."""
    try:
        import uvicorn

        from polemos.web.api import create_app
    except ImportError as exc:
        raise PolemosError("E700", f"the web extra is not installed ({exc.name})",
                           "run `pip install -e '.[web]'` (or `make serve`)") from None
    settings = server_settings(db_path, host, allowed_hosts)
    missing = missing_assets()
    if missing:
        click.echo(f"warning: the dashboard's front-end libraries are not built ({', '.join(missing)} missing): "
                   "the map and network will not show; run `make web` (npm) once. The API works.", err=True)
    if "*" in settings.allowed_hosts:
        click.echo("warning: --allowed-host '*' answers any Host header: a web page elsewhere can then read this "
                   "server through DNS rebinding", err=True)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"polemos: dashboard at http://{shown}:{port}/  API docs at http://{shown}:{port}/docs", err=True)
    uvicorn.run(create_app(db_path, settings), host=host, port=port, log_level="warning")


def server_settings(db_path: str, host: str, allowed_hosts: tuple[str, ...]) -> Settings:
    """The settings `polemos serve` runs with: the environment's, plus the --host address and --allowed-host."""
    base = Settings.from_env(db_path=db_path)
    listen = () if host in ("0.0.0.0", "::", "") else (host,)  # nosec B104  # a comparison: a wildcard is no Host
    hosts = tuple(dict.fromkeys((*base.allowed_hosts, *listen, *allowed_hosts)))
    from polemos.web.api import HostPolicy  # the web extra: serve checked it before calling this

    try:
        HostPolicy(hosts)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--allowed-host / POLEMOS_ALLOWED_HOSTS") from None
    return replace(base, allowed_hosts=hosts)


VENDOR_FILES = ("leaflet/leaflet.js", "leaflet/leaflet.css", "topojson-client.min.js", "cytoscape.min.js",
                "swagger-ui/swagger-ui-bundle.js", "swagger-ui/swagger-ui.css",
                "countries-50m.json")


def missing_assets() -> list[str]:
    """Front-end files the dashboard loads from static/vendor (built by `make web`, not kept in git)."""
    from importlib import resources

    vendor = resources.files("polemos.web").joinpath("static", "vendor")
    return [name for name in VENDOR_FILES if not vendor.joinpath(*name.split("/")).is_file()]
