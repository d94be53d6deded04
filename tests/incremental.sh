#!/usr/bin/env bash
# Incremental runs of warta-index: unchanged, touched, modified, deleted,
# renamed files; appended, changed and removed JSON Lines records; dry runs;
# the lock; an analysis change. TAP output.
#
# Environment (set by meson): WARTA_INDEX, WARTA_QUERY, WARTA_SRC.
set -u
T=$(mktemp -d "${TMPDIR:-/tmp}/warta-incr.XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$T"' EXIT
cd "$T" || exit 1
cp -R "$WARTA_SRC/corpus" corpus
DB=$T/i.db
export NO_COLOR=1
. "$WARTA_SRC/tests/lib.sh"

# The document counts of a run, without the volatile figures.
run() {
  "$WARTA_INDEX" --json --db "$DB" "$@" corpus | jq -c '{added, updated, unchanged, deleted, failed, renamed}'
  status_line
}
counts() { # added updated unchanged deleted failed renamed
  printf '{"added":%s,"updated":%s,"unchanged":%s,"deleted":%s,"failed":%s,"renamed":%s}' "$@"
}
docs() { "$WARTA_INDEX" --db "$DB" --status --json | jq .documents; status_line; }
hits() { "$WARTA_QUERY" --db "$DB" --tsv --per-doc 0 -n 100 "$@" 2>/dev/null | tail -n +2 | cut -f3 | sort -u | tr '\n' ' '; }

# articles: one per text, Markdown or HTML file, one per JSON line
N=$(( $(find corpus -name '*.txt' -o -name '*.md' -o -name '*.html' | wc -l) +
      $(cat corpus/feeds/*.jsonl | grep -c .) + $(zcat corpus/feeds/*.jsonl.gz | grep -c .) ))
ok "first run adds every article" "$(run)" "$(counts $N 0 0 0 0 0)"
ok "second run changes nothing" "$(run)" "$(counts 0 0 $N 0 0 0)"
first_read=$("$WARTA_INDEX" --json --db "$DB" corpus | jq .files_read)
ok "second run reads no file" "$first_read" "0"

touch -d '2030-01-01' corpus/id/2023-09-24-bulu-tangkis-junior-kudus.txt
ok "a touched file is read but nothing is re-indexed" "$(run)" "$(counts 0 0 $N 0 0 0)"

f=corpus/id/2023-10-12-timnas-tundukkan-brunei.txt
printf '\nTambahan: pelatih memuji penampilan kiper cadangan Zulkarnaen.\n' >> "$f"
ok "a modified file is re-indexed alone" "$(run)" "$(counts 0 1 $((N - 1)) 0 0 0)"
ok "its new text is found" "$(hits Zulkarnaen)" "corpus/id/2023-10-12-timnas-tundukkan-brunei.txt "

rm corpus/id/2023-10-03-gempa-selatan-jawa-barat.txt
ok "a deleted file loses its document" "$(run)" "$(counts 0 0 $((N - 1)) 1 0 0)"
ok "nothing of it is found" "$(hits gempa Garut)" ""

mv corpus/id/2023-10-02-inflasi-september-harga-beras.txt corpus/id/inflasi-renamed.txt
out=$("$WARTA_INDEX" --json --db "$DB" corpus)
ok "a renamed file is recognized, not analysed again" \
  "$(echo "$out" | jq -c '{added, updated, unchanged, deleted, renamed}')" \
  "{\"added\":0,\"updated\":0,\"unchanged\":$((N - 1)),\"deleted\":0,\"renamed\":1}"
ok "it is found under its new name" "$(hits inflasi beras --lang id | grep -o 'inflasi-renamed.txt' | sort -u)" "inflasi-renamed.txt"

feed=corpus/feeds/wire-2023-09.jsonl
echo '{"id":"wire-2023-09-007","title":"Harga Cabai Naik","date":"2023-09-30","content":"Harga cabai rawit di Pasar Kramat Jati naik menjadi Rp80.000 per kilogram."}' >> "$feed"
ok "an appended record alone is indexed" "$(run)" "$(counts 1 0 $((N - 1)) 0 0 0)"
sed -i 's/Harga Cabai Naik/Harga Cabai Rawit Naik Lagi/' "$feed"
ok "a changed record alone is re-indexed" "$(run)" "$(counts 0 1 $((N - 1)) 0 0 0)"
mkdir lines && cp "$feed" lines/
sed -i '/wire-2023-09-003/d' "$feed"
ok "a removed record is deleted; the four below it move up a line" "$(run)" "$(counts 0 4 $((N - 5)) 1 0 0)"
ok "their line numbers are true" \
  "$("$WARTA_QUERY" --db "$DB" --json --per-doc 1 -n 100 Kominfo | jq -r 'select(.key == "wire-2023-09-004") | .line')" "3"
# lines above records come and go: the index stays a clean build's
"$WARTA_INDEX" -q --db lines.db lines
sed -i '1,2d' lines/wire-2023-09.jsonl
printf '{"id":"x-1","title":"Sisipan","content":"Baris baru di atas."}\n' | cat - lines/wire-2023-09.jsonl > lines/new
mv lines/new lines/wire-2023-09.jsonl
"$WARTA_INDEX" -q --db lines.db lines
"$WARTA_INDEX" -q --db lines-clean.db lines
ok "after lines above records change, the index equals a clean build" \
  "$(fingerprint lines.db)" "$(fingerprint lines-clean.db)"
ok "the index agrees with its content" "$(integrity "$DB")" "ok"

before=$(docs)
printf 'Berita Baru\n\nIsi berita baru tentang nelayan Tegal.\n' > corpus/id/baru.txt
rm corpus/en/2023-10-20-indonesia-u17-world-cup-preparations.txt
ok "a dry run says what would change" "$(run --dry-run)" "$(counts 1 0 $((N - 2)) 1 0 0)"
ok "and changes nothing" "$(docs)" "$before"
ok "the real run does what the dry run said" "$(run)" "$(counts 1 0 $((N - 2)) 1 0 0)"

# a record that cannot be read keeps its old document and is tried again
echo '{"id":"broken", "title": }' >> "$feed"
out=$(run 2>/dev/null)
ok "a bad record fails, the rest stays (status 1)" "$out" "$(counts 0 0 $((N - 1)) 0 1 0)"$'\n'"exit 1"
ok "the file is read again on the next run" "$("$WARTA_INDEX" --json --db "$DB" corpus 2>/dev/null | jq .files_read)" "1"
sed -i '/"broken"/d' "$feed"
run > /dev/null

# a missing root must not empty the index
out=$("$WARTA_INDEX" --json --db "$DB" "$T/no-such-dir" 2>/dev/null)
ok "a missing root is an error (status 2), with no summary" "$? $out" "2 "
ok "and deletes nothing" "$(docs)" "$((N - 1))"

# the lock
echo "warta-index pid 4242 on testhost since 2026-01-01T00:00:00" > "$DB/writer.lock"
flock "$DB/writer.lock" sleep 3 &
sleep 0.5
err=$("$WARTA_INDEX" --db "$DB" corpus 2>&1 >/dev/null)
status=$?
ok "a second writer exits at once with status 3" "$status" "3"
ok "naming the holder" "$err" "warta-index: ${DB#$T/}: index is locked by warta-index pid 4242 on testhost since 2026-01-01T00:00:00"
wait

# --status
ok "--status counts what the index holds" "$("$WARTA_INDEX" --db "$DB" --status --json | jq -c '{documents, en: .languages.en}')" \
  "{\"documents\":$((N - 1)),\"en\":3}"

# an analysis change: as an older warta-index would have written it
gen=$(sed -n 's|^auto \(g[0-9]*\)/.*|\1|p' "$DB/XAPIANDB")
sqlite3 "$DB/$gen/state.sqlite" "UPDATE meta SET value = 'warta-analysis-0' WHERE key = 'analysis_version'"
/usr/bin/python3 -c 'import sys, xapian; db = xapian.WritableDatabase(sys.argv[1], xapian.DB_OPEN); db.set_metadata("warta.analysis_version", "warta-analysis-0"); db.commit()' "$DB/$gen/xapian"
"$WARTA_INDEX" -q --db "$DB" corpus 2>/dev/null
ok "an index of another analysis is not updated in place (status 5)" "$?" "5"
"$WARTA_QUERY" --db "$DB" putin > /dev/null 2> err.txt
ok "warta-query warns about it" "$(grep -c 'another analysis' err.txt)" "1"
out=$("$WARTA_INDEX" --json --auto-rebuild --db "$DB" corpus 2>/dev/null | jq -c '{added, failed}')
ok "--auto-rebuild rebuilds it" "$out" "{\"added\":$((N - 1)),\"failed\":0}"
"$WARTA_INDEX" -q --db "$DB" corpus
ok "after which plain runs work again" "$?" "0"
ok "the rebuilt index agrees with its content" "$(integrity "$DB")" "ok"
ok "the old generation is gone" "$(ls "$DB" | grep -c '^g[0-9]')" "1"

# after all these changes, the index holds exactly what a clean build does
"$WARTA_INDEX" -q --db "$T/clean.db" corpus
ok "the updated index equals a clean build of the corpus" "$(fingerprint "$DB")" "$(fingerprint "$T/clean.db")"

# an index written by warta 1 (one SQLite file) is recognized
sqlite3 "$T/v1.db" "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT); INSERT INTO meta VALUES ('schema_version', '1')"
err=$("$WARTA_INDEX" -q --db "$T/v1.db" corpus 2>&1)
ok "warta-index refuses a warta 1 index with status 5" "$?" "5"
ok "and says what to run" "$(echo "$err" | grep -c 'warta-index --rebuild')" "1"
"$WARTA_QUERY" --db "$T/v1.db" putin > /dev/null 2>&1
ok "warta-query refuses it with status 5" "$?" "5"
"$WARTA_INDEX" -q --auto-rebuild --db "$T/v1.db" corpus
ok "--auto-rebuild turns it into a new index" "$?" "0"
ok "holding every article" "$(fingerprint "$T/v1.db")" "$(fingerprint "$T/clean.db")"
ok "and nothing of the old file is left" "$(ls "$T" | grep -c '^v1\.db.')" "0"

done_testing
