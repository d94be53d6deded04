#!/usr/bin/env python3
"""The scale curve of warta beside plain Xapian: figures, not tests.

For N copies of click-id (default 1, 4 and 16; distinct keys per copy, and
the dates of copy K moved K years back, so that the copies read as an
archive of N years), one run measures:

  - warta as one database (warta-index --db DIR);
  - warta with yearly shards (--shard-by year) and monthly shards
    (--shard-by month), searched through the index's stub;
  - the yearly shards served by 3 xapian-tcpsrv on 127.0.0.1 (a stub of
    3 'remote' lines), beside the same shards listed in a local stub;
  - plain Xapian (bench/speed.py's peer: TermGenerator, QueryParser, the
    Indonesian stemmer, BM25) on the same copies.

For each: build MB/s, CPU seconds and peak RSS of the build, index size
(and after compaction), warm p50/p95 over bench/speed.py's query mix; then
warta's ratios to plain Xapian at each scale, the growth of p95 from the
smallest scale to the largest, the remote/local ratio, and the targets
with PASS or MISS.

Run it with /usr/bin/python3 (python3-xapian installs the module for the
system interpreter only). See bench/README.md.
"""

import argparse
import json
import os
import re
import resource
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import speed  # noqa: E402  (bench/speed.py: corpus, query mix, systems)

REPO_ROOT = speed.REPO_ROOT
DEFAULT_BUILD = speed.DEFAULT_BUILD
DEFAULT_SHARED = speed.DEFAULT_SHARED
DEFAULT_SCALES = [1, 4, 16]
MAX_SCALE = 50         # copy K is dated 2019 - K; two-digit years stop at 1970

# What --systems takes; warta-remote needs the yearly index, so it implies
# warta-year, and it adds the row warta-local (the same shards, a local stub).
SYSTEMS = ("warta", "warta-year", "warta-month", "warta-remote", "xapian")
SHARD_BY = {"warta": None, "warta-year": "year", "warta-month": "month"}

SERVERS = 3            # xapian-tcpsrv processes for the remote shards
SERVER_START = 10.0    # seconds a server has to listen
SERVER_STOP = 5.0      # seconds a server has to exit after SIGTERM

# Targets.
TARGET_RATIO = 3.0     # warm p50 and p95 within 3x of plain Xapian's
TARGET_REMOTE = 2.0    # remote shards within 2x of the same shards local

log = speed.log


# --------------------------------------------------------------------------
# the corpus: copies of click-id, copy K dated K years earlier

YEAR4 = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
YEAR2 = re.compile(r"^(\s*\d{1,2}-[^\W\d_]+-)(\d\d)(\s*)$")


def shift_date(text, years):
    """TEXT, a date as click-id writes it, YEARS years earlier.

    Every four-digit year (19xx, 20xx) goes back; tribunnews' DD-Mon-YY
    has its two-digit year moved instead. Anything else stays as it is.
    """
    if not years or not isinstance(text, str):
        return text
    shifted, n = YEAR4.subn(lambda m: str(int(m.group(1)) - years), text)
    if n:
        return shifted
    m = YEAR2.match(text)
    if m:
        return "%s%02d%s" % (m.group(1), (int(m.group(2)) - years) % 100,
                             m.group(3))
    return text


def shift_record(record, k):
    """write_copies' transform: copy K's date K years back."""
    if "date" in record:
        record["date"] = shift_date(record["date"], k)


# --------------------------------------------------------------------------
# CPU of query processes and servers


def children_cpu():
    """User + system CPU seconds of this script's waited-for children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def proc_cpu(pid):
    """CPU seconds of process PID and of its reaped children, or 0."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            text = f.read()
    except OSError:
        return 0.0
    fields = text[text.rindex(")") + 2:].split()
    ticks = sum(int(fields[i]) for i in (11, 12, 13, 14))
    return ticks / os.sysconf("SC_CLK_TCK")


def settle(pids, limit=2.0):
    """Wait (LIMIT seconds at most) until the processes PIDS have reaped
    their children, so that their CPU is counted."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        busy = False
        for pid in pids:
            try:
                with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
                    busy = busy or bool(f.read().strip())
            except OSError:
                pass
        if not busy:
            return
        time.sleep(0.02)


class MeteredWarta(speed.Warta):
    """speed.Warta whose query processes also report their CPU time and
    that of the servers (pids in self.servers) that answered them."""

    def __init__(self, build):
        super().__init__(build)
        self.servers = []
        self.cpu = []

    def search(self, db, query_file):
        """speed.Warta.search, noting (client, servers) CPU seconds."""
        client, servers = children_cpu(), sum(map(proc_cpu, self.servers))
        result = super().search(db, query_file)
        settle(self.servers)
        self.cpu.append((children_cpu() - client,
                         sum(map(proc_cpu, self.servers)) - servers))
        return result

    def warm(self, db, mix, passes, workdir):
        """speed.Warta.warm, plus CPU milliseconds per query of the timed
        passes: (run of all passes - run of the warm-up pass) / queries."""
        self.cpu = []
        result = super().warm(db, mix, passes, workdir)
        (client1, server1), (client2, server2) = self.cpu[-2:]
        n = len(mix) * passes
        result["cpu_ms_per_query"] = 1000.0 * (client2 - client1) / n
        result["server_cpu_ms_per_query"] = (
            1000.0 * (server2 - server1) / n if self.servers else None)
        return result


class MeteredXapian(speed.XapianPeer):
    """speed.XapianPeer whose warm loop also reports CPU per query."""

    def warm(self, db, mix, passes, workdir):
        """speed.XapianPeer.warm, plus CPU milliseconds per query of the
        timed passes (the calls after the warm-up pass)."""
        one = self.searcher(db)
        calls, cpu = [0], [0.0]

        def metered(text):
            start = time.process_time()
            hits = one(text)
            calls[0] += 1
            if calls[0] > len(mix):
                cpu[0] += time.process_time() - start
            return hits

        result = speed.time_loop(metered, mix, passes)
        result["cpu_ms_per_query"] = 1000.0 * cpu[0] / (len(mix) * passes)
        return result


# --------------------------------------------------------------------------
# remote shards: xapian-tcpsrv on 127.0.0.1


def free_port():
    """A free TCP port of 127.0.0.1 (the kernel's choice)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port):
    """Whether something accepts connections on 127.0.0.1:PORT."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def die_with_parent():
    """preexec_fn of a server: a session of its own (so that it and its
    connection children are stopped together), and SIGTERM when this
    script dies, even killed."""
    os.setsid()
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Servers:
    """xapian-tcpsrv processes on 127.0.0.1, stopped by stop() (use it as
    a context manager: they stop whatever happens)."""

    def __init__(self, logdir):
        self.logdir = Path(logdir)
        self.procs = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def start(self, databases):
        """Serve DATABASES (one combined database) on a free port: the
        port. Tries three ports before giving up."""
        for attempt in range(3):
            port = free_port()
            logfile = self.logdir / ("tcpsrv-%d.log" % port)
            with open(logfile, "w") as out:
                proc = subprocess.Popen(
                    ["xapian-tcpsrv", "--interface", "127.0.0.1", "--port",
                     str(port)] + [str(d) for d in databases],
                    stdin=subprocess.DEVNULL, stdout=out,
                    stderr=subprocess.STDOUT, preexec_fn=die_with_parent)
            self.procs.append(proc)
            end = time.monotonic() + SERVER_START
            while time.monotonic() < end and proc.poll() is None:
                if listening(port):
                    return port
                time.sleep(0.05)
            self.kill(proc)
        raise RuntimeError("xapian-tcpsrv did not listen: %s" % (
            logfile.read_text(errors="replace").strip()))

    def pids(self):
        """The pids of the servers still running."""
        return [p.pid for p in self.procs if p.poll() is None]

    @staticmethod
    def kill(proc):
        """Stop PROC's process group: SIGTERM, then SIGKILL when it is
        still there after SERVER_STOP seconds."""
        for sig, wait in ((signal.SIGTERM, SERVER_STOP),
                          (signal.SIGKILL, SERVER_STOP)):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                pass
            try:
                proc.wait(wait)
                return
            except subprocess.TimeoutExpired:
                continue

    def stop(self):
        """Stop every server started."""
        while self.procs:
            self.kill(self.procs.pop())


def live_shards(db):
    """The shard databases of the index DB: [(name, path)] of DB/live/*."""
    return [(p.name, p) for p in sorted((Path(db) / "live").iterdir())]


def split_groups(shards, count):
    """SHARDS in COUNT groups (fewer when there are fewer shards) of about
    equal size on disk: the largest first, each to the lightest group;
    each group in name order."""
    count = max(1, min(count, len(shards)))
    groups = [[] for _ in range(count)]
    weights = [0] * count
    for name, path in sorted(shards, key=lambda s: -speed.dir_size(
            s[1].resolve())):
        i = weights.index(min(weights))
        groups[i].append((name, path))
        weights[i] += speed.dir_size(path.resolve())
    return [sorted(g) for g in groups]


def write_stub(path, lines):
    """Write a Xapian stub file of LINES."""
    Path(path).write_text("".join(l + "\n" for l in lines), encoding="utf-8")


# --------------------------------------------------------------------------
# measuring


def shard_count(db):
    """The databases the stub of the index DB lists."""
    stub = Path(db) / "XAPIANDB"
    if not stub.is_file():
        return None
    return sum(1 for l in stub.read_text().splitlines() if l.strip())


def warta_compact(warta, db):
    """warta-index --compact on DB: (seconds, its last line)."""
    cmd = [str(warta.index_bin), "--db", str(db), "--compact"]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError("%s exited with %d: %s" % (
            " ".join(cmd), proc.returncode, proc.stderr.strip()))
    lines = proc.stdout.strip().splitlines()
    return seconds, lines[-1] if lines else ""


def new_result(system, scale, input_bytes):
    """An empty result of SYSTEM at SCALE."""
    return {"system": system, "scale": scale, "input_bytes": input_bytes,
            "articles": None, "seconds": None, "cpu_seconds": None,
            "peak_rss_mb": None, "mb_per_s": None, "index_bytes": None,
            "compact": None, "shards": None, "warm": None, "timings": {},
            "load": os.getloadavg()[0]}


def timed(result, part, func, *args):
    """FUNC(*ARGS), its wall seconds noted as RESULT's timing of PART."""
    start = time.perf_counter()
    value = func(*args)
    result["timings"][part] = time.perf_counter() - start
    return value


def build_figures(result, figures, db):
    """Copy a build's FIGURES into RESULT, with the size of DB."""
    for key in ("articles", "seconds", "cpu_seconds", "peak_rss_mb"):
        result[key] = figures[key]
    result["mb_per_s"] = result["input_bytes"] / 1e6 / figures["seconds"]
    result["index_bytes"] = speed.index_size(db)
    result["timings"]["build"] = figures["seconds"]


def measure_warta(warta, name, scale, roots, input_bytes, mix, args,
                  workdir):
    """Build warta's index of ROOTS with NAME's layout and run the warm
    queries: (result, index directory). Compaction comes later
    (finish_warta), after the remote shards are measured."""
    db = Path(workdir) / ("%s-%dx" % (name, scale))
    result = new_result(name, scale, input_bytes)
    options = ["--shard-by", SHARD_BY[name]] if SHARD_BY[name] else []
    log("%s %dx: build" % (name, scale))
    figures = warta.build(db, roots, options=options)
    build_figures(result, figures, db)
    result["summary"] = figures["summary"]
    result["shards"] = shard_count(db)
    log("%s %dx: queries" % (name, scale))
    result["warm"] = timed(result, "warm", warta.warm, db, mix, args.passes,
                           workdir)
    return result, db


def finish_warta(warta, result, db, args):
    """Compact the index DB (warta-index --compact) unless told not to,
    then remove it unless --keep."""
    if not args.no_compact:
        log("%s %dx: compact" % (result["system"], result["scale"]))
        seconds, said = warta_compact(warta, db)
        result["compact"] = {"seconds": seconds, "said": said,
                             "bytes": speed.index_size(db)}
        result["timings"]["compact"] = seconds
    if not args.keep:
        speed.remove_index(db)


def round_trips(warta, stub, mix, workdir):
    """Round trips per query of MIX through STUB: the times warta-query
    waits for a server (poll(2) calls, counted by strace -c), in a run of
    the mix after a warm-up pass less in the warm-up pass alone, over the
    mix's queries. None without strace. Where warta-query reads several
    shards' documents on threads side by side, each thread's waits count:
    the figure is then the waits in all, more than those one after the
    other."""
    if not shutil.which("strace"):
        return None
    once, many = warta.pass_files(mix, 1, workdir, "trips-")
    polls = []
    for path in (once, many):
        out = Path(workdir) / "strace.txt"
        cmd = ["strace", "-f", "-c", "-e", "trace=poll", "-o", str(out),
               str(warta.query_bin), "--db", str(stub), "--queries",
               str(path), "--json", "-n", str(speed.HITS)]
        subprocess.run(cmd, capture_output=True, text=True)
        calls = 0
        for line in out.read_text().splitlines():
            f = line.split()
            if f and f[-1] == "poll" and len(f) >= 4:
                calls = int(f[3])
        polls.append(calls)
    return (polls[1] - polls[0]) / len(mix)


def measure_remote(warta, year, scale, input_bytes, mix, args, workdir):
    """The yearly shards of the index YEAR through xapian-tcpsrv servers on
    127.0.0.1, and the same shards in a local stub: two results."""
    groups = split_groups(live_shards(year), SERVERS)
    local = Path(workdir) / ("local-%dx.stub" % scale)
    remote = Path(workdir) / ("remote-%dx.stub" % scale)
    write_stub(local, ["auto %s" % path.absolute()
                       for g in groups for _, path in g])
    rl = new_result("warta-local", scale, input_bytes)
    rl["shards"] = sum(len(g) for g in groups)
    rl["index_bytes"] = sum(speed.dir_size(p.resolve())
                            for g in groups for _, p in g)
    rr = new_result("warta-remote", scale, input_bytes)
    rr.update(shards=rl["shards"], index_bytes=rl["index_bytes"],
              servers=[[name for name, _ in g] for g in groups])
    with Servers(workdir) as servers:
        start = time.perf_counter()
        ports = [servers.start([p for _, p in g]) for g in groups]
        rr["timings"]["servers"] = time.perf_counter() - start
        write_stub(remote, ["remote 127.0.0.1:%d" % p for p in ports])
        log("warta-local and warta-remote %dx: queries (%d shards in a "
            "local stub; %d xapian-tcpsrv: %s), alternated" % (
                scale, rl["shards"], len(ports),
                " | ".join(",".join(g) for g in rr["servers"])))
        # the two alternate, local, remote, remote, local, so that the
        # machine's drift (on the 2-core machine the same build's p50 moved
        # 3.5 -> 4.7 ms between runs minutes apart) falls on both; a
        # query's latency is the median of its two runs' medians
        runs = {"local": [], "remote": []}
        try:
            for which in ("local", "remote", "remote", "local"):
                warta.servers = servers.pids() if which == "remote" else []
                r = rl if which == "local" else rr
                stub = local if which == "local" else remote
                runs[which].append(timed(r, "warm-" + str(len(runs[which])),
                                         warta.warm, stub, mix, args.passes,
                                         workdir))
            warta.servers = servers.pids()
            rr["round_trips"] = round_trips(warta, remote, mix, workdir)
        finally:
            warta.servers = []
    for r, which in ((rl, "local"), (rr, "remote")):
        r["warm"] = merged_warm(runs[which])
        r["timings"]["warm"] = sum(r["timings"].pop("warm-%d" % i)
                                   for i in range(len(runs[which])))
    return [rl, rr]


def merged_warm(runs):
    """One warm result of several RUNS of the same system: a query's
    latency is the median of its runs' latencies; CPU and wall per query
    are the runs' means."""
    by_query = {}
    for run in runs:
        for query_id, ms in run.pop("by_query", {}).items():
            by_query.setdefault(query_id, []).append(ms)
    result = speed.latency([statistics.median(v) for v in by_query.values()])
    result["source"] = runs[0].get("source")
    result["passes"] = sum(run.get("passes", 0) for run in runs)
    for key in ("wall_ms_per_query", "cpu_ms_per_query",
                "server_cpu_ms_per_query"):
        values = [run.get(key) for run in runs]
        result[key] = (statistics.fmean(values)
                       if all(v is not None for v in values) else None)
    result["runs"] = len(runs)
    return result


def measure_xapian(peer, scale, roots, input_bytes, mix, args, workdir):
    """Plain Xapian on ROOTS: build, size, warm queries, compaction."""
    db = Path(workdir) / ("xapian-%dx" % scale)
    result = new_result("xapian", scale, input_bytes)
    log("xapian %dx: build" % scale)
    build_figures(result, peer.build(db, roots), db)
    result["shards"] = 1
    log("xapian %dx: queries" % scale)
    result["warm"] = timed(result, "warm", peer.warm, db, mix, args.passes,
                           workdir)
    if not args.no_compact:
        log("xapian %dx: compact" % scale)
        out = Path(str(db) + ".compact")
        seconds, size = speed.compact(db, out)
        result["compact"] = {"seconds": seconds, "bytes": size}
        result["timings"]["compact"] = seconds
        shutil.rmtree(out, ignore_errors=True)
    if not args.keep:
        speed.remove_index(db)
    return result


def measure_scale(systems, scale, roots, mix, args, workdir, done):
    """Every system at SCALE (plain Xapian first: warta's ratios need it),
    each result handed to DONE as it comes; a list of results."""
    input_bytes = sum(p.stat().st_size for p in speed.corpus_files(roots))
    results = []
    if "xapian" in systems:
        results.append(measure_xapian(systems["xapian"], scale, roots,
                                      input_bytes, mix, args, workdir))
        done(results[-1])
    warta = systems.get("warta")
    for name in ("warta", "warta-year", "warta-month"):
        if name not in systems["names"]:
            continue
        result, db = measure_warta(warta, name, scale, roots, input_bytes,
                                   mix, args, workdir)
        results.append(result)
        if name == "warta-year" and "warta-remote" in systems["names"]:
            results += measure_remote(warta, db, scale, input_bytes, mix,
                                      args, workdir)
        finish_warta(warta, result, db, args)
        for r in results[results.index(result):]:
            done(r)
    return results


# --------------------------------------------------------------------------
# ratios, growth and targets


def find(results, system, scale):
    """The result of SYSTEM at SCALE, or None."""
    return speed.find(results, system, scale)


def warm(result, key):
    """RESULT's warm figure KEY, or None."""
    if result is None or not result.get("warm"):
        return None
    return result["warm"].get(key)


def ratios(results):
    """Each warta row's p50 and p95 over plain Xapian's at its scale."""
    for r in results:
        x = find(results, "xapian", r["scale"])
        if r["system"] != "xapian":
            r["ratio_p50"] = speed.ratio(warm(r, "p50"), warm(x, "p50"))
            r["ratio_p95"] = speed.ratio(warm(r, "p95"), warm(x, "p95"))


def growth(results, scales):
    """Per system: p50 and p95 at the largest scale over the smallest."""
    low, high = min(scales), max(scales)
    rows = []
    for system in dict.fromkeys(r["system"] for r in results):
        a, b = find(results, system, low), find(results, system, high)
        rows.append({"system": system, "from": low, "to": high,
                     "p50": speed.ratio(warm(b, "p50"), warm(a, "p50")),
                     "p95": speed.ratio(warm(b, "p95"), warm(a, "p95"))})
    return rows


def check(target, system, scale, value, op, limit):
    """One target: whether VALUE holds against LIMIT."""
    holds = None
    if value is not None and limit is not None:
        holds = value <= limit if op == "<=" else value >= limit
    return {"target": target, "system": system, "scale": scale,
            "value": value, "op": op, "limit": limit, "holds": holds}


def targets(results, growth_rows, scales):
    """Every target, one check per system and scale."""
    rows = []
    for r in results:
        if r["system"] == "xapian":
            continue
        for p in ("p50", "p95"):
            rows.append(check("warm %s / xapian's" % p, r["system"],
                              r["scale"], r.get("ratio_" + p), "<=",
                              TARGET_RATIO))
    xg = next((g for g in growth_rows if g["system"] == "xapian"), None)
    if len(scales) > 1:
        for g in growth_rows:
            if g["system"] != "xapian":
                rows.append(check(
                    "p95 growth %dx->%dx / xapian's" % (g["from"], g["to"]),
                    g["system"], None, speed.ratio(g["p95"], (xg or {}).get(
                        "p95")), "<=", 1.0))
    for scale in scales:
        rr = find(results, "warta-remote", scale)
        rl = find(results, "warta-local", scale)
        if rr and rl:
            for p in ("p50", "p95"):
                rows.append(check("remote %s / local %s" % (p, p),
                                  "warta-remote", scale, speed.ratio(
                                      warm(rr, p), warm(rl, p)), "<=",
                                  TARGET_REMOTE))
    return rows


# --------------------------------------------------------------------------
# output


cell = speed.cell
format_table = speed.format_table


def mb(value):
    """Bytes as MB (10^6), or None."""
    return None if value is None else value / 1e6


def shards_cell(r):
    """The databases a row searches, and the servers for the remote one."""
    if r.get("servers"):
        return "%d in %d srv" % (r["shards"], len(r["servers"]))
    return cell(r["shards"], "%d")


def results_table(results):
    """The figures, one row per system and scale."""
    rows = [("system", "scale", "articles", "dbs", "input MB", "build s",
             "cpu s", "MB/s", "peak MB", "index MB", "compact MB", "p50 ms",
             "p95 ms", "mean ms", "cpu ms/q", "p50 /xap", "p95 /xap",
             "trips/q")]
    for r in results:
        w = r["warm"] or {}
        cpu = w.get("cpu_ms_per_query")
        if cpu is not None and w.get("server_cpu_ms_per_query") is not None:
            cpu += w["server_cpu_ms_per_query"]
        rows.append((
            r["system"], "%dx" % r["scale"], cell(r["articles"], "%d"),
            shards_cell(r), "%.1f" % mb(r["input_bytes"]),
            cell(r["seconds"], "%.1f"), cell(r["cpu_seconds"], "%.1f"),
            cell(r["mb_per_s"], "%.2f"), cell(r["peak_rss_mb"], "%.0f"),
            cell(mb(r["index_bytes"]), "%.1f"),
            cell(mb((r["compact"] or {}).get("bytes")), "%.1f"),
            cell(w.get("p50"), "%.2f"), cell(w.get("p95"), "%.2f"),
            cell(w.get("mean"), "%.2f"), cell(cpu, "%.2f"),
            cell(r.get("ratio_p50"), "%.2fx"),
            cell(r.get("ratio_p95"), "%.2fx"),
            cell(r.get("round_trips"), "%.0f")))
    return format_table(rows)


def growth_table(rows):
    """Growth of p50 and p95 from the smallest scale to the largest."""
    table = [("system", "", "p50 %dx->%dx" % (rows[0]["from"], rows[0]["to"]),
              "p95 %dx->%dx" % (rows[0]["from"], rows[0]["to"]))]
    for g in rows:
        table.append((g["system"], "", cell(g["p50"], "%.2fx"),
                      cell(g["p95"], "%.2fx")))
    return format_table(table)


def verdict(row):
    """PASS, MISS, or n/a."""
    return {True: "PASS", False: "MISS", None: "n/a"}[row["holds"]]


def targets_table(rows, scales):
    """The targets: one line per target and system, one column per scale
    (one 'all' column for the growth)."""
    table = [("target", "system", "limit") + tuple(
        "%dx" % s for s in scales)]
    keys = list(dict.fromkeys((r["target"], r["system"]) for r in rows))
    for target, system in keys:
        mine = [r for r in rows if (r["target"], r["system"]) ==
                (target, system)]
        cells = []
        for scale in scales:
            r = next((r for r in mine if r["scale"] in (scale, None)), None)
            if r is None or (r["scale"] is None and scale != max(scales)):
                cells.append("")
            elif r["value"] is None:
                cells.append("n/a")
            else:
                cells.append("%.2fx %s" % (r["value"], verdict(r)))
        table.append((target, system, "%s %g" % (mine[0]["op"],
                                                 mine[0]["limit"]))
                     + tuple(cells))
    return format_table(table)


def timings_table(results, copies_seconds):
    """How long each part took, with the load average at its start."""
    table = [("part", "", "build s", "warm s", "compact s", "servers s",
              "load"),
             ("writing the copies", "", "%.1f" % copies_seconds, "", "", "",
              "")]
    for r in results:
        t = r["timings"]
        table.append(("%s %dx" % (r["system"], r["scale"]), "",
                      cell(t.get("build"), "%.1f"),
                      cell(t.get("warm"), "%.1f"),
                      cell(t.get("compact"), "%.1f"),
                      cell(t.get("servers"), "%.2f"), "%.1f" % r["load"]))
    return format_table(table)


def print_report(out, report):
    """Print the plain-text report."""
    p = lambda *a: print(*a, file=out)  # noqa: E731
    p("warta scale curve beside plain Xapian, %s, commit %s" % (
        report["date"], report["commit"]))
    p("$ %s" % report["command"])
    p("machine: %s; %s" % (report["machine"], ", ".join(
        "%s %s" % kv for kv in report["versions"].items())))
    mix = report["query_mix"]
    p("corpus: N copies of click-id (22,136 articles, all dated 2019); copy "
      "K has '#copy=K' after each url (distinct keys) and every date moved "
      "K years back (2019, 2018, ...), so N copies read as an archive of N "
      "years; only the date field changes")
    p("query mix: bench/speed.py's %d queries (seed %d); warm: one process, "
      "a warm-up pass then %d timed passes, %d hits; a query's latency is "
      "its median over the passes (warta: took_ms of its summaries; "
      "xapian: timed in Python)" % (mix["queries"], mix["seed"],
                                    report["passes"], speed.HITS))
    p()
    p(results_table(report["results"]))
    p()
    p("dbs: databases searched (warta-remote: in how many xapian-tcpsrv). "
      "cpu s: of the build process. index MB: as built; compact MB: after "
      "warta-index --compact (closed periods; the whole database when not "
      "sharded) or xapian-compact. cpu ms/q: CPU per query of the timed "
      "passes (warta: warta-query's, plus the servers' for warta-remote; "
      "xapian: the Python process's). /xap: over plain Xapian's at the "
      "same scale. warta-local: the yearly shards of warta-year listed in "
      "a local stub ('auto' lines), the baseline of warta-remote.")
    if report["growth"] and len(report["scales"]) > 1:
        p()
        p(growth_table(report["growth"]))
    if report["targets"]:
        p()
        p(targets_table(report["targets"], report["scales"]))
    p()
    p(timings_table(report["results"], report["copies_seconds"]))
    for note in report["notes"]:
        p("note: %s" % note)
    p("took %.0f s; load average %.1f before, %.1f after (the machine is "
      "shared: wall-clock figures are noisy, CPU figures less so)" % (
          report["seconds"], report["load_before"], report["load_after"]))


# --------------------------------------------------------------------------
# one run


def make_systems(args, notes):
    """The systems that can run: {"names": [...], "warta": ..., "xapian":
    ...}; NOTES say why others cannot."""
    names = list(args.systems)
    if "warta-remote" in names and "warta-year" not in names:
        names.insert(names.index("warta-remote"), "warta-year")
        notes.append("warta-remote needs the yearly index: warta-year "
                     "measured too")
    systems = {}
    if any(n.startswith("warta") for n in names):
        warta = MeteredWarta(args.build)
        missing = warta.missing()
        if missing:
            raise RuntimeError("missing %s (meson setup BUILD --buildtype="
                               "release && ninja -C BUILD)"
                               % ", ".join(missing))
        systems["warta"] = warta
    if "warta-remote" in names and not shutil.which("xapian-tcpsrv"):
        names.remove("warta-remote")
        notes.append("warta-remote skipped: xapian-tcpsrv not found "
                     "(xapian-tools)")
    if "xapian" in names:
        try:
            import xapian
        except ImportError:
            names.remove("xapian")
            notes.append("xapian skipped: python3-xapian is not importable "
                         "by %s (apt-get install python3-xapian; run with "
                         "/usr/bin/python3)" % sys.executable)
        else:
            systems["xapian"] = MeteredXapian(xapian, False)
    if args.no_compact is False and not shutil.which("xapian-compact"):
        notes.append("xapian-compact not found: no compacted size for xapian")
    systems["names"] = names
    return systems


def versions(systems):
    """The versions of the programs measured."""
    found = {}
    if "warta" in systems:
        found["warta"] = systems["warta"].version().split()[-1]
    if "xapian" in systems:
        found["xapian"] = systems["xapian"].xapian.version_string()
    if shutil.which("xapian-tcpsrv"):
        proc = subprocess.run(["xapian-tcpsrv", "--version"],
                              capture_output=True, text=True)
        found["xapian-tcpsrv"] = (proc.stdout.split() or ["?"])[-1]
    return found


def run(args, workdir):
    """Measure every system at every scale; print the report."""
    started = time.perf_counter()
    notes = []
    systems = make_systems(args, notes)
    for note in notes:
        log(note)
    report = {"date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
              "commit": speed.git_describe(),
              "command": reproduce_command(args),
              "machine": "%d CPUs, %s %s" % (os.cpu_count(),
                                             os.uname().sysname,
                                             os.uname().release),
              "python": sys.executable, "versions": versions(systems),
              "notes": notes, "scales": args.scales, "passes": args.passes,
              "load_before": os.getloadavg()[0]}
    mix = speed.query_mix(args.shared, args.seed)
    speed.write_queries(Path(workdir) / "queries.tsv", mix)
    report["query_mix"] = {"file": str(Path(workdir) / "queries.tsv"),
                           "queries": len(mix), "seed": args.seed}

    log("writing %d copies of click-id, dated 2019 back to %d" % (
        max(args.scales), 2020 - max(args.scales)))
    start = time.perf_counter()
    roots = speed.write_copies(args.shared, workdir, max(args.scales),
                               args.limit_articles, shift_record)
    report["copies_seconds"] = time.perf_counter() - start
    results = []

    def done(result):
        """Log RESULT's figures, and save the results so far."""
        log(one_line(result))
        results.append(result)
        save(args.json, finish(report, results, args.scales))

    try:
        for scale in args.scales:
            measure_scale(systems, scale, roots[:scale], mix, args, workdir,
                          done)
    finally:
        finish(report, results, args.scales)
        for peer in ("xapian",):
            errors = getattr(systems.get(peer), "parse_errors", 0)
            if errors:
                notes.append("xapian: %d queries rejected by QueryParser, "
                             "parsed again without flags" % errors)
        report["seconds"] = time.perf_counter() - started
        report["load_after"] = os.getloadavg()[0]
        print_report(sys.stdout, report)
        save(args.json, report)
    return 0


def finish(report, results, scales):
    """REPORT with RESULTS and the ratios, growth and targets drawn from
    them."""
    report["results"] = results
    ratios(results)
    report["growth"] = growth(results, scales) if results else []
    report["targets"] = targets(results, report["growth"], scales)
    return report


def save(path, report):
    """Write REPORT as JSON to PATH (when given), replacing it whole."""
    if not path:
        return
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(report, f, ensure_ascii=False, indent=1)
        f.write("\n")
    os.replace(path + ".tmp", path)


def one_line(r):
    """A result's main figures on one line, for the progress log."""
    w = r["warm"] or {}
    return "%s %dx: build %s s (cpu %s s), %s MB, p50 %s ms, p95 %s ms" % (
        r["system"], r["scale"], cell(r["seconds"], "%.1f"),
        cell(r["cpu_seconds"], "%.1f"), cell(mb(r["index_bytes"]), "%.1f"),
        cell(w.get("p50"), "%.2f"), cell(w.get("p95"), "%.2f"))


# --------------------------------------------------------------------------
# command line


def reproduce_command(args):
    """The command line that reproduces this run."""
    words = speed.command_words("bench/scale.py", args, SYSTEMS)
    if args.no_compact:
        words.append("--no-compact")
    return " ".join(shlex.quote(w) for w in words)


def scale_list(text):
    """argparse type: comma-separated integers from 1 to MAX_SCALE."""
    scales = speed.scale_list(text)
    if max(scales) > MAX_SCALE:
        raise argparse.ArgumentTypeError("at most %d copies" % MAX_SCALE)
    return sorted(scales)


def system_list(text):
    """argparse type: a comma-separated subset of SYSTEMS."""
    items = [t.strip() for t in text.split(",") if t.strip()]
    if not items or any(t not in SYSTEMS for t in items):
        raise argparse.ArgumentTypeError(
            "expected a comma-separated list of %s" % ", ".join(SYSTEMS))
    return [s for s in SYSTEMS if s in items]


def parse_args(argv):
    """Parse the command line."""
    p = argparse.ArgumentParser(
        description="The scale curve of warta (one database, yearly and "
                    "monthly shards, remote shards) beside plain Xapian, "
                    "on copies of click-id dated year by year back from "
                    "2019; figures, not tests.")
    speed.add_run_options(p, DEFAULT_SCALES, SYSTEMS, scale_list, system_list)
    p.add_argument("--no-compact", action="store_true",
                   help="skip compaction (no compacted sizes)")
    p.add_argument("--workdir", help="where to write the corpus copies, "
                   "indexes, stubs and query mix [default: a temporary "
                   "directory under /tmp]")
    p.add_argument("--keep", action="store_true",
                   help="keep the indexes and the work directory")
    p.add_argument("--json", metavar="FILE",
                   help="also write every figure as one JSON object to FILE")
    args = p.parse_args(argv)
    speed.check_run_options(p, args)
    return args


def main(argv=None):
    """Entry point."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if not speed.click_id_files(args.shared):
        log("scale: %s/data/news-id/click-id not found" % args.shared)
        return 2
    if args.workdir:
        workdir = Path(args.workdir)
        workdir.mkdir(parents=True, exist_ok=True)
    else:
        workdir = Path(tempfile.mkdtemp(prefix="warta-scale-", dir="/tmp"))
    try:
        return run(args, workdir)
    except (OSError, RuntimeError, ValueError) as e:
        log("scale: %s" % e)
        return 2
    finally:
        if args.keep:
            log("work directory kept: %s" % workdir)
        elif args.workdir:
            for sub in ("corpus",):
                shutil.rmtree(workdir / sub, ignore_errors=True)
            for pattern in ("warta-*x", "xapian-*x", "xapian-*x.compact"):
                for path in workdir.glob(pattern):
                    speed.remove_index(path)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
