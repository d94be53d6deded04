#!/usr/bin/env python3
"""Throughput and latency of warta-serve's /api/search on click-id: figures,
not tests.

For 1, 4 and 16 concurrent clients (--clients), each on a kept-alive
connection, the same query mix as bench/speed.py (the topics of topics-id,
short queries from click-id's titles, TyDiQA questions; speed.query_mix) is
sent as GET /api/search?q=...&n=10 for --requests requests per level, after
one warm-up pass. Beside it, the same queries go through one warm
`warta-query --queries - --json -n 10` co-process (one query at a time: a
co-process answers in order). For each: requests per second, p50 and p95
latency seen by the client, and the CPU time the server (or the co-process)
spent per request, read from /proc, which is steadier than wall time on a
machine shared with other work.

The index is --db, or click-id indexed into a scratch directory with the
--build's warta-index. Only the standard library.

usage: bench/serve.py [--build DIR] [--db DIR] [--shared DIR] [--threads N]
                      [--clients 1,4,16] [--requests N] [--json FILE]
"""

import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import speed  # noqa: E402  (the query mix and the helpers of bench/speed.py)

HITS = speed.HITS
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """User + system CPU seconds of process PID so far (with its threads)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def start_server(serve_bin, db, threads):
    """Start warta-serve on 127.0.0.1 and a free port: (process, host, port)."""
    proc = subprocess.Popen([str(serve_bin), "--db", str(db), "--listen",
                             "127.0.0.1:0", "--threads", str(threads), "-q",
                             "--per-ip", "0"],
                            stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline().strip()
    if not line.startswith("http://"):
        proc.kill()
        raise RuntimeError("warta-serve did not start")
    url = urllib.parse.urlsplit(line)
    return proc, url.hostname, url.port


def search_path(text):
    return "/api/search?" + urllib.parse.urlencode({"q": text, "n": HITS})


def run_level(host, port, texts, clients, requests):
    """REQUESTS requests over CLIENTS threads, each on its own kept-alive
    connection, taking the next query of TEXTS in turn: (wall seconds,
    per-request ms, failures)."""
    lock = threading.Lock()
    state = {"next": 0, "failed": 0}
    latencies = []

    def client():
        conn = http.client.HTTPConnection(host, port, timeout=120)
        mine = []
        while True:
            with lock:
                i = state["next"]
                state["next"] += 1
            if i >= requests:
                break
            t = time.perf_counter()
            try:
                conn.request("GET", search_path(texts[i % len(texts)]))
                resp = conn.getresponse()
                body = resp.read()
                ok = resp.status == 200 and "hits" in json.loads(body)
            except (OSError, http.client.HTTPException, ValueError):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=120)
            mine.append(1000.0 * (time.perf_counter() - t))
            if not ok:
                with lock:
                    state["failed"] += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start, latencies, state["failed"]


class CoProcess:
    """One warm `warta-query --queries - --json` answering query by query."""

    def __init__(self, query_bin, db):
        self.proc = subprocess.Popen(
            [str(query_bin), "--db", str(db), "--queries", "-", "--json",
             "-n", str(HITS), "-q"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            bufsize=1)
        self.n = 0

    def ask(self, text):
        self.n += 1
        self.proc.stdin.write("%d\t%s\n" % (self.n, text))
        self.proc.stdin.flush()
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("warta-query stopped")
            if json.loads(line).get("type") == "summary":
                return

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


def run_coprocess(cp, texts, requests):
    latencies = []
    start = time.perf_counter()
    for i in range(requests):
        t = time.perf_counter()
        cp.ask(texts[i % len(texts)])
        latencies.append(1000.0 * (time.perf_counter() - t))
    return time.perf_counter() - start, latencies, 0


def row(system, clients, wall, ms, failed, cpu, requests):
    return {"system": system, "clients": clients, "requests": requests,
            "failed": failed, "rps": requests / wall if wall else None,
            "p50_ms": speed.percentile(ms, 50), "p95_ms": speed.percentile(ms, 95),
            "cpu_ms_per_request": 1000.0 * cpu / requests,
            "cpu_rps": requests / cpu if cpu else None}


def print_table(rows):
    print("| system | clients | req/s (wall) | p50 ms | p95 ms | CPU ms/req | req/s per CPU-second | failed |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print("| %s | %d | %.0f | %.1f | %.1f | %.2f | %.0f | %d |" % (
            r["system"], r["clients"], r["rps"], r["p50_ms"], r["p95_ms"],
            r["cpu_ms_per_request"], r["cpu_rps"], r["failed"]))


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build", default=str(speed.DEFAULT_BUILD),
                   help="a release build directory [default: %(default)s]")
    p.add_argument("--db", help="an index of click-id (else one is built)")
    p.add_argument("--shared", default=str(speed.DEFAULT_SHARED))
    p.add_argument("--threads", type=int, default=4,
                   help="warta-serve --threads [default: %(default)s]")
    p.add_argument("--clients", default="1,4,16")
    p.add_argument("--requests", type=int, default=600,
                   help="requests per level [default: %(default)s]")
    p.add_argument("--seed", type=int, default=speed.SEED)
    p.add_argument("--json", help="also write the figures to this file")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    build = Path(args.build)
    serve_bin = build / "serve" / "warta-serve"
    query_bin = build / "query" / "warta-query"
    index_bin = build / "indexer" / "warta-index"
    if not speed.click_id_files(args.shared):
        speed.log("serve: %s/data/news-id/click-id not found" % args.shared)
        return 2
    scratch = None
    db = args.db
    if not db:
        scratch = tempfile.mkdtemp(prefix="warta-bench-serve-")
        db = os.path.join(scratch, "click-id.db")
        speed.log("indexing click-id into %s" % db)
        subprocess.run([str(index_bin), "-q", "--db", db,
                        str(Path(args.shared) / "data" / "news-id" / "click-id")],
                       check=True)
    texts = [text for _, text in speed.query_mix(args.shared, args.seed)]
    speed.log("%d queries; load average before: %s" % (
        len(texts), " ".join(open("/proc/loadavg").read().split()[:3])))
    rows = []
    proc, host, port = start_server(serve_bin, db, args.threads)
    try:
        run_level(host, port, texts, 1, len(texts))  # warm-up
        for clients in [int(c) for c in args.clients.split(",")]:
            cpu0 = cpu_seconds(proc.pid)
            wall, ms, failed = run_level(host, port, texts, clients, args.requests)
            cpu = cpu_seconds(proc.pid) - cpu0
            rows.append(row("warta-serve /api/search", clients, wall, ms, failed, cpu,
                            args.requests))
            speed.log("warta-serve, %d clients: %.1f s" % (clients, wall))
    finally:
        proc.terminate()
        proc.wait()
    cp = CoProcess(query_bin, db)
    try:
        run_coprocess(cp, texts, len(texts))  # warm-up
        cpu0 = cpu_seconds(cp.proc.pid)
        wall, ms, failed = run_coprocess(cp, texts, args.requests)
        cpu = cpu_seconds(cp.proc.pid) - cpu0
        rows.append(row("warta-query --queries - co-process", 1, wall, ms, failed, cpu,
                        args.requests))
    finally:
        cp.close()
    speed.log("load average after: %s" % " ".join(open("/proc/loadavg").read().split()[:3]))
    print_table(rows)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"rows": rows, "threads": args.threads, "cpus": os.cpu_count(),
                       "queries": len(texts), "git": speed.git_describe()}, f, indent=1)
    if scratch:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
