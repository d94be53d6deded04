#!/usr/bin/python3
"""Folding on the speed mix: do the first pages hold two copies of one story?

Runs bench/speed.py's 200-query mix (its topics, titles and questions, same
seed) on an index of click-id, with --fold and with
--copies (the default), and reports per query the first page's hits and stories, and the
pages where two hits are copies of one story (by their story ids; with
--copies too, which is what folding removes).

    /usr/bin/python3 bench/copies/fold.py --build build-release --db /tmp/click.db

Figures, not tests.
"""
import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import speed  # noqa: E402  (bench/speed.py)


def pages(query_bin, db, queries, flags):
    """{qid: [story of each hit of the first page]}"""
    qf = Path(db).parent / "fold-queries.txt"
    speed.write_queries(qf, queries)
    out = subprocess.run([str(query_bin), "--db", str(db), "--queries", str(qf), "--json",
                          "-n", "10"] + flags, capture_output=True, text=True, check=False).stdout
    got = {}
    for line in out.splitlines():
        o = json.loads(line)
        if o.get("type") == "hit":
            got.setdefault(o["query_id"], []).append(o["story"])
    return got


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", required=True)
    ap.add_argument("--db", required=True, help="an index of click-id (warta-index)")
    ap.add_argument("--shared", default=str(HERE.parent.parent.parent / "shared"))
    ap.add_argument("--seed", type=int, default=speed.SEED)
    args = ap.parse_args()
    queries = speed.query_mix(args.shared, args.seed)
    qbin = Path(args.build) / "query" / "warta-query"
    for name, flags in (("--fold", ["--fold"]), ("--copies", ["--copies"])):
        got = pages(qbin, args.db, queries, flags)
        dup = {q: s for q, s in got.items() if len(set(s)) < len(s)}
        hits = sum(len(s) for s in got.values())
        print("%-9s queries %d, first-page hits %d, pages with two copies of one story %d"
              " (%d hits that are copies of one above)" % (
                  name, len(queries), hits, len(dup),
                  sum(len(s) - len(set(s)) for s in dup.values())))


if __name__ == "__main__":
    main()
