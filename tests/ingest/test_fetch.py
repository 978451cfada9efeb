"""The URL fetcher: address policy, pinned connections (no DNS rebinding), redirects, deadlines, caps, budgets.

Servers are scripted raw-TCP servers on 127.0.0.1; reaching them needs ``allow_private`` or a patched check.
"""

from __future__ import annotations

import gzip
import ipaddress
import shutil
import socket
import socketserver
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polemos.errors import InputError
from polemos.ingest import _fetch, _pinned, load_inputs
from polemos.ingest._fetch import Budget, check_url, fetch_url
from polemos.ingest._pinned import is_public
from polemos.settings import Settings

TEXT = ("Militia fighters shelled two villages north of the provincial capital on Tuesday, local officials said, "
        "and at least four people were wounded. The army said it had sent reinforcements to the area and that "
        "the roads into the district were closed until further notice.")

Handler = Callable[[socket.socket, str], None]


class Server:
    """A threaded TCP server on 127.0.0.1 that hands each connection (and its request head) to ``handler``."""

    def __init__(self, handler: Handler, tls: ssl.SSLContext | None = None) -> None:
        self.requests: list[str] = []
        self.finished = threading.Event()
        outer = self

        class _Handle(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                if tls is not None:
                    try:
                        self.request = tls.wrap_socket(self.request, server_side=True)
                    except (ssl.SSLError, OSError):  # the client refused the certificate
                        return
                head = b""
                while b"\r\n\r\n" not in head:
                    data = self.request.recv(4096)
                    if not data:
                        return
                    head += data
                outer.requests.append(head.decode("latin-1"))
                try:
                    handler(self.request, head.decode("latin-1"))
                finally:
                    outer.finished.set()

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Handle)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def serve() -> Iterator[Callable[..., Server]]:
    servers: list[Server] = []

    def _serve(handler: Handler, tls: ssl.SSLContext | None = None) -> Server:
        servers.append(Server(handler, tls))
        return servers[-1]

    yield _serve
    for s in servers:
        s.close()


def respond(body: bytes, status: str = "200 OK", headers: dict[str, str] | None = None) -> Handler:
    def _handler(sock: socket.socket, head: str) -> None:
        lines = [f"HTTP/1.1 {status}", f"Content-Length: {len(body)}", "Connection: close"]
        lines += [f"{k}: {v}" for k, v in (headers or {"Content-Type": "text/plain"}).items()]
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body)

    return _handler


def path_of(head: str) -> str:
    return head.split(" ", 2)[1]


def _fetch_local(url: str, **kw: Any) -> _fetch.Fetched:
    kw.setdefault("timeout", 10.0)
    kw.setdefault("max_bytes", 1024 * 1024)
    kw.setdefault("allow_private", True)
    return fetch_url(url, **kw)


def _code(call: Callable[[], object]) -> str:
    with pytest.raises(InputError) as info:
        call()
    return info.value.code


# --- address policy ---------------------------------------------------------------------------------------------

REFUSED = ["127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.5.4", "192.168.1.1", "100.64.0.1", "100.127.255.254",
           "169.254.169.254", "0.0.0.0", "224.0.0.1", "255.255.255.255", "198.18.0.1", "192.0.2.1", "240.0.0.1",
           "::1", "::", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::127.0.0.1", "fc00::1", "fd12:3456::1", "fe80::1",
           "ff02::1", "2002:7f00:1::1", "64:ff9b::7f00:1", "64:ff9b:1::1", "2001:db8::1", "2001:0:4136:e378::1"]
ALLOWED = ["8.8.8.8", "1.1.1.1", "100.128.0.1", "100.63.255.255", "2606:4700::1111", "::ffff:8.8.8.8",
           "2002:808:808::1", "64:ff9b::808:808"]


@pytest.mark.parametrize("address", REFUSED)
def test_non_public_addresses_are_refused(address: str) -> None:
    assert not is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ALLOWED)
def test_public_addresses_pass(address: str) -> None:
    assert is_public(ipaddress.ip_address(address))


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_ipv6_forms_of_an_ipv4_address_are_judged_as_that_address(n: int) -> None:
    v4 = ipaddress.IPv4Address(n)
    mapped = ipaddress.IPv6Address(f"::ffff:{v4}")
    nat64 = ipaddress.IPv6Address((0x64FF9B << 96) | n)
    sixtofour = ipaddress.IPv6Address((0x2002 << 112) | (n << 80) | 1)
    assert is_public(mapped) == is_public(nat64) == is_public(v4)
    if not is_public(v4):
        assert not is_public(sixtofour)
    assert not is_public(ipaddress.IPv6Address(n))  # ::a.b.c.d (IPv4-compatible, deprecated) is never fetched


@pytest.mark.parametrize("url", ["http://100.64.0.1/", "http://[::1]/", "http://[::ffff:127.0.0.1]:8080/",
                                 "http://[fc00::1]/", "http://2130706433/", "http://0x7f000001/", "http://127.1/",
                                 "https://[fe80::1]/", "http://[::ffff:a9fe:a9fe]/latest/meta-data/"])
def test_private_forms_of_urls_are_refused(url: str) -> None:
    assert _code(lambda: check_url(url, allow_private=False)) == "E112"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "gopher://example.org/", "http://", "http://host:99999/"])
def test_urls_that_are_not_http_are_refused(url: str) -> None:
    assert _code(lambda: check_url(url, allow_private=False)) == "E110"


# --- pinned connections --------------------------------------------------------------------------------------------

def test_rebinding_is_refused_because_the_checked_address_is_the_one_connected(
        monkeypatch: pytest.MonkeyPatch, serve: Callable[..., Server]) -> None:
    """The resolver answers a public address first and the private server's address after: the fetch asks once
    and connects to the public address, so the private server never sees a request."""
    private = serve(respond(TEXT.encode()))
    answers = [[ipaddress.ip_address("93.184.216.34")], [ipaddress.ip_address("127.0.0.1")]]
    asked: list[str] = []
    connected: list[tuple[str, int]] = []

    def fake_resolve(host: str, port: int) -> list[_pinned.IPAddress]:
        asked.append(host)
        return answers[min(len(asked), 2) - 1]

    def fake_connect(address: tuple[str, int], timeout: float | None = None) -> socket.socket:
        connected.append(address)
        raise ConnectionRefusedError("the public address does not answer in this test")

    monkeypatch.setattr(_fetch, "resolve", fake_resolve)
    monkeypatch.setattr(_pinned.socket, "create_connection", fake_connect)
    url = f"http://rebind.example:{private.port}/page"
    assert _code(lambda: fetch_url(url, timeout=5, max_bytes=10_000)) == "E114"
    assert asked == ["rebind.example"] and connected == [("93.184.216.34", private.port)]
    assert private.requests == []


def test_connects_to_the_resolved_address_with_the_name_in_the_host_header(
        monkeypatch: pytest.MonkeyPatch, serve: Callable[..., Server]) -> None:
    server = serve(respond(TEXT.encode()))
    monkeypatch.setattr(_fetch, "resolve", lambda host, port: [ipaddress.ip_address("127.0.0.1")])
    got = _fetch_local(f"http://news.example:{server.port}/a?b=1")
    assert got.body == TEXT.encode() and got.content_type == "text/plain"
    head = server.requests[0]
    assert head.startswith("GET /a?b=1 HTTP/1.1\r\n") and f"Host: news.example:{server.port}\r\n" in head


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command to make a test certificate")
def test_tls_is_verified_for_the_name_while_connecting_to_the_pinned_address(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, serve: Callable[..., Server]) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "2", "-subj", "/CN=news.example", "-addext", "subjectAltName=DNS:news.example"],
                   check=True, capture_output=True, timeout=60)
    server_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_tls.load_cert_chain(cert, key)
    server = serve(respond(TEXT.encode()), server_tls)
    client_tls = ssl.create_default_context(cafile=str(cert))
    monkeypatch.setattr(_fetch, "_tls_context", lambda: client_tls)
    monkeypatch.setattr(_fetch, "resolve", lambda host, port: [ipaddress.ip_address("127.0.0.1")])
    got = _fetch_local(f"https://news.example:{server.port}/a")
    assert got.body == TEXT.encode() and f"Host: news.example:{server.port}\r\n" in server.requests[0]
    with pytest.raises(InputError, match="TLS failed") as info:  # same address, a name the certificate lacks
        _fetch_local(f"https://other.example:{server.port}/a")
    assert info.value.code == "E114" and len(server.requests) == 1


def test_a_resolver_that_hangs_hits_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()

    def stuck(host: str, port: int) -> list[_pinned.IPAddress]:
        release.wait(30)
        return [ipaddress.ip_address("93.184.216.34")]

    monkeypatch.setattr(_fetch, "resolve", stuck)
    try:
        with pytest.raises(InputError, match="deadline") as info:
            fetch_url("http://slow-dns.example/", timeout=0.3, max_bytes=1000)
        assert info.value.code == "E116"
    finally:
        release.set()


# --- redirects ---------------------------------------------------------------------------------------------------

def _redirect_to(location: Callable[[str], str]) -> Handler:
    def _handler(sock: socket.socket, head: str) -> None:
        if path_of(head) == "/final":
            respond(TEXT.encode())(sock, head)
        else:
            respond(b"", "302 Found", {"Location": location(path_of(head))})(sock, head)

    return _handler


def test_redirects_are_followed(serve: Callable[..., Server]) -> None:
    server = serve(_redirect_to(lambda path: "/b" if path == "/a" else "/final"))
    got = _fetch_local(f"{server.url}/a")
    assert got.url == f"{server.url}/final" and got.body == TEXT.encode()
    assert [path_of(h) for h in server.requests] == ["/a", "/b", "/final"]


@pytest.mark.parametrize("target", ["http://10.0.0.1/x", "http://[::1]:{port}/final", "http://100.64.0.1/",
                                    "http://127.0.0.2:{port}/final"])
def test_a_redirect_to_a_private_address_is_refused(
        target: str, monkeypatch: pytest.MonkeyPatch, serve: Callable[..., Server]) -> None:
    """127.0.0.1 counts as public here, so the first hop is fetched and only the redirect's target is refused."""
    server = serve(_redirect_to(lambda path: target.format(port=server.port)))
    monkeypatch.setattr(_fetch, "is_public", lambda ip: str(ip) == "127.0.0.1" or is_public(ip))
    with pytest.raises(InputError) as info:
        fetch_url(f"{server.url}/start", timeout=5, max_bytes=10_000)
    assert info.value.code == "E112" and "a redirect led to" in info.value.message
    assert [path_of(h) for h in server.requests] == ["/start"]


def test_a_redirect_to_a_file_url_is_refused(serve: Callable[..., Server]) -> None:
    server = serve(_redirect_to(lambda path: "file:///etc/passwd"))
    assert _code(lambda: _fetch_local(f"{server.url}/x")) == "E110"


def test_redirect_hops_are_limited(serve: Callable[..., Server]) -> None:
    server = serve(_redirect_to(lambda path: f"/hop{len(path)}"))
    assert _code(lambda: _fetch_local(f"{server.url}/x")) == "E117"
    assert len(server.requests) == _fetch.MAX_REDIRECTS + 1


def test_a_redirect_without_location_is_an_error(serve: Callable[..., Server]) -> None:
    server = serve(respond(b"", "301 Moved Permanently"))
    assert _code(lambda: _fetch_local(server.url)) == "E117"


# --- status, size caps, compression --------------------------------------------------------------------------

def test_http_error_status(serve: Callable[..., Server]) -> None:
    server = serve(respond(b"gone", "404 Not Found"))
    with pytest.raises(InputError, match="HTTP 404 Not Found") as info:
        _fetch_local(server.url)
    assert info.value.code == "E113"


def test_gzip_body_is_decoded(serve: Callable[..., Server]) -> None:
    server = serve(respond(gzip.compress(TEXT.encode()), headers={"Content-Encoding": "gzip",
                                                                    "Content-Type": "text/plain"}))
    assert _fetch_local(server.url).body == TEXT.encode()
    assert "Accept-Encoding: gzip\r\n" in server.requests[0]


def test_a_gzip_bomb_stops_at_the_cap(serve: Callable[..., Server]) -> None:
    bomb = gzip.compress(b"\0" * (20 * 1024 * 1024), compresslevel=9)  # 20 MB in about 20 KB
    server = serve(respond(bomb, headers={"Content-Encoding": "gzip"}))
    with pytest.raises(InputError, match="decompressed") as info:
        _fetch_local(server.url, max_bytes=1024 * 1024)
    assert info.value.code == "E115" and len(bomb) < 1024 * 1024


def test_a_body_over_the_cap_is_refused_as_declared_and_as_sent(serve: Callable[..., Server]) -> None:
    declared = serve(respond(b"x" * 5000))
    assert _code(lambda: _fetch_local(declared.url, max_bytes=4000)) == "E115"

    def unannounced(sock: socket.socket, head: str) -> None:  # no Content-Length: read until the server closes
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n" + b"y" * 5000)

    sent = serve(unannounced)
    with pytest.raises(InputError, match="sent") as info:
        _fetch_local(sent.url, max_bytes=4000)
    assert info.value.code == "E115"


def test_an_unknown_content_encoding_is_an_error(serve: Callable[..., Server]) -> None:
    server = serve(respond(b"\x1b\x00", headers={"Content-Encoding": "br"}))
    assert _code(lambda: _fetch_local(server.url)) == "E114"


# --- feed budgets --------------------------------------------------------------------------------------------

def test_a_feed_budget_caps_the_bytes_of_all_entries(serve: Callable[..., Server]) -> None:
    server = serve(respond(b"z" * 1200))
    budget = Budget(seconds=30, max_bytes=3000)
    assert len(_fetch_local(server.url, budget=budget).body) == 1200
    assert len(_fetch_local(server.url, budget=budget).body) == 1200
    assert _code(lambda: _fetch_local(server.url, budget=budget)) == "E118"  # 600 bytes left, 1200 declared
    assert budget.spent() and _code(lambda: _fetch_local(server.url, budget=budget)) == "E118"
    assert len(server.requests) == 3  # the fourth entry is not even asked for


def _feed(tmp_path: Path, links: list[str]) -> Path:
    items = "".join(f"<item><title>t{i}</title><link>{link}</link></item>" for i, link in enumerate(links))
    path = tmp_path / "local.rss"
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>f</title>{items}</channel></rss>',
                    "utf-8")
    return path


def test_a_feed_stops_fetching_entries_when_its_budget_is_spent(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, serve: Callable[..., Server]) -> None:
    server = serve(lambda sock, head: respond(f"{TEXT} Entry {path_of(head)}.".encode())(sock, head))
    monkeypatch.setattr(_fetch, "FEED_BYTES", 2 * len(TEXT) + 60)
    path = _feed(tmp_path, [f"{server.url}/{n}" for n in range(5)])
    items = list(load_inputs([str(path)], settings=Settings(allow_private=True)))
    assert [i.error.code if i.error else "ok" for i in items] == ["ok", "ok", "E118", "E118", "E118"]
    assert items[3].error is not None and f"(entry of {path})" in items[3].error.source
    assert len(server.requests) == 3


def test_a_feed_inside_a_feed_is_not_followed(tmp_path: Path, serve: Callable[..., Server]) -> None:
    inner = '<?xml version="1.0"?><rss version="2.0"><channel><title>i</title></channel></rss>'
    server = serve(respond(inner.encode(), headers={"Content-Type": "application/rss+xml"}))
    items = list(load_inputs([str(_feed(tmp_path, [f"{server.url}/feed"]))], settings=Settings(allow_private=True)))
    assert [i.error.code for i in items if i.error] == ["E119"]


# --- deadlines (slow servers) --------------------------------------------------------------------------------

def _drip(prefix: bytes, drip: bytes, every: float, sent: list[int]) -> Handler:
    """Send ``prefix``, then one byte of ``drip`` every ``every`` seconds, until the client hangs up."""

    def _handler(sock: socket.socket, head: str) -> None:
        sock.sendall(prefix)
        for b in drip:
            time.sleep(every)
            try:
                sock.sendall(bytes([b]))
            except OSError:
                return
            sent[0] += 1

    return _handler


SLOW_BODY = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 40\r\n\r\n"


@pytest.mark.slow
@pytest.mark.parametrize("prefix, drip", [(SLOW_BODY, b"b" * 40), (b"HTTP/1.1 200 OK\r\n", b"X-Slow: " + b"h" * 32)],
                         ids=["body", "headers"])
def test_a_slow_loris_server_hits_the_deadline(prefix: bytes, drip: bytes,
                                              serve: Callable[..., Server]) -> None:
    """One byte every 0.5 s never trips a socket timeout; the fetch's deadline (1.5 s) ends it, with the body
    (or the headers) far from complete."""
    sent = [0]
    server = serve(_drip(prefix, drip, 0.5, sent))
    with pytest.raises(InputError, match="deadline") as info:
        _fetch_local(server.url, timeout=1.5)
    assert info.value.code == "E116"
    assert server.finished.wait(10) and sent[0] < len(drip) // 2


@pytest.mark.slow
def test_slow_entries_spend_the_feed_time_budget(serve: Callable[..., Server]) -> None:
    sent = [0]
    server = serve(_drip(SLOW_BODY, b"b" * 40, 0.5, sent))
    budget = Budget(seconds=1.5)
    with pytest.raises(InputError, match="budget") as info:
        _fetch_local(server.url, timeout=10, budget=budget)
    assert info.value.code == "E118" and budget.spent()
    assert _code(lambda: _fetch_local(server.url, timeout=10, budget=budget)) == "E118"
    assert len(server.requests) == 1
