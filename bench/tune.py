#!/usr/bin/python3
"""Ranking on the visible sets, held out: cross-validation and paired tests.

Every visible query set is scored query by query for warta (any number of
`--rank` variants, and optionally a second build such as the previous
release) and for the peers (stock FTS5, plain Xapian) on the same documents:

  tydiqa      TyDiQA-id train questions -> paragraph          MRR@10
  facqa       FacQA questions -> passage                      MRR@10
  known-item  500 click-id headlines -> article body          MRR@10
  topics-id   the 10 shared click-id topics                   nDCG@10
  topics-id2  warta's own click-id topics (bench/topics-id)   nDCG@10
  indosum     warta's own IndoSum topics (bench/topics-indosum) nDCG@10
  topics-en   the BBC topics (bench/topics-en)                nDCG@10

With `--grid`, the variants are candidates and the choice is cross-validated:
the queries of each set fall into 5 folds (by query, seeded); for each fold
the variant with the best mean over the sets of (set mean / best peer's set
mean) on the other four folds is chosen, and scored on the held-out fold.
The held-out figure of a set is the mean of its queries' held-out scores.
The default is then the variant chosen on all queries. Ties go to the
earlier variant: list the simpler ones first.

For each set the report gives a paired randomization test (two-sided,
10,000 sign flips of the per-query differences) of the held-out scores
against the best peer and against the baseline (`--baseline-build`).

    /usr/bin/python3 bench/tune.py --build build-release \\
        --baseline-build /path/to/previous/build-release \\
        --grid 'k1=1.2 b=0.75' 'k1=1.2 b=0.75 near=0.25' ...

A variant's word `copies` runs warta-query with --copies (the copies of one
story not folded), `fold` with --fold (one hit per story): `--grid '' fold`
compares the default (every copy) with folding.

Tune on these visible sets only; the held-out sets of the project are not
for tuning.
"""
import argparse
import hashlib
import itertools
import json
import os
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import eval as E  # noqa: E402  (bench/eval.py)

FOLDS = 5
SEED = 20261206
PERMUTATIONS = 10000
TOPICS_ID2_DIR = HERE / "topics-id"
INDOSUM_DIR = HERE / "topics-indosum"


# --------------------------------------------------------------------------
# the sets


class QuerySet:
    """One visible set: its queries, how a ranked list scores, its corpus."""

    def __init__(self, name, metric, queries, score, corpus, docid, peers):
        self.name = name          # as reported
        self.metric = metric      # "MRR@10" or "nDCG@10"
        self.queries = queries    # [(qid, text)]
        self.score = score        # f(qid, [docid]) -> float
        self.corpus = corpus      # a Corpus
        self.docid = docid        # f(warta hit) -> docid
        self.peers = peers        # peer names of eval.py

    def scores(self, ranked):
        """{qid: score} of ranked docids {qid: [docid]}, scored now (the
        judgments may have grown since the run was cached)."""
        return {qid: self.score(qid, ranked.get(qid, [])) for qid, _ in self.queries}


class Corpus:
    """Documents indexed once per build (warta) or per peer."""

    def __init__(self, tag, load_docs, warta_inputs):
        self.tag = tag
        self.load_docs = load_docs        # () -> [(docid, text)] for peers
        self.warta_inputs = warta_inputs  # (workdir) -> [paths] to index
        self._docs = None

    def docs(self):
        if self._docs is None:
            self._docs = self.load_docs()
        return self._docs


def mrr_scorer(relevant):
    """Score a ranked list by the reciprocal rank of its first relevant."""
    return lambda qid, ranked: E.reciprocal_rank(
        E.first_relevant_rank(ranked, relevant[qid]))


def ndcg_scorer(grades):
    return lambda qid, ranked: E.graded_ndcg(ranked, grades.get(qid, {}))


def docs_file_inputs(tag, docs_fn):
    """warta's input for documents (id, text): one JSON Lines file."""
    def inputs(work):
        path = Path(work) / ("%s-docs.jsonl" % tag)
        if not path.exists():
            E.write_docs(path, docs_fn())
        return [path]
    return inputs


def qa_set(shared, name):
    docs, questions = E.DATASET_LOADERS[name](shared)
    queries = [("q%d" % (i + 1), E.one_line(q)) for i, (q, _) in enumerate(questions)]
    relevant = {"q%d" % (i + 1): {d} for i, (_, d) in enumerate(questions)}
    corpus = Corpus(name, lambda: docs, docs_file_inputs(name, lambda: docs))
    return QuerySet(name, "MRR@10", queries, mrr_scorer(relevant), corpus,
                    lambda h: h["key"], [E.FTS5_PEER, E.XAPIAN_PEER])


def known_item_docs(shared):
    """click-id bodies without titles, as known-item-id/README.md says."""
    bodies = ((docid, (r.get("content") or "").strip()) for docid, r in E.click_id_records(shared))
    return [(docid, body) for docid, body in bodies if body]


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def known_item_set(shared):
    folder = Path(shared) / "data" / "known-item-id"
    queries = [(r[0], r[1]) for r in read_tsv(folder / "queries.tsv")]
    relevant = {}
    for qid, docid in read_tsv(folder / "qrels.tsv"):
        relevant.setdefault(qid, set()).add(docid)
    docs = lambda: known_item_docs(shared)  # noqa: E731
    corpus = Corpus("known-item", docs, docs_file_inputs("known-item", docs))
    return QuerySet("known-item", "MRR@10", queries, mrr_scorer(relevant), corpus,
                    lambda h: h["key"], [E.FTS5_PEER, E.XAPIAN_PEER])


def topic_set(name, folder, corpus, docid, peers):
    topics, grades = E.load_topic_folder(folder)
    return QuerySet(name, "nDCG@10", [(t[0], t[1]) for t in topics], ndcg_scorer(grades),
                    corpus, docid, peers)


def indosum_docs(shared):
    """The distinct IndoSum dev articles as (id, text), as bench/pool.py
    pooled them."""
    return [(r["id"], r["content"]) for r in E.load_indosum_records(shared)]


def load_sets(shared, only):
    """The visible sets (those named in ONLY, when given)."""
    click = Corpus("click-id", lambda: E.load_click_id_docs(shared),
                   lambda work: E.click_id_files(shared))
    bbc = Corpus("bbc", lambda: E.load_bbc_docs(shared),
                 lambda work: [E.bbc_folder(shared) / s for s in E.BBC_SECTIONS])
    indosum = Corpus("indosum", lambda: indosum_docs(shared),
                     docs_file_inputs("indosum", lambda: indosum_docs(shared)))
    id_peers = [E.FTS5_PEER, E.XAPIAN_PEER]
    makers = [
        ("tydiqa", lambda: qa_set(shared, "tydiqa")),
        ("facqa", lambda: qa_set(shared, "facqa")),
        ("known-item", lambda: known_item_set(shared)),
        ("topics-id", lambda: topic_set("topics-id", Path(shared) / "data" / "topics-id",
                                        click, E.news_docid, id_peers)),
        ("topics-id2", lambda: topic_set("topics-id2", TOPICS_ID2_DIR, click, E.news_docid,
                                         id_peers)),
        ("indosum", lambda: topic_set("indosum", INDOSUM_DIR, indosum, lambda h: h["key"],
                                      id_peers)),
        ("topics-en", lambda: topic_set("topics-en", E.TOPICS_EN_DIR, bbc,
                                        lambda h: E.bbc_docid(h["path"]),
                                        [E.FTS5_PORTER_PEER, E.FTS5_PEER, E.XAPIAN_EN_PEER])),
    ]
    sets = []
    for name, make in makers:
        if only and name not in only:
            continue
        if name in ("topics-id2", "indosum") and not (
                (TOPICS_ID2_DIR if name == "topics-id2" else INDOSUM_DIR) / "qrels.tsv").exists():
            continue
        sets.append(make())
    return sets


# --------------------------------------------------------------------------
# runs, cached per build, variant and set


def file_hash(path):
    """A binary's identity: the same build shares indexes and scores."""
    return hashlib.sha1(Path(path).read_bytes()).hexdigest()


class Runner:
    """Per-query scores of warta builds and peers; their top 10s are cached
    in the workdir (keyed by the binaries' contents, the set, its queries
    and the variant)."""

    def __init__(self, work):
        self.work = Path(work)
        self.work.mkdir(parents=True, exist_ok=True)

    def _cached(self, key, compute):
        path = self.work / "scores" / (hashlib.sha1(key.encode()).hexdigest()[:16] + ".json")
        if path.exists():
            return json.loads(path.read_text())
        value = compute()
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(value))
        return value

    def warta(self, build, qset, rank):
        """{qid: score} of the build with --rank RANK ('' = defaults)."""
        w = E.Warta(build)
        stamp, istamp = file_hash(w.query_bin), file_hash(w.index_bin)

        def compute():
            db = self.work / ("%s-%s.db" % (qset.corpus.tag, istamp[:8]))
            if not db.exists():
                failed = []
                w.index(db, "full", qset.corpus.warta_inputs(self.work), failed)
            qf = self.work / ("%s.q" % qset.name)
            E.write_queries(qf, qset.queries)
            # a variant's words "copies" and "fold" are warta-query's
            # --copies (copies of one story not folded) and --fold (one hit
            # per story); the rest is --rank
            parts = [p for p in rank.split(",") if p]
            flags = ["--" + p for p in parts if p in ("copies", "fold")]
            spec = ",".join(p for p in parts if p not in ("copies", "fold"))
            by, _, _ = w.search(db, qf, 10, flags + (["--rank", spec] if spec else []))
            return {qid: [qset.docid(h) for h in by.get(qid, [])] for qid, _ in qset.queries}
        ranked = self._cached("warta|%s|%s|%s|%s|%s" % (stamp, istamp, qset.name, qset.queries,
                                                          rank), compute)
        return qset.scores(ranked)

    def peers(self, qset):
        """({peer: {qid: score}} of the peers that run here, the best peer's
        name on the set's mean)."""
        runs = {p: self.peer(p, qset) for p in qset.peers}
        runs = {p: v for p, v in runs.items() if v is not None}
        return runs, max(runs, key=lambda p: mean(runs[p].values()))

    def peer(self, name, qset):
        def compute():
            peers, notes = E.make_peers([name])
            if not peers:
                return None
            run = peers[0].run(self.work, qset.corpus.tag, qset.corpus.docs(), qset.queries, 10)
            return {qid: run["ranked"].get(qid, []) for qid, _ in qset.queries}
        ranked = self._cached("peer|%s|%s|%s" % (name, qset.name, qset.queries), compute)
        return qset.scores(ranked) if ranked is not None else None


# --------------------------------------------------------------------------
# statistics


def mean(xs):
    xs = list(xs)
    return sum(xs) / len(xs) if xs else 0.0


def randomization_p(a, b, n=PERMUTATIONS, seed=SEED):
    """Two-sided paired randomization test of the mean of a - b: the share
    of n random sign flips of the differences whose sum is at least as far
    from 0 as the observed one (the observed counted once)."""
    d = [x - y for x, y in zip(a, b)]
    total = sum(d)
    if abs(total) < 1e-12:
        return 1.0
    rng = random.Random(seed)
    hits = 0
    for _ in range(n):
        # flipping the signs of a subset F gives total - 2 * sum(F)
        mask = format(rng.getrandbits(len(d)), "0%db" % len(d))
        flipped = sum(itertools.compress(d, map("1".__eq__, mask)))
        hits += abs(total - 2 * flipped) >= abs(total) - 1e-12
    return (hits + 1) / (n + 1)


def folds_of(qids, name):
    order = sorted(qids)
    random.Random("%s:%s" % (SEED, name)).shuffle(order)
    return {q: i % FOLDS for i, q in enumerate(order)}


def cross_validate(sets, scores, best_peer):
    """Held-out scores {set: {qid: score}} and the variant chosen per fold
    and on all queries. scores[v][set][qid]; best_peer[set] its mean."""
    fold = {s.name: folds_of([q for q, _ in s.queries], s.name) for s in sets}

    def objective(v, keep):
        return mean(mean(sc for q, sc in scores[v][s.name].items() if keep(s.name, q))
                    / max(best_peer[s.name], 1e-9) for s in sets)

    variants = list(scores)
    held, chosen = {s.name: {} for s in sets}, []
    for f in range(FOLDS):
        v = max(variants, key=lambda v: (objective(v, lambda n, q: fold[n][q] != f),
                                         -variants.index(v)))
        chosen.append(v)
        for s in sets:
            for q, sc in scores[v][s.name].items():
                if fold[s.name][q] == f:
                    held[s.name][q] = sc
    on_all = max(variants, key=lambda v: (objective(v, lambda n, q: True), -variants.index(v)))
    return held, chosen, on_all


def check(build, shared, workdir):
    """The --check conditions of bench/eval.py for ranking: on every visible
    set, warta's defaults at or above the best peer that runs here.
    Returns [(passed, description)]."""
    run = Runner(workdir)
    checks = []
    for s in load_sets(shared, None):
        mine = run.warta(build, s, "")
        peers, best = run.peers(s)
        qids = [q for q, _ in s.queries]
        a, b = mean(mine.values()), mean(peers[best].values())
        # at or above the best peer; a tie within 2% that the paired test
        # cannot tell apart (p >= 0.05) passes too, and says so
        p = randomization_p([mine[q] for q in qids], [peers[best][q] for q in qids])
        ok = a >= b or (a >= 0.98 * b and p >= 0.05)
        checks.append((ok, "%s: %s warta %.4f >= %s %.4f%s" % (
            s.name, s.metric, a, best, b, "" if a >= b else " (a tie: p %.2f)" % p)))
    return checks


# --------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=str(HERE.parent / "build"), help="warta build directory")
    ap.add_argument("--baseline-build", help="a second build to compare with (its defaults)")
    ap.add_argument("--baseline-rank", help="compare with --build under this --rank variant "
                    "instead (e.g. expand=0: the same build without a lever)")
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"),
                    help="directory holding data/ [default: ../shared]")
    ap.add_argument("--workdir", default="/tmp/warta-tune",
                    help="indexes and cached scores [default: /tmp/warta-tune]")
    ap.add_argument("--sets", help="only these sets (comma-separated)")
    ap.add_argument("--grid", nargs="*", default=[""],
                    help="--rank variants, space-separated NAME=VALUE ('' = defaults)")
    ap.add_argument("--json", help="write every per-query score here")
    args = ap.parse_args()
    sets = load_sets(args.shared, set(args.sets.split(",")) if args.sets else None)
    run = Runner(args.workdir)
    variants = [",".join(v.split()) for v in args.grid]

    peers, best = {}, {}
    for s in sets:
        peers[s.name], best[s.name] = run.peers(s)
    best_mean = {n: mean(peers[n][best[n]].values()) for n in peers}
    base = ({s.name: run.warta(args.baseline_build, s, "") for s in sets}
            if args.baseline_build else None)
    if args.baseline_rank is not None:
        base = {s.name: run.warta(args.build, s, ",".join(args.baseline_rank.split()))
                for s in sets}
    scores = {}
    for v in variants:
        scores[v] = {s.name: run.warta(args.build, s, v) for s in sets}
        print("%-50s %s" % (v or "(defaults)", " ".join(
            "%s %.4f" % (s.name, mean(scores[v][s.name].values())) for s in sets)),
            file=sys.stderr, flush=True)
    held, chosen, on_all = cross_validate(sets, scores, best_mean)

    print("\nchosen per fold: %s" % "; ".join(v or "(defaults)" for v in chosen))
    print("chosen on all queries: %s\n" % (on_all or "(defaults)"))
    head = ["set", "metric", "n", "best peer", "peer", "baseline", "chosen (in-sample)",
            "held-out (5-fold)", "held-out / peer", "p vs peer", "p vs baseline"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for s in sets:
        qids = [q for q, _ in s.queries]
        h = [held[s.name][q] for q in qids]
        pv = [peers[s.name][best[s.name]][q] for q in qids]
        row = [s.name, s.metric, str(len(qids)), best[s.name], "%.4f" % mean(pv)]
        row.append("%.4f" % mean(base[s.name][q] for q in qids) if base else "-")
        row.append("%.4f" % mean(scores[on_all][s.name].values()))
        row.append("%.4f" % mean(h))
        row.append("%.3f" % (mean(h) / max(mean(pv), 1e-9)))
        row.append("%.4f" % randomization_p(h, pv))
        row.append("%.4f" % randomization_p(h, [base[s.name][q] for q in qids]) if base else "-")
        print("| " + " | ".join(row) + " |")
    for s in sets:
        others = ", ".join("%s %.4f" % (p, mean(v.values())) for p, v in peers[s.name].items())
        print("peers on %s: %s" % (s.name, others))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"variants": scores, "peers": peers, "baseline": base, "held_out": held,
                       "chosen": chosen, "on_all": on_all}, f)


if __name__ == "__main__":
    main()
