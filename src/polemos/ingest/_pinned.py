"""Address policy and pinned HTTP connections for the URL fetcher.

A host name is resolved once (``resolve``); every address it resolves to is checked (``is_public``), and the
connection goes to one of those checked addresses (``PinnedConnection``), so a second DNS answer (rebinding) is
never asked for. The Host header, TLS SNI and certificate check still use the name. Every socket operation of a
connection is bounded by one ``Deadline``: connect, TLS handshake, sending, each read of the status line, headers
and body, so a server that sends one byte every few seconds cannot keep a fetch alive past it.
"""

from __future__ import annotations

import http.client
import io
import ipaddress
import socket
import ssl
import time
from typing import Any

__all__ = ["Deadline", "IPAddress", "PinnedConnection", "is_public", "resolve"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # well-known NAT64 prefix: the low 32 bits are an IPv4 address
_NEVER_V6 = (
    ipaddress.IPv6Network("::/96"),  # deprecated IPv4-compatible addresses (::127.0.0.1)
    ipaddress.IPv6Network("64:ff9b:1::/48"),  # local-use NAT64
)


def is_public(ip: IPAddress) -> bool:
    """True for a globally routable unicast address; IPv4 addresses embedded in IPv6 forms are checked as IPv4.

    Refused: loopback, private (RFC 1918, fc00::/7), carrier-grade NAT (100.64.0.0/10), link-local, reserved,
    documentation and benchmark ranges, multicast, unspecified, and IPv6 forms that carry such an IPv4 address
    (``::ffff:127.0.0.1``, 6to4 ``2002:7f00:1::``, NAT64 ``64:ff9b::a00:1``, Teredo).
    """
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return is_public(ip.ipv4_mapped)
        if ip.teredo is not None or any(ip in net for net in _NEVER_V6):
            return False
        if ip.sixtofour is not None and not is_public(ip.sixtofour):
            return False
        if ip in _NAT64:
            return is_public(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return ip.is_global and not ip.is_multicast


def resolve(host: str, port: int) -> list[IPAddress]:
    """The addresses ``host`` resolves to, in the resolver's order, each once (raises ``socket.gaierror``)."""
    out: list[IPAddress] = []
    for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if ip not in out:
            out.append(ip)
    return out


class Deadline:
    """A point in time (monotonic clock) by which a fetch must be done; ``budget`` says it is the feed's."""

    def __init__(self, seconds: float, budget: bool = False) -> None:
        self.at = time.monotonic() + seconds
        self.seconds = seconds
        self.budget = budget

    def left(self) -> float:
        """Seconds left; raises ``TimeoutError`` once it has passed."""
        left = self.at - time.monotonic()
        if left <= 0:
            raise TimeoutError("deadline passed")
        return left

    def earlier(self, other: Deadline | None) -> Deadline:
        return other if other is not None and other.at < self.at else self


class _DeadlineReader(io.RawIOBase):
    """The raw byte stream of a socket; each read waits at most until the deadline."""

    def __init__(self, owner: _DeadlineSocket) -> None:
        super().__init__()
        self._owner = owner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        sock = self._owner.sock
        sock.settimeout(self._owner.deadline.left())
        return sock.recv_into(buffer)

    def close(self) -> None:
        if not self.closed:
            self._owner.release()
        super().close()


class _DeadlineSocket:
    """What http.client needs of a socket (sendall, makefile, close), with every operation bounded by a deadline.

    As with a real socket, ``close`` leaves the socket open while a file made from it (the response) is open.
    """

    def __init__(self, sock: socket.socket, deadline: Deadline) -> None:
        self.sock = sock
        self.deadline = deadline
        self._files = 0
        self._closed = False

    def sendall(self, data: bytes) -> None:
        self.sock.settimeout(self.deadline.left())  # sendall's timeout bounds the whole call
        self.sock.sendall(data)

    def makefile(self, mode: str = "rb", *args: object, **kwargs: object) -> io.BufferedReader:
        if mode != "rb":
            raise ValueError(f"pinned sockets are read as 'rb', not {mode!r}")
        self._files += 1
        return io.BufferedReader(_DeadlineReader(self))

    def release(self) -> None:
        self._files -= 1
        if self._closed and self._files <= 0:
            self.sock.close()

    def close(self) -> None:
        self._closed = True
        if self._files <= 0:
            self.sock.close()


class PinnedConnection(http.client.HTTPConnection):
    """An HTTP(S) connection to ``host`` that connects to the already checked address ``ip``.

    With ``tls`` the socket is wrapped for ``host`` (SNI and certificate verification for the name, not the IP).
    """

    def __init__(self, host: str, port: int, ip: IPAddress, deadline: Deadline, tls: ssl.SSLContext | None) -> None:
        super().__init__(host, port, timeout=deadline.seconds)
        self.ip = ip
        self.deadline = deadline
        self.tls = tls
        if tls is not None:
            self.default_port = http.client.HTTPS_PORT  # the Host header omits the default port

    def connect(self) -> None:
        raw = socket.create_connection((str(self.ip), self.port), timeout=self.deadline.left())
        try:
            raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if self.tls is not None:
                raw.settimeout(self.deadline.left())  # the handshake as a whole is bounded by the timeout
                raw = self.tls.wrap_socket(raw, server_hostname=self.host)
        except BaseException:
            raw.close()
            raise
        # http.client only calls sendall, makefile and close on its socket
        self.sock = _DeadlineSocket(raw, self.deadline)
