#!/usr/bin/env bash
# Exports and the timeline, in warta-query and warta-serve: --csv and
# format=csv read back by Python's csv module (every row as wide as the
# header, every value the JSON's) and loaded by sqlite3's .import; the
# export paged through past one page of the API; --tsv one line per hit;
# --histogram and histogram= counting, bucket by bucket, what --count
# counts with the bucket's dates, for days, weeks and months. TAP output.
#
# Environment (set by meson): WARTA_INDEX, WARTA_QUERY, WARTA_SERVE, WARTA_SRC.
set -u
. "$WARTA_SRC/tests/lib.sh"
. "$WARTA_SRC/tests/serve-lib.sh"
scratch_dir export
export LC_ALL=C.UTF-8
py() { /usr/bin/python3 "$@"; }

# the corpus, records whose fields a spreadsheet would misread, dates
# across a year's end (2023-01-01 is a Sunday: the week of 2022-12-26), a
# leap day, a date the calendar does not hold, and undated records; and
# 150 short records dated over 2024 so that an export needs two pages
cp -R "$WARTA_SRC/corpus" corpus
cat > corpus/feeds/sheet.jsonl <<'JSONL'
{"id": "sheet-1", "title": "=HYPERLINK(\"http://x\",\"klik\") , banjir", "date": "2022-12-31", "source": "+Warta, \"Kutip\"", "url": "https://example.com/a?b=1,2", "content": "Banjir melanda Demak.\nWarga mengungsi; \"air naik\" cepat,\tkata petugas."}
{"id": "sheet-2", "title": "-5 derajat: banjir es", "date": "2023-01-01", "source": "@outlet", "content": "Banjir es di pegunungan.\r\nSuhu -5 derajat."}
{"id": "sheet-3", "title": "  Banjir\tdi\n  Kudus  ", "date": "2024-02-29", "source": "Warta", "content": "Banjir kiriman menggenangi Kudus pada hari kabisat."}
{"id": "sheet-4", "title": "Banjir tanpa tanggal", "source": "Warta", "content": "Banjir yang tidak bertanggal."}
{"id": "sheet-5", "title": "Banjir di tanggal aneh", "date": "2023-02-30", "source": "Warta", "content": "Banjir pada tanggal yang tidak ada."}
{"id": "sheet-6", "title": "Arsip lama", "date": "2020-06-15", "source": "Warta", "content": "Catatan dari arsip lama."}
JSONL
for i in $(seq 1 150); do
  printf '{"id": "many-%d", "title": "Laporan pasar nomor %d", "date": "2024-%02d-%02d", "source": "Warta", "content": "Laporan pasar harian nomor %d tentang harga cabai."}\n' \
    "$i" "$i" $(( (i % 12) + 1 )) $(( (i % 28) + 1 )) "$i"
done > corpus/feeds/many.jsonl
"$WARTA_INDEX" -q --db db corpus || { echo "Bail out! cannot index corpus/"; exit 1; }

# --- warta-query --csv
"$WARTA_QUERY" --db db --csv -n 50 banjir > banjir.csv
"$WARTA_QUERY" --db db --json -n 50 banjir > banjir.jsonl
ok "--csv: the header row" "$(head -n 1 banjir.csv | tr -d '\r')" \
  "rank,score,date,outlet,title,url,key,path,passage"
ok "--csv: UTF-8 without a byte order mark, lines ended by CRLF" \
  "$(py - banjir.csv <<'PY'
import sys
b = open(sys.argv[1], 'rb').read()
b.decode('utf-8')
print(b[:3] != b'\xef\xbb\xbf', b.endswith(b'\r\n'), b.split(b'\n')[0].endswith(b'\r'))
PY
)" "True True True"

# read back: every row as wide as the header, every value the JSON's (a
# text cell that starts with = + - @ tab or CR carries one apostrophe more)
cat > readback.py <<'PY'
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
hits = [h for h in map(json.loads, open(sys.argv[2], encoding='utf-8')) if h.get('type', 'hit') == 'hit']
if len(sys.argv) > 3:  # the API's answer: one object, hits inside
    hits = json.load(open(sys.argv[2], encoding='utf-8'))['hits']
head, body = rows[0], rows[1:]
cols = {'outlet': 'source'}
bad = [i for i, r in enumerate(body) if len(r) != len(head)]
diff = []
for r, h in zip(body, hits):
    for name, cell in zip(head, r):
        want = h[cols.get(name, name)]
        if name in ('rank', 'score'):
            same = float(cell) == float(want)
        else:
            want = '' if want is None else want
            if want[:1] in ('=', '+', '-', '@', '\t', '\r'):
                want = "'" + want
            same = cell == want
        if not same:
            diff.append((name, cell, want))
print(len(body), len(hits), len(bad), diff[:3])
PY
hits=$(jq -s '[.[] | select(.type == "hit")] | length' banjir.jsonl)
ok "--csv read back by Python: every row as wide as the header, values the JSON's" \
  "$(py readback.py banjir.csv banjir.jsonl)" "$hits $hits 0 []"
ok "--csv: formulas are text" \
  "$(py -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1],newline=""))); print("|".join(sorted(c for row in r for c in row[3:5] if c[:1]=="'"'"'")))' banjir.csv)" \
  "'+Warta, \"Kutip\"|'-5 derajat: banjir es|'=HYPERLINK(\"http://x\",\"klik\") , banjir|'@outlet"
ok "--csv loads into sqlite3 (.import --csv): one row per hit" \
  "$(sqlite3 :memory: '.import --csv banjir.csv hits' 'SELECT count(*), count(DISTINCT rank), sum(key = "sheet-1" AND passage LIKE "%mengungsi;%")  FROM hits')" \
  "$hits|$hits|1"
"$WARTA_QUERY" --db db --csv -n 1 tidak-ada-kata-ini > none.csv
ok "--csv of no hits: the header alone, exit 1" "$?:$(tr -d '\r' < none.csv)" \
  "1:rank,score,date,outlet,title,url,key,path,passage"
printf 'a\tbanjir\nb\tpasar cabai\n' > queries
"$WARTA_QUERY" --db db --csv -n 2 --queries queries > batch.csv
ok "--csv --queries: one header, a query_id column" \
  "$(py -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1],newline=""))); print(r[0][0], len(r), sorted({x[0] for x in r[1:]}))' batch.csv)" \
  "query_id 5 ['a', 'b']"
for opt in --count --facets --histogram --explain --json --tsv; do
  "$WARTA_QUERY" --db db --csv $opt banjir > /dev/null 2> err
  ok "--csv with $opt is a usage error naming it" "$?:$(grep -c -- "${opt}" err)" "2:1"
done

# --- warta-query --tsv
"$WARTA_QUERY" --db db --tsv -n 50 banjir > banjir.tsv
ok "--tsv: outlet and url after the others" "$(head -n 1 banjir.tsv)" \
  "$(printf 'rank\tscore\tpath\tkey\tdate\tlang\ttitle\tpassage\toutlet\turl')"
ok "--tsv: every line has 10 fields (tabs and line breaks of the data are spaces)" \
  "$(awk -F'\t' 'NF != 10' banjir.tsv | wc -l):$(wc -l < banjir.tsv)" "0:$((hits + 1))"
ok "--tsv: a title trimmed, its white space one space" \
  "$(awk -F'\t' '$4 == "sheet-3" { print "[" $7 "]" }' banjir.tsv)" "[Banjir di Kudus]"
ok "--tsv: outlet and url" "$(awk -F'\t' '$4 == "sheet-1" { print $9 "|" $10 }' banjir.tsv)" \
  '+Warta, "Kutip"|https://example.com/a?b=1,2'

# --- warta-query --histogram: each bucket is what --count counts in its dates
# check_buckets LABEL SUMMARY-JSON QUERY...: every bucket's count against
# --count --since --until, and the buckets and the undated add up to total
check_buckets() {
  local label=$1 summary=$2 wrong=0 k=0
  shift 2
  while read -r since until count; do
    k=$((k + 1))
    got=$("$WARTA_QUERY" --db db --count --since "$since" --until "$until" "$@")
    [ "$got" = "$count" ] || { wrong=$((wrong + 1)); echo "# $since..$until: $got, histogram $count"; }
  done < <(jq -r '.histogram.buckets[] | "\(.since) \(.until) \(.count)"' <<< "$summary")
  ok "$label: $k buckets, each the --count of its dates" "$wrong:$((k > 0))" "0:1"
  ok "$label: the buckets and the undated add up to the total" \
    "$(jq '[.histogram.buckets[].count] | add + 0' <<< "$summary")" \
    "$(jq '.total - .histogram.undated' <<< "$summary")"
}
for unit in day week month; do
  s=$("$WARTA_QUERY" --db db --json --count --histogram=$unit banjir)
  check_buckets "--histogram=$unit banjir" "$s" banjir
done
s=$("$WARTA_QUERY" --db db --json --count --histogram=week --lang id)
check_buckets "--histogram=week of a filter alone" "$s" --lang id
s=$("$WARTA_QUERY" --db db --json --count --histogram=month pasar cabai)
check_buckets "--histogram=month over a year" "$s" pasar cabai
ok "the undated and the date the calendar does not hold are counted apart" \
  "$("$WARTA_QUERY" --db db --json --count --histogram banjir | jq .histogram.undated)" "2"
ok "a week runs from Monday: 2022-12-31 and 2023-01-01 are in the week of 2022-12-26" \
  "$("$WARTA_QUERY" --db db --json --count --histogram=week banjir | jq -c '[.histogram.buckets[] | select(.since == "2022-12-26") | .count, .until]')" \
  '[2,"2023-01-01"]'
ok "a leap day is a day" \
  "$("$WARTA_QUERY" --db db --json --count --histogram=day banjir | jq -c '[.histogram.buckets[] | select(.bucket == "2024-02-29") | .count]')" "[1]"
ok "--histogram (auto) picks weeks over 14 months" \
  "$("$WARTA_QUERY" --db db --json --count --histogram banjir | jq -r .histogram.unit)" "week"
ok "months over more than two years" \
  "$("$WARTA_QUERY" --db db --json --count --histogram --source Warta | jq -r .histogram.unit)" "month"
ok "and days over a few weeks" \
  "$("$WARTA_QUERY" --db db --json --count --histogram putin | jq -r .histogram.unit)" "day"
"$WARTA_QUERY" --db db --histogram=week -n 1 banjir > text
ok "as text: a line per week from the first to the last, empty ones too, then the undated" \
  "$(grep -m 1 '^20' text | awk '{ print $1, $2, ($3 ~ /^#+$/) }'):$(grep -c '^20[0-9-]* ' text):$(grep '^undated' text | awk '{ print $2 }')" \
  "2022-12-26 2 1:$(( ($(date -d 2024-02-26 +%s) - $(date -d 2022-12-26 +%s)) / 604800 + 1 )):2"
"$WARTA_QUERY" --db db --histogram=year banjir > /dev/null 2> err
ok "--histogram=year is a usage error" "$?:$(grep -c "bad --histogram 'year'" err)" "2:1"

# --- warta-serve: format=csv and histogram=
start_server export db || { echo "Bail out! warta-serve did not start"; exit 1; }
ok "format=csv is 200" "$(get '/api/search?q=banjir&n=50&format=csv')" "200"
cp "$T/body" api.csv
ok "as text/csv in UTF-8" "$(header Content-Type)" "text/csv; charset=utf-8"
ok "a file name from the query" "$(header Content-Disposition)" 'attachment; filename="warta-banjir.csv"'
get '/api/search?q=banjir&n=50' > /dev/null
ok "read back by Python: the values of the JSON answer" \
  "$(py readback.py api.csv "$T/body" api)" "$hits $hits 0 []"
ok "the same rows as warta-query --csv but for the stored paths" \
  "$(sed "s|\"$T/corpus/|\"corpus/|" api.csv | cmp - banjir.csv && echo same)" "same"
get '/api/search?q=%22%3B+rm+-rf+%2F%C2%A0%E2%80%94+Pr%C3%A9sident+%2A&format=csv' > /dev/null
ok "the file name of a hostile query: ASCII letters, digits and '-'" \
  "$(header Content-Disposition)" 'attachment; filename="warta-rm-rf-pr-sident.csv"'
get '/api/search?format=csv&source=Warta' > /dev/null
ok "no q: warta-export.csv" "$(header Content-Disposition)" 'attachment; filename="warta-export.csv"'

total=$("$WARTA_QUERY" --db db --count pasar cabai)
ok "format=csv pages through: all $total hits, past the API's 100 a page" \
  "$(get '/api/search?q=pasar+cabai&format=csv' && sqlite3 :memory: ".import --csv $T/body h" 'SELECT count(*), min(0 + rank), max(0 + rank), count(DISTINCT key || path) FROM h')" \
  "200$total|1|$total|$total"
get '/api/search?q=pasar+cabai&n=100' > /dev/null && jq -c '[.hits[] | .key]' "$T/body" > p1
get '/api/search?q=pasar+cabai&n=30&offset=100' > /dev/null && jq -c '[.hits[] | .key]' "$T/body" > p2
get '/api/search?q=pasar+cabai&n=130&format=csv' > /dev/null
ok "n=130: the hits of the JSON pages 1-100 and 101-130, in order" \
  "$(py -c 'import csv,sys,json; r=list(csv.DictReader(open(sys.argv[1],newline=""))); print(json.dumps([x["key"] for x in r],separators=(",",":")))' "$T/body")" \
  "$(jq -sc 'add' p1 p2)"
ok "format=csv&count=1 is a 400 naming count" "$(get '/api/search?q=banjir&format=csv&count=1'):$(jq -r .error.message "$T/body" | grep -c "'count'")" "400:1"
ok "format=xml is a 400 naming format" "$(get '/api/search?q=banjir&format=xml'):$(jq -r .error.message "$T/body" | grep -c "'format'")" "400:1"
ok "n=1001 with format=csv is a 400" "$(get '/api/search?q=banjir&format=csv&n=1001')" "400"
ok "n=1000 with format=csv is served" "$(get '/api/search?q=banjir&format=csv&n=1000')" "200"
ok "n=101 without format=csv is still a 400" "$(get '/api/search?q=banjir&n=101')" "400"

for unit in day week month; do
  get "/api/search?q=banjir&count=1&histogram=$unit" > /dev/null
  s=$(cat "$T/body")
  ok "histogram=$unit is the CLI's" "$(jq -c .histogram <<< "$s")" \
    "$("$WARTA_QUERY" --db db --json --count --histogram=$unit banjir | jq -c .histogram)"
  wrong=0 k=0
  while read -r since until count; do
    k=$((k + 1))
    get "/api/search?q=banjir&count=1&since=$since&until=$until" > /dev/null
    [ "$(jq .total "$T/body")" = "$count" ] || wrong=$((wrong + 1))
  done < <(jq -r '.histogram.buckets[] | "\(.since) \(.until) \(.count)"' <<< "$s")
  ok "histogram=$unit: $k buckets, each the API's count of its dates" "$wrong:$((k > 0))" "0:1"
done
ok "histogram=year is a 400 naming histogram" \
  "$(get '/api/search?q=banjir&histogram=year'):$(jq -r .error.message "$T/body" | grep -c "'histogram'")" "400:1"
ok "no histogram unless asked" "$(get '/api/search?q=banjir' > /dev/null; jq 'has("histogram")' "$T/body")" "false"

# --- the page: the timeline and the export link
get '/?q=banjir' > /dev/null
ok "the page's timeline: one link per bucket holding articles" \
  "$(grep -c '^<a href="/?q=banjir&amp;since=' "$T/body")" \
  "$("$WARTA_QUERY" --db db --json --count --histogram banjir | jq '.histogram.buckets | length')"
ok "each bar named by its dates and count" \
  "$(grep -cE '^<a href[^>]* aria-label="20[0-9-]{8} – 20[0-9-]{8}: [0-9]+ artikel"><title>' "$T/body")" \
  "$(grep -c '^<a href="/?q=banjir&amp;since=' "$T/body")"
ok "the undated said in words" "$(grep -c '<p class="undated">2 artikel tanpa tanggal' "$T/body")" "1"
ok "the export link carries the search" \
  "$(get '/?q=banjir&source=Warta&sort=newest&offset=10' > /dev/null; grep -o 'class="export" download href="[^"]*"' "$T/body")" \
  'class="export" download href="/api/search?format=csv&amp;q=banjir&amp;source=Warta&amp;sort=newest"'
stop_server
ok "the server stops cleanly" "$?" "0"

done_testing
