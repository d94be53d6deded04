#!/usr/bin/env python3
"""Speed of warta beside its peers on the click-id news corpus: figures, not tests.

One run measures, on the same corpus and the same machine, for each system
and each scale (click-id once, and N copies of it with distinct keys):

  - build: wall time, MB/s of JSON Lines input, CPU time, peak RSS of the
    process that builds the index;
  - index size on disk, and after xapian-compact (Xapian-based indexes);
  - warm per-query latency (p50, p95, p99, mean) over a fixed mix of 200
    queries run in one process after a warm-up pass;
  - the wall time of one whole query process (median of --runs).

The systems: warta (warta-index, warta-query of --build); xapian, plain
Xapian 1.4 through python3-xapian (TermGenerator and QueryParser with the
Indonesian stemmer, BM25); xapian-trivial, a plain Xapian writer fed by a
trivial analyzer (the build-throughput reference); fts5, stock SQLite FTS5.
With --baseline-build DIR, "warta (baseline)" is one more system: the
warta-index and warta-query of DIR (say the previous release), measured
like warta on the same corpus copies, query mix and passes, its index
built by its own warta-index. It then prints warta's ratios to the peers
beside the targets.

Only the Python standard library is needed, plus the xapian module for the
two Xapian peers; python3-xapian installs it for /usr/bin/python3 only.
See bench/README.md.
"""

import argparse
import json
import os
import random
import re
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BUILD = REPO_ROOT / "build"
DEFAULT_SHARED = REPO_ROOT.parent / "shared"

SYSTEMS = ("warta", "xapian", "xapian-trivial", "fts5")
BASELINE = "warta (baseline)"  # the system of --baseline-build
XAPIAN_SYSTEMS = ("xapian", "xapian-trivial")
XAPIAN_SKIPPED = ("xapian and xapian-trivial skipped: python3-xapian is not "
                  "importable by %s (apt-get install python3-xapian; run "
                  "with /usr/bin/python3)")

SEED = 20261124        # the query mix: titles and questions drawn with it
MIX_TITLES = 90        # short topical queries drawn from click-id titles
MIX_QUESTIONS = 100    # TyDiQA-GoldP train questions
HITS = 10              # hits asked (and fetched) per query
PROCESS_QUERY = "pemindahan ibu kota Kalimantan Timur"  # topic t03
MAX_TERM = 64          # the trivial analyzer skips longer words, as
                       # TermGenerator does

# warta's targets, against the peers measured in the same run.
TARGET_WARM = 5.0      # warm mean and p95 within 5x of plain Xapian's
TARGET_PROCESS = 3.0   # one whole query process within 3x of quest
TARGET_RSS_MB = 256.0  # peak RSS of a build

# Function words left out of the queries drawn from titles.
STOPWORDS = frozenset("""
ada adalah agar akan aku anda antara apa atau bagaimana bagi bahwa bakal
baru begini begitu belum bersama bisa buat cara dalam dan dapat dari demi
dengan di dia ini itu jadi jangan juga kami kamu kapan karena kata ke
kenapa kepada ketika kini lagi lah lebih mana masih mau mereka namun nya
oleh pada para pun saat saja sampai sang sebagai sebelum sedang sejak
semua seperti setelah si siapa soal sudah supaya tak tapi telah tentang
terhadap tersebut tetap tidak untuk usai yang ya jelang hingga
""".split())

# Tables of the fts5 peer: one row per article, the url its key.
FTS5_SCHEMA = ("CREATE VIRTUAL TABLE t USING fts5(url UNINDEXED, "
               "date UNINDEXED, title, content, "
               "tokenize = 'unicode61 remove_diacritics 2')")
FTS5_QUERY = ("SELECT url, date, title, content FROM t WHERE t MATCH ? "
              "ORDER BY bm25(t) LIMIT %d" % HITS)


# --------------------------------------------------------------------------
# small helpers


def log(message):
    """Print a progress message on stderr."""
    print(message, file=sys.stderr, flush=True)


def one_line(text):
    """Collapse tabs and line breaks so TEXT fits on one line of a TSV file."""
    return " ".join(text.split())


def dir_size(path):
    """Total size in bytes of the files under PATH (or of the file PATH)."""
    path = Path(path)
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def index_size(path):
    """Bytes of an index: a directory, or a file with its write-ahead log."""
    path = Path(path)
    if path.is_dir():
        return dir_size(path)
    return sum(dir_size(p) for p in (path, Path(str(path) + "-wal"))
               if p.exists())


def remove_index(path):
    """Delete an index (directory, or SQLite file and side files)."""
    path = Path(path)
    if path.is_dir():
        shutil.rmtree(path)
    for suffix in ("", "-wal", "-shm", "-journal", ".lock"):
        side = Path(str(path) + suffix)
        if side.is_file():
            side.unlink()


def percentile(values, p):
    """The P-th percentile of VALUES, interpolating between closest ranks."""
    ordered = sorted(values)
    if not ordered:
        return None
    x = (len(ordered) - 1) * p / 100.0
    low = int(x)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (x - low)


def latency(ms):
    """p50, p95, p99 and mean of per-query milliseconds MS."""
    return {"n": len(ms), "p50": percentile(ms, 50), "p95": percentile(ms, 95),
            "p99": percentile(ms, 99),
            "mean": statistics.fmean(ms) if ms else None}


def git_describe():
    """The repository's commit, with -dirty when the tree has changes."""
    try:
        proc = subprocess.run(["git", "-C", str(REPO_ROOT), "describe",
                               "--always", "--dirty"],
                              capture_output=True, text=True)
    except OSError:
        return None
    return proc.stdout.strip() or None


def python_command():
    """How to name the running interpreter in a command line."""
    found = shutil.which("python3")
    exe = sys.executable
    if exe and found and Path(found).resolve() == Path(exe).resolve():
        return "python3"
    return exe or "python3"


# Linux carries a process's peak RSS across exec(), and a child forked from
# this script starts with this script's pages: its ru_maxrss would never be
# below this script's peak. So a measured command runs under this small
# launcher (a fresh python3 -S, about 7 MB), which forks it, waits for it
# and writes its rusage: the peak is the command's own (at least 7 MB).
LAUNCHER = r"""
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
with open(sys.argv[1], "w") as f:
    f.write("%d %.6f %d %.6f" % (os.waitstatus_to_exitcode(status), seconds,
                                 usage.ru_maxrss,
                                 usage.ru_utime + usage.ru_stime))
"""


def run_measured(cmd):
    """Run CMD under LAUNCHER: (exit code, wall seconds, peak RSS MB of CMD
    alone, CPU seconds, stdout, stderr)."""
    with tempfile.NamedTemporaryFile("w+") as figures, \
            tempfile.TemporaryFile() as err:
        proc = subprocess.run([sys.executable, "-S", "-c", LAUNCHER,
                               figures.name] + [str(c) for c in cmd],
                              stdout=subprocess.PIPE, stderr=err)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
        words = figures.read().split()
    if proc.returncode != 0 or len(words) != 4:
        raise RuntimeError("launcher failed for %s: %s" % (
            " ".join(str(c) for c in cmd), stderr.strip()))
    code, seconds, maxrss, cpu = words
    return (int(code), float(seconds), int(maxrss) / 1024.0, float(cpu),
            proc.stdout.decode("utf-8", "replace"), stderr)


def wall(cmd):
    """Wall seconds of one run of CMD; fails on exit codes other than 0, 1."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise RuntimeError("%s exited with %d: %s" % (
            " ".join(cmd), proc.returncode,
            proc.stderr.decode("utf-8", "replace").strip()))
    return seconds


def process_time(cmd, runs):
    """Median wall milliseconds of RUNS runs of CMD, after one discarded."""
    wall(cmd)
    times = [1000.0 * wall(cmd) for _ in range(runs)]
    return {"median": statistics.median(times), "runs": times,
            "command": " ".join(shlex.quote(c) for c in cmd)}


def compact(source, out):
    """xapian-compact SOURCE into OUT; return (seconds, bytes of OUT)."""
    if os.path.exists(out):
        shutil.rmtree(out)
    cmd = ["xapian-compact", str(source), str(out)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError("%s failed: %s" % (" ".join(cmd),
                                              proc.stderr.strip()))
    return seconds, dir_size(out)


# --------------------------------------------------------------------------
# the corpus: click-id and copies of it with distinct keys


def click_id_files(shared):
    """The click-id JSON Lines files, sorted by name."""
    return sorted((Path(shared) / "data" / "news-id" / "click-id")
                  .glob("*.jsonl"))


def write_copies(shared, workdir, copies, limit, transform=None):
    """Write COPIES copies of click-id under WORKDIR/corpus/copyK.

    Copy 0 is click-id itself (the first LIMIT articles when LIMIT); copy
    K > 0 has '#copy=K' appended to each record's url, the key of warta and
    of the peers. TRANSFORM, when given, is called as TRANSFORM(record, K)
    on every record of copy K > 0 and may change it in place. The records
    are written as json.dumps(ensure_ascii=False), which gives click-id's
    own lines back byte for byte. Returns the copy directories.
    """
    roots = []
    for k in range(copies):
        root = Path(workdir) / "corpus" / ("copy%d" % k)
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        left = limit
        for path in click_id_files(shared):
            if left is not None and left <= 0:
                break
            with open(path, encoding="utf-8") as f, \
                    open(root / path.name, "w", encoding="utf-8") as out:
                for line in f:
                    if not line.strip():
                        continue
                    if left is not None:
                        if left <= 0:
                            break
                        left -= 1
                    record = json.loads(line)
                    if k:
                        record["url"] = "%s#copy=%d" % (record["url"], k)
                        if transform:
                            transform(record, k)
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
        roots.append(root)
    return roots


def corpus_files(roots):
    """The JSON Lines files under ROOTS, in order."""
    return [p for root in roots for p in sorted(Path(root).glob("*.jsonl"))]


def read_articles(files):
    """Yield the records of the JSON Lines FILES."""
    for path in files:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)


# --------------------------------------------------------------------------
# the query mix


def topic_queries(shared):
    """The topics of topics-id as (id, query)."""
    queries = []
    path = Path(shared) / "data" / "topics-id" / "topics.tsv"
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                tid, query = line.rstrip("\n").split("\t")[:2]
                queries.append(("topic-" + tid, query))
    return queries


TITLE_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def title_queries(shared, n, seed):
    """N short topical queries: 2-4 consecutive content words of click-id
    titles drawn at random (lowercased, function words left out)."""
    titles = [r.get("title") or "" for r in read_articles(
        click_id_files(shared))]
    rng = random.Random(seed)
    order = list(range(len(titles)))
    rng.shuffle(order)
    queries, seen = [], set()
    for i in order:
        words = [w.lower() for w in TITLE_WORD.findall(titles[i])]
        words = [w for w in words if len(w) >= 3 and w not in STOPWORDS]
        if len(words) < 2:
            continue
        size = rng.randint(2, min(4, len(words)))
        start = rng.randint(0, len(words) - size)
        query = " ".join(words[start:start + size])
        if query in seen:
            continue
        seen.add(query)
        queries.append(("title-%02d" % (len(queries) + 1), query))
        if len(queries) == n:
            break
    return queries


def question_queries(shared, n, seed):
    """N TyDiQA-GoldP Indonesian train questions drawn at random."""
    path = Path(shared) / "data" / "qa-id" / "tydiqa-goldp" / "train.json"
    with open(path, encoding="utf-8") as f:
        questions = [one_line(qa["question"]) for record in json.load(f)
                     for qa in record["qas"]]
    drawn = random.Random(seed).sample(range(len(questions)), n)
    return [("question-%03d" % (i + 1), questions[j])
            for i, j in enumerate(drawn)]


def query_mix(shared, seed):
    """The 200 queries: topics, title words, questions, as (id, text)."""
    return (topic_queries(shared) + title_queries(shared, MIX_TITLES, seed)
            + question_queries(shared, MIX_QUESTIONS, seed))


def write_queries(path, queries, prefix=""):
    """Write ID<TAB>query lines (ids prefixed with PREFIX)."""
    with open(path, "w", encoding="utf-8") as f:
        for query_id, text in queries:
            f.write("%s%s\t%s\n" % (prefix, query_id, text))


def fts5_expression(text):
    """The FTS5 MATCH expression of TEXT: its words OR'ed, or None."""
    words = re.findall(r"\w+", text.lower())
    return " OR ".join('"%s"' % w for w in words) if words else None


# --------------------------------------------------------------------------
# peer builds, run in a child process of their own (--peer-build)


def article_data(record):
    """The document data of the Xapian peers: the article as JSON."""
    return json.dumps({"title": record.get("title") or "",
                       "url": record.get("url") or "",
                       "date": record.get("date") or "",
                       "content": record.get("content") or ""},
                      ensure_ascii=False)


def build_xapian(db_path, files, trivial):
    """Build a Xapian database of the articles of FILES; return their count.

    Plain: TermGenerator with Stem("indonesian") and positions (STEM_SOME,
    its default), title then body. Trivial: lowercased \\w+ words added
    with add_posting and positions, nothing else. Both: the article as JSON
    in the document data, 'Q' + url as the unique id term.
    """
    import xapian
    db = xapian.WritableDatabase(str(db_path), xapian.DB_CREATE_OR_OVERWRITE)
    generator = xapian.TermGenerator()
    generator.set_stemmer(xapian.Stem("indonesian"))
    word = re.compile(r"\w+")
    count = 0
    for record in read_articles(files):
        doc = xapian.Document()
        title = record.get("title") or ""
        content = record.get("content") or ""
        if trivial:
            pos = 0
            for text in (title, content):
                for w in word.findall(text.lower()):
                    pos += 1
                    if len(w) <= MAX_TERM:
                        doc.add_posting(w, pos)
        else:
            generator.set_document(doc)
            generator.index_text(title)
            generator.increase_termpos()
            generator.index_text(content)
        doc.set_data(article_data(record))
        doc.add_boolean_term("Q" + record["url"])
        db.add_document(doc)
        count += 1
    db.commit()
    db.close()
    return count


def build_fts5(db_path, files):
    """Build the FTS5 table of the articles of FILES; return their count."""
    con = sqlite3.connect(str(db_path))
    try:
        con.execute(FTS5_SCHEMA)
        with con:
            count = 0
            for record in read_articles(files):
                con.execute("INSERT INTO t(url, date, title, content) "
                            "VALUES (?, ?, ?, ?)",
                            (record["url"], record.get("date") or "",
                             record.get("title") or "",
                             record.get("content") or ""))
                count += 1
    finally:
        con.close()
    return count


def peer_build_main(argv):
    """Child entry: --peer-build SYSTEM DB FILE...; prints {"articles": N}."""
    system, db_path, files = argv[0], argv[1], argv[2:]
    if system == "fts5":
        count = build_fts5(db_path, files)
    else:
        count = build_xapian(db_path, files, system == "xapian-trivial")
    print(json.dumps({"articles": count}))
    return 0


# --------------------------------------------------------------------------
# the systems


class Warta:
    """warta-index and warta-query of one build directory, measured as the
    system NAME ("warta", or BASELINE for --baseline-build).

    Codes against the index directory interface (--db DIR with a XAPIANDB
    stub, summary objects after each query's hits) and degrades on the
    older one (--db FILE, hits only): warm mean from wall time, no
    percentiles, nothing to compact.
    """

    name = "warta"

    def __init__(self, build, name="warta"):
        self.name = name
        self.index_bin = Path(build) / "indexer" / "warta-index"
        self.query_bin = Path(build) / "query" / "warta-query"

    def missing(self):
        """The binaries that are not there."""
        return [str(b) for b in (self.index_bin, self.query_bin)
                if not os.access(b, os.X_OK)]

    def version(self):
        """The first line of warta-query --version."""
        proc = subprocess.run([str(self.query_bin), "--version"],
                              capture_output=True, text=True)
        return proc.stdout.strip().split("\n")[0]

    def build(self, db, roots, fresh=True, options=()):
        """Index ROOTS into DB (a fresh one when FRESH) with warta-index's
        OPTIONS too: seconds, peak RSS, CPU, articles added, and warta's
        summary."""
        if fresh:
            remove_index(db)
        cmd = [str(self.index_bin), "-q", "--json", "--db", str(db)] + [
            str(o) for o in options] + [str(r) for r in roots]
        code, seconds, rss, cpu, out, err = run_measured(cmd)
        if code != 0:
            raise RuntimeError("%s exited with %d: %s" % (
                " ".join(cmd), code, err.strip()))
        summary = json.loads(out)
        return {"seconds": seconds, "peak_rss_mb": rss, "cpu_seconds": cpu,
                "articles": summary.get("added"), "summary": summary}

    @staticmethod
    def xapian_parts(db):
        """What to compact in the index DB: (source, [local database dirs]),
        or (None, []) when it holds no Xapian database."""
        db = Path(db)
        stub = db / "XAPIANDB"
        if stub.is_file():
            dirs = []
            for line in stub.read_text(encoding="utf-8").splitlines():
                words = line.split()
                if len(words) == 2 and words[0] in ("auto", "glass", "chert"):
                    dirs.append(db / words[1])
            return stub, dirs
        if (db / "xapian").is_dir():
            return db / "xapian", [db / "xapian"]
        return None, []

    def compact(self, db, out):
        """Compact the Xapian database of DB; the size of the index with it
        compacted (the other files as they are), or None."""
        source, dirs = self.xapian_parts(db)
        if source is None:
            return None
        seconds, size = compact(source, out)
        rest = index_size(db) - sum(dir_size(d) for d in dirs if d.exists())
        return {"seconds": seconds, "xapian_bytes": size,
                "other_bytes": rest, "bytes": size + rest}

    def search(self, db, query_file):
        """Run QUERY_FILE in one process: (wall seconds, output lines)."""
        cmd = [str(self.query_bin), "--db", str(db), "--queries",
               str(query_file), "--json", "-n", str(HITS)]
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        if proc.returncode not in (0, 1):
            raise RuntimeError("%s exited with %d: %s" % (
                " ".join(cmd), proc.returncode, proc.stderr.strip()))
        return seconds, [json.loads(l) for l in proc.stdout.splitlines()
                         if l.strip()]

    def pass_files(self, mix, passes, workdir, tag):
        """Two --queries files of MIX: a warm-up pass alone, and the
        warm-up pass then PASSES passes (ids warm-ID and pK-ID)."""
        once = Path(workdir) / ("%s-%swarm-up.tsv" % (file_name(self.name), tag))
        many = Path(workdir) / ("%s-%spasses.tsv" % (file_name(self.name), tag))
        write_queries(once, mix, "warm-")
        with open(many, "w", encoding="utf-8") as f:
            f.write(once.read_text(encoding="utf-8"))
            for k in range(passes):
                for query_id, text in mix:
                    f.write("p%d-%s\t%s\n" % (k + 1, query_id, text))
        return once, many

    def warm(self, db, mix, passes, workdir):
        """Warm latency over MIX: per query, the median took_ms of its
        summaries in PASSES passes after a warm-up pass, all in one
        process; wall per query from the difference between a run of the
        warm-up pass alone and a run of all passes."""
        once, many = self.pass_files(mix, passes, workdir, "")
        t_once, _ = self.search(db, once)
        t_many, lines = self.search(db, many)
        wall_ms = 1000.0 * (t_many - t_once) / (len(mix) * passes)
        took = {}
        for o in lines:
            if o.get("type") == "summary" and "took_ms" in o:
                pass_id, _, query_id = str(o.get("query_id")).partition("-")
                if pass_id != "warm":
                    took.setdefault(query_id, []).append(o["took_ms"])
        if took:
            result = latency([statistics.median(t) for t in took.values()])
            result["source"] = "took_ms"
            result["by_query"] = {q: statistics.median(t)
                                  for q, t in took.items()}
        else:
            result = {"n": 0, "p50": None, "p95": None, "p99": None,
                      "mean": wall_ms, "source": "wall"}
        result["passes"] = passes
        result["wall_ms_per_query"] = wall_ms
        result["process_seconds"] = {"warm_up": t_once, "all": t_many}
        return result

    def count_cost(self, db, mix, passes, workdir):
        """What the exact counts cost: wall ms per query of MIX answered
        with --count alone (every article that matches counted, no hits),
        as in warm(): all passes - a warm-up pass, over queries run."""
        once, many = self.pass_files(mix, passes, workdir, "count-")
        times = []
        for path in (once, many):
            cmd = [str(self.query_bin), "--db", str(db), "--queries",
                   str(path), "--count"]
            start = time.perf_counter()
            proc = subprocess.run(cmd, capture_output=True, text=True)
            times.append(time.perf_counter() - start)
            if proc.returncode not in (0, 1):
                raise RuntimeError("%s exited with %d: %s" % (
                    " ".join(cmd), proc.returncode, proc.stderr.strip()))
        return 1000.0 * (times[1] - times[0]) / (len(mix) * passes)

    def process(self, db, query, runs):
        """One whole warta-query process for QUERY."""
        return process_time([str(self.query_bin), "--db", str(db), "-n",
                             str(HITS), query], runs)


class PeerBuild:
    """The build of a peer, in a child process of this script."""

    @staticmethod
    def build(name, db, roots):
        """Build the peer's index of ROOTS in a child; return the figures."""
        remove_index(db)
        cmd = [sys.executable, str(Path(__file__).resolve()), "--peer-build",
               name, str(db)] + [str(p) for p in corpus_files(roots)]
        code, seconds, rss, cpu, out, err = run_measured(cmd)
        if code != 0:
            raise RuntimeError("%s build failed (exit %d): %s" % (
                name, code, err.strip()))
        return {"seconds": seconds, "peak_rss_mb": rss, "cpu_seconds": cpu,
                "articles": json.loads(out)["articles"]}


class XapianPeer(PeerBuild):
    """Plain Xapian through python3-xapian; quest for a whole process."""

    def __init__(self, xapian, trivial):
        self.xapian = xapian
        self.trivial = trivial
        self.name = "xapian-trivial" if trivial else "xapian"
        self.parse_errors = 0

    def build(self, db, roots):
        return PeerBuild.build(self.name, db, roots)

    def compact(self, db, out):
        """xapian-compact the database."""
        seconds, size = compact(db, out)
        return {"seconds": seconds, "xapian_bytes": size, "other_bytes": 0,
                "bytes": size}

    def warm(self, db, mix, passes, workdir):
        """QueryParser (Indonesian stemmer, STEM_SOME, OR), BM25, top 10
        and their data; each query timed around parse, match and fetch."""
        if self.trivial:
            return None
        return time_loop(self.searcher(db), mix, passes)

    def searcher(self, db):
        """A function running one query text on the database DB: parse,
        match, fetch the data of the top 10."""
        xapian = self.xapian
        database = xapian.Database(str(db))
        parser = xapian.QueryParser()
        parser.set_stemmer(xapian.Stem("indonesian"))
        parser.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
        parser.set_default_op(xapian.Query.OP_OR)
        parser.set_database(database)
        enquire = xapian.Enquire(database)

        def one(text):
            try:
                query = parser.parse_query(text)
            except xapian.QueryParserError:
                self.parse_errors += 1
                query = parser.parse_query(text, 0)
            enquire.set_query(query)
            return [m.document.get_data() for m in enquire.get_mset(0, HITS)]

        return one

    def process(self, db, query, runs):
        """One whole quest process."""
        if self.trivial or not shutil.which("quest"):
            return None
        return process_time(["quest", "-d", str(db), "-s", "indonesian",
                             "-m", str(HITS), query], runs)


class Fts5Peer(PeerBuild):
    """Stock SQLite FTS5 (Python's sqlite3); the sqlite3 shell for a whole
    process."""

    name = "fts5"

    def build(self, db, roots):
        return PeerBuild.build(self.name, db, roots)

    def compact(self, db, out):
        return None

    def warm(self, db, mix, passes, workdir):
        """The words OR'ed, ORDER BY bm25(t) LIMIT 10, the rows fetched."""
        con = sqlite3.connect(str(db))

        def one(text):
            expression = fts5_expression(text)
            if expression is None:
                return []
            return con.execute(FTS5_QUERY, (expression,)).fetchall()

        try:
            return time_loop(one, mix, passes)
        finally:
            con.close()

    def process(self, db, query, runs):
        """One whole sqlite3 shell process."""
        if not shutil.which("sqlite3"):
            return None
        expression = fts5_expression(query).replace("'", "''")
        sql = FTS5_QUERY.replace("?", "'%s'" % expression) + ";"
        return process_time(["sqlite3", str(db), sql], runs)


def time_loop(one, mix, passes):
    """Run ONE over the texts of MIX once to warm up, then PASSES times
    timing each call; the latency figures of the per-query medians."""
    for _, text in mix:
        one(text)
    ms = [[] for _ in mix]
    start = time.perf_counter()
    for _ in range(passes):
        for i, (_, text) in enumerate(mix):
            t = time.perf_counter()
            one(text)
            ms[i].append(1000.0 * (time.perf_counter() - t))
    result = latency([statistics.median(m) for m in ms])
    result["source"] = "in-process"
    result["passes"] = passes
    result["wall_ms_per_query"] = (1000.0 * (time.perf_counter() - start)
                                   / (len(mix) * passes))
    return result


def change_first_record(path):
    """Append to the title of the first record of a JSON Lines file."""
    with open(path, encoding="utf-8") as f:
        lines = f.readlines()
    record = json.loads(lines[0])
    record["title"] = (record.get("title") or "") + " (diperbarui)"
    lines[0] = json.dumps(record, ensure_ascii=False) + "\n"
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(lines)


def incremental(warta, copy0, workdir, keep):
    """warta's re-runs on a private copy of click-id after small changes:
    [(run, figures)]."""
    corpus = Path(workdir) / "incremental"
    db = Path(workdir) / "warta-incremental"
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.copytree(copy0, corpus)
    files = sorted(corpus.glob("*.jsonl"))
    steps = [("full index", None), ("re-run, nothing changed", None),
             ("one record changed (%s)" % files[0].name,
              lambda: change_first_record(files[0]))]
    if len(files) > 1:
        steps.append(("one file renamed (%s)" % files[1].name,
                      lambda: files[1].rename(files[1].with_name(
                          files[1].stem + "-renamed.jsonl"))))
    if len(files) > 2:
        steps.append(("one file deleted (%s)" % files[2].name,
                      files[2].unlink))
    rows = []
    for n, (name, change) in enumerate(steps):
        log("warta incremental: %s" % name)
        if change:
            change()
        r = warta.build(db, [corpus], fresh=(n == 0))
        r["index_bytes"] = index_size(db)
        rows.append((name, r))
    if not keep:
        remove_index(db)
        shutil.rmtree(corpus, ignore_errors=True)
    return rows


def incremental_table(rows):
    """The re-runs, one line each."""
    table = [("run", "", "seconds", "peak MB", "added", "updated",
              "deleted", "index MB")]
    for name, r in rows:
        s = r["summary"]
        table.append((name, "", "%.2f" % r["seconds"],
                      "%.0f" % r["peak_rss_mb"], cell(s.get("added"), "%d"),
                      cell(s.get("updated"), "%d"),
                      cell(s.get("deleted"), "%d"),
                      "%.1f" % (r["index_bytes"] / 1e6)))
    return format_table(table)


# --------------------------------------------------------------------------
# one run


def file_name(name):
    """The system NAME as a file name: "warta (baseline)" -> warta-baseline."""
    return re.sub(r"\W+", "-", name).strip("-")


def make_systems(args, notes):
    """The systems asked for that can run; notes say why others cannot.
    The baseline of --baseline-build (its binaries checked by parse_args)
    comes right after warta, or first."""
    systems = []
    for name in args.systems:
        if name == "warta":
            warta = Warta(args.build)
            missing = warta.missing()
            if missing:
                notes.append("warta skipped: missing %s (ninja -C %s)"
                             % (", ".join(missing), args.build))
            else:
                systems.append(warta)
        elif name in XAPIAN_SYSTEMS:
            try:
                import xapian
            except ImportError:
                note = XAPIAN_SKIPPED % sys.executable
                if note not in notes:
                    notes.append(note)
                continue
            systems.append(XapianPeer(xapian, name == "xapian-trivial"))
        elif name == "fts5":
            systems.append(Fts5Peer())
    if args.baseline_build:
        at = next((i + 1 for i, s in enumerate(systems) if s.name == "warta"),
                  0)
        systems.insert(at, Warta(args.baseline_build, BASELINE))
    return systems


def measure(system, scale, roots, input_bytes, mix, args, workdir):
    """All the figures of SYSTEM at SCALE."""
    db = Path(workdir) / ("%s-%dx" % (file_name(system.name), scale))
    compacted = Path(str(db) + ".compact")
    started = time.perf_counter()
    log("%s %dx: build" % (system.name, scale))
    result = {"system": system.name, "scale": scale,
              "input_bytes": input_bytes}
    result.update(system.build(db, roots))
    result["mb_per_s"] = input_bytes / 1e6 / result["seconds"]
    result["index_bytes"] = index_size(db)
    result["compact"] = None
    if shutil.which("xapian-compact"):
        result["compact"] = system.compact(db, compacted)
    log("%s %dx: queries" % (system.name, scale))
    result["warm"] = system.warm(db, mix, args.passes, workdir)
    result["process"] = system.process(db, args.process_query, args.runs)
    if isinstance(system, Warta) and result["warm"]["source"] == "took_ms":
        result["count_ms_per_query"] = system.count_cost(db, mix, args.passes,
                                                         workdir)
    if not args.keep:
        remove_index(db)
        shutil.rmtree(compacted, ignore_errors=True)
    result["measure_seconds"] = time.perf_counter() - started
    return result


def run(args, workdir):
    """Measure every system at every scale; print the report."""
    started = time.perf_counter()
    out = sys.stderr if args.json else sys.stdout
    notes = []
    systems = make_systems(args, notes)
    for note in notes:
        log(note)
    report = {"date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
              "commit": git_describe(), "command": reproduce_command(args),
              "machine": "%d CPUs, %s %s" % (os.cpu_count(), os.uname().sysname,
                                             os.uname().release),
              "python": sys.executable, "sqlite": sqlite3.sqlite_version,
              "versions": versions(systems), "notes": notes,
              "process_query": args.process_query, "passes": args.passes,
              "runs": args.runs, "load_before": os.getloadavg()[0]}

    mix = query_mix(args.shared, args.seed)
    mix_file = Path(workdir) / "queries.tsv"
    write_queries(mix_file, mix)
    report["query_mix"] = {"file": str(mix_file), "queries": len(mix),
                           "seed": args.seed}

    log("writing %d cop%s of click-id" % (max(args.scales),
                                         "y" if max(args.scales) == 1
                                         else "ies"))
    roots = write_copies(args.shared, workdir, max(args.scales),
                         args.limit_articles)
    results = []
    for scale in args.scales:
        scale_roots = roots[:scale]
        input_bytes = sum(p.stat().st_size for p in corpus_files(scale_roots))
        for system in systems:
            results.append(measure(system, scale, scale_roots, input_bytes,
                                   mix, args, workdir))
    warta = next((s for s in systems if isinstance(s, Warta)
                  and s.name == "warta"), None)
    if args.incremental and warta:
        report["incremental"] = [dict(r, run=name) for name, r in
                                 incremental(warta, roots[0], workdir,
                                             args.keep)]
    for system in systems:
        if getattr(system, "parse_errors", 0):
            notes.append("%s: %d queries rejected by QueryParser, parsed "
                         "again without flags" % (system.name,
                                                  system.parse_errors))
    for r in results:
        if r["system"] in ("warta", BASELINE) and \
                r["warm"]["source"] == "wall":
            note = ("%s: no summary objects (the older warta-query): warm "
                    "mean from wall time, (all passes - warm-up pass) / "
                    "queries run; p50/p95/p99 unavailable" % r["system"])
            if note not in notes:
                notes.append(note)
    report["results"] = results
    report["targets"] = targets(results, args.scales)
    report["seconds"] = time.perf_counter() - started
    report["load_after"] = os.getloadavg()[0]

    print_report(out, report)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


def versions(systems):
    """The versions of the systems measured."""
    found = {}
    for system in systems:
        if isinstance(system, Warta):
            found[system.name] = system.version().split()[-1]
        elif isinstance(system, XapianPeer):
            found["xapian"] = system.xapian.version_string()
        elif isinstance(system, Fts5Peer):
            found["sqlite"] = sqlite3.sqlite_version
            shell = shutil.which("sqlite3")
            if shell:
                proc = subprocess.run([shell, "--version"],
                                      capture_output=True, text=True)
                found["sqlite3 shell"] = " ".join(proc.stdout.split()[:1])
    return found


# --------------------------------------------------------------------------
# targets and output


def find(results, system, scale):
    """The result of SYSTEM at SCALE, or None."""
    for r in results:
        if r["system"] == system and r["scale"] == scale:
            return r
    return None


def ratio(a, b):
    """A / B, or None when either is missing."""
    if a is None or b is None or b == 0:
        return None
    return a / b


def targets(results, scales):
    """warta's ratios to the peers, and whether each target holds."""
    rows = []
    for scale in scales:
        w = find(results, "warta", scale)
        x = find(results, "xapian", scale)
        t = find(results, "xapian-trivial", scale)
        if w is None:
            continue

        def get(r, *keys):
            for key in keys:
                if r is None:
                    return None
                r = r.get(key)
            return r

        checks = [
            ("warm mean / xapian", ratio(get(w, "warm", "mean"),
                                         get(x, "warm", "mean")),
             "<=", TARGET_WARM),
            ("warm p95 / xapian", ratio(get(w, "warm", "p95"),
                                        get(x, "warm", "p95")),
             "<=", TARGET_WARM),
            ("one process / quest", ratio(get(w, "process", "median"),
                                          get(x, "process", "median")),
             "<=", TARGET_PROCESS),
            ("build MB/s / xapian-trivial", ratio(get(w, "mb_per_s"),
                                                  get(t, "mb_per_s")),
             ">=", 1.0),
            ("peak RSS MB", get(w, "peak_rss_mb"), "<=", TARGET_RSS_MB),
            ("compacted / xapian compacted",
             ratio(get(w, "compact", "bytes"), get(x, "compact", "bytes")),
             "<=", 1.0),
        ]
        for name, value, op, limit in checks:
            held = None
            if value is not None:
                held = value <= limit if op == "<=" else value >= limit
            rows.append({"scale": scale, "target": name, "value": value,
                         "op": op, "limit": limit, "holds": held})
    return rows


def format_table(rows):
    """Align ROWS (tuples of strings) in columns; the first row is a header.
    Columns after the first two are right-aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [cell.ljust(w) if i < 2 else cell.rjust(w)
                 for i, (cell, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def cell(value, fmt):
    """VALUE formatted with FMT, or '-' when missing."""
    return "-" if value is None else fmt % value


def compact_mb(result):
    """The compacted size of RESULT's index in MB, or None."""
    if not result["compact"]:
        return None
    return result["compact"]["bytes"] / 1e6


def results_table(results):
    """The figures, one row per system and scale."""
    rows = [("system", "scale", "articles", "input MB", "build s", "MB/s",
             "cpu s", "peak MB", "index MB", "compact MB", "p50 ms",
             "p95 ms", "p99 ms", "mean ms", "wall ms/q", "process ms")]
    for r in results:
        warm = r["warm"] or {}
        rows.append((
            r["system"], "%dx" % r["scale"], cell(r["articles"], "%d"),
            "%.1f" % (r["input_bytes"] / 1e6), "%.2f" % r["seconds"],
            "%.2f" % r["mb_per_s"], "%.2f" % r["cpu_seconds"],
            "%.0f" % r["peak_rss_mb"], "%.1f" % (r["index_bytes"] / 1e6),
            cell(compact_mb(r), "%.1f"),
            cell(warm.get("p50"), "%.2f"), cell(warm.get("p95"), "%.2f"),
            cell(warm.get("p99"), "%.2f"), cell(warm.get("mean"), "%.2f"),
            cell(warm.get("wall_ms_per_query"), "%.2f"),
            cell((r["process"] or {}).get("median"), "%.1f")))
    return format_table(rows)


def targets_table(rows, scales):
    """warta's ratios beside the targets, one column per scale."""
    names = list(dict.fromkeys(r["target"] for r in rows))
    header = ("warta", "target") + tuple("%dx" % s for s in scales)
    table = [header]
    for name in names:
        mine = {r["scale"]: r for r in rows if r["target"] == name}
        first = next(iter(mine.values()))
        limit = "%s %g" % (first["op"], first["limit"])
        cells = []
        for scale in scales:
            r = mine.get(scale)
            if r is None or r["value"] is None:
                cells.append("n/a")
                continue
            fmt = "%.0f" if name.startswith("peak") else "%.2fx"
            cells.append("%s %s" % (fmt % r["value"],
                                    "ok" if r["holds"] else "MISSED"))
        table.append((name, limit) + tuple(cells))
    return format_table(table)


def print_report(out, report):
    """Print the plain-text report."""
    print("warta speed beside its peers, %s, commit %s" % (
        report["date"], report["commit"]), file=out)
    print("$ %s" % report["command"], file=out)
    print("machine: %s; %s" % (report["machine"], ", ".join(
        "%s %s" % kv for kv in report["versions"].items())), file=out)
    mix = report["query_mix"]
    print("query mix: %d queries (seed %d) in %s" % (
        mix["queries"], mix["seed"], mix["file"]), file=out)
    print(file=out)
    print(results_table(report["results"]), file=out)
    print(file=out)
    print("warm: %d queries in one process, a warm-up pass then %d timed "
          "passes, %d hits and their data; a query's latency is its median "
          "over the passes (warta: took_ms of its summaries; peers: timed "
          "in Python). wall ms/q: wall time of the timed passes / queries "
          "run (warta: all passes - warm-up pass, two processes). process "
          "ms: median of %d whole processes for %r." % (
              mix["queries"], report["passes"], HITS, report["runs"],
              report["process_query"]), file=out)
    counts = [(r["system"], r["scale"], r["count_ms_per_query"])
              for r in report["results"] if "count_ms_per_query" in r]
    if counts:
        print("exact counts: wall ms per query of the mix answered with "
              "--count alone (every matching article counted, no hits): " +
              "; ".join("%s %dx %.2f" % c for c in counts), file=out)
    if report["targets"]:
        print(file=out)
        print(targets_table(report["targets"], sorted(
            {r["scale"] for r in report["targets"]})), file=out)
    if report.get("incremental"):
        print("\nwarta re-runs on a private copy of click-id (1x):", file=out)
        print(incremental_table([(r["run"], r) for r in
                                 report["incremental"]]), file=out)
    for note in report["notes"]:
        print("note: %s" % note, file=out)
    print("took %.0f s; load average %.1f before, %.1f after (other work on "
          "the machine inflates the wall-clock figures)" % (
              report["seconds"], report["load_before"], report["load_after"]),
          file=out)


# --------------------------------------------------------------------------
# command line


def command_words(script, args, systems):
    """The options of a run that speed.py and the scripts built on it share
    (--build, --shared, --scales, --systems, --limit-articles, --passes,
    --seed), as words of the command that reproduces it."""
    words = [python_command(), script]
    if Path(args.build).resolve() != DEFAULT_BUILD.resolve():
        words += ["--build", str(args.build)]
    if Path(args.shared).resolve() != DEFAULT_SHARED.resolve():
        words += ["--shared", str(args.shared)]
    words += ["--scales", ",".join(str(s) for s in args.scales)]
    if list(args.systems) != list(systems):
        words += ["--systems", ",".join(args.systems)]
    if args.limit_articles:
        words += ["--limit-articles", str(args.limit_articles)]
    if args.passes != 3:
        words += ["--passes", str(args.passes)]
    if args.seed != SEED:
        words += ["--seed", str(args.seed)]
    return words


def reproduce_command(args):
    """The command line that reproduces this run."""
    words = command_words("bench/speed.py", args, SYSTEMS)
    if args.baseline_build:
        words += ["--baseline-build", str(args.baseline_build)]
    if args.runs != 11:
        words += ["--runs", str(args.runs)]
    if args.incremental:
        words.append("--incremental")
    if args.process_query != PROCESS_QUERY:
        words += ["--process-query", args.process_query]
    return " ".join(shlex.quote(w) for w in words)


def scale_list(text):
    """argparse type: comma-separated positive integers."""
    try:
        scales = [int(t) for t in text.split(",") if t.strip()]
    except ValueError:
        scales = []
    if not scales or min(scales) < 1:
        raise argparse.ArgumentTypeError("expected e.g. 1,4")
    return list(dict.fromkeys(scales))


def system_list(text):
    """argparse type: a comma-separated subset of SYSTEMS."""
    items = [t.strip() for t in text.split(",") if t.strip()]
    if not items or any(t not in SYSTEMS for t in items):
        raise argparse.ArgumentTypeError(
            "expected a comma-separated list of %s" % ", ".join(SYSTEMS))
    return list(dict.fromkeys(items))


def add_run_options(p, scales, systems, scale_type, system_type):
    """The options that speed.py and the scripts built on it share, the
    ones command_words() writes back: --build, --shared, --scales,
    --systems, --limit-articles, --passes and --seed."""
    p.add_argument("--build", default=str(DEFAULT_BUILD),
                   help="warta build directory, a release build [default: %(default)s]")
    p.add_argument("--shared", default=str(DEFAULT_SHARED),
                   help="directory holding data/ [default: %(default)s]")
    p.add_argument("--scales", type=scale_type, default=list(scales),
                   help="copies of click-id to index, comma-separated "
                        "[default: %s]" % ",".join(str(x) for x in scales))
    p.add_argument("--systems", type=system_type, default=list(systems),
                   help="systems to measure [default: %s]" % ",".join(systems))
    p.add_argument("--limit-articles", type=int, metavar="N",
                   help="keep the first N articles of each copy (quick "
                        "runs) [default: all 22,136]")
    p.add_argument("--passes", type=int, default=3,
                   help="timed passes over the query mix after the warm-up "
                        "pass; a query's latency is its median "
                        "[default: %(default)s]")
    p.add_argument("--seed", type=int, default=SEED,
                   help="seed of the query mix [default: %(default)s]")


def check_run_options(p, args):
    """Refuse the shared options' impossible values."""
    if args.limit_articles is not None and args.limit_articles < 1:
        p.error("--limit-articles must be 1 or more")
    if args.passes < 1:
        p.error("--passes must be 1 or more")


def parse_args(argv):
    """Parse the command line."""
    p = argparse.ArgumentParser(
        description="Speed of warta beside plain Xapian, a trivial Xapian "
                    "writer and stock SQLite FTS5, on click-id at several "
                    "scales; figures, not tests.")
    add_run_options(p, [1, 4], SYSTEMS, scale_list, system_list)
    p.add_argument("--baseline-build", metavar="DIR",
                   help="also measure the warta of this build directory "
                        "(say the previous release) as the system "
                        "'%s'" % BASELINE)
    p.add_argument("--runs", type=int, default=11,
                   help="whole query processes timed [default: %(default)s]")
    p.add_argument("--process-query", default=PROCESS_QUERY,
                   help="the query of the whole processes "
                        "[default: %(default)s]")
    p.add_argument("--incremental", action="store_true",
                   help="also time warta's re-runs after small changes "
                        "(nothing, one record, a rename, a deletion) at 1x")
    p.add_argument("--workdir", help="where to write the corpus copies, "
                   "indexes and query mix [default: a temporary directory]")
    p.add_argument("--keep", action="store_true",
                   help="keep the indexes and the work directory")
    p.add_argument("--json", action="store_true",
                   help="print one JSON object on stdout (the table goes "
                        "to stderr)")
    args = p.parse_args(argv)
    check_run_options(p, args)
    if args.runs < 1:
        p.error("--runs must be 1 or more")
    if args.baseline_build is not None:
        missing = Warta(args.baseline_build).missing()
        if missing:
            p.error("--baseline-build: missing %s" % ", ".join(missing))
    return args


def main(argv=None):
    """Entry point."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--peer-build"]:
        return peer_build_main(argv[1:])
    args = parse_args(argv)
    if not click_id_files(args.shared):
        log("speed: %s/data/news-id/click-id not found" % args.shared)
        return 2
    if args.workdir:
        workdir = Path(args.workdir)
        workdir.mkdir(parents=True, exist_ok=True)
    else:
        workdir = Path(tempfile.mkdtemp(prefix="warta-speed-"))
    try:
        return run(args, workdir)
    except (OSError, RuntimeError, ValueError) as e:
        log("speed: %s" % e)
        return 2
    finally:
        if args.keep:
            log("work directory kept: %s" % workdir)
        elif args.workdir:
            shutil.rmtree(workdir / "corpus", ignore_errors=True)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
