"""Load test of the search site: the real server (waitress) on loopback, N concurrent clients.

    .venv/bin/python bench/load.py --index DIR [--clients 16] [--duration 60] [--baseline 10] [--workers N] [--threads N]

Starts `python -m search_app --index DIR` on a free loopback port, derives a query mix from the index
itself (title words with and without diacritics, facet values), runs a single-client baseline
phase, then N clients on keep-alive connections for the given duration over a mix of searches,
facet clicks and page-2 requests, and finally N clients on a static file (the HTTP/WSGI floor under
the same machine load). Prints requests/s, p50/p95/p99 latency, errors and the server's peak RSS
(VmHWM, summed over worker processes), with the server's CPU milliseconds per request (user +
system, the figure that holds still on a loaded machine) and its Server-Timing split of handler time
into index and the rest. Nothing from the corpus is written anywhere.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
_FOLD = str.maketrans("đĐ", "dD")


def fold(text: str) -> str:
    """Strip Vietnamese diacritics (a query typed without marks)."""
    import unicodedata

    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def free_port() -> int:
    """A free loopback TCP port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(index: str, port: int, threads: int | None, workers: int | None,
                 log: Path) -> subprocess.Popen:
    """Start the real server (its output to `log`, never an unread pipe) and wait until it answers;
    threads and workers left None take the server's defaults."""
    env = dict(os.environ, ARCHIVE_SECRET_KEY=secrets.token_hex(16))
    command = [sys.executable, "-m", "search_app", "--index", index, "--port", str(port)]
    for option, value in (("--threads", threads), ("--workers", workers)):
        if value is not None:
            command += [option, str(value)]
    with open(log, "wb") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}: {log.read_text(errors='replace')}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            conn.request("GET", "/api/search?size=1")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not answer within 300 s")


def get_json(port: int, path: str) -> dict:
    """GET a JSON document from the server."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", path)
    return json.loads(conn.getresponse().read())


def build_mix(port: int, rng: random.Random, size: int = 400) -> list[str]:
    """Search-page URLs: queries from titles (half without diacritics), facet clicks, deeper pages."""
    titles, facets = [], {}
    for sort in ("newest", "oldest", "relevance"):
        for page in (1, 2, 3):
            body = get_json(port, f"/api/search?sort={sort}&page={page}&size=100")
            titles += [r["title"] for r in body["results"] if r["title"]]
            for name, values in body["facets"].items():
                facets.setdefault(name, {v["value"] for v in values})
    facet_values = {k: sorted(v) for k, v in facets.items() if v and k in ("source", "topic", "year", "organization")}
    queries = []
    for title in titles:
        words = [w for w in title.split() if w.isalpha()]
        if len(words) >= 2:
            start = rng.randrange(len(words) - 1)
            query = " ".join(words[start:start + rng.choice((1, 2, 2, 3))])
            queries.append(fold(query).lower() if rng.random() < 0.5 else query)
    urls = []
    for _ in range(size):
        query = rng.choice(queries)
        kind = rng.random()
        params: list[tuple[str, str]] = [("q", query)]
        if kind < 0.35 and facet_values:                   # a facet click on a result page
            name = rng.choice(sorted(facet_values))
            params.append((name, rng.choice(facet_values[name])))
        elif kind < 0.45 and facet_values:                 # browse by facet, no query
            name = rng.choice(sorted(facet_values))
            params = [(name, rng.choice(facet_values[name]))]
        elif kind < 0.55:
            params.append(("page", "2"))
        elif kind < 0.65:
            params.append(("sort", "newest"))
        urls.append("/?" + urlencode(params, quote_via=quote))
    return urls


def run_phase(port: int, urls: list[str], clients: int, seconds: float) -> tuple:
    """Clients loop over the URLs until time is up:
    (latencies in s, requests, errors, elapsed s, [(index ms, server total ms)])."""
    latencies: list[float] = []
    errors = [0]
    timings: list[tuple[float, float]] = []        # (index ms, total ms) from Server-Timing
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, mine_timings, failed, i = [], [], 0, offset
        while time.monotonic() < stop:
            url = urls[i % len(urls)]
            i += clients
            began = time.perf_counter()
            try:
                conn.request("GET", url)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
                parts = dict(p.split(";dur=") for p in response.getheader("Server-Timing", "").split(", ")
                             if ";dur=" in p)
                if "index" in parts:
                    mine_timings.append((float(parts["index"]), float(parts["total"])))
            except (OSError, http.client.HTTPException):
                failed += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            mine.append(time.perf_counter() - began)
        conn.close()
        with lock:
            latencies.extend(mine)
            timings.extend(mine_timings)
            errors[0] += failed

    began = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, len(latencies), errors[0], time.monotonic() - began, timings


def server_pids(pid: int) -> list[int]:
    """The server process and its worker children."""
    return [pid, *map(int, Path(f"/proc/{pid}/task/{pid}/children").read_text().split())]


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of the processes (stable on a loaded machine, unlike wall time)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for each in pids:
        fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])          # utime, stime
    return total / ticks


def peak_rss_mb(pid: int) -> float:
    """Sum of VmHWM (peak resident memory) of the server process and its worker children, in MiB."""
    total = 0
    for each in server_pids(pid):
        for line in Path(f"/proc/{each}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                total += int(line.split()[1])
    return total / 1024


def summary(name: str, latencies: list[float], requests: int, errors: int, seconds: float,
            timings: list[tuple[float, float]]) -> dict:
    """Throughput and latency percentiles of one phase, with the server's own split of its time."""
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [latencies[0]] * 99
    out = {"phase": name, "requests": requests, "errors": errors, "rps": round(requests / seconds, 1),
           "p50_ms": round(q[49] * 1000, 1), "p95_ms": round(q[94] * 1000, 1), "p99_ms": round(q[98] * 1000, 1)}
    if timings:
        out["server_index_ms"] = round(statistics.fmean(t[0] for t in timings), 1)
        out["server_total_ms"] = round(statistics.fmean(t[1] for t in timings), 1)
    return out


def main() -> int:
    """Run the baseline and the concurrent phase; print the results."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", required=True, help="index folder to serve")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of the concurrent phase")
    parser.add_argument("--baseline", type=float, default=10.0, help="seconds of the 1-client phase")
    parser.add_argument("--warmup", type=float, default=5.0, help="uncounted seconds before measuring")
    parser.add_argument("--threads", type=int, help="waitress threads per server process (default: the server's)")
    parser.add_argument("--workers", type=int, help="server processes (default: the server's)")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()

    port = free_port()
    began = time.monotonic()
    log = Path(tempfile.mkdtemp(prefix="load-")) / "server.log"
    server = start_server(args.index, port, args.threads, args.workers, log)
    ready_s = time.monotonic() - began
    try:
        urls = build_mix(port, random.Random(args.seed))
        run_phase(port, urls, args.clients, args.warmup)
        pids = server_pids(server.pid)

        def measured(name: str, phase_urls: list[str], clients: int, seconds: float) -> dict:
            before = cpu_seconds(pids)
            result = summary(name, *run_phase(port, phase_urls, clients, seconds))
            result["server_cpu_ms_per_request"] = round((cpu_seconds(pids) - before) * 1000
                                                        / max(1, result["requests"]), 2)
            return result

        results = [measured("1 client", urls, 1, args.baseline),
                   measured(f"{args.clients} clients", urls, args.clients, args.duration),
                   # Same-run floor: the HTTP/WSGI cost alone (a static file), under the same machine load.
                   measured(f"{args.clients} static", ["/static/style.css"], args.clients, args.baseline)]
        rss = peak_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    serving = next((line.split("(", 1)[1].rstrip(")\n") for line in log.read_text(errors="replace").splitlines()
                    if line.startswith("Serving on") and "(" in line), "unknown configuration")
    print(f"server ready after {ready_s:.1f} s; {len(urls)} distinct URLs; {os.cpu_count()} CPUs; {serving}")
    print(f"{'phase':<12} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
          f" {'index ms':>8} {'handler ms':>10} {'CPU ms/req':>10}")
    for r in results:
        print(f"{r['phase']:<12} {r['requests']:>8} {r['errors']:>6} {r['rps']:>7} {r['p50_ms']:>7} "
              f"{r['p95_ms']:>7} {r['p99_ms']:>7} {r.get('server_index_ms', '-'):>8} "
              f"{r.get('server_total_ms', '-'):>10} {r['server_cpu_ms_per_request']:>10}")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"server peak RSS: {rss:.0f} MiB")
    print(json.dumps({"results": results, "peak_rss_mib": round(rss), "ready_s": round(ready_s, 1),
                      "serving": serving}))
    return 0 if all(r["errors"] == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
