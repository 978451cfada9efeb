"""Load on `polemos serve`: requests/s, errors and p50/p99 latency under 50 and 200 concurrent clients, each phase
beside same-run baselines that open no store (/api/health, a static file), so the figures read as ratios.

    PYTHONPATH=src .venv/bin/python benchmarks/api_load.py [--clients 50,200] [--seconds 10] [--procs 1]

It analyses examples/articles.jsonl into a temporary store (or takes --db), starts `polemos serve` on 127.0.0.1
on a free port, and for each client count runs phases of --seconds each, every client in a loop:
  * one phase per baseline path;
  * `api`: the main endpoints in turn (the dashboard's requests: the same few pages again and again);
  * `api_uncached`: pages no other request asks for (a new offset each time), so each one opens the store.
During the two api phases a probe process takes the store's write lock every second, as `polemos analyze`
would, and reports how long it waited. Clients are asyncio tasks, each on one keep-alive HTTP/1.1 connection (a minimal
client: httpx's async pool, not the server, capped the rate at ~50 requests/s), split over --procs processes.
An error is a non-2xx answer or an exception (timeout, reset); HTTP 500s are also counted apart.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
ENDPOINTS = ("/api/stats", "/api/articles", "/api/events", "/api/events.geojson", "/api/timeline", "/api/network",
             "/api/claims", "/api/canonical", "/api/events?type=ASSAULT", "/api/claims?since=2024-01",
             "/api/article/{id}")
# every request a page no other asks for: each one opens the store and queries it
UNCACHED = ("/api/events?offset={k}", "/api/claims?offset={k}", "/api/articles?offset={k}",
            "/api/canonical?offset={k}", "/api/events?limit=5&offset={k}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_store(db: Path) -> None:
    cmd = [sys.executable, "-m", "polemos", "analyze", str(REPO / "examples" / "articles.jsonl"), "--db", str(db),
           "--summary"]
    subprocess.run(cmd, check=True, cwd=REPO, stdout=subprocess.DEVNULL)


def start_server(db: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "polemos", "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=log.open("wb"))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"polemos serve exited with {proc.returncode}; see {log}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/static/favicon.svg", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit(f"polemos serve did not answer within 60 s; see {log}")


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str, path: str) -> int:
    """One keep-alive HTTP/1.1 GET; the status code. (httpx's async pool tops out near 50 requests/s here, so
    the clients speak HTTP themselves and the figures measure the server, not the client.)"""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n\r\n".encode("ascii"))
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    fields = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
    if "content-length" not in fields:
        raise ConnectionError(f"{path}: an answer without Content-Length ({lines[0]})")
    await reader.readexactly(int(fields["content-length"]))
    if fields.get("connection", "").lower() == "close":
        raise ConnectionResetError(f"{path}: the server closed the connection")
    return int(lines[0].split()[1])


async def _clients(port: int, paths: list[str], n: int, seconds: float, first: int, tag: int,
                   tags: int) -> dict[str, Any]:
    """``n`` clients for ``seconds``; client i starts at ``paths[first + i]``. ``{k}`` in a path becomes a number
    no other request of the phase uses (``tag`` of ``tags`` client processes), so its answer is never cached."""
    lat: list[float] = []
    counter = itertools.count()
    codes: dict[str, int] = {}
    stop = time.monotonic() + seconds
    host = f"127.0.0.1:{port}"

    async def one(i: int) -> None:
        k = first + i
        conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        while time.monotonic() < stop:
            path = paths[k % len(paths)].replace("{k}", str(next(counter) * tags + tag))
            k += 1
            t = time.perf_counter()
            try:
                if conn is None:
                    conn = await asyncio.open_connection("127.0.0.1", port)
                key = str(await asyncio.wait_for(_get(*conn, host, path), timeout=30.0))
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
                key = type(exc).__name__
                if conn is not None:
                    conn[1].close()
                conn = None
            lat.append(time.perf_counter() - t)
            codes[key] = codes.get(key, 0) + 1
        if conn is not None:
            conn[1].close()

    await asyncio.gather(*(one(i) for i in range(n)))
    return {"lat": lat, "codes": codes}


def _run_proc(args: tuple[int, list[str], int, float, int, int, int]) -> dict[str, Any]:
    return asyncio.run(_clients(*args))


def phase(port: int, paths: list[str], clients: int, seconds: float, procs: int) -> dict[str, Any]:
    share = [clients // procs + (1 if i < clients % procs else 0) for i in range(procs)]
    jobs = [(port, paths, n, seconds, sum(share[:i]), i, procs) for i, n in enumerate(share) if n]
    t = time.perf_counter()
    if len(jobs) == 1:
        parts = [_run_proc(jobs[0])]
    else:
        with multiprocessing.get_context("spawn").Pool(len(jobs)) as pool:
            parts = pool.map(_run_proc, jobs)
    wall = time.perf_counter() - t
    lat = sorted(x for p in parts for x in p["lat"])
    codes: dict[str, int] = {}
    for p in parts:
        for k, v in p["codes"].items():
            codes[k] = codes.get(k, 0) + v
    errors = sum(v for k, v in codes.items() if not (k.isdigit() and 200 <= int(k) < 300))
    q = statistics.quantiles(lat, n=100, method="inclusive") if len(lat) > 1 else lat * 99
    return {"requests": len(lat), "requests_per_s": round(len(lat) / wall, 1), "errors": errors,
            "http_500": codes.get("500", 0), "answers": codes,
            "p50_ms": round(q[49] * 1000, 1), "p99_ms": round(q[98] * 1000, 1)}


def probe_writer(db: str, seconds: float) -> dict[str, Any]:
    """Run in its own process while a phase runs: every second, take the store's write lock as `polemos analyze`
    would (open read-write, retry every 0.2 s; analyze gives up after 60 s) and let it go; how long each take
    waited. A server that keeps the store open starves it (the last try may be cut by the phase's end: its wait
    so far is reported apart)."""
    import duckdb

    stop_at = time.monotonic() + seconds
    waits: list[float] = []
    cut: float | None = None
    while time.monotonic() < stop_at - 1:
        t = time.monotonic()
        while True:
            try:
                duckdb.connect(db).close()
                waits.append(time.monotonic() - t)
                break
            except duckdb.Error:
                if time.monotonic() >= stop_at:
                    cut = time.monotonic() - t
                    break
                time.sleep(0.2)
        if cut is not None:
            break
        time.sleep(1.0)
    return {"lock_takes": len(waits), "max_wait_s": round(max(waits), 2) if waits else None,
            "cut_by_phase_end_after_s": None if cut is None else round(cut, 2)}


def _ratios(api: dict[str, Any], ref: dict[str, Any]) -> dict[str, float]:
    return {"requests_per_s": round(api["requests_per_s"] / max(ref["requests_per_s"], 0.1), 3),
            "p50": round(api["p50_ms"] / max(ref["p50_ms"], 0.1), 2),
            "p99": round(api["p99_ms"] / max(ref["p99_ms"], 0.1), 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", default="50,200", help="comma-separated concurrent client counts")
    ap.add_argument("--seconds", type=float, default=10.0, help="length of each phase")
    ap.add_argument("--procs", type=int, default=1, help="client processes (the server has one)")
    ap.add_argument("--baseline", default="/api/health,/static/favicon.svg",
                    help="comma-separated same-run baseline paths (they open no store)")
    ap.add_argument("--no-writer", action="store_true", help="run the api phases without the write-lock probe")
    ap.add_argument("--db", type=Path, help="use this store instead of analysing examples/articles.jsonl")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="polemos-load-") as tmp:
        db = args.db or Path(tmp) / "load.duckdb"
        if args.db is None:
            build_store(db)
        port = _free_port()
        server = start_server(db, port, Path(tmp) / "server.log")
        base = f"http://127.0.0.1:{port}"
        baselines = [b for b in args.baseline.split(",") if b]
        try:
            ids = [a["id"] for a in httpx.get(base + "/api/articles", timeout=30).json()]
            paths = [p.replace("/api/article/{id}", f"/api/articles/{ids[0][:12]}") for p in ENDPOINTS]
            phase(port, paths + list(UNCACHED), 10, 1.0, 1)  # warm-up
            report: dict[str, Any] = {"store_articles": len(ids), "endpoints": paths, "baselines": baselines,
                                      "uncached": UNCACHED, "seconds_per_phase": args.seconds, "client_procs": args.procs,
                                      "cpus": os.cpu_count(), "runs": []}
            for n in (int(c) for c in args.clients.split(",")):
                run: dict[str, Any] = {"clients": n}
                for ref_path in baselines:
                    run[ref_path] = phase(port, [ref_path], n, args.seconds, args.procs)
                for name, use in (("api", paths), ("api_uncached", list(UNCACHED))):
                    with multiprocessing.get_context("spawn").Pool(1) as pool:
                        probe = pool.apply_async(probe_writer, (str(db), 0 if args.no_writer else args.seconds))
                        run[name] = phase(port, use, n, args.seconds, args.procs)
                        run[name]["writer"] = probe.get(timeout=120)
                    for ref_path in baselines:
                        run[f"{name}_vs {ref_path}"] = _ratios(run[name], run[ref_path])
                report["runs"].append(run)
        finally:
            server.terminate()
            server.wait(timeout=30)
        log = (Path(tmp) / "server.log").read_text(errors="replace")
        report["server_tracebacks"] = log.count("Traceback")
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
