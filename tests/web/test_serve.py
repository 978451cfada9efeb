"""`polemos serve`: which Host headers it answers, and (slow) the real server and the load benchmark on a small store."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest

from polemos.cli._serve import server_settings
from polemos.settings import LOCAL_HOSTS
from polemos.store import Store

REPO = Path(__file__).resolve().parents[2]


def test_allowed_hosts_are_local_plus_listen_address_env_and_options(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POLEMOS_ALLOWED_HOSTS", raising=False)
    assert server_settings("x.duckdb", "127.0.0.1", ()).allowed_hosts == LOCAL_HOSTS
    assert server_settings("x.duckdb", "0.0.0.0", ()).allowed_hosts == LOCAL_HOSTS  # a wildcard is no Host name
    assert server_settings("x.duckdb", "192.0.2.7", ("dash.example.org",)).allowed_hosts == (
        *LOCAL_HOSTS, "192.0.2.7", "dash.example.org")
    monkeypatch.setenv("POLEMOS_ALLOWED_HOSTS", "a.example, *.lan")
    assert server_settings("x.duckdb", "::1", ()).allowed_hosts == (*LOCAL_HOSTS, "a.example", "*.lan")
    with pytest.raises(click.BadParameter):
        server_settings("x.duckdb", "127.0.0.1", ("bad*pattern",))


def _small_store(db: Path) -> None:
    with Store(db) as store:
        store.conn.execute("INSERT INTO articles (id, title, published, source, text, result) VALUES"
                           " ('art_serve1', 'A made-up item', DATE '2024-03-01', 'made-up', 'x', '{}')")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(port: int, host: str, path: str = "/api/stats") -> tuple[int, dict[str, str], str]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    head, _, body = data.decode().partition("\r\n\r\n")
    lines = head.split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body


@pytest.mark.slow
def test_the_real_server_refuses_a_rebound_host(tmp_path: Path) -> None:
    db = tmp_path / "serve.duckdb"
    _small_store(db)
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    cmd = [sys.executable, "-m", "polemos", "serve", "--db", str(db), "--port", str(port),
           "--allowed-host", "dash.example.org"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, headers, body = _get(port, f"127.0.0.1:{port}")
                break
            except OSError:
                assert time.monotonic() < deadline and proc.poll() is None, "polemos serve did not start"
                time.sleep(0.2)
        assert status == 200 and json.loads(body)["db"] == "serve.duckdb"
        assert headers["x-frame-options"] == "DENY" and "frame-ancestors 'none'" in headers["content-security-policy"]
        status, headers, body = _get(port, "attacker.example")
        assert status == 400 and json.loads(body)["error"] == "E701"
        assert headers["content-type"] == "application/json"
        assert _get(port, "dash.example.org")[0] == 200
        assert _get(port, f"[::1]:{port}")[0] == 200
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.mark.slow
def test_the_load_benchmark_runs_without_errors(tmp_path: Path) -> None:
    db = tmp_path / "load.duckdb"
    _small_store(db)
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    out = subprocess.run([sys.executable, str(REPO / "benchmarks" / "api_load.py"), "--db", str(db),
                          "--clients", "5", "--seconds", "0.5"], env=env, capture_output=True, text=True,
                         timeout=300, check=True)
    report = json.loads(out.stdout)
    assert report["server_tracebacks"] == 0
    (run,) = report["runs"]
    for phase in ("/api/health", "/static/favicon.svg", "api", "api_uncached"):
        assert run[phase]["requests"] > 0 and run[phase]["errors"] == 0 and run[phase]["http_500"] == 0, phase
    assert run["api"]["writer"]["cut_by_phase_end_after_s"] is None
