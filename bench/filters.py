#!/usr/bin/env python3
"""What filters, sorting, facets and counting cost a warm warta-query, on
click-id: figures, not tests.

Issue 9's targets: a filter or a sort costs no more than the unfiltered
query; issue 19's: facets at most 1.3 times a query's time. The script indexes click-id
once (or takes --index DIR), then runs bench/speed.py's query mix (200
queries) in one `warta-query --queries - --json -n 10` process per variant:

  unfiltered         the queries as they are
  since/until        --since 2019-09-15 --until 2019-09-30
  source             --source kompas
  date:2019-09       the field appended to each query
  sort newest        --sort newest
  facets             --facets
  count              --count

Each process runs the mix once to warm up, then --passes times; a query's
latency is the median of its summaries' took_ms over the passes (and over
the --rounds: the variants are run round-robin, so that a change in the
machine's load falls on all of them); p50, p95 and mean over the queries.
CPU ms/q is the process's user + system time for the timed passes (a
process with the warm-up pass alone subtracted) per query: less moved by
other work on the machine than took_ms, which is wall time.
"""

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import speed  # noqa: E402  (the query mix and the figures' helpers)

HITS = speed.HITS
NOISE = 0.10  # a ratio this much over its target is still read as met

# name, options, text appended to each query, target ratio (None: none)
VARIANTS = (
    ("unfiltered", [], "", None),
    ("since/until", ["--since", "2019-09-15", "--until", "2019-09-30"], "", 1.0),
    ("source", ["--source", "kompas"], "", 1.0),
    ("date:2019-09", [], " date:2019-09", 1.0),
    ("sort newest", ["--sort", "newest"], "", 1.0),
    ("facets", ["--facets"], "", 1.3),
    ("count", ["--count"], "", None),
)


def children_cpu():
    """User + system CPU seconds of the waited-for children so far."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_batch(query_bin, db, options, lines):
    """One warta-query --queries - process over LINES: (summaries, CPU s)."""
    cmd = [str(query_bin), "--db", str(db), "--queries", "-", "--json",
           "-n", str(HITS)] + options
    before = children_cpu()
    proc = subprocess.run(cmd, input="".join(lines), capture_output=True,
                          text=True)
    cpu = children_cpu() - before
    if proc.returncode not in (0, 1):
        raise RuntimeError("%s exited with %d: %s" % (
            " ".join(cmd), proc.returncode, proc.stderr.strip()[:500]))
    summaries = [o for o in map(json.loads, filter(str.strip,
                                                   proc.stdout.splitlines()))
                 if o.get("type") == "summary"]
    return summaries, cpu


def measure(query_bin, db, variant, mix, passes):
    """One round of VARIANT: took_ms per query id over the passes, and CPU
    ms per timed query."""
    _, options, suffix, _ = variant
    warm = ["warm-%s\t%s%s\n" % (qid, text, suffix) for qid, text in mix]
    timed = ["p%d-%s\t%s%s\n" % (k + 1, qid, text, suffix)
             for k in range(passes) for qid, text in mix]
    _, cpu_once = run_batch(query_bin, db, options, warm)
    summaries, cpu_all = run_batch(query_bin, db, options, warm + timed)
    took = {}
    for s in summaries:
        pass_id, _, qid = str(s.get("query_id")).partition("-")
        if pass_id != "warm" and "took_ms" in s:
            took.setdefault(qid, []).append(s["took_ms"])
    cpu_ms = 1000.0 * max(cpu_all - cpu_once, 0.0) / (len(mix) * passes)
    return took, cpu_ms


def build_index(index_bin, shared, db):
    """Index click-id into DB: (seconds, articles)."""
    cmd = [str(index_bin), "-q", "--json", "--db", str(db),
           str(Path(shared) / "data" / "news-id" / "click-id")]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError("%s exited with %d: %s" % (
            " ".join(cmd), proc.returncode, proc.stderr.strip()[:500]))
    return seconds, json.loads(proc.stdout).get("added")


def run(args, workdir):
    """Measure every variant; return the report."""
    warta = speed.Warta(args.build)
    missing = warta.missing()
    if missing:
        raise RuntimeError("not built: %s" % ", ".join(missing))
    mix = speed.query_mix(args.shared, args.seed)
    report = {"date": time.strftime("%Y-%m-%d %H:%M"),
              "commit": speed.git_describe(), "version": warta.version(),
              "queries": len(mix), "passes": args.passes,
              "rounds": args.rounds, "load_before": os.getloadavg()}
    if args.index:
        db = Path(args.index)
    else:
        db = Path(workdir) / "click-id.db"
        speed.log("indexing click-id into %s" % db)
        report["index_seconds"], report["articles"] = build_index(
            warta.index_bin, args.shared, db)
    took = {v[0]: {} for v in VARIANTS}
    cpu = {v[0]: [] for v in VARIANTS}
    for r in range(args.rounds):
        for v in VARIANTS:
            speed.log("round %d/%d: %s" % (r + 1, args.rounds, v[0]))
            t, c = measure(warta.query_bin, db, v, mix, args.passes)
            for qid, ms in t.items():
                took[v[0]].setdefault(qid, []).extend(ms)
            cpu[v[0]].append(c)
    rows = []
    for name, _, _, target in VARIANTS:
        per_query = [statistics.median(ms) for ms in took[name].values()]
        fig = speed.latency(per_query)
        fig["cpu_ms"] = statistics.median(cpu[name])
        rows.append(dict(fig, name=name, target=target))
    base = rows[0]
    for row in rows:
        for k in ("mean", "p50", "p95", "cpu_ms"):
            row[k + "_ratio"] = speed.ratio(row[k], base[k])
    report["rows"] = rows
    report["load_after"] = os.getloadavg()
    report["command"] = reproduce_command(args)
    return report


def verdict(row):
    """PASS or MISS of a row against its target (its mean and p50 ratios),
    or ''."""
    if row["target"] is None or None in (row["mean_ratio"], row["p50_ratio"]):
        return ""
    limit = row["target"] * (1 + NOISE)
    return "PASS" if max(row["mean_ratio"], row["p50_ratio"]) <= limit else "MISS"


def cell(value, fmt):
    return "–" if value is None else fmt % value


def print_report(out, rep):
    """The table, in Markdown."""
    p = lambda s="": print(s, file=out)  # noqa: E731
    p("warta filters, sort, facets and count: %s, %s, %s" % (
        rep["date"], rep["commit"], rep["version"]))
    p("%d queries x %d passes x %d rounds, after a warm-up pass; "
      "load average %.1f before, %.1f after" % (
          rep["queries"], rep["passes"], rep["rounds"],
          rep["load_before"][0], rep["load_after"][0]))
    if "index_seconds" in rep:
        p("indexed %s articles in %.1f s" % (rep["articles"],
                                             rep["index_seconds"]))
    p()
    p("| variant | p50 ms | p95 ms | mean ms | CPU ms/q | mean ratio "
      "| p50 ratio | CPU ratio | target | |")
    p("|---|---|---|---|---|---|---|---|---|---|")
    for r in rep["rows"]:
        p("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            r["name"], cell(r["p50"], "%.2f"), cell(r["p95"], "%.2f"),
            cell(r["mean"], "%.2f"), cell(r["cpu_ms"], "%.2f"),
            cell(r["mean_ratio"], "%.2f×"), cell(r["p50_ratio"], "%.2f×"),
            cell(r["cpu_ms_ratio"], "%.2f×"),
            "≤ %.1f×" % r["target"] if r["target"] else "–", verdict(r)))
    p()
    p("PASS: the mean and p50 ratios within the target (%.0f%% allowed for "
      "noise). "
      "command: %s" % (100 * NOISE, rep["command"]))


def reproduce_command(args):
    words = [speed.python_command(), "bench/filters.py"]
    if args.index:
        words += ["--index", args.index]
    words += ["--passes", str(args.passes), "--rounds", str(args.rounds)]
    if args.seed != speed.SEED:
        words += ["--seed", str(args.seed)]
    return " ".join(words)


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="What filters, --sort, --facets and --count cost a warm "
                    "warta-query on click-id, beside the unfiltered query; "
                    "figures, not tests.")
    p.add_argument("--build", default=str(speed.DEFAULT_BUILD),
                   help="warta build directory [default: %(default)s]")
    p.add_argument("--shared", default=str(speed.DEFAULT_SHARED),
                   help="directory holding data/ [default: %(default)s]")
    p.add_argument("--index", metavar="DIR",
                   help="an index of click-id to use as it is [default: "
                        "index click-id into the work directory]")
    p.add_argument("--passes", type=int, default=3,
                   help="timed passes over the mix per process "
                        "[default: %(default)s]")
    p.add_argument("--rounds", type=int, default=2,
                   help="times each variant is run, round-robin "
                        "[default: %(default)s]")
    p.add_argument("--seed", type=int, default=speed.SEED,
                   help="seed of the query mix [default: %(default)s]")
    p.add_argument("--json", action="store_true",
                   help="one JSON object on stdout (the table on stderr)")
    args = p.parse_args(argv)
    if args.passes < 1 or args.rounds < 1:
        p.error("--passes and --rounds must be 1 or more")
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if not speed.click_id_files(args.shared):
        speed.log("filters: %s/data/news-id/click-id not found" % args.shared)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="warta-filters-"))
    try:
        report = run(args, workdir)
    except (OSError, RuntimeError, ValueError) as e:
        speed.log("filters: %s" % e)
        return 2
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print_report(sys.stderr if args.json else sys.stdout, report)
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
