#!/usr/bin/env python3
"""List the judging pools of the English topics (bench/topics-en).

For every topic of topics.tsv, the union of the top DEPTH articles (20 by
default) of these systems, run on the BBC articles (news-en/bbc) with the
topic's query:

  fts5-porter             stock SQLite FTS5, porter unicode61, whole articles
  fts5-porter-paragraphs  the same over paragraphs, best paragraph per article
  fts5-unicode61          stock SQLite FTS5, unicode61, whole articles
  xapian-en               Xapian 1.4, Stem("english"), QueryParser OP_OR
  xapian-en-and           the same with OP_AND
  warta                   warta-index / warta-query of a build (--stemming full)

The peers are those of bench/eval.py (same documents, same queries). One
line per pooled article: tid, docid, its grade in qrels.tsv (- when
unjudged), the systems that retrieved it with their ranks, its headline.
--unjudged keeps the unjudged articles only: what to judge after a ranking
change or a new system. Standard library only, apart from python3-xapian
(run with /usr/bin/python3; without it the Xapian systems are skipped).
"""

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import eval as ev  # noqa: E402  (bench/eval.py)

DEPTH = 20


def pool_systems():
    """The peer objects of the pool, and notes on the ones skipped."""
    peers, notes = ev.make_peers([ev.FTS5_PORTER_PEER,
                                  ev.FTS5_PARAGRAPHS_PEER, ev.FTS5_PEER,
                                  ev.XAPIAN_EN_PEER])
    try:
        import xapian
    except ImportError:
        pass
    else:
        peers.append(ev.XapianPeer(xapian, "xapian-en-and", "english",
                                   and_=True))
    return peers, notes


def main(argv=None):
    """Print the pools; return the exit status."""
    p = argparse.ArgumentParser(
        description="List the judging pools of bench/topics-en.")
    p.add_argument("--build", default=str(ev.DEFAULT_BUILD),
                   help="build directory of warta [default: %(default)s]")
    p.add_argument("--shared", default=str(ev.DEFAULT_SHARED),
                   help="shared directory holding data/ "
                        "[default: %(default)s]")
    p.add_argument("--depth", type=int, default=DEPTH,
                   help="articles per system and topic "
                        "[default: %(default)s]")
    p.add_argument("--no-warta", action="store_true",
                   help="pool the peers only")
    p.add_argument("--unjudged", action="store_true",
                   help="list only the articles qrels.tsv does not judge")
    args = p.parse_args(argv)

    topics, grades = ev.load_topic_folder(HERE)
    docs = ev.load_bbc_docs(args.shared)
    titles = {docid: text.split("\n", 1)[0].strip() for docid, text in docs}
    queries = [(tid, query) for tid, query, _ in topics]
    runs = []
    with tempfile.TemporaryDirectory(prefix="warta-pool-") as work:
        peers, notes = pool_systems()
        for note in notes:
            print(note, file=sys.stderr)
        for peer in peers:
            run = peer.run(work, "bbc", docs, queries, args.depth)
            runs.append((peer.name, run["ranked"]))
        if not args.no_warta:
            warta = ev.Warta(args.build)
            if warta.missing():
                print("error: missing %s (or --no-warta)"
                      % ", ".join(warta.missing()), file=sys.stderr)
                return 2
            query_file = Path(work) / "topics.tsv"
            ev.write_queries(query_file, queries)
            db = Path(work) / "bbc-warta.db"
            inputs = [ev.bbc_folder(args.shared) / s
                      for s in ev.BBC_SECTIONS]
            warta.index(db, "full", inputs, [])
            hits, _, _ = warta.search(db, query_file, args.depth)
            runs.append(("warta", {tid: [ev.bbc_docid(h["path"])
                                         for h in hs]
                                   for tid, hs in hits.items()}))

    for tid, _, _ in topics:
        pooled = {}
        for name, ranked in runs:
            for rank, docid in enumerate(ranked.get(tid, [])[:args.depth],
                                         1):
                pooled.setdefault(docid, []).append("%s:%d" % (name, rank))
        for docid in sorted(pooled):
            grade = grades.get(tid, {}).get(docid)
            if args.unjudged and grade is not None:
                continue
            print("\t".join((tid, docid, "-" if grade is None else
                             str(grade), " ".join(pooled[docid]),
                             titles.get(docid, ""))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
