#!/usr/bin/python3
"""Ranking parameters on the visible sets, side by side: figures, not tests.

Indexes the question sets (TyDiQA-id train, FacQA), click-id and the BBC
articles once into a work directory, then runs each variant of
`warta-query --rank NAME=VALUE,...` (an empty variant: the defaults) over
all four in one warm process per set, and prints per variant TyDiQA and
FacQA MRR@10 and the Indonesian and English topics' nDCG@10, as
bench/eval.py measures them (its loaders and metrics are imported).

    /usr/bin/python3 bench/tune.py --build build-release '' k1=2,b=0.75 title=0.5

Tune on these visible sets only; a change that helps one set and hurts
another is no gain.
"""
import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import eval as E  # noqa: E402  (bench/eval.py)


def run(warta, db, queries, rank):
    """{query id: [hits]} of one warm process over the query file."""
    cmd = [str(warta.query_bin), "--db", db, "--queries", queries, "--json", "-n", "10"]
    if rank:
        cmd += ["--rank", rank]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False).stdout
    by = {}
    for line in out.splitlines():
        h = json.loads(line)
        if h.get("type") == "hit":
            by.setdefault(h["query_id"], []).append(h)
    return by


def qa_set(warta, work, shared, name):
    docs, qs = E.DATASET_LOADERS[name](shared)
    db, qf = os.path.join(work, name + ".idx"), os.path.join(work, name + ".q")
    if not os.path.exists(db):
        E.write_docs(os.path.join(work, name + ".jsonl"), docs)
        warta.index(db, "full", [os.path.join(work, name + ".jsonl")])
        E.write_queries(qf, [("q%d" % (i + 1), E.one_line(q[0])) for i, q in enumerate(qs)])

    def mrr(rank):
        by = run(warta, db, qf, rank)
        rr = [E.reciprocal_rank(E.first_relevant_rank([h["key"] for h in by.get("q%d" % (i + 1), [])],
                                                      {q[1]}))
              for i, q in enumerate(qs)]
        return sum(rr) / len(rr)
    return mrr


def topic_set(warta, work, shared, which):
    if which == "id":
        db = os.path.join(work, "click.idx")
        if not os.path.exists(db):
            warta.index(db, "full", E.click_id_files(shared))
        topics, grades = E.load_topics(shared)
        docid = E.news_docid
    else:
        db = os.path.join(work, "bbc.idx")
        if not os.path.exists(db):
            subprocess.run([str(warta.index_bin), "-q", "--db", db,
                            str(Path(shared) / "data/news-en/bbc")], check=False)
        topics, grades = E.load_topic_folder(HERE / "topics-en")
        docid = lambda h: E.bbc_docid(h["path"])  # noqa: E731
    qf = os.path.join(work, which + "-topics.q")
    E.write_queries(qf, [(t[0], t[1]) for t in topics])

    def ndcg(rank):
        by = run(warta, db, qf, rank)
        s = [E.graded_ndcg([docid(h) for h in by.get(t[0], [])], grades.get(t[0], {}))
             for t in topics]
        return sum(s) / len(s)
    return ndcg


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=str(HERE.parent / "build"), help="warta build directory")
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"),
                    help="directory holding data/ [default: ../shared]")
    ap.add_argument("--workdir", default="/tmp/warta-tune",
                    help="where the indexes are kept between runs [default: /tmp/warta-tune]")
    ap.add_argument("variants", nargs="*", default=[""],
                    help="--rank values to compare ('' for the defaults)")
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    warta = E.Warta(args.build)
    sets = [("tydiqa", qa_set(warta, args.workdir, args.shared, "tydiqa")),
            ("facqa", qa_set(warta, args.workdir, args.shared, "facqa")),
            ("topics-id", topic_set(warta, args.workdir, args.shared, "id")),
            ("topics-en", topic_set(warta, args.workdir, args.shared, "en"))]
    print("%-40s %8s %8s %9s %9s" % ("variant", "tydiqa", "facqa", "topics-id", "topics-en"))
    for v in args.variants:
        print("%-40s %8.4f %8.4f %9.4f %9.4f" % ((v or "(defaults)",) + tuple(f(v) for _, f in sets)),
              flush=True)


if __name__ == "__main__":
    main()
