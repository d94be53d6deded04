#!/usr/bin/env python3
"""Score near-duplicate detectors on the judged pairs of bench/copies.

A detector says, for each judged pair (dataset, key_a, key_b), whether the
two articles are copies of one story. Against the judges' labels (`same` is
the positive class) this script reports precision, recall and F1 with the
counts (TP, FP, FN, TN), per dataset and overall, for:

  simhash   Charikar's SimHash as Manku et al. (WWW 2007) use it: a 64-bit
            fingerprint per article, copies when the Hamming distance of
            the two fingerprints is at most --bits (3, their setting).
            Features: the word 3-shingles of the body (words = lowercased
            \\w+ runs, the title left out), each weighted by its number of
            occurrences in the article; a feature's hash is the first 8
            bytes (big-endian) of its UTF-8 text's BLAKE2b digest. Bit i of
            the fingerprint is 1 when the weights of the features whose
            hash has bit i set outweigh those that have it clear.
  warta     warta's own detector: the pair articles are indexed with
            warta-index (one index per dataset, holding only the judged
            articles) and `warta-query --story KEY --json` lists each
            article's copies; a pair is `same` when either article lists
            the other. When the build's warta-query has no --story option,
            the script says so and reports simhash only.

With --sweep it also scores SimHash at every Hamming threshold 0..12 (or
--max-bits) for a few feature choices (VARIANTS below), in-sample on the
same judged pairs, and picks a threshold by 5-fold cross-validation (best F1 on four folds,
scored on the fifth; folds drawn with a fixed seed, stratified by label),
so that the choice of a threshold comes with a figure not fitted to the
pairs it is scored on; and the exact overlap of word 3-shingles (Jaccard,
containment, Jaccard with a lede check) as a reference for MinHash.

Usage:
  python3 bench/copies/eval.py [--pairs bench/copies/pairs.tsv]
      [--build build-release] [--shared ../shared] [--bits 3] [--sweep]
      [--max-bits 12] [--variant w3] [--no-warta] [--json] [--lede]
      [--against OTHER-BUILD]
  python3 bench/copies/eval.py --check     # for the test suite
"""

import argparse
import hashlib
import json
import math
import random
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import draw as D  # noqa: E402  (bench/copies/draw.py)

E = D.E  # bench/eval.py

BITS = 64
MANKU_K = 3
SWEEP = range(0, 13)
OVERLAP_SWEEP = [t / 100 for t in range(5, 100, 5)]
LEDE_WORDS = 80       # the lede: the first words of the body
LEDE_MIN = 0.10       # lede Jaccard a pair needs in the "j3+lede" reference
FOLDS = 5
FOLD_SEED = 20261206
LEDE_LENGTHS = (40, 80, 120, 160, 200, 300, 100000)  # --lede: words
LEDE_GRID = [t / 100 for t in range(0, 60, 5)]       # --lede: thresholds
STORY_OPTION = "--story"

# name -> (what, unit, n, title included): the features of a SimHash.
VARIANTS = {
    "w3": ("word 3-shingles of the body (the published setting)", "w", 3,
           False),
    "w3t": ("word 3-shingles of title + body", "w", 3, True),
    "w2": ("word 2-shingles of the body", "w", 2, False),
    "w1": ("words of the body", "w", 1, False),
    "w4": ("word 4-shingles of the body", "w", 4, False),
    "c5": ("character 5-grams of the body (words joined by one space)", "c",
           5, False),
}


# --------------------------------------------------------------------------
# pairs


def read_pairs(path):
    """[(dataset, key_a, key_b, label)] of a pairs.tsv file."""
    pairs = []
    with open(path, encoding="utf-8") as f:
        next(f)
        for n, line in enumerate(f, 2):
            cells = line.rstrip("\n").split("\t")
            if len(cells) != 5 or cells[3] not in D.LABELS:
                raise ValueError("%s:%d: expected dataset, key_a, key_b, "
                                 "same|different, reason" % (path, n))
            pairs.append(tuple(cells[:4]))
    return pairs


def load_pair_articles(pairs, shared):
    """{dataset: {key: (title, date, outlet, text)}} of the articles the
    pairs name."""
    wanted = defaultdict(set)
    for d, a, b, _ in pairs:
        wanted[d] |= {a, b}
    out = {}
    for d, keys in wanted.items():
        articles = D.load_articles(d, shared)
        missing = keys - set(articles)
        if missing:
            raise ValueError("%s: %d keys not in the corpus, e.g. %s" % (
                d, len(missing), sorted(missing)[0]))
        out[d] = {k: articles[k] for k in keys}
    return out


# --------------------------------------------------------------------------
# SimHash


def features(article, unit, n, title):
    """Counter of the features of ARTICLE (title, date, outlet, text)."""
    text = (article[0] + "\n" + article[3]) if title else article[3]
    ws = D.words(text)
    if unit == "c":
        s = " ".join(ws)
        return Counter(s[i:i + n] for i in range(max(1, len(s) - n + 1)))
    return Counter(" ".join(ws[i:i + n])
                   for i in range(max(1, len(ws) - n + 1)))


def feature_hash(feature):
    """The 64-bit hash of a feature: BLAKE2b's first 8 bytes, big-endian."""
    return int.from_bytes(hashlib.blake2b(feature.encode("utf-8"),
                                          digest_size=8).digest(), "big")


def simhash(weighted):
    """The 64-bit SimHash of {feature: weight}."""
    v = [0] * BITS
    for feature, w in weighted.items():
        h = feature_hash(feature)
        for i in range(BITS):
            v[i] += w if (h >> i) & 1 else -w
    return sum(1 << i for i in range(BITS) if v[i] > 0)


def distances(pairs, articles, variant):
    """[Hamming distance] of each pair's SimHashes under VARIANT."""
    _, unit, n, title = VARIANTS[variant]
    cache = {}

    def fp(d, k):
        if (d, k) not in cache:
            cache[(d, k)] = simhash(features(articles[d][k], unit, n, title))
        return cache[(d, k)]

    return [bin(fp(d, a) ^ fp(d, b)).count("1") for d, a, b, _ in pairs]


def shingle_set(ws, n=3):
    """The set of word N-shingles of the word list WS."""
    return {" ".join(ws[i:i + n]) for i in range(len(ws) - n + 1)}


def overlaps(pairs, articles):
    """{reference: [similarity per pair]}: exact set overlaps of word
    3-shingles of the body, what a MinHash fingerprint estimates (an upper
    bound for any detector built on these shingles):
      j3        Jaccard |A&B| / |A|B|
      c3        containment |A&B| / min(|A|, |B|)
      j3+lede   j3 when the ledes (first LEDE_WORDS words) have a 3-shingle
                Jaccard of at least LEDE_MIN, else 0"""
    out = {"j3": [], "c3": [], "j3+lede": []}
    for d, a, b, _ in pairs:
        wa, wb = D.words(articles[d][a][3]), D.words(articles[d][b][3])
        sa, sb = shingle_set(wa), shingle_set(wb)
        common = len(sa & sb)
        j3 = common / len(sa | sb) if sa | sb else 0.0
        out["j3"].append(j3)
        out["c3"].append(common / min(len(sa), len(sb)) if sa and sb
                         else 0.0)
        lede = D.jaccard(shingle_set(wa[:LEDE_WORDS]),
                         shingle_set(wb[:LEDE_WORDS]))
        out["j3+lede"].append(j3 if lede >= LEDE_MIN else 0.0)
    return out


# --------------------------------------------------------------------------
# warta's detector


def warta_has_story(warta):
    """True when the build's warta-query knows --story."""
    proc = subprocess.run([str(warta.query_bin), "--help"],
                          capture_output=True, text=True)
    return STORY_OPTION in proc.stdout


def warta_record(dataset, key, article):
    """The JSON Lines record warta indexes for an article; its key is KEY
    (click-id: the record's url; others: its id)."""
    title, date, outlet, text = article
    if dataset == "click-id":
        return {"title": title, "source": outlet, "date": date,
                "content": text, "url": key}
    return {"id": key, "title": title, "source": outlet, "content": text}


def story_keys(warta, db, key):
    """The keys warta-query --story KEY lists (KEY itself left out)."""
    cmd = [str(warta.query_bin), "--db", str(db), STORY_OPTION, key,
           "--json"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise RuntimeError("%s failed (exit %d): %s" % (
            " ".join(cmd), proc.returncode, proc.stderr.strip()))
    keys = set()
    for line in proc.stdout.splitlines():
        if not line.strip():
            continue
        obj = json.loads(line)
        if obj.get("type", "hit") == "hit" and obj.get("key"):
            keys.add(obj["key"])
        for copy in obj.get("copies") or []:
            if isinstance(copy, dict) and copy.get("key"):
                keys.add(copy["key"])
    keys.discard(key)
    return keys


def warta_predictions(pairs, articles, build):
    """[bool] per pair from warta's --story, or (None, reason)."""
    warta = E.Warta(build)
    if warta.missing():
        return None, "missing %s" % ", ".join(warta.missing())
    if not warta_has_story(warta):
        return None, ("%s has no %s option (yet): warta's detector is not "
                      "scored" % (warta.query_bin, STORY_OPTION))
    with tempfile.TemporaryDirectory(prefix="warta-copies-") as work:
        copies = {}
        for d, arts in articles.items():
            path = Path(work) / ("%s.jsonl" % d)
            with open(path, "w", encoding="utf-8") as f:
                for key in sorted(arts):
                    f.write(json.dumps(warta_record(d, key, arts[key]),
                                       ensure_ascii=False) + "\n")
            db = Path(work) / ("db-%s" % d)
            warta.index(db, "full", [path])
            for key in sorted(arts):
                copies[(d, key)] = story_keys(warta, db, key)
    return [b in copies[(d, a)] or a in copies[(d, b)]
            for d, a, b, _ in pairs], None


# --------------------------------------------------------------------------
# scores


def score(labels, predicted):
    """{tp, fp, fn, tn, precision, recall, f1} of PREDICTED (bools) against
    LABELS (bools, True = same)."""
    c = Counter((lab, pred) for lab, pred in zip(labels, predicted))
    tp, fp, fn, tn = c[(True, True)], c[(False, True)], c[(True, False)], \
        c[(False, False)]
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": p,
            "recall": r, "f1": f1}


def by_dataset(pairs, predicted):
    """{dataset or 'all': score} of PREDICTED on PAIRS."""
    out = {}
    for name in sorted({p[0] for p in pairs}) + ["all"]:
        idx = [i for i, p in enumerate(pairs) if name in ("all", p[0])]
        out[name] = score([pairs[i][3] == "same" for i in idx],
                          [predicted[i] for i in idx])
    return out


def cross_validated(labels, dist, grid=SWEEP, above=False, seed=FOLD_SEED):
    """5-fold cross-validation of the threshold: for each fold, the
    threshold of GRID with the best F1 (ties: the stricter) on the other
    folds predicts the fold (copies: DIST <= t, or DIST >= t when ABOVE).
    Returns (score of the pooled held-out predictions, the thresholds
    chosen per fold)."""
    def hit(x, t):
        return x >= t if above else x <= t

    held, chosen, _ = cross_validate(
        labels, grid, lambda t, i: hit(dist[i], t),
        lambda t: t if above else -t, seed)
    return held, chosen


def cross_validate(labels, candidates, decide, tiebreak, seed=FOLD_SEED):
    """5-fold cross-validation of a choice among CANDIDATES: for each fold,
    the candidate with the best F1 on the other folds (ties: the greatest
    TIEBREAK(candidate), then the first) decides the fold's pairs
    (DECIDE(candidate, i): pair i a copy). Returns (score of the pooled
    held-out predictions, the candidates chosen per fold, the held-out
    predictions)."""
    fold = fold_of(labels, seed)
    predicted, chosen = [None] * len(labels), []
    for k in range(FOLDS):
        train = [i for i in range(len(labels)) if fold[i] != k]
        best = max(candidates, key=lambda c: (score(
            [labels[i] for i in train],
            [decide(c, i) for i in train])["f1"], tiebreak(c)))
        chosen.append(best)
        for i in range(len(labels)):
            if fold[i] == k:
                predicted[i] = decide(best, i)
    return score(labels, predicted), chosen, predicted


def fold_of(labels, seed=FOLD_SEED):
    """The fold (0..FOLDS-1) of each pair, stratified by label."""
    rng = random.Random(seed)
    fold = [0] * len(labels)
    for lab in (True, False):
        idx = [i for i, x in enumerate(labels) if x == lab]
        rng.shuffle(idx)
        for n, i in enumerate(idx):
            fold[i] = n % FOLDS
    return fold


def lede_check(pairs, articles, predicted):
    """A lede check on top of a detector's PREDICTED: a pair stays a copy
    when the exact 3-shingle Jaccard of its two ledes (the first W words of
    each body) reaches t. For each W of LEDE_LENGTHS the in-sample table
    over LEDE_GRID, then (W, t) chosen by 5-fold cross-validation (best F1
    on four folds, scored on the fifth): (rows, held-out score, choices,
    held-out predictions)."""
    labels = [p[3] == "same" for p in pairs]
    lede = {}
    for w in LEDE_LENGTHS:
        lede[w] = []
        for (d, a, b, _), hit in zip(pairs, predicted):
            wa, wb = D.words(articles[d][a][3]), D.words(articles[d][b][3])
            lede[w].append(D.jaccard(shingle_set(wa[:w]), shingle_set(wb[:w]))
                           if hit else -1.0)
    rows = {w: [score(labels, [x >= t for x in lede[w]])
                for t in LEDE_GRID] for w in LEDE_LENGTHS}
    held, chosen, held_predicted = cross_validate(
        labels, [(w, t) for w in LEDE_LENGTHS for t in LEDE_GRID],
        lambda c, i: lede[c[0]][i] >= c[1], lambda c: c[1])
    return rows, held, chosen, held_predicted


def mcnemar(labels, a, b):
    """Pairs decided right by A and wrong by B, the reverse, and the exact
    two-sided McNemar p of the difference."""
    ab = sum(1 for x, y, z in zip(labels, a, b) if y == x and z != x)
    ba = sum(1 for x, y, z in zip(labels, a, b) if y != x and z == x)
    n, k = ab + ba, min(ab, ba)
    p = min(1.0, 2 * sum(math.comb(n, j) for j in range(k + 1)) / 2 ** n) \
        if n else 1.0
    return ab, ba, p


def strata_table(pairs, drawn_path):
    """Markdown: judged pairs per dataset, stratum (drawn.tsv) and label."""
    stratum = {(d, a, b): s for d, a, b, s, _, _ in D.read_drawn(drawn_path)}
    count = Counter((p[0], stratum.get(p[:3], "?"), p[3]) for p in pairs)
    lines = ["| dataset | stratum | same | different |", "|---|---|---|---|"]
    for d, s in sorted({(d, s) for d, s, _ in count}):
        lines.append("| %s | %s | %d | %d |" % (d, s, count[(d, s, "same")],
                                               count[(d, s, "different")]))
    return "\n".join(lines)


def fmt(x):
    """A figure with three decimals, or '-' when undefined."""
    return "-" if x != x else "%.3f" % x


def table(title, rows):
    """A markdown table of {name: score} rows."""
    lines = ["", title, "",
             "| set | pairs | same | TP | FP | FN | TN | precision | recall "
             "| F1 |", "|---|---|---|---|---|---|---|---|---|---|"]
    for name, s in rows.items():
        n = s["tp"] + s["fp"] + s["fn"] + s["tn"]
        lines.append("| %s | %d | %d | %d | %d | %d | %d | %s | %s | %s |" % (
            name, n, s["tp"] + s["fn"], s["tp"], s["fp"], s["fn"], s["tn"],
            fmt(s["precision"]), fmt(s["recall"]), fmt(s["f1"])))
    return "\n".join(lines)


def sweep_table(pairs, dists, grid=SWEEP, above=False):
    """Markdown: per threshold of GRID, precision / recall / F1 of each
    column of DISTS (copies: value <= t, or >= t when ABOVE); last row the
    cross-validated choice."""
    labels = [p[3] == "same" for p in pairs]
    names = list(dists)
    lines = ["| %s | " % ("sim ≥" if above else "bits ≤") +
             " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for t in grid:
        cells = []
        for v in names:
            s = score(labels, [(x >= t) if above else (x <= t)
                               for x in dists[v]])
            cells.append("%s / %s / %s" % (fmt(s["precision"]),
                                           fmt(s["recall"]), fmt(s["f1"])))
        lines.append("| %s | %s |" % (t, " | ".join(cells)))
    cv = []
    for v in names:
        s, chosen = cross_validated(labels, dists[v], grid, above)
        cv.append("%s / %s / %s (t=%s)" % (
            fmt(s["precision"]), fmt(s["recall"]), fmt(s["f1"]),
            ",".join(map(str, chosen))))
    lines.append("| 5-fold CV | %s |" % " | ".join(cv))
    return "\n".join(lines)


# --------------------------------------------------------------------------
# --check: the judged set is whole and the scorer sane (for the test suite)


def check(args):
    """Print PASS/FAIL for each condition; 0 when all hold, 1 otherwise.
    ValueError from reading the files is a failure too."""
    results = []
    try:
        pairs = read_pairs(args.pairs)
        drawn = {r[:3] for r in D.read_drawn(args.drawn)}
        keys = [p[:3] for p in pairs]
        results.append(("every pair once, key_a < key_b, and drawn",
                        len(set(keys)) == len(keys) and
                        all(a < b for _, a, b in keys) and
                        set(keys) <= drawn))
        results.append(("at least 300 pairs, both labels present",
                        len(pairs) >= 300 and
                        {p[3] for p in pairs} == set(D.LABELS)))
        articles = load_pair_articles(pairs, args.shared)
        results.append(("every key found in ../shared/data", True))
        same_text = [i for i, (d, a, b, _) in enumerate(pairs)
                     if D.words(articles[d][a][3]) ==
                     D.words(articles[d][b][3])]
        dist = distances(pairs, articles, args.variant)
        results.append(("identical bodies: Hamming 0 and judged same",
                        bool(same_text) and
                        all(dist[i] == 0 and pairs[i][3] == "same"
                            for i in same_text)))
    except ValueError as e:
        E.log("error: %s" % e)
        results.append(("files readable", False))
    for what, ok in results:
        print("%s: %s" % ("PASS" if ok else "FAIL", what))
    return 0 if all(ok for _, ok in results) else 1


# --------------------------------------------------------------------------


def compare(args, pairs, articles, predicted, out):
    """--lede and --against: report lines (OUT gets the figures)."""
    report, labels = [], [p[3] == "same" for p in pairs]
    if args.lede:
        rows, held, chosen, lede_pred = lede_check(pairs, articles, predicted)
        report.append("\nwarta --story and an exact lede check (3-shingle "
                      "Jaccard of the first W words >= t), in-sample, "
                      "precision / recall / F1; last row: W and t chosen "
                      "together by 5-fold cross-validation\n")
        head = "| t | " + " | ".join("W %d" % w for w in LEDE_LENGTHS) + " |"
        report.append(head)
        report.append("|---" * (len(LEDE_LENGTHS) + 1) + "|")
        for j, t in enumerate(LEDE_GRID):
            report.append("| %.2f | %s |" % (t, " | ".join(
                "%s / %s / %s" % (fmt(rows[w][j]["precision"]),
                                  fmt(rows[w][j]["recall"]),
                                  fmt(rows[w][j]["f1"]))
                for w in LEDE_LENGTHS)))
        report.append("\n5-fold CV: %s / %s / %s, (W, t) per fold %s" % (
            fmt(held["precision"]), fmt(held["recall"]), fmt(held["f1"]),
            chosen))
        ab, ba, p = mcnemar(labels, predicted, lede_pred)
        report.append("against warta alone: %d pairs right only without the "
                      "check, %d only with it (exact McNemar p %.4f)" % (
                          ab, ba, p))
        out["lede"] = {"held_out": held, "chosen": chosen, "p": p}
    if args.against:
        other, why = warta_predictions(pairs, articles, args.against)
        if other is None:
            report.append("\n--against %s: skipped: %s" % (args.against, why))
        else:
            out["against"] = by_dataset(pairs, other)
            report.append(table("warta --story (%s)" % args.against,
                                out["against"]))
            ab, ba, p = mcnemar(labels, other, predicted)
            report.append("\n%s against %s: %d pairs right only with the "
                          "first, %d only with the second (exact McNemar "
                          "p %.4f)" % (args.against, args.build, ab, ba, p))
    return report


def parse_args(argv):
    """Parse the command line."""
    p = argparse.ArgumentParser(description="Score near-duplicate detectors "
                                "on the judged pairs of bench/copies.")
    p.add_argument("--pairs", default=str(HERE / "pairs.tsv"),
                   help="judged pairs [default: %(default)s]")
    p.add_argument("--build", default=str(E.DEFAULT_BUILD),
                   help="warta build directory [default: %(default)s]")
    p.add_argument("--shared", default=str(E.DEFAULT_SHARED),
                   help="folder holding data/ [default: %(default)s]")
    p.add_argument("--drawn", default=str(HERE / "drawn.tsv"),
                   help="strata of the pairs [default: %(default)s]")
    p.add_argument("--bits", type=int, default=MANKU_K,
                   help="SimHash: copies within this Hamming distance "
                   "[default: %(default)s]")
    p.add_argument("--variant", default="w3", choices=sorted(VARIANTS),
                   help="SimHash features [default: %(default)s]")
    p.add_argument("--sweep", action="store_true",
                   help="also sweep thresholds 0..--max-bits over every "
                   "variant")
    p.add_argument("--max-bits", type=int, default=SWEEP[-1],
                   help="last threshold of the sweep [default: %(default)s]")
    p.add_argument("--no-warta", action="store_true",
                   help="score SimHash only")
    p.add_argument("--lede", action="store_true",
                   help="also score an exact lede check on top of warta's "
                   "detector, its length and threshold cross-validated")
    p.add_argument("--against", metavar="BUILD",
                   help="also score BUILD's warta and compare the two "
                   "detectors' decisions (exact McNemar test)")
    p.add_argument("--json", action="store_true",
                   help="print one JSON object (tables go to stderr)")
    p.add_argument("--check", action="store_true",
                   help="check the judged set and the scorer; PASS/FAIL "
                   "lines, exit 1 on a failure, 77 without ../shared/data")
    args = p.parse_args(argv)
    if not 0 <= args.bits <= BITS:
        p.error("--bits must be 0..64")
    if not 0 <= args.max_bits <= BITS:
        p.error("--max-bits must be 0..64")
    return args


def main(argv=None):
    """Entry point."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if not (Path(args.shared) / "data").is_dir():
        print("SKIP: %s/data not found" % args.shared)
        return E.SKIP_EXIT if args.check else 2
    if args.check:
        return check(args)
    try:
        pairs = read_pairs(args.pairs)
        articles = load_pair_articles(pairs, args.shared)
        report, out = [], {}
        labels = Counter(p[3] for p in pairs)
        report.append("pairs: %s, %d judged (same %d, different %d); every "
                      "figure below is on these same pairs" % (
                          args.pairs, len(pairs), labels["same"],
                          labels["different"]))
        if Path(args.drawn).exists():
            report.append("\nJudged pairs per stratum (%s)\n" % args.drawn)
            report.append(strata_table(pairs, args.drawn))
        dist = distances(pairs, articles, args.variant)
        out["simhash"] = by_dataset(pairs, [x <= args.bits for x in dist])
        report.append(table("simhash, %s, 64 bits, Hamming <= %d" % (
            VARIANTS[args.variant][0], args.bits), out["simhash"]))
        if not args.no_warta:
            predicted, why = warta_predictions(pairs, articles, args.build)
            if predicted is None:
                report.append("\nwarta: skipped: %s" % why)
            else:
                out["warta"] = by_dataset(pairs, predicted)
                report.append(table("warta --story (%s)" % args.build,
                                    out["warta"]))
                report.extend(compare(args, pairs, articles, predicted, out))
        if args.sweep:
            dists = {v: (dist if v == args.variant else
                         distances(pairs, articles, v)) for v in VARIANTS}
            report.append("\nSimHash sweep 0..%d, all pairs, in-sample (the "
                          "threshold is chosen on the pairs it is scored "
                          "on), precision / recall / F1; last row: 5-fold "
                          "cross-validated choice of the threshold "
                          "(thresholds chosen per fold)\n" % args.max_bits)
            report.append("\n".join("* %s: %s" % (v, VARIANTS[v][0])
                                    for v in VARIANTS) + "\n")
            report.append(sweep_table(pairs, dists,
                                      range(0, args.max_bits + 1)))
            sims = overlaps(pairs, articles)
            report.append("\nReference, not a fingerprint: exact overlap "
                          "of word 3-shingles (what MinHash estimates), "
                          "same pairs, in-sample, precision / recall / F1; "
                          "j3 Jaccard, c3 containment, j3+lede j3 when the "
                          "first %d words have 3-shingle Jaccard >= %.2f\n"
                          % (LEDE_WORDS, LEDE_MIN))
            report.append(sweep_table(pairs, sims, OVERLAP_SWEEP, True))
            out["distances"] = dists
            out["overlaps"] = sims
    except (OSError, RuntimeError, ValueError) as e:
        E.log("error: %s" % e)
        return 2
    text = "\n".join(report) + "\n"
    if args.json:
        sys.stderr.write(text)
        print(json.dumps(out))
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
