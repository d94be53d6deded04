#!/usr/bin/env python3
"""Evaluate warta's retrieval quality and Indonesian stemming.

Four measurements, each driven through the command-line tools exactly as a
user would run them (``warta-index`` and ``warta-query``):

1. Question -> paragraph retrieval (TyDiQA-GoldP Indonesian, FacQA) per
   stemming mode: MRR@10, nDCG@10, Recall@100, share of questions without
   any hit, index time and size, mean query time.
2. Topical news retrieval on the click-id corpus with the graded judgments
   of topics-id: nDCG@10 (gain 2^grade - 1) and judged@10.
3. English topical retrieval on the BBC articles (news-en/bbc) with the
   graded judgments of bench/topics-en: nDCG@10 and judged@10.
4. Stemming accuracy on Sastrawi's word -> root test pairs.

Sections 1 and 2 also measure two peers on the same documents and queries:
stock SQLite FTS5 (Python's sqlite3 module) and Xapian 1.4 with its
Indonesian stemmer (python3-xapian, skipped with a note when it cannot be
imported); section 3 measures FTS5 with and without the porter stemmer, on
whole articles and on paragraphs, and Xapian with its English stemmer.
Apart from that optional module only the Python standard library is used.
See bench/README.md.
"""

import argparse
import ast
import csv
import json
import math
import os
import random
import re
import shlex
import shutil
import subprocess
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BUILD = REPO_ROOT / "build"
DEFAULT_SHARED = REPO_ROOT.parent / "shared"
TOPICS_EN_DIR = REPO_ROOT / "bench" / "topics-en"

ALL_MODES = ("full", "rules", "none")
ALL_DATASETS = ("tydiqa", "facqa")
STEM_MODES = ("full", "rules")
STEM_FILES = ("functional-pairs.tsv", "integration-pairs.tsv")

QA_HITS = 100          # hits asked per question (Recall@100)
CHECK_QA_HITS = 10     # --check asks 10: MRR@10 is the same, 4x faster
TOPIC_HITS = 10        # hits asked per topic (nDCG@10, judged@10)
CUTOFF = 10            # cutoff of MRR and nDCG

# The TyDiQA question sets, all over the same documents: every train
# question, the first 1,000 in file order, 1,000 drawn at random.
TYDIQA_SUBSET = 1000
TYDIQA_SEED = 20261124

FTS5_PEER = "fts5-unicode61"
XAPIAN_PEER = "xapian-id"
ALL_PEERS = (FTS5_PEER, XAPIAN_PEER)
FTS5_PORTER_PEER = "fts5-porter"
FTS5_PARAGRAPHS_PEER = "fts5-porter-paragraphs"
XAPIAN_EN_PEER = "xapian-en"
EN_PEERS = (FTS5_PORTER_PEER, FTS5_PARAGRAPHS_PEER, FTS5_PEER,
            XAPIAN_EN_PEER)
FTS5_TOKENIZE = "unicode61 remove_diacritics 2"
FTS5_PORTER_TOKENIZE = "porter unicode61 remove_diacritics 2"
BBC_SECTIONS = ("business", "entertainment", "politics", "sport", "tech")
XAPIAN_SKIPPED = ("xapian peer skipped: python3-xapian not importable "
                  "(apt-get install python3-xapian; run with /usr/bin/python3)")

CHECK_TYDIQA_MIN_MRR = 0.69
SKIP_EXIT = 77         # meson's "test skipped"

NO_SPACE_BEFORE = frozenset([",", ".", ";", ":", "?", "!", ")", "'"])
NO_SPACE_AFTER = frozenset(["("])
NOTHING_TO_SEARCH = "nothing to search for"


# --------------------------------------------------------------------------
# small helpers


def log(message):
    """Print a progress message on stderr."""
    print(message, file=sys.stderr, flush=True)


def one_line(text):
    """Collapse tabs and line breaks so TEXT fits on one line of a TSV file."""
    return " ".join(text.split())


def python_command():
    """How to name the running interpreter in a command line: python3, or
    the system's /usr/bin/python3 (the one python3-xapian installs for)
    when that runs us while PATH finds another python3 first."""
    found = shutil.which("python3")
    exe = sys.executable
    if (exe and found and Path(exe).parent in (Path("/usr/bin"), Path("/bin"))
            and Path(found).resolve() != Path(exe).resolve()):
        return exe
    return "python3"


def reproduce_command(args, *options):
    """Return the command line that reproduces one section of the report."""
    words = [python_command(), "bench/eval.py"]
    if Path(args.build).resolve() != DEFAULT_BUILD.resolve():
        words += ["--build", str(args.build)]
    if Path(args.shared).resolve() != DEFAULT_SHARED.resolve():
        words += ["--shared", str(args.shared)]
    words += list(options)
    return " ".join(shlex.quote(w) for w in words)


def remove_db(db):
    """Delete an index so indexing starts fresh: a directory (warta's
    index) with everything in it, or a single SQLite file (the index of
    earlier builds) with its side files (-wal, -shm, -journal, .lock)."""
    if Path(db).is_dir():
        shutil.rmtree(db)
    for suffix in ("", "-wal", "-shm", "-journal", ".lock"):
        path = Path(str(db) + suffix)
        if path.exists() or path.is_symlink():
            path.unlink()


def db_size(db):
    """Size in bytes of an index: the files of an index directory, or a
    single file plus its write-ahead log if any."""
    if Path(db).is_dir():
        return dir_size(db)
    return sum(Path(str(db) + s).stat().st_size
               for s in ("", "-wal") if Path(str(db) + s).exists())


def dir_size(path):
    """Total size in bytes of the files under PATH."""
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def mean(values):
    """Arithmetic mean, or NaN for no values."""
    values = list(values)
    return sum(values) / len(values) if values else float("nan")


# --------------------------------------------------------------------------
# running warta


class Warta:
    """The two warta binaries of one build directory."""

    def __init__(self, build):
        self.index_bin = Path(build) / "indexer" / "warta-index"
        self.query_bin = Path(build) / "query" / "warta-query"

    def missing(self):
        """Return the binaries that do not exist or are not executable."""
        return [str(b) for b in (self.index_bin, self.query_bin)
                if not os.access(b, os.X_OK)]

    def version(self):
        """The first line of warta-query --version."""
        proc = subprocess.run([str(self.query_bin), "--version"],
                              capture_output=True, text=True)
        return proc.stdout.strip().split("\n")[0]

    def index(self, db, mode, inputs, failed=None):
        """Index INPUTS into a fresh DB with stemming MODE.

        Returns (seconds, size in bytes). Exit status 1 (some inputs
        failed, the others are indexed) is an error unless FAILED is a
        list: then warta-index's error lines are appended to it.
        """
        remove_db(db)
        cmd = [str(self.index_bin), "-q", "--db", str(db),
               "--stemming", mode] + [str(p) for p in inputs]
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        if proc.returncode == 1 and failed is not None:
            failed.extend(line for line in proc.stderr.splitlines()
                          if line.strip())
        elif proc.returncode != 0:
            raise RuntimeError("%s failed (exit %d):\n%s" % (
                " ".join(cmd), proc.returncode, proc.stderr.strip()))
        return seconds, db_size(db)

    def search(self, db, query_file, hits, extra=()):
        """Run every line of QUERY_FILE in one warta-query process, with
        the EXTRA arguments (e.g. --rank NAME=VALUE,...).

        Returns (hits by query id in rank order, seconds, number of lines
        warta reported as having nothing to search for).
        """
        cmd = [str(self.query_bin), "--db", str(db), "--queries",
               str(query_file), "--json", "-n", str(hits), "--per-doc",
               "1"] + list(extra)
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        # 0: some hits, 1: no query had any hit; both are results.
        if proc.returncode not in (0, 1):
            raise RuntimeError("%s failed (exit %d):\n%s" % (
                " ".join(cmd), proc.returncode, proc.stderr.strip()))
        by_query = {}
        for line in proc.stdout.splitlines():
            if line.strip():
                hit = json.loads(line)
                # Hits have "type": "hit", or no type at all (older
                # builds); a query's "summary" object follows its hits.
                if hit.get("type", "hit") != "hit":
                    continue
                by_query.setdefault(hit["query_id"], []).append(hit)
        for ranked in by_query.values():
            ranked.sort(key=lambda h: h["rank"])
        unsearchable = proc.stderr.count(NOTHING_TO_SEARCH)
        return by_query, seconds, unsearchable

    def analyze(self, mode, word_file):
        """Analyze each line of WORD_FILE; return [(input, terms)]."""
        cmd = [str(self.query_bin), "--analyze", "--stemming", mode,
               "--queries", str(word_file)]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError("%s failed (exit %d):\n%s" % (
                " ".join(cmd), proc.returncode, proc.stderr.strip()))
        rows = []
        for line in proc.stdout.split("\n")[:-1]:
            surface, _, terms = line.partition("\t")
            rows.append((surface, terms))
        return rows


def git_describe():
    """The repository's commit, with -dirty when the tree has changes."""
    try:
        proc = subprocess.run(["git", "-C", str(REPO_ROOT), "describe",
                               "--always", "--dirty"],
                              capture_output=True, text=True)
    except OSError:
        return None
    return proc.stdout.strip() or None


# --------------------------------------------------------------------------
# metrics


def first_relevant_rank(ranked_keys, relevant):
    """1-based rank of the first key in RELEVANT, or None."""
    for rank, key in enumerate(ranked_keys, 1):
        if key in relevant:
            return rank
    return None


def reciprocal_rank(rank, cutoff=CUTOFF):
    """Reciprocal rank of the relevant document, 0 beyond CUTOFF."""
    return 1.0 / rank if rank is not None and rank <= cutoff else 0.0


def binary_ndcg(rank, cutoff=CUTOFF):
    """nDCG@CUTOFF with a single relevant document found at RANK.

    The ideal DCG of one relevant document is 1, so nDCG = 1/log2(rank+1).
    """
    if rank is None or rank > cutoff:
        return 0.0
    return 1.0 / math.log2(rank + 1)


def graded_ndcg(ranked_docids, grades, cutoff=CUTOFF):
    """nDCG@CUTOFF with gains 2^grade - 1; unjudged documents gain 0.

    The ideal DCG is computed from all judged documents of the topic.
    """
    def gain(grade):
        return 2 ** grade - 1

    dcg = sum(gain(grades.get(d, 0)) / math.log2(i + 2)
              for i, d in enumerate(ranked_docids[:cutoff]))
    ideal = sorted((gain(g) for g in grades.values()), reverse=True)[:cutoff]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0.0


def judged_at(ranked_docids, grades, cutoff=CUTOFF):
    """Share of the top CUTOFF ranks holding a judged document (any grade).

    Ranks left empty (fewer hits than CUTOFF) count as unjudged.
    """
    return sum(1 for d in ranked_docids[:cutoff] if d in grades) / cutoff


# --------------------------------------------------------------------------
# question -> paragraph datasets


def detokenize(tokens):
    """Join word tokens into text: no space before , . ; : ? ! ) ' nor
    after (."""
    out = []
    for token in tokens:
        if out and token not in NO_SPACE_BEFORE and out[-1] not in NO_SPACE_AFTER:
            out.append(" ")
        out.append(token)
    return "".join(out)


def load_tydiqa(shared):
    """Load TyDiQA-GoldP Indonesian.

    Documents: every distinct context of train, valid and test.
    Questions: all train questions, in file order.
    Returns (docs [(doc id, text)], questions [(question, relevant doc id)]).
    """
    folder = Path(shared) / "data" / "qa-id" / "tydiqa-goldp"
    doc_ids = {}
    questions = []
    for split in ("train", "valid", "test"):
        with open(folder / (split + ".json"), encoding="utf-8") as f:
            records = json.load(f)
        for record in records:
            context = record["context"]
            if context not in doc_ids:
                doc_ids[context] = "t%d" % (len(doc_ids) + 1)
            if split == "train":
                for qa in record["qas"]:
                    questions.append((qa["question"], doc_ids[context]))
    docs = [(doc_id, text) for text, doc_id in doc_ids.items()]
    return docs, questions


def load_facqa(shared):
    """Load FacQA (train, valid, test).

    Cells are Python list literals of tokens, joined with detokenize().
    Documents: the distinct passages; questions: all, in file order.
    Returns (docs [(doc id, text)], questions [(question, relevant doc id)]).
    """
    folder = Path(shared) / "data" / "qa-id" / "facqa"
    doc_ids = {}
    questions = []
    for split in ("train", "valid", "test"):
        with open(folder / (split + "_preprocess.csv"),
                  encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                question = detokenize(ast.literal_eval(row["question"]))
                passage = detokenize(ast.literal_eval(row["passage"]))
                if passage not in doc_ids:
                    doc_ids[passage] = "f%d" % (len(doc_ids) + 1)
                questions.append((question, doc_ids[passage]))
    docs = [(doc_id, text) for text, doc_id in doc_ids.items()]
    return docs, questions


DATASET_LOADERS = {"tydiqa": load_tydiqa, "facqa": load_facqa}


def question_sets(dataset, n, limit):
    """The question sets of DATASET as [(name, [question indices])].

    tydiqa has three, all over the same documents: ``tydiqa`` = every train
    question, ``tydiqa-first1000`` = the first 1,000 in file order,
    ``tydiqa-random1000`` = random.Random(TYDIQA_SEED).sample of 1,000 of
    them (in the order drawn). facqa has one: every question. LIMIT (when
    not 0 nor None) keeps the first LIMIT questions of each set.
    """
    if dataset == "tydiqa":
        k = min(TYDIQA_SUBSET, n)
        sets = [("tydiqa", list(range(n))),
                ("tydiqa-first%d" % TYDIQA_SUBSET, list(range(k))),
                ("tydiqa-random%d" % TYDIQA_SUBSET,
                 random.Random(TYDIQA_SEED).sample(range(n), k))]
    else:
        sets = [(dataset, list(range(n)))]
    if limit:
        sets = [(name, indices[:limit]) for name, indices in sets]
    return sets


def write_docs(path, docs):
    """Write DOCS as JSON Lines with the fields id and content."""
    with open(path, "w", encoding="utf-8") as f:
        for doc_id, text in docs:
            f.write(json.dumps({"id": doc_id, "content": text},
                               ensure_ascii=False) + "\n")


def write_queries(path, queries):
    """Write (id, text) pairs as ID<TAB>text lines for warta-query --queries."""
    with open(path, "w", encoding="utf-8") as f:
        for query_id, text in queries:
            f.write("%s\t%s\n" % (query_id, one_line(text)))


def warta_qa_run(warta, workdir, dataset, docs, queries, mode, hits):
    """Index DOCS with warta MODE and run QUERIES [(id, text)] in one process.

    Returns a run: {"ranked": {query id: [doc ids]}, "index_seconds",
    "size", "query_seconds", "queries", "nothing_to_search"}.
    """
    docs_file = Path(workdir) / ("%s-docs.jsonl" % dataset)
    query_file = Path(workdir) / ("%s-questions.tsv" % dataset)
    write_docs(docs_file, docs)
    write_queries(query_file, queries)
    db = Path(workdir) / ("%s-%s.db" % (dataset, mode))
    index_seconds, size = warta.index(db, mode, [docs_file])
    found, query_seconds, unsearchable = warta.search(db, query_file, hits)
    return {"ranked": {qid: [h["key"] for h in ranked]
                       for qid, ranked in found.items()},
            "index_seconds": index_seconds, "size": size,
            "query_seconds": query_seconds, "queries": len(queries),
            "nothing_to_search": unsearchable}


def score_qa(run, dataset, engine, mode, docs, questions, ids, indices,
             hits):
    """The QA figures of RUN for the questions at INDICES (a question set);
    RUN asked HITS hits per question (the recall cutoff)."""
    rr, ndcg, recall, empty = [], [], [], 0
    for i in indices:
        ranked = run["ranked"].get(ids[i], [])
        if not ranked:
            empty += 1
        rank = first_relevant_rank(ranked, {questions[i][1]})
        rr.append(reciprocal_rank(rank))
        ndcg.append(binary_ndcg(rank))
        recall.append(1.0 if rank is not None and rank <= hits else 0.0)
    n = len(indices)
    per_query = run["query_seconds"] / run["queries"] if run["queries"] else 0
    return {
        "dataset": dataset, "mode": mode, "engine": engine,
        "documents": len(docs), "questions": n,
        "mrr@10": mean(rr), "ndcg@10": mean(ndcg),
        "recall@%d" % hits: mean(recall), "hits": hits,
        "no_result": empty / n if n else float("nan"),
        "no_result_count": empty,
        "nothing_to_search": run["nothing_to_search"],
        "index_seconds": run["index_seconds"], "index_mb": run["size"] / 1e6,
        "questions_run": run["queries"],
        "query_seconds": run["query_seconds"],
        "query_ms_mean": 1000.0 * per_query,
    }


def run_qa(args, warta, workdir, peers):
    """Run every selected (dataset, mode) pair and every peer.

    One index per dataset and mode (or peer) serves all question sets of
    the dataset: the union of the sets runs once and the figures are split
    per set. Returns the results, grouped by question set.
    """
    results = []
    for dataset in args.datasets:
        docs, questions = DATASET_LOADERS[dataset](args.shared)
        sets = question_sets(dataset, len(questions), args.limit)
        ids = ["q%d" % (i + 1) for i in range(len(questions))]
        needed = sorted(set(i for _, indices in sets for i in indices))
        queries = [(ids[i], one_line(questions[i][0])) for i in needed]
        runs = []
        for mode in args.modes:
            log("qa: %s, %s: %d documents, %d questions" % (
                dataset, mode, len(docs), len(queries)))
            runs.append(("warta", mode, warta_qa_run(
                warta, workdir, dataset, docs, queries, mode, args.hits)))
        for peer in peers:
            log("qa: %s, %s: %d documents, %d questions" % (
                dataset, peer.name, len(docs), len(queries)))
            runs.append(("peer", peer.name, peer.run(
                workdir, dataset, docs, queries, args.hits)))
        for name, indices in sets:
            for engine, mode, run in runs:
                results.append(score_qa(run, name, engine, mode, docs,
                                        questions, ids, indices, args.hits))
    return results


def format_qa(results):
    """Format the QA results as a table."""
    hits = results[0]["hits"] if results else QA_HITS
    header = ("dataset", "mode", "docs", "questions", "MRR@10", "nDCG@10",
              "R@%d" % hits, "no hit", "index s", "index MB", "ms/query")
    rows = [header]
    for r in results:
        rows.append((r["dataset"], r["mode"], str(r["documents"]),
                     str(r["questions"]), "%.4f" % r["mrr@10"],
                     "%.4f" % r["ndcg@10"], "%.4f" % r["recall@%d" % hits],
                     "%.1f%%" % (100 * r["no_result"]),
                     "%.2f" % r["index_seconds"], "%.2f" % r["index_mb"],
                     "%.2f" % r["query_ms_mean"]))
    return format_table(rows)


# --------------------------------------------------------------------------
# peers: stock SQLite FTS5 and Xapian, on the same documents and queries


class Fts5Peer:
    """Stock SQLite FTS5 through Python's sqlite3 module.

    One row per document (id UNINDEXED, body), tokenizer TOKENIZE
    (unicode61 with remove_diacritics 2 unless told); a query is the words
    of the text (\\w+, lowercased), each a quoted string, joined by OR,
    ranked by bm25(t).
    """

    def __init__(self, name=FTS5_PEER, tokenize=FTS5_TOKENIZE):
        self.name = name
        self.tokenize = tokenize

    @staticmethod
    def match_expression(text):
        """The FTS5 MATCH expression of TEXT, or None when it has no word."""
        words = re.findall(r"\w+", text.lower())
        return " OR ".join('"%s"' % w for w in words) if words else None

    def run(self, workdir, tag, docs, queries, hits):
        """Index DOCS [(id, text)], run QUERIES [(id, text)]; return a run."""
        db = Path(workdir) / ("%s-%s.db" % (tag, self.name))
        remove_db(db)
        start = time.perf_counter()
        con = sqlite3.connect(str(db))
        try:
            con.execute("CREATE VIRTUAL TABLE t USING fts5(id UNINDEXED, "
                        "body, tokenize = '%s')" % self.tokenize)
            with con:
                con.executemany("INSERT INTO t(id, body) VALUES (?, ?)",
                                self.rows(docs))
            index_seconds = time.perf_counter() - start
            size = db_size(db)
            ranked, unsearchable = {}, 0
            start = time.perf_counter()
            for query_id, text in queries:
                expression = self.match_expression(text)
                if expression is None:
                    unsearchable += 1
                    continue
                ranked[query_id] = self.search(con, expression, hits)
            query_seconds = time.perf_counter() - start
        finally:
            con.close()
        return {"ranked": ranked, "index_seconds": index_seconds,
                "size": size, "query_seconds": query_seconds,
                "queries": len(queries), "nothing_to_search": unsearchable}

    @staticmethod
    def rows(docs):
        """The (id, body) rows of DOCS: one per document."""
        return docs

    @staticmethod
    def search(con, expression, hits):
        """The ids of the best HITS rows matching EXPRESSION."""
        rows = con.execute("SELECT id FROM t WHERE t MATCH ? "
                           "ORDER BY bm25(t) LIMIT ?",
                           (expression, hits)).fetchall()
        return [row[0] for row in rows]


def paragraphs(text):
    """The paragraphs of TEXT: blank-line separated, empty ones dropped."""
    return [p.strip() for p in re.split(r"\n[ \t\r\f\v]*\n", text)
            if p.strip()]


class Fts5ParagraphPeer(Fts5Peer):
    """Stock SQLite FTS5 over paragraphs, the best paragraph per document.

    One row per paragraph (blank-line separated; a headline followed by a
    blank line is a paragraph of its own) with its document's id; the
    query is that of Fts5Peer; a document ranks by the bm25 of its best
    paragraph (ties by id).
    """

    @staticmethod
    def rows(docs):
        """The (id, paragraph) rows of DOCS."""
        return [(doc_id, para) for doc_id, text in docs
                for para in paragraphs(text)]

    @staticmethod
    def search(con, expression, hits):
        """The ids of the HITS documents with the best paragraphs."""
        best = {}
        for doc_id, score in con.execute("SELECT id, bm25(t) FROM t "
                                         "WHERE t MATCH ?", (expression,)):
            if doc_id not in best or score < best[doc_id]:
                best[doc_id] = score
        return sorted(best, key=lambda d: (best[d], d))[:hits]


class XapianPeer:
    """Xapian 1.4 with one of its stemmers (python3-xapian).

    TermGenerator with Stem(LANGUAGE) (STEM_SOME, its default), Indonesian
    unless told; QueryParser with the same stemmer, STEM_SOME and OP_OR
    (OP_AND when AND_ is true); BM25 (Xapian's default weighting). A
    question the parser rejects is parsed again with no flags (counted as
    parse_errors).
    """

    def __init__(self, xapian, name=XAPIAN_PEER, language="indonesian",
                 and_=False):
        self.xapian = xapian
        self.name = name
        self.language = language
        self.default_op = (xapian.Query.OP_AND if and_ else
                           xapian.Query.OP_OR)
        self.parse_errors = 0

    def search(self, db, queries, hits):
        """Run QUERIES [(id, text)] on the open database DB; return
        ({id: [doc ids]}, queries with nothing to search, parse errors)."""
        xapian = self.xapian
        parser = xapian.QueryParser()
        parser.set_stemmer(xapian.Stem(self.language))
        parser.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
        parser.set_default_op(self.default_op)
        parser.set_database(db)
        enquire = xapian.Enquire(db)
        ranked, unsearchable, errors = {}, 0, 0
        for query_id, text in queries:
            try:
                query = parser.parse_query(text)
            except xapian.QueryParserError:
                errors += 1
                query = parser.parse_query(text, 0)
            if query.empty():
                unsearchable += 1
                continue
            enquire.set_query(query)
            ranked[query_id] = [m.document.get_data().decode("utf-8")
                                for m in enquire.get_mset(0, hits)]
        self.parse_errors += errors
        return ranked, unsearchable, errors

    def run(self, workdir, tag, docs, queries, hits):
        """Index DOCS [(id, text)], run QUERIES [(id, text)]; return a run."""
        xapian = self.xapian
        path = Path(workdir) / ("%s-%s" % (tag, self.name))
        shutil.rmtree(path, ignore_errors=True)
        stemmer = xapian.Stem(self.language)
        start = time.perf_counter()
        db = xapian.WritableDatabase(str(path), xapian.DB_CREATE_OR_OVERWRITE)
        generator = xapian.TermGenerator()
        generator.set_stemmer(stemmer)
        for doc_id, text in docs:
            doc = xapian.Document()
            generator.set_document(doc)
            generator.index_text(text)
            doc.set_data(doc_id)
            db.add_document(doc)
        db.commit()
        index_seconds = time.perf_counter() - start
        size = dir_size(path)

        start = time.perf_counter()
        ranked, unsearchable, errors = self.search(db, queries, hits)
        query_seconds = time.perf_counter() - start
        db.close()
        return {"ranked": ranked, "index_seconds": index_seconds,
                "size": size, "query_seconds": query_seconds,
                "queries": len(queries), "nothing_to_search": unsearchable,
                "parse_errors": errors}


def make_peers(names):
    """The peer objects for NAMES; returns (peers, notes on skipped ones)."""
    peers, notes = [], []
    for name in names:
        if name == FTS5_PEER:
            peers.append(Fts5Peer())
        elif name == FTS5_PORTER_PEER:
            peers.append(Fts5Peer(name, FTS5_PORTER_TOKENIZE))
        elif name == FTS5_PARAGRAPHS_PEER:
            peers.append(Fts5ParagraphPeer(name, FTS5_PORTER_TOKENIZE))
        elif name in (XAPIAN_PEER, XAPIAN_EN_PEER):
            try:
                import xapian
            except ImportError:
                if XAPIAN_SKIPPED not in notes:
                    notes.append(XAPIAN_SKIPPED)
                continue
            if name == XAPIAN_PEER:
                peers.append(XapianPeer(xapian))
            else:
                peers.append(XapianPeer(xapian, name, "english"))
    return peers, notes


# --------------------------------------------------------------------------
# topical news retrieval


def load_topics(shared):
    """Return (topics [(tid, query, definition)], grades {tid: {docid: g}})
    of topics-id."""
    return load_topic_folder(Path(shared) / "data" / "topics-id")


def load_topic_folder(folder):
    """Return (topics, grades) from FOLDER's topics.tsv
    (tid<TAB>query<TAB>definition) and qrels.tsv
    (tid<TAB>docid<TAB>grade<TAB>reason)."""
    topics = []
    with open(folder / "topics.tsv", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                tid, query, definition = line.rstrip("\n").split("\t")[:3]
                topics.append((tid, query, definition))
    grades = {}
    with open(folder / "qrels.tsv", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                tid, docid, grade = line.rstrip("\n").split("\t")[:3]
                grades.setdefault(tid, {})[docid] = int(grade)
    return topics, grades


def news_docid(hit):
    """Turn a hit's path and line into a qrels docid OUTLET-N."""
    name = Path(hit["path"]).name
    for suffix in (".gz", ".jsonl"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return "%s-%d" % (name, hit["line"])


def click_id_files(shared):
    """The click-id JSON Lines files, sorted by name."""
    return sorted((Path(shared) / "data" / "news-id" / "click-id")
                  .glob("*.jsonl"))


def load_indosum_records(shared):
    """The distinct IndoSum dev articles (first record of each id) as
    JSON Lines records for warta: id, title "", content (paragraphs
    detokenized, separated by a blank line), source."""
    records, seen = [], set()
    folder = Path(shared) / "data" / "news-id" / "indosum-dev"
    for path in sorted(folder.glob("dev.0*.jsonl")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                r = json.loads(line)
                if r["id"] in seen:
                    continue
                seen.add(r["id"])
                content = "\n\n".join(
                    detokenize([w for sentence in para for w in sentence])
                    for para in r["paragraphs"])
                records.append({"id": r["id"], "title": "",
                                "content": content,
                                "source": r.get("source") or ""})
    return records


def click_id_records(shared):
    """Every click-id article as (OUTLET-N, its JSON record), N the line of
    OUTLET.jsonl counted from 1; blank lines skipped."""
    for path in click_id_files(shared):
        outlet = path.name[: -len(".jsonl")]
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if line.strip():
                    yield "%s-%d" % (outlet, n), json.loads(line)


def load_click_id_docs(shared):
    """One document per click-id article for the peers: (OUTLET-N, title +
    newline + content)."""
    return [(docid, "\n".join(t for t in (record.get("title") or "",
                                          record.get("content") or "")
                              if t))
            for docid, record in click_id_records(shared)]


def score_topics(ranked_by_topic, topics, grades):
    """Per-topic figures of ranked docids {tid: [docid]}."""
    per_topic = []
    for tid, query, _ in topics:
        ranked = ranked_by_topic.get(tid, [])
        judged = grades.get(tid, {})
        per_topic.append({
            "tid": tid, "query": query, "hits": len(ranked),
            "ndcg@10": graded_ndcg(ranked, judged),
            "judged@10": judged_at(ranked, judged),
            "top10": ranked[:CUTOFF],
        })
    return per_topic


def topics_result(mode, engine, topics, documents, run, per_topic):
    """The summary of one mode or peer over the topics."""
    return {
        "mode": mode, "engine": engine, "topics": len(topics),
        "documents": documents,
        "ndcg@10": mean(t["ndcg@10"] for t in per_topic),
        "judged@10": mean(t["judged@10"] for t in per_topic),
        "index_seconds": run["index_seconds"],
        "index_mb": run["size"] / 1e6,
        "query_ms_mean": 1000.0 * run["query_seconds"] / max(len(topics), 1),
        "per_topic": per_topic,
    }


def evaluate_topics(warta, workdir, shared, mode, topics, grades):
    """Index click-id with warta MODE and score the topics of topics-id."""
    corpus = click_id_files(shared)
    db = Path(workdir) / ("click-id-%s.db" % mode)
    query_file = Path(workdir) / "topics.tsv"
    write_queries(query_file, ((tid, query) for tid, query, _ in topics))

    index_seconds, size = warta.index(db, mode, corpus)
    hits, query_seconds, _ = warta.search(db, query_file, TOPIC_HITS)
    ranked = {tid: [news_docid(h) for h in hs] for tid, hs in hits.items()}
    run = {"index_seconds": index_seconds, "size": size,
           "query_seconds": query_seconds}
    result = topics_result(mode, "warta", topics, None, run,
                           score_topics(ranked, topics, grades))
    result["documents_files"] = len(corpus)
    return result


def run_topic_set(label, what, name, modes, evaluate, load_docs, topics,
                  grades, args, warta, workdir, peers):
    """Score TOPICS on one corpus (WHAT, for the log; NAME, for the peers'
    work files): warta in every mode of MODES through EVALUATE, then each
    peer over the documents LOAD_DOCS reads."""
    results = []
    for mode in modes:
        log("%s: indexing %s with %s" % (label, what, mode))
        results.append(evaluate(warta, workdir, args.shared, mode, topics,
                                grades))
    if peers:
        docs = load_docs(args.shared)
        queries = [(tid, query) for tid, query, _ in topics]
        for peer in peers:
            log("%s: indexing %s with %s" % (label, what, peer.name))
            run = peer.run(workdir, name, docs, queries, TOPIC_HITS)
            results.append(topics_result(
                peer.name, "peer", topics, len(docs), run,
                score_topics(run["ranked"], topics, grades)))
    return results


def run_topics(args, warta, workdir, peers):
    """Run the topical evaluation for every selected mode and peer."""
    topics, grades = load_topics(args.shared)
    return run_topic_set("topics", "click-id", "click-id", args.topics_modes,
                         evaluate_topics, load_click_id_docs, topics, grades,
                         args, warta, workdir, peers)


def format_topics(results, verbose):
    """Format the topical results (and per-topic lines when VERBOSE)."""
    rows = [("mode", "topics", "nDCG@10", "judged@10", "index s",
             "index MB", "ms/query")]
    for r in results:
        rows.append((r["mode"], str(r["topics"]), "%.4f" % r["ndcg@10"],
                     "%.3f" % r["judged@10"], "%.2f" % r["index_seconds"],
                     "%.2f" % r["index_mb"], "%.2f" % r["query_ms_mean"]))
    text = format_table(rows)
    if verbose and results:
        rows = [("tid", "query") + tuple(
            "%s nDCG / judged" % r["mode"] for r in results)]
        for i, topic in enumerate(results[0]["per_topic"]):
            rows.append((topic["tid"], topic["query"]) + tuple(
                "%.4f / %.1f" % (r["per_topic"][i]["ndcg@10"],
                                 r["per_topic"][i]["judged@10"])
                for r in results))
        text += "\n\n" + format_table(rows)
    return text


# --------------------------------------------------------------------------
# English topical retrieval: the BBC articles and bench/topics-en


def bbc_folder(shared):
    """The BBC corpus: one .txt per article in five section folders."""
    return Path(shared) / "data" / "news-en" / "bbc"


def bbc_docid(path):
    """The qrels docid SECTION/NNN of an article's file .../SECTION/NNN.txt
    (PATH relative or absolute). A path outside the five section folders
    is an error: such a hit could not be scored."""
    path = Path(path)
    if path.parent.name not in BBC_SECTIONS or path.suffix != ".txt":
        raise ValueError("hit path %s is not a BBC article "
                         "(.../SECTION/NNN.txt)" % path)
    return "%s/%s" % (path.parent.name, path.stem)


def read_article(path):
    """The text of an article file: UTF-8, or Latin-1 when it is not valid
    UTF-8 (one BBC article is)."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def load_bbc_docs(shared):
    """One document per BBC article for the peers: (SECTION/NNN, the whole
    file: headline, blank line, body), sections and files in name order."""
    docs = []
    for section in BBC_SECTIONS:
        folder = bbc_folder(shared) / section
        files = sorted(folder.glob("*.txt"))
        if not files:
            raise RuntimeError("no articles in %s" % folder)
        docs.extend((bbc_docid(f), read_article(f)) for f in files)
    return docs


def evaluate_topics_en(warta, workdir, shared, mode, topics, grades):
    """Index the BBC section folders with warta MODE and score the English
    topics. Inputs warta-index cannot read are noted, not fatal."""
    inputs = [bbc_folder(shared) / section for section in BBC_SECTIONS]
    db = Path(workdir) / ("bbc-%s.db" % mode)
    query_file = Path(workdir) / "topics-en.tsv"
    write_queries(query_file, ((tid, query) for tid, query, _ in topics))

    failed = []
    index_seconds, size = warta.index(db, mode, inputs, failed)
    hits, query_seconds, _ = warta.search(db, query_file, TOPIC_HITS)
    ranked = {tid: [bbc_docid(h["path"]) for h in hs]
              for tid, hs in hits.items()}
    run = {"index_seconds": index_seconds, "size": size,
           "query_seconds": query_seconds}
    result = topics_result(mode, "warta", topics, None, run,
                           score_topics(ranked, topics, grades))
    result["index_failures"] = failed
    return result


def run_topics_en(args, warta, workdir, peers):
    """Run the English topical evaluation for every selected mode and
    peer."""
    topics, grades = load_topic_folder(TOPICS_EN_DIR)
    return run_topic_set("topics-en", "the BBC articles", "bbc",
                         args.topics_en_modes, evaluate_topics_en,
                         load_bbc_docs, topics, grades, args, warta, workdir,
                         peers)


def format_topics_en(results, verbose):
    """Format the English topical results, with a note on the inputs
    warta-index could not read."""
    text = format_topics(results, verbose)
    failures = []
    for r in results:
        for line in r.get("index_failures", []):
            if line not in failures:
                failures.append(line)
    if failures:
        text += ("\n\nnote: warta-index could not read %d input(s), "
                 "indexed the others (exit 1):\n" % len(failures) +
                 "\n".join("  " + line for line in failures))
    return text


# --------------------------------------------------------------------------
# stemming accuracy


def load_pairs(path):
    """Read word<TAB>expected root pairs."""
    pairs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.strip():
                word, root = line.split("\t")[:2]
                pairs.append((word, root))
    return pairs


def primary_terms(terms):
    """Drop the colocated terms, written in parentheses, from a terms field.

    ``kuasa mu(kuasa)`` -> ``kuasa mu``: the parenthesized term is an extra
    indexed at the position of the whole surface, not the analysis itself.
    """
    out, depth = [], 0
    for ch in terms:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def stem_matches(terms, root):
    """True when the terms, joined without spaces, spell the expected root
    (spaces are removed from the root too, for multi-word inputs)."""
    return "".join(primary_terms(terms).split()) == "".join(root.split())


def evaluate_stemming(warta, workdir, shared, modes):
    """Score each mode on each Sastrawi pair file."""
    folder = Path(shared) / "data" / "stem-id" / "sastrawi"
    results = {}
    for mode in modes:
        per_file, misses, right_all, total_all = {}, [], 0, 0
        for name in STEM_FILES:
            pairs = load_pairs(folder / name)
            word_file = Path(workdir) / ("stem-" + name)
            with open(word_file, "w", encoding="utf-8") as f:
                f.writelines(word + "\n" for word, _ in pairs)
            rows = warta.analyze(mode, word_file)
            if len(rows) != len(pairs):
                raise RuntimeError("warta-query --analyze gave %d lines for "
                                   "%d words of %s" % (len(rows), len(pairs),
                                                       name))
            right = 0
            for (word, root), (surface, terms) in zip(pairs, rows):
                if surface != word:
                    raise RuntimeError("--analyze output out of step: %r "
                                       "for %r" % (surface, word))
                if stem_matches(terms, root):
                    right += 1
                else:
                    misses.append({"file": name, "word": word,
                                   "expected": root, "got": terms})
            per_file[name] = {"pairs": len(pairs), "right": right,
                              "accuracy": right / len(pairs)}
            right_all += right
            total_all += len(pairs)
        results[mode] = {"files": per_file, "pairs": total_all,
                         "right": right_all,
                         "accuracy": right_all / total_all,
                         "misses": misses}
    return results


def format_stemming(results, verbose):
    """Format the stemming accuracy table (and full's misses when VERBOSE)."""
    rows = [("mode",) + STEM_FILES + ("overall",)]
    for mode, r in results.items():
        cells = ["%.1f%% (%d/%d)" % (100 * f["accuracy"], f["right"],
                                     f["pairs"])
                 for f in (r["files"][n] for n in STEM_FILES)]
        cells.append("%.1f%% (%d/%d)" % (100 * r["accuracy"], r["right"],
                                         r["pairs"]))
        rows.append((mode,) + tuple(cells))
    text = format_table(rows)
    if verbose and "full" in results:
        rows = [("file", "word", "expected", "full gives")]
        for m in results["full"]["misses"]:
            rows.append((m["file"], m["word"], m["expected"], m["got"]))
        text += "\n\nmisses of full:\n" + format_table(rows)
    return text


# --------------------------------------------------------------------------
# output


def format_table(rows):
    """Align ROWS (tuples of strings) in columns; the first row is a header."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(w) for cell, w in
                               zip(row, widths)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def print_section(out, title, command, body):
    """Print one section: title, the command reproducing it, the table."""
    print("== %s" % title, file=out)
    print("$ %s" % command, file=out)
    print(file=out)
    print(body, file=out)
    print(file=out)


def check_results(qa, stemming):
    """Evaluate the --check conditions: [(passed, description)]."""
    checks = []
    mrr = {(r["dataset"], r["mode"]): r["mrr@10"] for r in qa}

    def value(dataset, mode):
        return mrr.get((dataset, mode), float("nan"))

    for dataset in ALL_DATASETS:
        full = value(dataset, "full")
        for other in ("rules", "none"):
            checks.append((full > value(dataset, other),
                           "%s: MRR@10 full %.4f > %s %.4f"
                           % (dataset, full, other, value(dataset, other))))
    full = value("tydiqa", "full")
    checks.append((full >= CHECK_TYDIQA_MIN_MRR,
                   "tydiqa: MRR@10 full %.4f >= %.2f"
                   % (full, CHECK_TYDIQA_MIN_MRR)))
    for dataset in ALL_DATASETS:
        full, peer = value(dataset, "full"), value(dataset, FTS5_PEER)
        checks.append((full >= peer, "%s: MRR@10 full %.4f >= %s %.4f"
                       % (dataset, full, FTS5_PEER, peer)))
    full = stemming["full"]["accuracy"] if stemming else float("nan")
    rules = stemming["rules"]["accuracy"] if stemming else float("nan")
    checks.append((full > rules, "stemming accuracy full %.4f > rules %.4f"
                   % (full, rules)))
    return checks


# --------------------------------------------------------------------------
# command line


def comma_list(allowed):
    """argparse type: a comma-separated subset of ALLOWED, in given order."""
    def parse(text):
        items = [t.strip() for t in text.split(",") if t.strip()]
        bad = [t for t in items if t not in allowed]
        if bad or not items:
            raise argparse.ArgumentTypeError(
                "expected a comma-separated list of %s" % ", ".join(allowed))
        return list(dict.fromkeys(items))
    return parse


def parse_args(argv):
    """Parse the command line."""
    p = argparse.ArgumentParser(
        description="Evaluate warta: question->paragraph retrieval, topical "
                    "news retrieval (Indonesian, English), stemming "
                    "accuracy; with peers (stock SQLite FTS5, Xapian) on "
                    "the same documents and queries.")
    p.add_argument("--build", default=str(DEFAULT_BUILD),
                   help="build directory [default: %(default)s]")
    p.add_argument("--shared", default=str(DEFAULT_SHARED),
                   help="shared directory holding data/ "
                        "[default: %(default)s]")
    p.add_argument("--datasets", type=comma_list(ALL_DATASETS),
                   default=list(ALL_DATASETS),
                   help="QA datasets, comma-separated; tydiqa gives the "
                        "question sets tydiqa (all train questions), "
                        "tydiqa-first1000 and tydiqa-random1000 "
                        "[default: tydiqa,facqa]")
    p.add_argument("--no-qa", action="store_true",
                   help="skip question->paragraph retrieval")
    p.add_argument("--modes", type=comma_list(ALL_MODES),
                   default=list(ALL_MODES),
                   help="stemming modes for QA [default: full,rules,none]")
    p.add_argument("--limit", type=int, default=None,
                   help="keep the first N questions of each question set, "
                        "for quick runs; 0 = all [default: all]")
    p.add_argument("--hits", type=int, default=QA_HITS,
                   help="hits asked per question, the cutoff of the recall "
                        "column (at least 10) [default: %(default)s; "
                        "--check: " + str(CHECK_QA_HITS) + "]")
    p.add_argument("--peers", dest="peers", action="store_true",
                   default=True,
                   help="also measure the peers %s (English topics: %s) "
                        "on the same documents and queries [default]"
                        % (", ".join(ALL_PEERS), ", ".join(EN_PEERS)))
    p.add_argument("--no-peers", dest="peers", action="store_false",
                   help="warta only")
    p.add_argument("--topics", dest="topics", action="store_true",
                   default=True,
                   help="Indonesian topical news retrieval (click-id with "
                        "topics-id) [default]")
    p.add_argument("--no-topics", dest="topics", action="store_false",
                   help="skip Indonesian topical news retrieval (indexes "
                        "45 MB)")
    p.add_argument("--topics-modes", type=comma_list(ALL_MODES),
                   default=list(ALL_MODES),
                   help="stemming modes for the topics "
                        "[default: full,rules,none]")
    p.add_argument("--topics-en", dest="topics_en", action="store_true",
                   default=True,
                   help="English topical retrieval on the BBC articles with "
                        "bench/topics-en [default]")
    p.add_argument("--no-topics-en", dest="topics_en", action="store_false",
                   help="skip English topical retrieval")
    p.add_argument("--topics-en-modes", type=comma_list(ALL_MODES),
                   default=list(ALL_MODES),
                   help="stemming modes for the English topics "
                        "[default: full,rules,none]")
    p.add_argument("--stemming-accuracy", dest="stemming",
                   action="store_true", default=True,
                   help="Sastrawi stemming accuracy [default]")
    p.add_argument("--no-stemming-accuracy", dest="stemming",
                   action="store_false", help="skip stemming accuracy")
    p.add_argument("--workdir", help="where to write corpora and indexes "
                   "[default: a temporary directory]")
    p.add_argument("--keep", action="store_true",
                   help="keep the temporary work directory")
    p.add_argument("--verbose", action="store_true",
                   help="per-topic figures and the misses of full stemming")
    p.add_argument("--json", action="store_true",
                   help="print one JSON object on stdout (tables go to "
                        "stderr)")
    p.add_argument("--check", action="store_true",
                   help="test-suite mode: QA (all tydiqa train questions, "
                        "facqa; %d hits) in all modes and the %s peer, "
                        "stemming accuracy; no topics (Indonesian or "
                        "English), no xapian. Prints "
                        "PASS/FAIL per condition; exit 1 when one fails, 77 "
                        "when the data is missing"
                        % (CHECK_QA_HITS, FTS5_PEER))
    args = p.parse_args(argv)
    if args.limit is not None and args.limit < 0:
        p.error("--limit must be 0 or more")
    if args.hits < CUTOFF:
        p.error("--hits must be %d or more" % CUTOFF)
    args.peer_names = list(ALL_PEERS) if args.peers else []
    args.en_peer_names = list(EN_PEERS) if args.peers else []
    if args.check:
        args.datasets, args.modes = list(ALL_DATASETS), list(ALL_MODES)
        args.limit, args.no_qa, args.hits = None, False, CHECK_QA_HITS
        args.topics, args.topics_en, args.stemming = False, False, True
        args.peers, args.peer_names = True, [FTS5_PEER]
        args.en_peer_names = []
    return args


def peers_option(args):
    """--no-peers when the peers are off (they are on by default)."""
    return [] if args.peers else ["--no-peers"]


def qa_command(args):
    """The command line reproducing the QA section."""
    options = ["--datasets", ",".join(args.datasets),
               "--modes", ",".join(args.modes)]
    if args.limit:
        options += ["--limit", str(args.limit)]
    if args.hits != QA_HITS:
        options += ["--hits", str(args.hits)]
    return reproduce_command(args, *options, *peers_option(args),
                             "--no-topics", "--no-topics-en",
                             "--no-stemming-accuracy")


def topics_command(args):
    """The command line reproducing the topics section."""
    return reproduce_command(args, "--no-qa", "--topics-modes",
                             ",".join(args.topics_modes),
                             *peers_option(args), "--no-topics-en",
                             "--no-stemming-accuracy")


def topics_en_command(args):
    """The command line reproducing the English topics section."""
    return reproduce_command(args, "--no-qa", "--no-topics",
                             "--topics-en-modes",
                             ",".join(args.topics_en_modes),
                             *peers_option(args), "--no-stemming-accuracy")


def stemming_command(args):
    """The command line reproducing the stemming section."""
    return reproduce_command(args, "--no-qa", "--no-topics",
                             "--no-topics-en", "--stemming-accuracy")


def run(args, workdir):
    """Run the selected sections, print them, return the exit status."""
    started = time.perf_counter()
    warta = Warta(args.build)
    missing = warta.missing()
    if missing:
        log("error: missing binaries: %s (run ninja -C %s)"
            % (", ".join(missing), args.build))
        return 2
    out = sys.stderr if args.json else sys.stdout
    report = {"date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
              "version": warta.version(), "commit": git_describe(),
              "build": str(args.build), "shared": str(args.shared),
              "python": sys.executable, "sqlite": sqlite3.sqlite_version}
    print("%s, commit %s, build %s, %s\n" % (
        report["version"], report["commit"], report["build"],
        report["date"]), file=out)

    peers, notes = make_peers(args.peer_names)
    en_peers, en_notes = make_peers(args.en_peer_names)
    if not args.topics_en:
        en_peers, en_notes = [], []
    notes += [note for note in en_notes if note not in notes]
    if not (args.no_qa or not args.datasets) or args.topics or args.topics_en:
        for note in notes:
            print(note, file=out)
        if notes:
            print(file=out)
    report["peers"] = {p.name: peer_version(p) for p in peers + en_peers}
    report["peers_skipped"] = notes

    qa = []
    if not args.no_qa and args.datasets:
        qa = run_qa(args, warta, workdir, peers)
        report["qa"] = {"command": qa_command(args), "results": qa}
        print_section(out, "question -> paragraph retrieval",
                      qa_command(args), format_qa(qa))

    if args.topics:
        topics = run_topics(args, warta, workdir, peers)
        report["topics"] = {"command": topics_command(args),
                            "results": topics}
        print_section(out, "topical news retrieval (click-id, topics-id)",
                      topics_command(args),
                      format_topics(topics, args.verbose))

    if args.topics_en:
        topics_en = run_topics_en(args, warta, workdir, en_peers)
        report["topics_en"] = {"command": topics_en_command(args),
                               "results": topics_en}
        print_section(out, "English topics (BBC, topics-en)",
                      topics_en_command(args),
                      format_topics_en(topics_en, args.verbose))

    stemming = None
    if args.stemming:
        log("stemming accuracy")
        stemming = evaluate_stemming(warta, workdir, args.shared, STEM_MODES)
        report["stemming"] = {"command": stemming_command(args),
                              "results": stemming}
        print_section(out, "stemming accuracy (Sastrawi pairs)",
                      stemming_command(args),
                      format_stemming(stemming, args.verbose))

    for peer in peers + en_peers:
        if getattr(peer, "parse_errors", 0):
            print("note: %s: %d queries rejected by QueryParser, parsed "
                  "again without flags" % (peer.name, peer.parse_errors),
                  file=out)

    status = 0
    if args.check:
        import tune  # bench/tune.py: the ranking sets, beside the peers
        checks = check_results(qa, stemming)
        checks += tune.check(args.build, args.shared, Path(workdir) / "ranking")
        report["check"] = [{"passed": ok, "condition": text}
                           for ok, text in checks]
        print("== check", file=out)
        for ok, text in checks:
            print("%s  %s" % ("PASS" if ok else "FAIL", text), file=out)
        failed = sum(1 for ok, _ in checks if not ok)
        if failed:
            print("check FAILED: %d of %d conditions fail"
                  % (failed, len(checks)), file=out)
        else:
            print("check passed: all %d conditions hold" % len(checks),
                  file=out)
        status = 1 if failed else 0

    elapsed = time.perf_counter() - started
    report["seconds"] = elapsed
    print("took %.1f s" % elapsed, file=out)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    return status


def peer_version(peer):
    """The version of a peer's library."""
    if isinstance(peer, XapianPeer):
        return "xapian " + peer.xapian.version_string()
    return "sqlite " + sqlite3.sqlite_version


def main(argv=None):
    """Entry point."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if not (Path(args.shared) / "data").is_dir():
        print("SKIP: ../shared/data not found" if args.check else
              "error: %s not found" % (Path(args.shared) / "data"))
        return SKIP_EXIT if args.check else 2

    if args.workdir:
        workdir = Path(args.workdir)
        workdir.mkdir(parents=True, exist_ok=True)
        cleanup = False
    else:
        workdir = Path(tempfile.mkdtemp(prefix="warta-eval-"))
        cleanup = not args.keep
    try:
        return run(args, workdir)
    except (OSError, RuntimeError, ValueError) as e:
        log("error: %s" % e)
        return 2
    finally:
        if cleanup:
            shutil.rmtree(workdir, ignore_errors=True)
        elif not args.workdir:
            log("work directory kept: %s" % workdir)


if __name__ == "__main__":
    sys.exit(main())
