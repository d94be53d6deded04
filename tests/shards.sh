#!/usr/bin/env bash
# Period shards (warta-index --shard-by): one Xapian database per year or
# month under the index directory, searched together through the stub.
# The same answers as one database; articles move when their date changes;
# kills, --rebuild and --compact keep the index whole. TAP output.
#
# Environment (set by meson): WARTA_INDEX, WARTA_QUERY, WARTA_SRC.
set -u
T=$(mktemp -d "${TMPDIR:-/tmp}/warta-shards.XXXXXX")
trap 'kill -9 $(jobs -p) 2>/dev/null; rm -rf "$T"' EXIT
cd "$T" || exit 1
. "$WARTA_SRC/tests/lib.sh"
# The index's clock, fixed (common/clock.h): indexes built one after the
# other record the same added and changed times, so that their answers
# (which show them) can be compared whole.
export WARTA_NOW=1764547200
shard_count() { # SHARD TERM: documents holding TERM in one shard
  /usr/bin/python3 -c 'import sys, xapian; print(xapian.Database(sys.argv[1]).get_termfreq(sys.argv[2]))' \
    "$1" "$2"
}

cp -R "$WARTA_SRC/corpus" news
"$WARTA_INDEX" -q --db plain.db news
"$WARTA_INDEX" -q --db month.db --shard-by month news
ok "a corpus indexes into monthly shards" "$?" "0"
"$WARTA_INDEX" -q --db year.db --shard-by year news
ok "and into yearly shards" "$?" "0"
ok "the stub lists the undated shard, then each month" "$(cat month.db/XAPIANDB | tr '\n' ' ')" \
  "auto g1/shards/undated auto g1/shards/2023-09 auto g1/shards/2023-10 "
ok "the yearly index has one year" "$(cat year.db/XAPIANDB | tr '\n' ' ')" \
  "auto g1/shards/undated auto g1/shards/2023 "
ok "each shard has a stable name under live/" "$(readlink month.db/live/2023-09)" \
  "../g1/shards/2023-09"
ok "the sharded index is sound" "$(integrity month.db)" "ok"
ok "--status lists each shard with its articles" \
  "$("$WARTA_INDEX" --db month.db --status | grep -E '^ +2023-' | awk '{print $1, $2}' | tr '\n' ' ')" \
  "2023-09 $(shard_count month.db/live/2023-09 XA) 2023-10 $(shard_count month.db/live/2023-10 XA) "
ok "and --status --json its period and shards" \
  "$("$WARTA_INDEX" --db month.db --status --json | jq -c '[.shard_by, [.shards[] | .name, .documents, (.bytes > 0)]]')" \
  "[\"month\",[\"2023-09\",$(shard_count month.db/live/2023-09 XA),true,\"2023-10\",$(shard_count month.db/live/2023-10 XA),true]]"
ok "an index that is not sharded says so in JSON" \
  "$("$WARTA_INDEX" --db plain.db --status --json | jq -c '[.shard_by, .shards]')" "[null,[]]"
ok "and holds the same articles as one database" "$(fingerprint month.db)" "$(fingerprint plain.db)"

# The same answers: hits, scores, passages, highlights, counts, facets;
# without feedback, whose expand set Xapian 1.4 weighs shard by shard
# (docs/scale.md), so that with it only the counts are the same.
answers() {
  local db=$1
  shift
  for q in 'kerja sama militer' 'Putin undangan' 'gempa -Ambon' '"kerja sama"' 'presiden OR menteri' \
    'title:putin' 'source:warta' 'inflasi date:2023-10' 'presdien'; do
    "$WARTA_QUERY" --db "$db" --json --facets -n 5 --rank prf=0 "$@" -- $q 2>&1 | sed -E 's/"took_ms":[0-9.e-]+//'
  done
}
counted() {
  for q in 'kerja sama militer' 'Putin undangan' 'gempa -Ambon' 'presiden OR menteri'; do
    "$WARTA_QUERY" --db "$1" --json -n 5 -- $q | jq -c 'select(.type == "summary") | [.total, .all_words]'
  done
}
ok "the monthly shards answer as one database" "$(answers month.db | md5sum)" \
  "$(answers plain.db | md5sum)"
ok "with feedback, they count the same articles" "$(counted month.db)" "$(counted plain.db)"
ok "so do the yearly ones" "$(answers year.db | md5sum)" "$(answers plain.db | md5sum)"
ok "sorted by date too" "$(answers month.db --sort newest | md5sum)" \
  "$(answers plain.db --sort newest | md5sum)"
ok "and with a date filter" "$(answers month.db --since 2023-10-05 | md5sum)" \
  "$(answers plain.db --since 2023-10-05 | md5sum)"

# An article whose date changes moves to its new month's shard.
sed -i 's/"date":"2023-09-12"/"date":"2023-11-02"/' news/feeds/wire-2023-09.jsonl
rm news/id/2023-10-03-gempa-selatan-jawa-barat.txt
cp -R month.db before.db
"$WARTA_INDEX" -q --db month.db news
ok "an update that moves an article succeeds" "$?" "0"
ok "the new month's shard is listed" "$(tail -n 1 month.db/XAPIANDB)" "auto g1/shards/2023-11"
ok "the article is in it" "$(shard_count month.db/live/2023-11 XA)" "1"
ok "and no longer in its old month" "$(shard_count month.db/live/2023-09 XA)" \
  "$(($(shard_count before.db/live/2023-09 XA) - 1))"
ok "the deleted article left its shard" "$(shard_count month.db/live/2023-10 XA)" \
  "$(($(shard_count before.db/live/2023-10 XA) - 1))"
"$WARTA_INDEX" -q --db clean.db --shard-by month news
want=$(fingerprint clean.db)
ok "the index holds what a clean build holds" "$(fingerprint month.db)" "$want"
ok "and is sound" "$(integrity month.db)" "ok"

# Killed between the commits of an update that moves an article: the next
# run ends with what a clean build holds.
sed -i 's/"date":"2023-11-02"/"date":"2023-12-24"/' news/feeds/wire-2023-09.jsonl
"$WARTA_INDEX" -q --db clean2.db --shard-by month news
want2=$(fingerprint clean2.db)
for fault in state-commit:1 engine-commit:1; do
  rm -rf k.db
  cp -R month.db k.db
  ok "an update killed at $fault (status 137)" \
    "$( (WARTA_FAULT=$fault exec "$WARTA_INDEX" -q --db k.db news > /dev/null 2>&1); echo $?)" "137"
  "$WARTA_INDEX" -q --db k.db news
  ok "the next run succeeds ($fault)" "$?" "0"
  ok "ending with what a clean build holds ($fault)" "$(fingerprint k.db)" "$want2"
  ok "sound ($fault)" "$(integrity k.db)" "ok"
done

# The period is the index's: changing it takes a rebuild, which keeps it
# unless told otherwise.
"$WARTA_INDEX" -q --db month.db --shard-by year news 2> other.err
ok "another period on an existing index is refused (exit 5)" "$?" "5"
ok "saying how to change it" "$(cat other.err)" \
  "warta-index: month.db: the index is sharded by month; run warta-index --rebuild --shard-by year to change it"
"$WARTA_INDEX" -q --db month.db --rebuild news
ok "--rebuild keeps the months" "$(grep -c shards/2023-1 month.db/XAPIANDB)" "2"
"$WARTA_INDEX" -q --db month.db --rebuild --shard-by year news
ok "--rebuild --shard-by year makes years" "$(cat month.db/XAPIANDB | tr '\n' ' ')" \
  "auto g3/shards/undated auto g3/shards/2023 "
ok "the links follow" "$(ls month.db/live | tr '\n' ' ')" "2023 undated "
ok "with the same articles" "$(fingerprint month.db)" "$want2"

# Closed periods are compacted while a reader keeps asking.
rm -rf c.db
"$WARTA_INDEX" -q --db c.db --shard-by month news
mkfifo ask
"$WARTA_QUERY" --db c.db --queries - --count --json < ask > answers.txt 2> reader-err.txt &
reader=$!
exec 3> ask
printf 'before\tmiliter\n' >&3
"$WARTA_INDEX" --db c.db --compact > compact.out &
pid=$!
asked=0
while kill -0 "$pid" 2> /dev/null; do
  printf 'q%d\tmiliter\n' "$asked" >&3
  asked=$((asked + 1))
  sleep 0.01
done
wait "$pid"
ok "--compact succeeds" "$?" "0"
printf 'after\tmiliter\n' >&3
exec 3>&-
wait "$reader"
ok "the reader never failed" "$? $(cat reader-err.txt)" "0 "
ok "and always counted the same" "$(jq -r .total answers.txt | sort -u | wc -l)" "1"
ok "the closed months were compacted" "$(tail -n 1 compact.out | cut -d: -f1)" \
  "3 compacted, 0 already compact"
ok "the stub lists the compacted databases" "$(grep -c '\.c1$' c.db/XAPIANDB)" "3"
ok "the old ones are gone" "$(ls c.db/g1/shards | tr '\n' ' ')" \
  "2023-09.c1 2023-10.c1 2023-12.c1 undated "
ok "the compacted index answers as before" "$(answers c.db | md5sum)" "$(answers clean2.db | md5sum)"
ok "and is sound" "$(integrity c.db)" "ok"
ok "compacting again finds nothing to do" \
  "$("$WARTA_INDEX" --db c.db --compact | tail -n 1 | cut -d: -f1)" "0 compacted, 3 already compact"
sed -i 's/"date":"2023-12-24"/"date":"2023-09-12"/' news/feeds/wire-2023-09.jsonl
"$WARTA_INDEX" -q --db c.db news
ok "a compacted shard takes updates" "$?" "0"
"$WARTA_INDEX" -q --db clean3.db --shard-by month news
ok "holding what a clean build holds" "$(fingerprint c.db)" "$(fingerprint clean3.db)"
ok "sound" "$(integrity c.db)" "ok"

done_testing
