#!/usr/bin/env python3
"""Peak memory of warta-index on one large JSON Lines record, beside the
record's size and --max-size (the longest record warta-index reads).

The record is made of the words of corpus/id/ (the project's own sample)
drawn at random (seeded) in sentences of 80 words and paragraphs of one
sentence, SIZE MiB in all; with --words made-up, of words of four
syllables drawn at random, nearly every one new (a record past the limit
of distinct words: see warta-index(1) under --max-size). warta-index
indexes it alone into a fresh index under /usr/bin/time -v, and the
maximum resident set size is printed with its ratio to the record and to
--max-size. It prints figures and asserts nothing.

usage: bench/memory.py [--build DIR] [--size MIB] [--max-size MIB]
                       [--words corpus|made-up]
"""
import argparse
import glob
import json
import os
import random
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def made_up(rng):
    return "".join(rng.choice("bcdfghjklmnprstw") + rng.choice("aiueo") for _ in range(4))


def make_record(path, mib, kind="corpus"):
    words = []
    for f in sorted(glob.glob(os.path.join(ROOT, "corpus", "id", "*.txt"))):
        with open(f, encoding="utf-8") as fh:
            words += re.findall(r"\w+", fh.read())
    rng = random.Random(20261206)
    word = (lambda: rng.choice(words)) if kind == "corpus" else (lambda: made_up(rng))
    paras, size, target = [], 0, mib << 20
    while size < target:
        p = " ".join(word() for _ in range(80)) + "."
        paras.append(p)
        size += len(p.encode()) + 2
    rec = {"id": "big", "title": "Arsip besar", "date": "2023-09-13", "content": "\n\n".join(paras)}
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return os.path.getsize(path)


def peak_rss_kib(cmd):
    r = subprocess.run(["/usr/bin/time", "-v"] + cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, check=False)
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr)
    if r.returncode != 0 or not m:
        sys.exit("bench/memory.py: %s failed (exit %d):\n%s" % (cmd[0], r.returncode, r.stderr))
    return int(m.group(1))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build", default=os.path.join(ROOT, "build"),
                   help="the build directory [default: build]")
    p.add_argument("--size", type=int, default=60, help="MiB of the record [default: 60]")
    p.add_argument("--max-size", type=int, default=64,
                   help="warta-index --max-size, MiB [default: 64]")
    p.add_argument("--words", choices=("corpus", "made-up"), default="corpus",
                   help="the record's words: corpus/id/'s, or made up [default: corpus]")
    a = p.parse_args()
    tool = os.path.join(a.build, "indexer", "warta-index")
    with tempfile.TemporaryDirectory(prefix="warta-memory.") as t:
        feed = os.path.join(t, "big.jsonl")
        n = make_record(feed, a.size, a.words)
        kib = peak_rss_kib([tool, "-q", "--max-size", str(a.max_size),
                            "--db", os.path.join(t, "db"), feed])
    mib = kib / 1024
    print("record: %.1f MiB (%s words); --max-size %d MiB; peak RSS %.0f MiB = %.1fx the record, %.1fx --max-size"
          % (n / 2**20, a.words, a.max_size, mib, mib / (n / 2**20), mib / a.max_size))


if __name__ == "__main__":
    main()
