#!/usr/bin/env python3
"""Draw candidate article pairs for judging near-duplicate ("copy") detection.

Pairs come from three corpora of ../shared/data: click-id (nine Indonesian
outlets of 2019, some of which syndicate each other), IndoSum (articles of
2016-2018 gathered by the Shortir.com aggregator from many outlets) and BBC
(English, 2004-2005, which holds a few re-published stories). Each pair is
put in a stratum by two similarities computed here, and a fixed number of
pairs is drawn from each stratum with a fixed seed, so that the set holds
exact copies, lightly edited copies, near-misses (same event written
independently, follow-ups, template articles) and clear non-copies that
still share words.

Similarities (words: lowercased \\w+ runs of the text):
  j3  Jaccard of the sets of word 3-shingles of the body
  jt  Jaccard of the sets of title words (IndoSum has no title: the words
      of the headline slug in its id)
  jw  Jaccard of the sets of body words (only to find pairs for s8)

Candidate pairs: every pair of articles sharing at least MIN_SHARED body
3-shingles that are in at most DF_CAP articles (common boilerplate such as
"baca juga" lines is skipped), plus every pair sharing at least two title
words that are in at most TITLE_DF_CAP titles. Articles of fewer than
MIN_WORDS body words are left out.

Strata (first that fits):
  s1-exact    j3 >= 0.9
  s2-high     0.6 <= j3 < 0.9
  s3-mid      0.35 <= j3 < 0.6
  s4-low      0.2 <= j3 < 0.35
  s5-lower    0.1 <= j3 < 0.2
  s6-faint    0.03 <= j3 < 0.1
  s7-title    j3 < 0.03 and jt >= 0.4     (same headline words, other body)
  s8-words    j3 < 0.03 and jt < 0.4 and jw >= 0.15   (share many words)

Article keys are the keys warta gives each article (warta-query --json
`key`): click-id records are indexed as they are, and warta keys a JSON
Lines record by its `id`, else its `url`, so a click-id key is the
record's url; IndoSum and BBC articles are written as JSON Lines records
with an `id` (the IndoSum id; SECTION/NNN for BBC, the file's section and
name), which becomes their key. No article text is written into the
repository: drawn.tsv holds keys and figures only; the judging file (text
for the judge's eyes) goes wherever --judge says, outside the repository.

Usage:
  python3 bench/copies/draw.py [--shared ../shared] [--seed N]
      [--out bench/copies/drawn.tsv] [--judge /tmp/judge.txt]
  python3 bench/copies/draw.py --labels LABELS.tsv [--out ...]
      [--pairs bench/copies/pairs.tsv]

The second form turns the judge's labels (N<TAB>label<TAB>reason, N the
pair's number in the judging file) into pairs.tsv.
"""

import argparse
import importlib.util
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load_bench_eval():
    """bench/eval.py as a module (by path: bench/copies/eval.py has the
    same name)."""
    spec = importlib.util.spec_from_file_location("bench_eval",
                                                  HERE.parent / "eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


E = load_bench_eval()

SEED = 20261206
MIN_WORDS = 40
MIN_SHARED = 3
DF_CAP = 20
TITLE_DF_CAP = 200
TEXT_CAP = 1200
WORD = re.compile(r"\w+")
LABELS = ("same", "different")

# (name, low j3, high j3) for the j3 strata; s7 and s8 are defined by jt/jw.
J3_STRATA = (("s1-exact", 0.9, 1.01), ("s2-high", 0.6, 0.9),
             ("s3-mid", 0.35, 0.6), ("s4-low", 0.2, 0.35),
             ("s5-lower", 0.1, 0.2), ("s6-faint", 0.03, 0.1))
STRATA = [s for s, _, _ in J3_STRATA] + ["s7-title", "s8-words"]

# Pairs drawn per dataset and stratum (fewer when the stratum is smaller).
QUOTA = {
    "click-id": dict(zip(STRATA, (20, 35, 45, 45, 35, 25, 25, 20))),
    "indosum": dict(zip(STRATA, (6, 8, 8, 8, 8, 6, 6, 6))),
    "bbc": dict(zip(STRATA, (6, 6, 5, 4, 4, 4, 6, 6))),
}
DATASETS = tuple(QUOTA)


# --------------------------------------------------------------------------
# articles: key -> (title, date, outlet, text)


def bbc_key(docid):
    """The key of a BBC article (SECTION/NNN), as written for warta."""
    return docid


def load_articles(dataset, shared):
    """{key: (title, date, outlet, text)} of DATASET, in corpus order."""
    if dataset == "click-id":
        return {r["url"]: (r.get("title") or "", (r.get("date") or "").strip(),
                           r.get("source") or "",
                           readable(r.get("content") or ""))
                for _, r in E.click_id_records(shared)}
    if dataset == "indosum":
        return {r["id"]: (slug_title(r["id"]), "", r["source"], r["content"])
                for r in E.load_indosum_records(shared)}
    articles = {}
    for docid, text in E.load_bbc_docs(shared):
        head, _, body = text.partition("\n")
        articles[bbc_key(docid)] = (head.strip(), "",
                                    "BBC " + docid.split("/")[0],
                                    body.strip())
    return articles


def slug_title(indosum_id):
    """The headline words of an IndoSum id (timestamp-slug)."""
    return indosum_id.partition("-")[2].replace("-", " ")


def readable(content):
    """click-id content joins paragraphs with ','; break the line after a
    sentence's end followed by that comma, for the judge's eyes."""
    return re.sub(r'([.!?"\u201d])\s*,(?=\S)', "\\1\n", content).strip()


def words(text):
    """The lowercased words of TEXT."""
    return WORD.findall(text.lower())


def shingles(ws, k=3):
    """The set of word K-shingles of the word list WS (hashed)."""
    return {hash(" ".join(ws[i:i + k])) for i in range(len(ws) - k + 1)}


def jaccard(a, b):
    """Jaccard similarity of two sets (0 when both are empty)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


# --------------------------------------------------------------------------
# candidates and strata


def pairs_sharing(sets, df_cap, min_shared):
    """{(i, j): shared} for i < j sharing at least MIN_SHARED elements that
    occur in at most DF_CAP of SETS."""
    postings = defaultdict(list)
    for i, s in enumerate(sets):
        for h in s:
            postings[h].append(i)
    shared = Counter()
    for docs in postings.values():
        if 2 <= len(docs) <= df_cap:
            for a in range(len(docs)):
                for b in range(a + 1, len(docs)):
                    shared[(docs[a], docs[b])] += 1
    return {p: c for p, c in shared.items() if c >= min_shared}


def stratum(j3, jt, jw):
    """The stratum of a pair, or None when it fits none."""
    for name, low, high in J3_STRATA:
        if low <= j3 < high:
            return name
    if jt >= 0.4:
        return "s7-title"
    if jw >= 0.15:
        return "s8-words"
    return None


def candidates(articles):
    """[(stratum, key_a, key_b, j3, jt)] of ARTICLES' candidate pairs,
    sorted."""
    keys = [k for k, a in articles.items() if len(words(a[3])) >= MIN_WORDS]
    body = [words(articles[k][3]) for k in keys]
    sh = [shingles(ws) for ws in body]
    ws = [set(w) for w in body]
    tw = [set(w for w in words(articles[k][0]) if len(w) > 2) for k in keys]
    pairs = set(pairs_sharing(sh, DF_CAP, MIN_SHARED))
    pairs |= set(pairs_sharing(tw, TITLE_DF_CAP, 2))
    out = []
    for i, j in pairs:
        j3, jt = jaccard(sh[i], sh[j]), jaccard(tw[i], tw[j])
        jw = jaccard(ws[i], ws[j]) if j3 < 0.03 else 0.0
        name = stratum(j3, jt, jw)
        if name:
            a, b = sorted((keys[i], keys[j]))
            out.append((name, a, b, round(j3, 4), round(jt, 4)))
    out.sort()
    return out


def draw(dataset, cands, rng):
    """Draw QUOTA[dataset] pairs per stratum from CANDS; also return the
    population of each stratum."""
    by = defaultdict(list)
    for c in cands:
        by[c[0]].append(c)
    drawn, population = [], {}
    for name in STRATA:
        pool = by.get(name, [])
        population[name] = len(pool)
        n = min(QUOTA[dataset][name], len(pool))
        drawn += [(dataset, a, b, s, j3, jt)
                  for s, a, b, j3, jt in sorted(rng.sample(pool, n))]
    return drawn, population


# --------------------------------------------------------------------------
# files


def write_drawn(path, drawn):
    """drawn.tsv: dataset, key_a, key_b, stratum, j3, jt."""
    with open(path, "w", encoding="utf-8") as f:
        f.write("dataset\tkey_a\tkey_b\tstratum\tj3\tjt\n")
        for d, a, b, name, j3, jt in drawn:
            f.write("%s\t%s\t%s\t%s\t%.4f\t%.4f\n" % (d, a, b, name, j3, jt))


def read_drawn(path):
    """[(dataset, key_a, key_b, stratum, j3, jt)] of drawn.tsv."""
    with open(path, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f][1:]
    return [(d, a, b, s, float(j3), float(jt)) for d, a, b, s, j3, jt in rows]


def judging_order(drawn, seed):
    """The drawn pairs in the judge's order: shuffled, strata hidden."""
    order = [(d, a, b) for d, a, b, _, _, _ in drawn]
    random.Random(seed + 1).shuffle(order)
    return order


def article_block(tag, key, article):
    """The judge's view of one article of a pair."""
    title, date, outlet, text = article
    n = len(words(text))
    if len(text) > TEXT_CAP:
        text = "%s\n[cut: %d more characters]" % (text[:TEXT_CAP],
                                                  len(text) - TEXT_CAP)
    head = "--- %s %s | %s | %s | %d words\n" % (tag, key, outlet, date, n)
    return head + "title: %s\n%s\n" % (title, text)


def write_judging(path, order, articles):
    """The blind judging file: each pair numbered, both articles."""
    with open(path, "w", encoding="utf-8") as f:
        f.write("Label each pair: same (one text derived from the other, or "
                "both from one wire text, possibly edited, shortened, "
                "retitled) or different (including the same event written "
                "independently).\n\n")
        for n, (d, a, b) in enumerate(order, 1):
            f.write("=== pair %d (%s) ===\n" % (n, d))
            f.write(article_block("A", a, articles[d][a]))
            f.write(article_block("B", b, articles[d][b]))
            f.write("\n")


def write_pairs(path, order, labels_path):
    """pairs.tsv from the judge's labels (N<TAB>label<TAB>reason)."""
    labels = {}
    with open(labels_path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip() or line.startswith("#"):
                continue
            n, label, reason = line.rstrip("\n").split("\t")
            if label not in LABELS or not 1 <= int(n) <= len(order):
                raise ValueError("%s:%d: bad label line" % (labels_path,
                                                            lineno))
            labels[int(n)] = (label, reason.strip())
    rows = sorted(order[n - 1] + labels[n] for n in labels)
    with open(path, "w", encoding="utf-8") as f:
        f.write("dataset\tkey_a\tkey_b\tlabel\treason\n")
        f.writelines("\t".join(r) + "\n" for r in rows)
    return len(rows)


def parse_args(argv):
    """Parse the command line."""
    p = argparse.ArgumentParser(description="Draw article pairs for "
                                "judging near-duplicate detection.")
    p.add_argument("--shared", default=str(E.DEFAULT_SHARED),
                   help="folder holding data/ [default: %(default)s]")
    p.add_argument("--seed", type=int, default=SEED,
                   help="seed of the draw [default: %(default)s]")
    p.add_argument("--out", default=str(HERE / "drawn.tsv"),
                   help="drawn pairs [default: %(default)s]")
    p.add_argument("--judge", help="write the blind judging file here")
    p.add_argument("--labels", help="turn these labels into --pairs")
    p.add_argument("--pairs", default=str(HERE / "pairs.tsv"),
                   help="labelled pairs [default: %(default)s]")
    return p.parse_args(argv)


def main(argv=None):
    """Entry point."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        if args.labels:
            n = write_pairs(args.pairs, judging_order(read_drawn(args.out),
                                                      args.seed),
                            args.labels)
            E.log("%d labelled pairs written to %s" % (n, args.pairs))
            return 0
        rng = random.Random(args.seed)
        drawn, articles = [], {}
        for dataset in DATASETS:
            articles[dataset] = load_articles(dataset, args.shared)
            got, population = draw(dataset, candidates(articles[dataset]),
                                   rng)
            drawn += got
            E.log("%s: %s" % (dataset, ", ".join(
                "%s %d/%d" % (s, sum(1 for g in got if g[3] == s),
                              population[s]) for s in STRATA)))
        write_drawn(args.out, drawn)
        if args.judge:
            write_judging(args.judge, judging_order(drawn, args.seed),
                          articles)
    except (OSError, KeyError, ValueError) as e:
        E.log("error: %s" % e)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
