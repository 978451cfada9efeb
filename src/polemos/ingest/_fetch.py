"""Safe URL fetching: http(s) only, timeout, size cap, no loopback/private/link-local targets by default."""

from __future__ import annotations

import ipaddress
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlparse

from polemos.errors import InputError

__all__ = ["Fetched", "fetch_url", "check_url"]

USER_AGENT = "polemos/0.1 (+conflict event coding; offline-first)"


@dataclass(frozen=True)
class Fetched:
    url: str  # final URL after redirects
    content_type: str
    body: bytes


def check_url(url: str, allow_private: bool) -> None:
    """Raise InputError unless ``url`` is http(s) to a public address (or ``allow_private``)."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise InputError("E110", url, "only http:// and https:// URLs can be fetched")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parsed.hostname, parsed.port or 0, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise InputError("E111", url, f"cannot resolve host {parsed.hostname!r} ({exc.strerror})") from None
    for info in infos:
        ip = ipaddress.ip_address(info[4][0])
        if ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_reserved or ip.is_multicast:
            raise InputError("E112", url, f"refusing to fetch a loopback/private/link-local address ({ip})",
                             "pass --allow-private if you really mean to fetch it")


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        check_url(newurl, self.allow_private)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_url(url: str, *, timeout: float, max_bytes: int, allow_private: bool = False) -> Fetched:
    check_url(url, allow_private)
    opener = urllib.request.build_opener(_CheckedRedirects(allow_private))
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with opener.open(request, timeout=timeout) as response:
            body = response.read(max_bytes + 1)
            content_type = response.headers.get("Content-Type", "")
            final = response.geturl()
    except InputError:
        raise
    except urllib.error.HTTPError as exc:
        raise InputError("E113", url, f"HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise InputError("E114", url, f"could not be fetched ({reason})", "check the URL and your network") from None
    if len(body) > max_bytes:
        raise InputError("E115", url, f"is larger than the {max_bytes // (1024 * 1024)} MB download cap")
    return Fetched(final, content_type.lower(), body)
