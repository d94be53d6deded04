#!/usr/bin/env python3
"""Speed and memory of warta on the click-id news corpus: figures, not tests.

Measures, on a private copy of ../shared/data/news-id/click-id:
  - a full index: wall time, MB/s, index size, peak memory;
  - a re-run with nothing changed, one with one record of one file changed,
    one with one file deleted, and one with a file renamed;
  - query latency: the median wall time of whole warta-query processes, and
    the mean time per query inside one process (--queries);
  - with --stemming-cost, a full index with each stemming mode (the cost of
    dictionary stemming, whose answers are cached per distinct word).

Usage: python3 bench/speed.py [--build DIR] [--shared DIR] [--runs N]
                              [--stemming-cost] [--json]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QUERIES = [
    "Putin undangan",
    "kerja sama militer",
    "pemindahan ibu kota Kalimantan Timur",
    "Kapan Putin mengunjungi Korea Utara?",
    "MRT Jakarta",
]


def run(cmd):
    """Run cmd; return (seconds, peak RSS in MB, stdout)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit("speed: %s exited with %d" % (" ".join(cmd), code))
    return seconds, usage.ru_maxrss / 1024.0, out.decode("utf-8", "replace")


def index(args, db, corpus, *extra):
    """Index corpus into db with --json; return (seconds, MB peak, summary)."""
    cmd = [args.index, "--json", "--db", db, *extra, corpus]
    seconds, rss, out = run(cmd)
    return seconds, rss, json.loads(out)


def db_size(db):
    """Bytes of the index, WAL included."""
    return sum(os.path.getsize(p) for p in (db, db + "-wal") if os.path.exists(p))


def change_one_record(path):
    """Rewrite the title of the first record of a JSON Lines file."""
    with open(path, encoding="utf-8") as f:
        lines = f.readlines()
    record = json.loads(lines[0])
    record["title"] = record.get("title", "") + " (diperbarui)"
    lines[0] = json.dumps(record, ensure_ascii=False) + "\n"
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(lines)


def runs_table(rows):
    """Format the indexing rows."""
    head = "%-28s %8s %8s %8s %8s %8s %8s %8s" % (
        "run", "seconds", "MB/s", "peak MB", "added", "updated", "deleted", "read")
    lines = [head, "-" * len(head)]
    for name, r in rows:
        s = r["summary"]
        mbs = s["bytes"] / 1e6 / r["seconds"] if r["seconds"] > 0 else 0
        lines.append("%-28s %8.2f %8.1f %8.0f %8d %8d %8d %8d" % (
            name, r["seconds"], mbs, r["rss"], s["added"], s["updated"], s["deleted"],
            s["files_read"]))
    return "\n".join(lines)


def measure_index(args, work):
    """The indexing runs; returns a list of (name, result)."""
    corpus = os.path.join(work, "click-id")
    shutil.copytree(os.path.join(args.shared, "data/news-id/click-id"), corpus)
    db = os.path.join(work, "news.db")
    rows = []

    def step(name, *extra):
        seconds, rss, summary = index(args, db, corpus, *extra)
        rows.append((name, {"seconds": seconds, "rss": rss, "summary": summary,
                            "index_bytes": db_size(db)}))

    step("full index")
    step("re-run, nothing changed")
    change_one_record(os.path.join(corpus, "kompas.jsonl"))
    step("one record of one file changed")
    os.remove(os.path.join(corpus, "pos_metro.jsonl"))
    step("one file deleted")
    os.rename(os.path.join(corpus, "fimela.jsonl"), os.path.join(corpus, "fimela-2019.jsonl"))
    step("one file renamed")
    return rows, db


def measure_queries(args, db, work):
    """Median process wall time per query, and mean time inside a batch."""
    per_query = []
    for q in QUERIES:
        times = [run([args.query, "--db", db, "-n", "10", q])[0] for _ in range(args.runs)]
        per_query.append((q, statistics.median(times)))
    batch = os.path.join(work, "batch.txt")
    repeats = 20
    with open(batch, "w", encoding="utf-8") as f:
        for _ in range(repeats):
            for q in QUERIES:
                f.write(q + "\n")
    seconds, rss, _ = run([args.query, "--db", db, "-n", "10", "--queries", batch])
    return per_query, seconds / (repeats * len(QUERIES)), rss


def measure_stemming(args, work):
    """Full index of click-id with each stemming mode."""
    corpus = os.path.join(args.shared, "data/news-id/click-id")
    rows = []
    for mode in ("full", "rules", "none"):
        db = os.path.join(work, "stem-%s.db" % mode)
        seconds, rss, summary = index(args, db, corpus, "--stemming", mode)
        rows.append((mode, {"seconds": seconds, "rss": rss, "summary": summary,
                            "index_bytes": db_size(db)}))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default=os.path.join(REPO, "build"))
    parser.add_argument("--shared", default=os.path.join(os.path.dirname(REPO), "shared"))
    parser.add_argument("--runs", type=int, default=7, help="runs per query [default: 7]")
    parser.add_argument("--stemming-cost", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    args.index = os.path.join(args.build, "indexer/warta-index")
    args.query = os.path.join(args.build, "query/warta-query")
    if not os.path.isdir(os.path.join(args.shared, "data/news-id/click-id")):
        print("SKIP: %s/data/news-id/click-id not found" % args.shared)
        return 77
    work = tempfile.mkdtemp(prefix="warta-speed.")
    try:
        rows, db = measure_index(args, work)
        per_query, batch_mean, batch_rss = measure_queries(args, db, work)
        stem_rows = measure_stemming(args, work) if args.stemming_cost else []
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps({"index": dict(rows), "queries": dict(per_query),
                          "batch_seconds_per_query": batch_mean,
                          "stemming": dict(stem_rows)}, indent=1))
        return 0
    cmd = "python3 bench/speed.py" + (" --stemming-cost" if args.stemming_cost else "")
    print("$ " + cmd)
    print("\n== indexing click-id (%d files)" % rows[0][1]["summary"]["files"])
    print(runs_table(rows))
    print("index size after the full run: %.1f MB" % (rows[0][1]["index_bytes"] / 1e6))
    print("\n== queries (median of %d runs of a whole warta-query process, -n 10)" % args.runs)
    for q, t in per_query:
        print("%-40s %6.1f ms" % (q, t * 1000))
    print("inside one process (--queries, %d queries): %.1f ms per query, peak %.0f MB" % (
        20 * len(QUERIES), batch_mean * 1000, batch_rss))
    if stem_rows:
        print("\n== stemming cost: full index of click-id per --stemming mode")
        print(runs_table(stem_rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
