"""`polemos analyze` stores every article while `polemos serve` answers a bounded load: 50 HTTP clients for the
whole run (at least 15 s), each asking for a page no other client asks for, so every request reads the store."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from .test_crash import write_corpus

REPO = Path(__file__).resolve().parents[2]
CLIENTS = int(os.environ.get("POLEMOS_LOAD_CLIENTS", "50"))  # 200 for the issue-13 figure
MIN_SECONDS = 15.0


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _stored(db: Path) -> int:
    out = subprocess.run([sys.executable, "-m", "polemos", "stats", "--db", str(db), "--json"], cwd=REPO,
                         capture_output=True, text=True, check=True)
    return int(json.loads(out.stdout)["counts"]["articles"])


@pytest.mark.slow
def test_analyze_stores_everything_while_serve_is_loaded(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    subprocess.run([sys.executable, "-m", "polemos", "analyze", str(REPO / "examples" / "articles.jsonl"), "--db",
                    str(db), "--summary"], check=True, cwd=REPO, capture_output=True)
    before = _stored(db)
    port = _port()
    server = subprocess.Popen([sys.executable, "-m", "polemos", "serve", "--db", str(db), "--host", "127.0.0.1",
                               "--port", str(port)], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, "polemos serve did not start"
            time.sleep(0.3)
        stop = threading.Event()
        statuses: dict[int, int] = {}
        lock = threading.Lock()

        def client(k: int) -> None:
            with httpx.Client(base_url=base, timeout=30) as c:
                n = 0
                while not stop.is_set():
                    n += 1
                    code = c.get(f"/api/events?offset={k * 100_000 + n}").status_code
                    with lock:
                        statuses[code] = statuses.get(code, 0) + 1

        threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(CLIENTS)]
        for t in threads:
            t.start()
        started = time.monotonic()
        corpus = write_corpus(tmp_path / "batch.jsonl", copies=3)
        run = subprocess.run([sys.executable, "-m", "polemos", "analyze", str(corpus), "--db", str(db), "--jsonl"],
                             cwd=REPO, capture_output=True, text=True, timeout=900)
        time.sleep(max(0.0, MIN_SECONDS - (time.monotonic() - started)))
        stop.set()
        for t in threads:
            t.join(timeout=60)
    finally:
        server.terminate()
        server.wait(timeout=30)
    printed = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
    assert run.returncode == 0, run.stderr[-2000:]
    assert len(printed) == sum(1 for _ in corpus.open())  # every analysed article printed ...
    assert _stored(db) == before + len(printed)  # ... and stored
    print(f"analyze under load: {len(printed)} printed, {_stored(db) - before} stored; requests by status {statuses}")
    assert sum(statuses.values()) > CLIENTS and set(statuses) <= {200, 503}, statuses  # no 500s
