#!/usr/bin/env python3
"""Build blind judging pools for new topic sets (click-id, IndoSum, BBC).

For every topic of TOPICS.tsv (tid<TAB>query<TAB>definition), the union of
the top DEPTH articles (20 by default) of five systems run with the topic's
query on the same corpus:

  warta          warta-index --stemming full; warta-query --json -n DEPTH
                 --per-doc 1
  warta-plain    the same index, plus --rank k1=1.2,b=0.75,title=0,tiers=0,
                 block=1 (plain BM25)
  fts5-...       stock SQLite FTS5 as bench/eval.py runs it: unicode61 for
                 the Indonesian corpora, porter unicode61 for bbc
  xapian-...     Xapian 1.4, Stem("indonesian") or Stem("english"),
                 QueryParser OP_OR, as bench/eval.py runs it
  xapian-...-and the same with OP_AND

Corpora and docids: click-id (the JSON Lines files, OUTLET-N as topics-id),
bbc (the five section folders, SECTION/NNN) and indosum (the distinct
articles of news-id/indosum-dev/dev.0*.jsonl, the IndoSum id).

Indexes are built once under --cache (one folder per corpus and system) and
reused by later runs; a lock file per system keeps two processes from
building the same index at once. warta's index is per build directory and
is built again when that build's warta-index is newer than the index.

Writes in --out:
  runs.tsv         tid, system, rank, docid (for the record, not for judges)
  pool.tsv         tid, docid, in the shuffled judging order
  judge/TID.txt    the topic's query and definition, then each pooled
                   article (shuffled with random.Random(tid), no system
                   names, no ranks): === DOCID ===, title, date, outlet,
                   text (at most 6000 characters)
With --qrels, judge/ holds only the articles QRELS does not judge yet
(top-up judging after a ranking change). One summary line per topic on
stderr.

Usage (run with /usr/bin/python3, which has python3-xapian):

  /usr/bin/python3 bench/pool.py --corpus click-id --topics TOPICS.tsv \\
      --out DIR --build build-release [--depth 20] [--shared ../shared] \\
      [--cache /work/pool-cache] [--qrels QRELS.tsv]
"""

import argparse
import fcntl
import hashlib
import json
import random
import re
import sqlite3
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import eval as E  # noqa: E402  (bench/eval.py)

CORPORA = ("click-id", "indosum", "bbc")
DEPTH = 20
DEFAULT_CACHE = str(Path(tempfile.gettempdir()) / "warta-pool")
PLAIN_RANK = "k1=1.2,b=0.75,title=0,tiers=0,block=1"
TEXT_CAP = 6000
DONE = "DONE"


# --------------------------------------------------------------------------
# corpora: documents for the peers, articles for the judges


def load_corpus(corpus, shared):
    """Return (docs [(docid, text)] for the peers, {docid: (title, date,
    outlet, text)} for the judges) of CORPUS."""
    if corpus == "bbc":
        docs = E.load_bbc_docs(shared)
        articles = {d: (t.split("\n", 1)[0].strip(), "",
                        "BBC News, " + d.split("/")[0],
                        t.split("\n", 1)[1].strip() if "\n" in t else "")
                    for d, t in docs}
        return docs, articles
    if corpus == "indosum":
        records = E.load_indosum_records(shared)
        docs = [(r["id"], r["content"]) for r in records]
        articles = {r["id"]: ("", "", r["source"], r["content"])
                    for r in records}
        return docs, articles
    articles = {docid: (r.get("title") or "", r.get("date") or "",
                        r.get("source") or docid.rsplit("-", 1)[0],
                        readable(r.get("content") or ""))
                for docid, r in E.click_id_records(shared)}
    return E.load_click_id_docs(shared), articles


def readable(content):
    """click-id content joins paragraphs with ','; break the line after a
    sentence's end followed by that comma, for the judges' eyes."""
    return re.sub(r'([.!?"\u201d])\s*,(?=\S)', "\\1\n", content).strip()


# --------------------------------------------------------------------------
# the cache


@contextmanager
def cached(folder, build, stale=lambda done: False):
    """Hold FOLDER's lock; call BUILD(FOLDER) first when FOLDER has no
    DONE stamp or STALE(stamp path) is true. Yields FOLDER, with a shared
    lock held (no one rebuilds it while it is searched)."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(str(folder) + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = folder / DONE
        if not done.exists() or stale(done):
            E.log("building %s" % folder)
            if done.exists():
                done.unlink()
            build(folder)
            done.write_text("built\n")
        fcntl.flock(lock, fcntl.LOCK_SH)
        yield folder


def warta_inputs(corpus, shared, folder):
    """The inputs warta-index reads for CORPUS (for indosum, the records
    written into FOLDER)."""
    if corpus == "click-id":
        return E.click_id_files(shared)
    if corpus == "bbc":
        return [E.bbc_folder(shared) / s for s in E.BBC_SECTIONS]
    path = folder / "indosum-dev.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for r in E.load_indosum_records(shared):
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return [path]


def warta_docid(corpus, hit):
    """The docid of a warta hit in CORPUS."""
    if corpus == "click-id":
        return E.news_docid(hit)
    if corpus == "bbc":
        return E.bbc_docid(hit["path"])
    return hit["key"]


def warta_runs(args, queries, work):
    """Rank QUERIES with warta default and plain; {system: {tid: [docid]}}."""
    warta = E.Warta(args.build)
    if warta.missing():
        raise RuntimeError("missing %s" % ", ".join(warta.missing()))
    query_file = Path(work) / "queries.tsv"
    E.write_queries(query_file, queries)

    tag = hashlib.sha1(str(Path(args.build).resolve()).encode()).hexdigest()
    folder = Path(args.cache) / args.corpus / ("warta-" + tag[:10])
    binary_time = warta.index_bin.stat().st_mtime

    def build(folder):
        (folder / "BUILD").write_text(str(Path(args.build).resolve()) + "\n")
        warta.index(folder / "index", "full",
                    warta_inputs(args.corpus, args.shared, folder), [])

    runs = {}
    with cached(folder, build,
                lambda done: done.stat().st_mtime < binary_time):
        for name, extra in (("warta", []),
                            ("warta-plain", ["--rank", PLAIN_RANK])):
            hits, _, _ = warta.search(folder / "index", query_file,
                                      args.depth, extra)
            runs[name] = {tid: [warta_docid(args.corpus, h) for h in hs]
                          for tid, hs in hits.items()}
    return runs


# --------------------------------------------------------------------------
# the peers


def peer_runs(args, docs, queries):
    """Rank QUERIES with stock FTS5 and Xapian OR / AND over DOCS, each
    index built once in the cache; {system: {tid: [docid]}}."""
    english = args.corpus == "bbc"
    fts_name = E.FTS5_PORTER_PEER if english else E.FTS5_PEER
    xap_name = E.XAPIAN_EN_PEER if english else E.XAPIAN_PEER
    peers, notes = E.make_peers([fts_name, xap_name])
    for note in notes:
        E.log(note)
    runs = {}
    for peer in peers:
        folder = Path(args.cache) / args.corpus / peer.name
        path = folder / ("index-%s%s" % (peer.name, "" if
                                          isinstance(peer, E.XapianPeer)
                                          else ".db"))
        with cached(folder, lambda f: peer.run(f, "index", docs, [], 1)):
            if isinstance(peer, E.XapianPeer):
                runs[peer.name] = xapian_search(peer, path, queries,
                                                args.depth, False)
                runs[peer.name + "-and"] = xapian_search(
                    peer, path, queries, args.depth, True)
            else:
                runs[peer.name] = fts5_search(peer, path, queries,
                                              args.depth)
    return runs


def fts5_search(peer, path, queries, hits):
    """Rank QUERIES on a cached FTS5 index as the Fts5Peer PEER does."""
    con = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        ranked = {}
        for tid, text in queries:
            expression = peer.match_expression(text)
            if expression is not None:
                ranked[tid] = peer.search(con, expression, hits)
        return ranked
    finally:
        con.close()


def xapian_search(peer, path, queries, hits, and_):
    """Rank QUERIES on a cached Xapian index with the query parsing of the
    XapianPeer PEER (OP_AND when AND_ is true)."""
    searcher = E.XapianPeer(peer.xapian, peer.name, peer.language, and_=and_)
    db = peer.xapian.Database(str(path))
    try:
        return searcher.search(db, queries, hits)[0]
    finally:
        db.close()


# --------------------------------------------------------------------------
# output


def read_topics(path):
    """[(tid, query, definition)] of a topics file; blank lines skipped."""
    topics = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                cells = line.rstrip("\n").split("\t")
                if len(cells) < 3:
                    raise ValueError("%s:%d: expected tid<TAB>query<TAB>"
                                     "definition" % (path, n))
                topics.append(tuple(cells[:3]))
    return topics


def read_judged(path):
    """{(tid, docid)} judged in a qrels file (none when PATH is None)."""
    if not path:
        return set()
    with open(path, encoding="utf-8") as f:
        return {tuple(line.split("\t")[:2]) for line in f if line.strip()}


def article_block(docid, article):
    """The judge's view of one article."""
    title, date, outlet, text = article
    lines = ["=== %s ===" % docid]
    lines += [label + value for label, value in (("title: ", title),
              ("date: ", date), ("outlet: ", outlet)) if value]
    lines.append("")
    if len(text) > TEXT_CAP:
        text = "%s\n[cut: %d more characters]" % (text[:TEXT_CAP],
                                                  len(text) - TEXT_CAP)
    lines.append(text)
    return "\n".join(lines) + "\n\n"


def write_output(out, topics, runs, articles, judged, depth):
    """Write runs.tsv, pool.tsv and judge/TID.txt in OUT."""
    judge = Path(out) / "judge"
    judge.mkdir(parents=True, exist_ok=True)
    with open(Path(out) / "runs.tsv", "w", encoding="utf-8") as f:
        for tid, _, _ in topics:
            for system in sorted(runs):
                for rank, docid in enumerate(
                        runs[system].get(tid, [])[:depth], 1):
                    f.write("%s\t%s\t%d\t%s\n" % (tid, system, rank, docid))
    with open(Path(out) / "pool.tsv", "w", encoding="utf-8") as pool_file:
        for tid, query, definition in topics:
            pool = sorted({d for r in runs.values()
                           for d in r.get(tid, [])[:depth]})
            random.Random(tid).shuffle(pool)
            pool_file.writelines("%s\t%s\n" % (tid, d) for d in pool)
            todo = [d for d in pool if (tid, d) not in judged]
            path = judge / ("%s.txt" % tid)
            if todo:
                with open(path, "w", encoding="utf-8") as f:
                    f.write("topic %s\nquery: %s\ndefinition: %s\n"
                            "articles: %d\n\n" % (tid, query, definition,
                                                  len(todo)))
                    f.writelines(article_block(d, articles[d])
                                 for d in todo)
            elif path.exists():
                path.unlink()
            E.log("%s: pool %d, to judge %d" % (tid, len(pool), len(todo)))


def parse_args(argv):
    """Parse the command line."""
    p = argparse.ArgumentParser(description="Build blind judging pools "
                                "of warta, FTS5 and Xapian for a topic set.")
    p.add_argument("--corpus", required=True, choices=CORPORA)
    p.add_argument("--topics", required=True,
                   help="tid<TAB>query<TAB>definition file")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--depth", type=int, default=DEPTH,
                   help="articles per system and topic [default: 20]")
    p.add_argument("--build", default=str(E.DEFAULT_BUILD),
                   help="warta build directory [default: %(default)s]")
    p.add_argument("--shared", default=str(E.DEFAULT_SHARED),
                   help="folder holding data/ [default: %(default)s]")
    p.add_argument("--cache", default=DEFAULT_CACHE,
                   help="index cache [default: %(default)s]")
    p.add_argument("--qrels", help="write to judge/ only the articles "
                   "this qrels file does not judge")
    args = p.parse_args(argv)
    if args.depth < 1:
        p.error("--depth must be 1 or more")
    return args


def main(argv=None):
    """Entry point."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        topics = read_topics(args.topics)
        judged = read_judged(args.qrels)
        queries = [(tid, query) for tid, query, _ in topics]
        docs, articles = load_corpus(args.corpus, args.shared)
        with tempfile.TemporaryDirectory(prefix="warta-pool-") as work:
            runs = warta_runs(args, queries, work)
        runs.update(peer_runs(args, docs, queries))
        write_output(args.out, topics, runs, articles, judged, args.depth)
    except (OSError, RuntimeError, ValueError) as e:
        E.log("error: %s" % e)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
