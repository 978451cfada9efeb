"""What every request passes first: a trusted Host header, a request-size cap, and security headers on every answer.

One pure ASGI middleware (no per-request task or body copy, unlike Starlette's BaseHTTPMiddleware). It answers
its own refusals in the API's JSON error shape; Starlette's TrustedHostMiddleware answers in plain text and keeps
the brackets of an IPv6 literal, so ``::1`` would never match ``[::1]:8000``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from polemos.errors import PolemosError, http_status

__all__ = ["Guard", "HostPolicy", "csp_hash", "security_headers", "DASHBOARD_CSP"]

_HOST = re.compile(r"(?:\[(?P<ip6>[0-9A-Fa-f:.]+)\]|(?P<name>[A-Za-z0-9._-]+))(?::(?P<port>\d{1,5}))?")


def csp_hash(text: str) -> str:
    """The CSP source that allows exactly this inline script or style block."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


# Cytoscape puts one <style> block in the page (its container is `position: relative`); the hash admits that
# block only, so the dashboard needs no 'unsafe-inline'. Leaflet and the timeline style elements through the
# CSSOM (element.style), which CSP allows.
_CYTOSCAPE_STYLE = ".__________cytoscape_container { position: relative; }"
_COMMON = "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
DASHBOARD_CSP = (f"default-src 'self'; style-src 'self' {csp_hash(_CYTOSCAPE_STYLE)}; img-src 'self' data:; "
                 + _COMMON)


def security_headers(csp: str) -> list[tuple[bytes, bytes]]:
    return [
        (b"content-security-policy", csp.encode("ascii")),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"no-referrer"),
        (b"cross-origin-opener-policy", b"same-origin"),
        (b"cross-origin-resource-policy", b"same-origin"),
    ]


class HostPolicy:
    """Which Host headers the server answers: exact names, ``*.example.org`` suffixes, or ``*`` for any."""

    def __init__(self, hosts: Iterable[str]) -> None:
        self.exact: set[str] = set()
        self.suffixes: list[str] = []
        self.any = False
        for raw in hosts:
            host = raw.strip().lower().removeprefix("[").removesuffix("]")
            if host == "*":
                self.any = True
            elif host.startswith("*."):
                self.suffixes.append(host[1:])
            elif host and "*" not in host:
                self.exact.add(host)
            else:
                raise ValueError(f"allowed host {raw!r}: give a name, an IP address, '*.example.org' or '*'")

    def allows(self, header: str | None) -> bool:
        if self.any:
            return True
        match = _HOST.fullmatch(header or "")
        if match is None:
            return False
        host = (match["ip6"] or match["name"]).lower().rstrip(".")
        return host in self.exact or any(host.endswith(s) for s in self.suffixes)

    def __repr__(self) -> str:
        return f"HostPolicy({sorted(self.exact) + ['*' + s for s in self.suffixes] + (['*'] if self.any else [])})"


class Guard:
    """ASGI middleware: refuse an untrusted Host (400) and a body over ``max_body`` bytes (413), both as JSON;
    add the security headers to every HTTP answer (``csp`` maps a path to its own policy; else DASHBOARD_CSP)."""

    def __init__(self, app: ASGIApp, hosts: HostPolicy, max_body: int, csp: dict[str, str]) -> None:
        self.app, self.hosts, self.max_body, self.csp = app, hosts, max_body, csp

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = security_headers(self.csp.get(scope.get("path", ""), DASHBOARD_CSP))
        headers = dict((k.lower(), v) for k, v in scope.get("headers", []))
        host = headers.get(b"host", b"").decode("latin-1")
        if not self.hosts.allows(host):
            shown = host if len(host) <= 100 else host[:100] + "..."
            await _refuse(send, extra, "E701", f"Host header {shown!r} is not one this server answers to")
            return
        length = headers.get(b"content-length")
        if length is not None:
            if not length.isdigit():
                await _refuse(send, extra, "E422", f"Content-Length {length[:40]!r} is not a number of bytes",
                              "send a valid Content-Length")
                return
            if int(length) > self.max_body:
                await _refuse(send, extra, "E702", f"the request body is {int(length)} bytes; the cap is "
                                                   f"{self.max_body}")
                return

        received = 0

        async def capped_receive() -> Message:  # a chunked body (no Content-Length) is counted as it arrives
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise PolemosError("E702", f"the request body is over the cap of {self.max_body} bytes")
            return message

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in extra if h[0] not in have)]
            await send(message)

        await self.app(scope, capped_receive, send_with_headers)


async def _refuse(send: Send, extra: list[tuple[bytes, bytes]], code: str, message: str,
                  hint: str | None = None) -> None:
    err = PolemosError(code, message, hint)
    body = json.dumps(err.to_dict()).encode("utf-8")
    await send({"type": "http.response.start", "status": http_status(code),
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *extra]})
    await send({"type": "http.response.body", "body": body})
