#!/usr/bin/env bash
# When each article entered the index and when its record last changed
# (value slots 7 and 8, docs/index-format.md), over the runs of a nightly
# job: a new article is added and changed now; one indexed again unchanged
# (a touched file, a record whose line moved, a renamed file) keeps both
# times; a changed one keeps its added time and gets a new changed time;
# a rebuild keeps every time; a run killed between its commits is
# completed with the times it recorded. The clock is fixed by WARTA_NOW.
# TAP output.
#
# Environment (set by meson): WARTA_INDEX, WARTA_QUERY, WARTA_SRC.
set -u
T=$(mktemp -d "${TMPDIR:-/tmp}/warta-added.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
. "$WARTA_SRC/tests/lib.sh"
export LC_ALL=C.UTF-8 TZ=UTC
D1=1764547200 D2=1764633600 D3=1764720000 D4=1764806400 D5=1764892800
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }

# times DB: every article, "KEY-OR-PATH ADDED CHANGED", sorted
times() {
  "$WARTA_QUERY" --db "$1" --json -n 1000 --added-since 1970-01-01T00:00:00Z |
    jq -r 'select(.type == "hit") | "\(.key // .path) \(.added) \(.changed)"' | sort
  status_line
}
index() { # WHEN DB [OPTIONS...]
  local when=$1 db=$2
  shift 2
  WARTA_NOW=$when "$WARTA_INDEX" -q --db "$db" --default-source none "$@" data
}

mkdir data
cp -R "$WARTA_SRC/corpus/id" "$WARTA_SRC/corpus/feeds" data/
index $D1 db
ok "the first run: every article added and changed then" \
  "$(times db | awk '{ print $2, $3 }' | sort -u)" "$(iso $D1) $(iso $D1)"
N=$(times db | wc -l)

# the second day
touch data/id/2023-09-13-putin-undang-kim.txt
{ printf '%s\n' '{"id":"new-001","title":"Berita Baru","date":"2023-10-30","content":"Isi berita baru tentang banjir."}'; cat data/feeds/wire-2023-09.jsonl; } > x && mv x data/feeds/wire-2023-09.jsonl
sed -i 's/di Pontianak/di Kota Pontianak/' data/feeds/wire-2023-09.jsonl
mv data/id/2023-09-24-bulu-tangkis-junior-kudus.txt data/id/bulu-tangkis.txt
printf '\nParagraf tambahan.\n' >> data/id/2023-10-03-gempa-selatan-jawa-barat.txt
before=$(times db)
index $D2 db
after=$(times db)
ok "the second run: one article more" "$(echo "$after" | wc -l)" "$((N + 1))"
ok "a new record: added and changed then" "$(echo "$after" | grep '^new-001 ')" \
  "new-001 $(iso $D2) $(iso $D2)"
ok "a changed record keeps its added time, and its changed time is new" \
  "$(echo "$after" | grep '^wire-2023-09-002 ')" "wire-2023-09-002 $(iso $D1) $(iso $D2)"
ok "a changed file too" "$(echo "$after" | grep '2023-10-03-gempa' | cut -d' ' -f2-)" \
  "$(iso $D1) $(iso $D2)"
ok "a renamed file keeps both times" "$(echo "$after" | grep 'bulu-tangkis.txt' | cut -d' ' -f2-)" \
  "$(iso $D1) $(iso $D1)"
ok "records whose lines moved, and a touched file, keep both: all the others are unchanged" \
  "$(echo "$after" | grep -v -e '^new-001 ' -e '^wire-2023-09-002 ' -e 2023-10-03-gempa -e bulu-tangkis | awk '{ print $2, $3 }' | sort | uniq -c | awk '{ print $1, $2, $3 }')" \
  "$((N - 3)) $(iso $D1) $(iso $D1)"
ok "--added-since the second day: the new record alone" \
  "$("$WARTA_QUERY" --db db --json --added-since "$(iso $D2)" | jq -r 'select(.type == "hit") | .key')" "new-001"

# a rebuild keeps every time
index $D3 db --rebuild
ok "a rebuild keeps when every article was added and changed" "$(times db)" "$after"
index $D3 sdb --shard-by year
index $D4 sdb --rebuild
ok "a rebuild of an index sharded by year too" "$(times sdb | awk '{ print $2, $3 }' | sort -u)" \
  "$(iso $D3) $(iso $D3)"

# an index written before the times: its state has no columns for them
# (its engine no values: the state is what a rebuild reads)
cp -R db o.db
sqlite3 o.db/g*/state.sqlite "ALTER TABLE articles DROP COLUMN added; ALTER TABLE articles DROP COLUMN changed"
printf 'Judul Lain\n\nArtikel baru sesudah pembaruan.\n' > data/id/2023-11-02-lain.txt
index $D4 o.db --rebuild
ok "a rebuild of an index written before the times keeps its articles without any: nothing old is new" \
  "$(times o.db)" "data/id/2023-11-02-lain.txt $(iso $D4) $(iso $D4)"
ok "they sort last by added time" \
  "$("$WARTA_QUERY" --db o.db --json --sort added -n 1000 --lang id | jq -r 'select(.type == "hit") | .added' | uniq -c | awk '{ print $1, $2 }' | tr '\n' '|')" \
  "1 $(iso $D4)|$(($("$WARTA_QUERY" --db o.db --count --lang id) - 1)) null|"
ok "an incremental run on such a state gives it the columns, and the new article its times" \
  "$(rm -rf o.db; cp -R db o.db; sqlite3 o.db/g*/state.sqlite "ALTER TABLE articles DROP COLUMN added; ALTER TABLE articles DROP COLUMN changed"; index $D4 o.db; times o.db | grep lain.txt)" \
  "data/id/2023-11-02-lain.txt $(iso $D4) $(iso $D4)"
rm -rf o.db data/id/2023-11-02-lain.txt

# a run killed between its commits, then completed
sed -i 's/Kota Pontianak/kota Pontianak/' data/feeds/wire-2023-09.jsonl
for fault in state-commit:1 engine-commit:1; do
  cp -R db k.db
  ok "a run killed at $fault" \
    "$( (WARTA_FAULT=$fault WARTA_NOW=$D4 exec "$WARTA_INDEX" -q --db k.db --default-source none data > /dev/null 2>&1); echo $?)" "137"
  index $D5 k.db
  ok "is completed by the next with the times it recorded ($fault)" \
    "$(times k.db | grep '^wire-2023-09-002 ')" "wire-2023-09-002 $(iso $D1) $(iso $D4)"
  ok "and the others keep theirs ($fault)" "$(times k.db | grep -v '^wire-2023-09-002 ')" \
    "$(echo "$after" | grep -v '^wire-2023-09-002 ')"
  ok "the index is sound ($fault)" "$(integrity k.db)" "ok"
  rm -rf k.db
done

done_testing
