"""Safe URL fetching: http(s) only, public addresses only (unless allowed), a deadline, a size cap.

Each hop of a fetch resolves its host once, refuses it unless every address is public (see ``_pinned.is_public``;
``allow_private`` lifts that), and connects to a checked address, so DNS rebinding cannot swap in another one.
Redirects are followed here, each hop checked the same way, at most ``MAX_REDIRECTS``. The whole fetch (all hops,
connect, TLS, headers, body) has one deadline, ``timeout`` seconds. The body is capped at ``max_bytes`` both as sent
and as decompressed (gzip/deflate are decoded in bounded steps, so a small bomb cannot grow past the cap). A feed's
entries share a ``Budget`` of time and bytes, so a feed of slow or large pages ends in bounded time.
"""

from __future__ import annotations

import functools
import http.client
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from polemos.errors import InputError
from polemos.ingest._pinned import Deadline, IPAddress, PinnedConnection, is_public, resolve

__all__ = ["Budget", "Fetched", "fetch_url", "check_url", "MAX_REDIRECTS", "FEED_SECONDS", "FEED_BYTES"]

USER_AGENT = "polemos/0.1 (+conflict event coding; offline-first)"
MAX_REDIRECTS = 5
FEED_SECONDS = 300.0  # all entries of one feed, together
FEED_BYTES = 50 * 1024 * 1024
_REDIRECTS = {301, 302, 303, 307, 308}
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Fetched:
    url: str  # final URL after redirects
    content_type: str
    body: bytes


class Budget:
    """Time and bytes shared by the fetches of one feed's entries (time spent fetching, not analysing)."""

    def __init__(self, seconds: float | None = None, max_bytes: int | None = None) -> None:
        self.seconds = FEED_SECONDS if seconds is None else seconds
        self.max_bytes = FEED_BYTES if max_bytes is None else max_bytes
        self.seconds_left = self.seconds
        self.bytes_left = self.max_bytes

    def spent(self) -> bool:
        return self.bytes_left <= 0 or self.seconds_left <= 0

    def deadline(self) -> Deadline:
        return Deadline(self.seconds_left, budget=True)

    def describe(self) -> str:
        return f"{self.seconds:g} s and {self.max_bytes / (1024 * 1024):.3g} MB"


@dataclass(frozen=True)
class _Target:
    url: str
    host: str
    port: int
    tls: bool
    path: str
    addresses: tuple[IPAddress, ...]


def _resolve_by(host: str, port: int, deadline: Deadline | None) -> list[IPAddress]:
    """``resolve``, given up on (TimeoutError) at ``deadline``: getaddrinfo itself has no timeout, so it runs in a
    daemon thread that is left to finish on its own when the deadline passes."""
    if deadline is None:
        return resolve(host, port)
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["addresses"] = resolve(host, port)
        except Exception as exc:  # handed to the caller below
            box["error"] = exc

    worker = threading.Thread(target=run, name=f"polemos-resolve-{host}", daemon=True)
    worker.start()
    worker.join(deadline.left())
    if worker.is_alive():
        raise TimeoutError(f"resolving {host} took too long")
    if "error" in box:
        raise box["error"]
    return list(box["addresses"])


def _target(url: str, allow_private: bool, source: str | None = None, deadline: Deadline | None = None) -> _Target:
    """Parse ``url``, resolve its host once (by ``deadline``) and check every address (raises InputError naming
    ``source``, the URL the user gave, when ``url`` is a redirect's target)."""
    parts = urlsplit(url)
    src = source or url
    hop = f" (a redirect led to {url})" if src != url else ""
    try:
        port = parts.port
        host = (parts.hostname or "").encode("idna").decode("ascii")
    except (ValueError, UnicodeError) as exc:
        raise InputError("E110", src, f"is not a valid URL ({exc}){hop}") from None
    if parts.scheme not in ("http", "https") or not host:
        raise InputError("E110", src, f"only http:// and https:// URLs can be fetched{hop}")
    tls = parts.scheme == "https"
    port = port or (443 if tls else 80)
    try:
        addresses = _resolve_by(host, port, deadline)
    except (socket.gaierror, UnicodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise InputError("E111", src, f"cannot resolve host {host!r} ({reason}){hop}") from None
    if not addresses:
        raise InputError("E111", src, f"host {host!r} resolves to no address{hop}")
    if not allow_private:
        for ip in addresses:
            if not is_public(ip):
                raise InputError("E112", src, f"refusing to fetch a non-public address ({ip}: loopback, private, "
                                 f"carrier-grade NAT, link-local, reserved or multicast){hop}",
                                 "pass --allow-private if you really mean to fetch it")
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return _Target(url, host, port, tls, path, tuple(addresses))


def check_url(url: str, allow_private: bool) -> list[IPAddress]:
    """The addresses a fetch of ``url`` may connect to; InputError unless http(s) to public addresses only."""
    return list(_target(url, allow_private).addresses)


def _connect(target: _Target, deadline: Deadline, tls: ssl.SSLContext | None) -> PinnedConnection:
    """A connection to the first checked address that answers (the name is not resolved again)."""
    error: OSError | None = None
    for ip in target.addresses:
        conn = PinnedConnection(target.host, target.port, ip, deadline, tls)
        try:
            conn.connect()
            return conn
        except TimeoutError:
            conn.close()
            raise
        except OSError as exc:
            conn.close()
            error = exc
    raise error if error is not None else OSError("no address to connect to")


class _Decoder:
    """Content-Encoding identity, gzip or deflate, decoded in steps that never exceed ``cap`` + 1 bytes."""

    def __init__(self, encoding: str, source: str, cap: int) -> None:
        self.encoding = encoding
        self.source = source
        self.cap = cap
        self.out: list[bytes] = []
        self.size = 0
        if encoding in ("", "identity"):
            self._z = None
        elif encoding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = zlib.decompressobj(32 + zlib.MAX_WBITS)
        else:
            raise InputError("E114", source, f"was sent with Content-Encoding {encoding!r}, which polemos cannot "
                             "decode", "save the page with a browser and give the file")

    def feed(self, data: bytes) -> bool:
        """Add ``data``; False once the decoded body is over the cap."""
        while data:
            if self._z is None:
                piece, data = data, b""
            else:
                try:
                    piece = self._z.decompress(data, self.cap + 1 - self.size)
                except zlib.error as exc:
                    raise InputError("E114", self.source, f"sent a corrupt {self.encoding} body ({exc})") from None
                data = self._z.unconsumed_tail
                if self._z.eof:  # a gzip file of several members: go on with the next one
                    data = self._z.unused_data
                    self._z = zlib.decompressobj(16 + zlib.MAX_WBITS) if data else self._z
            self.out.append(piece)
            self.size += len(piece)
            if self.size > self.cap:
                return False
        return True


def _over_cap(source: str, cap: int, budget: Budget | None, what: str) -> InputError:
    """The error for a body over ``cap``; when the cap was the feed ``budget``'s bytes left, they are spent."""
    if budget is not None:
        budget.bytes_left = 0
        return InputError("E118", source, f"not fetched in full: the feed's entries used up its budget of "
                          f"{budget.describe()} ({what})")
    size = f"{cap / (1024 * 1024):g} MB" if cap >= 1024 * 1024 else f"{cap:,}-byte"
    return InputError("E115", source, f"is larger than the {size} download cap ({what})")


def _read_body(resp: http.client.HTTPResponse, source: str, cap: int, budget: Budget | None) -> bytes:
    declared = resp.getheader("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > cap:
        raise _over_cap(source, cap, budget, f"declares {int(declared):,} bytes")
    decoder = _Decoder(resp.getheader("Content-Encoding", "").strip().lower(), source, cap)
    wire = 0
    while chunk := resp.read1(_CHUNK):
        wire += len(chunk)
        if wire > cap or not decoder.feed(chunk):
            raise _over_cap(source, cap, budget, "sent" if wire > cap else "decompressed")
    return b"".join(decoder.out)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    return ssl.create_default_context()  # verifies the certificate and that it is for the host name


def fetch_url(url: str, *, timeout: float, max_bytes: int, allow_private: bool = False,
              budget: Budget | None = None) -> Fetched:
    """GET ``url`` (redirects followed and checked) within ``timeout`` seconds in all, at most ``max_bytes``.

    With a feed's ``budget`` the fetch also stops when the feed's time or bytes left run out (E118), and spends them.
    """
    deadline = Deadline(timeout)
    cap, cap_budget = max_bytes, None  # cap_budget: the feed's budget, when its bytes left are the cap
    if budget is not None:
        if budget.spent():
            raise InputError("E118", url, f"not fetched: the feed's entries used up its budget of {budget.describe()}")
        deadline = deadline.earlier(budget.deadline())
        if budget.bytes_left < max_bytes:
            cap, cap_budget = budget.bytes_left, budget
    started = time.monotonic()
    current = url
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            conn: PinnedConnection | None = None
            resp: http.client.HTTPResponse | None = None
            try:
                target = _target(current, allow_private, url, deadline)
                conn = _connect(target, deadline, _tls_context() if target.tls else None)
                conn.request("GET", target.path, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip",
                                                          "Connection": "close"})
                resp = conn.getresponse()
                if resp.status in _REDIRECTS:
                    location = resp.getheader("Location")
                    if not location:
                        raise InputError("E117", url, f"answered HTTP {resp.status} without a Location to go to")
                    current = urljoin(current, location.strip())
                    continue
                if not 200 <= resp.status < 300:
                    at = f" (at {current})" if current != url else ""
                    raise InputError("E113", url, f"HTTP {resp.status} {resp.reason}{at}")
                body = _read_body(resp, url, cap, cap_budget)
                if budget is not None:
                    budget.bytes_left -= len(body)
                return Fetched(current, (resp.getheader("Content-Type") or "").lower(), body)
            except TimeoutError:
                if deadline.budget and budget is not None:
                    raise InputError("E118", url, "not fetched in full: the feed's entries used up its budget of "
                                     f"{budget.describe()}") from None
                raise InputError("E116", url, f"did not finish within the {timeout:g} s deadline (a slow or "
                                 "stalled server)") from None
            except ssl.SSLError as exc:
                raise InputError("E114", url, f"TLS failed ({exc.reason or exc})",
                                 "check the URL; polemos only fetches https pages with a valid certificate") from None
            except http.client.InvalidURL as exc:
                raise InputError("E110", url, f"is not a valid URL ({exc})") from None
            except (OSError, http.client.HTTPException) as exc:
                raise InputError("E114", url, f"could not be fetched ({type(exc).__name__}: {exc})",
                                 "check the URL and your network") from None
            finally:
                if resp is not None:
                    resp.close()
                if conn is not None:
                    conn.close()
        raise InputError("E117", url, f"redirected more than {MAX_REDIRECTS} times (last to {current})")
    finally:
        if budget is not None:
            budget.seconds_left -= time.monotonic() - started
