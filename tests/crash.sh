#!/usr/bin/env bash
# warta-index killed with SIGKILL at several points, and exactly between
# the engine's commit and the state's, leaves an index that the next run
# completes into exactly what an uninterrupted run builds; warta-query never
# fails while warta-index writes; a reader that has the index open across a
# --rebuild keeps answering. TAP output.
#
# Environment (set by meson): WARTA_INDEX, WARTA_QUERY, WARTA_SRC.
set -u
T=$(mktemp -d "${TMPDIR:-/tmp}/warta-crash.XXXXXX")
trap 'kill -9 $(jobs -p) 2>/dev/null; rm -rf "$T"' EXIT
cd "$T" || exit 1
. "$WARTA_SRC/tests/lib.sh"

# A corpus big enough to be killed in the middle of: the project's articles,
# many times over with numbered variations, as text files and JSON Lines.
python3 - "$WARTA_SRC/corpus" <<'PY'
import json, os, pathlib, sys
src = pathlib.Path(sys.argv[1])
texts = sorted(p.read_text(encoding="utf-8") for p in src.glob("*/*.txt"))
os.makedirs("data/text", exist_ok=True)
for i in range(300):
    t = texts[i % len(texts)]
    pathlib.Path(f"data/text/a{i:04d}.txt").write_text(t + f"\nCatatan arsip nomor {i}.\n", encoding="utf-8")
with open("data/feed.jsonl", "w", encoding="utf-8") as f:
    for i in range(2000):
        t = texts[i % len(texts)]
        title, _, body = t.partition("\n\n")
        f.write(json.dumps({"id": f"r{i}", "title": f"{title} ({i})", "content": body + f"\n\nKode {i}."}) + "\n")
PY

count() { "$WARTA_INDEX" --db "$1" --status --json 2>/dev/null | jq -r '.documents // 0' 2>/dev/null || echo 0; }

# the reference: one run, uninterrupted
"$WARTA_INDEX" -q --batch 50 --db ref.db data
ok "an uninterrupted run succeeds" "$?" "0"
want=$(fingerprint ref.db)
total=$(count ref.db)
ok "it indexes every article" "$total" "2300"

# kill runs at several points: before anything is committed, then when the
# index holds a given share of the articles (polled; commits every 50)
kills=0
for pct in 0 5 20 40 60 80 95; do
  "$WARTA_INDEX" -q --batch 50 --db k.db data > /dev/null 2>&1 &
  pid=$!
  want_docs=$((total * pct / 100))
  if [ "$pct" -gt 0 ]; then
    while kill -0 "$pid" 2>/dev/null; do
      c=$(count k.db)
      [ "${c:-0}" -ge "$want_docs" ] && break
      sleep 0.01
    done
  fi
  if kill -9 "$pid" 2>/dev/null; then kills=$((kills + 1)); fi
  wait "$pid" 2>/dev/null
  if [ -e k.db/XAPIANDB ]; then
    ok "after a SIGKILL at ${pct}% the index is sound" "$(integrity k.db)" "ok"
  else
    ok "after a SIGKILL at ${pct}% there is no index yet" "$(ls k.db 2>/dev/null | grep -c XAPIANDB)" "0"
  fi
done
ok "the runs were killed mid-way" "$([ "$kills" -ge 5 ] && echo yes)" "yes"
out=$("$WARTA_INDEX" --json --batch 50 --db k.db data | jq -c '{failed, total: (.added + .unchanged + .updated), deleted}'; status_line)
ok "the next run completes the work" "$out" "{\"failed\":0,\"total\":$total,\"deleted\":0}"
ok "ending with exactly what an uninterrupted run builds" "$(fingerprint k.db)" "$want"
ok "and a run after that changes nothing" \
  "$("$WARTA_INDEX" --json --db k.db data | jq -c '{added, updated, deleted}'; status_line)" '{"added":0,"updated":0,"deleted":0}'

# killed exactly between the two commits of a batch: after the state's
# commit and before the engine's, then after the engine's and before the
# state confirms it; each on a first run and on an update
for fault in state-commit:3 engine-commit:3 engine-commit:1; do
  rm -rf f.db
  ok "killed at $fault (status 137)" \
    "$( (WARTA_FAULT=$fault exec "$WARTA_INDEX" -q --batch 50 --db f.db data > /dev/null 2>&1); echo $?)" "137"
  ok "the index is sound after the kill at $fault" "$(integrity f.db)" "ok"
  "$WARTA_INDEX" -q --batch 50 --db f.db data
  ok "the next run succeeds" "$?" "0"
  ok "ending with exactly what an uninterrupted run builds ($fault)" "$(fingerprint f.db)" "$want"
done
# an update killed between the commits: changed and deleted articles
rm -rf f.db
cp -R ref.db f.db
sed -i 's/Kode 1\([0-9]\)\./Kode berubah 1\1./' data/feed.jsonl
rm data/text/a000[0-4].txt
"$WARTA_INDEX" -q --batch 50 --db ref2.db data
want2=$(fingerprint ref2.db)
ok "an update killed between the engine's commit and the state's" \
  "$( (WARTA_FAULT=engine-commit:1 exec "$WARTA_INDEX" -q --batch 5 --db f.db data > /dev/null 2>&1); echo $?)" "137"
"$WARTA_INDEX" -q --batch 50 --db f.db data
ok "the next run completes the update" "$?" "0"
ok "ending with exactly what a clean build of the new corpus holds" "$(fingerprint f.db)" "$want2"

# queries while the index is written, first built and then updated: one
# warm reader on its standard input and fresh processes; 300 at least, and
# not one fails
rm -rf q.db
"$WARTA_INDEX" -q --batch 20 --db q.db data > /dev/null 2>&1 &
pid=$!
until [ -e q.db/XAPIANDB ] || ! kill -0 "$pid" 2>/dev/null; do sleep 0.02; done
mkfifo ask-q
# a reader that ended early must fail the checks below, with its stderr,
# not kill this script when the next question is written to it
trap '' PIPE
"$WARTA_QUERY" --db q.db --queries - --json -n 3 < ask-q > warm.txt 2> warm-err.txt &
warm=$!
exec 4> ask-q
queries=0 bad=0 updates=0
while kill -0 "$pid" 2>/dev/null || [ "$queries" -lt 300 ] || [ "$updates" -lt 2 ]; do
  if ! kill -0 "$pid" 2>/dev/null; then
    # an update: change some records and run again
    updates=$((updates + 1))
    sed -i "s/Kode \([0-9]*\)[^.]*\./Kode \1 versi $updates./" data/feed.jsonl
    "$WARTA_INDEX" -q --batch 20 --db q.db data > /dev/null 2>&1 &
    pid=$!
  fi
  printf 'q%d\tPutin undangan\n' "$queries" >&4
  "$WARTA_QUERY" --db q.db -n 3 kerja sama militer > /dev/null 2> qerr.txt
  status=$?
  queries=$((queries + 2))
  # 1 is "no hit": early on the index may hold nothing yet
  if [ "$status" -gt 1 ]; then bad=$((bad + 1)); sed 's/^/# /' qerr.txt; fi
done
wait "$pid"
ok "the writer succeeds" "$?" "0"
exec 4>&-
trap - PIPE
wait "$warm"
ok "the warm reader never failed" "$?" "0"
ok "and never complained" "$(cat warm-err.txt)" ""
ok "it answered every question" "$(grep -c '"type":"summary"' warm.txt)" "$((queries / 2))"
ok "queries ran during a build and $updates updates" "$([ "$queries" -ge 300 ] && [ "$updates" -ge 1 ] && echo yes)" "yes"
ok "none of the $queries failed" "$bad" "0"
ok "the updated index is sound" "$(integrity q.db)" "ok"
"$WARTA_INDEX" -q --batch 50 --db ref3.db data
want=$(fingerprint ref3.db)
ok "and holds what a clean build does" "$(fingerprint q.db)" "$want"
rm -rf f.db && cp -R q.db f.db

# --rebuild swaps in a complete index while a reader that opened the index
# before keeps asking (one warm warta-query, fed on its standard input)
mkfifo ask
"$WARTA_QUERY" --db f.db --queries - --count --json < ask > answers.txt 2> reader-err.txt &
reader=$!
exec 3> ask
"$WARTA_INDEX" -q --rebuild --batch 50 --db f.db data &
pid=$!
asked=0
while kill -0 "$pid" 2>/dev/null; do
  printf 'q%d\tKode\n' "$asked" >&3
  asked=$((asked + 1))
  sleep 0.02
done
wait "$pid"
ok "--rebuild succeeds" "$?" "0"
for i in 1 2 3; do printf 'after%d\tKode\n' "$i" >&3; done
exec 3>&-
wait "$reader"
ok "the reader never failed" "$?" "0"
ok "and never complained" "$(cat reader-err.txt)" ""
ok "it answered every question" "$(grep -c '"type":"summary"' answers.txt)" "$((asked + 3))"
ok "always with the whole index, never a part of one" \
  "$(jq -r .total answers.txt | sort -u | tr '\n' ' ')" "$(jq -r .total answers.txt | head -1) "
ok "the rebuilt index holds the same articles" "$(fingerprint f.db)" "$want"
ok "and is sound" "$(integrity f.db)" "ok"
ok "the old generation is gone" "$(ls f.db | grep -c '^g[0-9]')" "1"

# A run killed in the middle of the state's commit leaves a journal that
# must be rolled back before the state can be read (the window is small:
# make it happen by spilling a transaction to the file, then killing).
cp -R ref.db h.db
hwant=$(fingerprint h.db)
/usr/bin/python3 - h.db/g1/state.sqlite <<'PY'
import subprocess, sys
code = """
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA journal_mode=TRUNCATE"); c.execute("PRAGMA cache_size=1")
c.execute("BEGIN IMMEDIATE"); c.execute("UPDATE articles SET line = 7")
print("ready", flush=True); time.sleep(60)
"""
p = subprocess.Popen([sys.executable, "-c", code, sys.argv[1]], stdout=subprocess.PIPE)
p.stdout.readline(); p.kill(); p.wait()
PY
ok "a commit was killed half-way (a journal is left)" \
  "$([ -s h.db/g1/state.sqlite-journal ] && echo yes)" "yes"
ok "--check reads the state left mid-commit" "$(integrity h.db)" "ok"
ok "--status too" "$("$WARTA_INDEX" --db h.db --status > /dev/null 2>&1; echo $?)" "0"
ok "and the index still holds what it held" "$(fingerprint h.db)" "$hwant"

done_testing
