#!/usr/bin/env python3
"""Many clients at once against a running warta-serve: CLIENTS threads, each
sending REQUESTS requests (searches, pages, articles, health checks), on
kept-alive connections and on new ones. Prints a summary and three TAP lines
(ok 1..3, without the plan: the calling script adds its own lines and plan); exits 1 when any request failed or the whole run took longer than
DEADLINE seconds. Only the standard library.

usage: serve_load.py URL [CLIENTS [REQUESTS [DEADLINE]]]
"""

import http.client
import json
import sys
import threading
import time
import urllib.parse

QUERIES = ["Putin undangan", "kerja sama militer", "gempa", "inflasi beras",
           "\"kereta cepat\"", "timnas -Brunei", "vaksin covid-19",
           "undang*", "title:Putin", "banjir rob", "suku bunga", "pemilu 2024",
           "Indonesia", "zzzunknownword", "kerjasama", "presiden"]


def paths(client, i):
    """The I-th request of CLIENT: a mix of every route."""
    q = urllib.parse.quote(QUERIES[(client * 7 + i) % len(QUERIES)])
    kind = i % 10
    if kind < 5:
        return "/api/search?q=%s&n=10" % q
    if kind == 5:
        return "/api/search?q=%s&facets=1&sort=newest&offset=2" % q
    if kind == 6:
        return "/?q=%s" % q
    if kind == 7:
        return "/api/article/wire-2023-09-002?q=%s" % q
    if kind == 8:
        return "/healthz"
    return "/article?key=wire-2023-10-001&q=%s" % q


def client_run(host, port, client, n, results, lock):
    failures, latencies, conn = [], [], None
    for i in range(n):
        path = paths(client, i)
        t = time.perf_counter()
        try:
            if conn is None or i % 10 == 9:  # a new connection now and then
                if conn is not None:
                    conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=60)
            conn.request("GET", path)
            resp = conn.getresponse()
            body = resp.read()
            if resp.status != 200:
                failures.append("%s: %d" % (path, resp.status))
            elif path.startswith("/api/") or path == "/healthz":
                json.loads(body)
        except (OSError, http.client.HTTPException, ValueError) as e:
            failures.append("%s: %s" % (path, e))
            if conn is not None:
                conn.close()
            conn = None
        latencies.append(time.perf_counter() - t)
    if conn is not None:
        conn.close()
    with lock:
        results.append((failures, latencies))


def main():
    url = urllib.parse.urlsplit(sys.argv[1])
    clients = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    requests = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    deadline = float(sys.argv[4]) if len(sys.argv) > 4 else 400
    results, lock = [], threading.Lock()
    threads = [threading.Thread(target=client_run, daemon=True,
                                args=(url.hostname, url.port, c, requests,
                                      results, lock))
               for c in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(0.0, deadline - (time.perf_counter() - start)))
    wall = time.perf_counter() - start
    failures = [f for r in results for f in r[0]]
    latencies = sorted(x for r in results for x in r[1])
    done = len(latencies)
    p95 = latencies[int(0.95 * (done - 1))] * 1000 if done else 0
    print("# %d clients x %d requests: %d done in %.1f s (%.0f/s), p95 %.1f ms"
          % (clients, requests, done, wall, done / wall if wall else 0, p95))
    for f in failures[:10]:
        print("#   failed: %s" % f)
    checks = [("every client finished within %.0f s" % deadline,
               len(results) == clients),
              ("%d requests answered" % (clients * requests),
               done == clients * requests),
              ("0 failed requests (%d failed)" % len(failures), not failures)]
    for i, (name, good) in enumerate(checks, 1):
        print("%s %d - %s" % ("ok" if good else "not ok", i, name))
    return 0 if all(g for _, g in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
