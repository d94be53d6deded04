#!/usr/bin/env bash
# warta-index killed with SIGKILL at several points leaves a consistent index,
# and the next run ends with exactly the documents of an uninterrupted run;
# warta-query never fails while warta-index writes. TAP output.
#
# Environment (set by meson): WARTA_INDEX, WARTA_QUERY, WARTA_SRC, WARTA_EXT,
# WARTA_PRELOAD.
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

fingerprint() { # what the index holds, independent of row ids and run order
  sqlite3 "$1" "SELECT f.path || '|' || coalesce(d.key, '') || '|' || d.hash || '|' ||
    (SELECT count(*) FROM passages p WHERE p.doc_id = d.id)
    FROM documents d JOIN files f ON f.id = d.file_id ORDER BY 1" | md5sum | cut -c1-32
}

# the reference: one run, uninterrupted
"$WARTA_INDEX" -q --batch 50 --db ref.db data
ok "an uninterrupted run succeeds" "$?" "0"
want=$(fingerprint ref.db)
total=$(sqlite3 ref.db "SELECT count(*) FROM documents")
ok "it indexes every article" "$total" "2300"

# kill runs at several points: before anything is committed, then when the
# index holds a given share of the documents (polled; commits every 50)
kills=0
for pct in 0 5 20 40 60 80 95; do
  "$WARTA_INDEX" -q --batch 50 --db k.db data > /dev/null 2>&1 &
  pid=$!
  want_docs=$((total * pct / 100))
  if [ "$pct" -gt 0 ]; then
    while kill -0 "$pid" 2>/dev/null; do
      c=$(sqlite3 k.db "SELECT count(*) FROM documents" 2>/dev/null || echo 0)
      [ "${c:-0}" -ge "$want_docs" ] && break
      sleep 0.01
    done
  fi
  if kill -9 "$pid" 2>/dev/null; then kills=$((kills + 1)); fi
  wait "$pid" 2>/dev/null
  ok "after a SIGKILL at ${pct}% the index is consistent" "$(integrity k.db)" "ok"
done
ok "the runs were killed mid-way" "$([ "$kills" -ge 5 ] && echo yes)" "yes"
out=$("$WARTA_INDEX" --json --batch 50 --db k.db data | jq -c '{failed, total: (.added + .unchanged + .updated), deleted}')
ok "the next run completes the work" "$out" "{\"failed\":0,\"total\":$total,\"deleted\":0}"
ok "ending with exactly the documents of an uninterrupted run" "$(fingerprint k.db)" "$want"
ok "and a run after that changes nothing" \
  "$("$WARTA_INDEX" --json --db k.db data | jq -c '{added, updated, deleted}')" '{"added":0,"updated":0,"deleted":0}'

# queries while the index is written
rm -f q.db*
"$WARTA_INDEX" -q --batch 20 --db q.db data > /dev/null 2>&1 &
pid=$!
until [ -s q.db ] && "$WARTA_INDEX" --db q.db --status > /dev/null 2>&1; do sleep 0.05; done
queries=0 bad=0
while kill -0 "$pid" 2>/dev/null; do
  "$WARTA_QUERY" --db q.db -n 3 Putin undangan > /dev/null 2> qerr.txt
  status=$?
  queries=$((queries + 1))
  # 1 is "no hit": early on the index may hold nothing yet
  if [ "$status" -gt 1 ]; then bad=$((bad + 1)); sed 's/^/# /' qerr.txt; fi
done
wait "$pid"
ok "the writer succeeds" "$?" "0"
ok "queries ran while it wrote" "$([ "$queries" -ge 3 ] && echo yes)" "yes"
ok "none of them failed" "$bad" "0"

# --rebuild swaps in a complete index while readers read
"$WARTA_INDEX" -q --rebuild --batch 50 --db k.db data &
pid=$!
bad=0
while kill -0 "$pid" 2>/dev/null; do
  c=$(sqlite3 k.db "SELECT count(*) FROM documents" 2>&1)
  [ "$c" = "$total" ] || { bad=$((bad + 1)); echo "# saw $c"; }
done
wait "$pid"
ok "--rebuild succeeds" "$?" "0"
ok "readers never see a half-built index" "$bad" "0"
ok "the rebuilt index holds the same documents" "$(fingerprint k.db)" "$want"

done_testing
