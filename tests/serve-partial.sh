#!/usr/bin/env bash
# warta-serve on a stub of remote shards (xapian-tcpsrv on 127.0.0.1) when
# shards do not answer: --partial and partial=1 answer from the others,
# name the missing ones (the page's banner, missing_shards in the JSON),
# /healthz says degraded, a shard that comes back is used again, and 503
# is kept for an index of which no shard answers. Every server runs on a
# free port of 127.0.0.1, under a time limit, and is stopped at the end.
# TAP output.
#
# Environment (set by meson): WARTA_INDEX, WARTA_QUERY, WARTA_SERVE, WARTA_SRC.
set -u
. "$WARTA_SRC/tests/lib.sh"
. "$WARTA_SRC/tests/serve-lib.sh"
. "$WARTA_SRC/tests/tcpsrv-lib.sh"
need_tcpsrv xapian-tcpsrv
scratch_dir serve-partial
trap 'stop_server; stop_pids; rm -rf "$T"' EXIT
export LC_ALL=C.UTF-8

cp -R "$WARTA_SRC/corpus" news
"$WARTA_INDEX" -q --db idx --shard-by month news || { echo "Bail out! cannot index corpus/"; exit 1; }
: > remote.stub
for s in undated 2023-09 2023-10; do
  serve_shard "$s" "$PWD/idx/live/$s" || { echo "Bail out! xapian-tcpsrv did not start"; exit 1; }
  echo "remote 127.0.0.1:${port[$s]}" >> remote.stub
done
gone="remote 127.0.0.1:${port[2023-10]}"
N=$("$WARTA_QUERY" --db remote.stub --count militer)

# jq over the last answer's body
body() { jq -c "$1" "$T/body"; }
# the months of the last answer's hits, each once
months() { jq -r '[.hits[].date[0:7]] | unique | join(" ")' "$T/body"; }
# wait (30 s at most) until /healthz says $1
health_becomes() {
  for _ in $(seq 1 300); do
    get /healthz > /dev/null
    [ "$(jq -r .status "$T/body" 2> /dev/null)" = "$1" ] && return 0
    sleep 0.1
  done
  return 1
}

# --- a shard down before the start: --partial starts and answers from the others
stop_shard 2023-10
start_server partial remote.stub --partial
ok "--partial starts with a shard down" "$?" "0"
ok "and logs which one is missing" \
  "$(grep -c "warning: shard $gone does not answer" "$T/partial.err")" "1"
ok "/healthz: 200, degraded, naming it" \
  "$(get /healthz) $(body '[.status, .missing_shards, .articles > 0]')" \
  "200 [\"degraded\",[\"$gone\"],true]"
ok "/api/search: 200 with missing_shards" \
  "$(get '/api/search?q=militer&n=20') $(body .missing_shards)" "200 [\"$gone\"]"
ok "hits from the shards that answer, none from the missing one" "$(months)" "2023-09"
ok "the same hits and total as warta-query --partial" \
  "$(body '[.total, [.hits[] | .key // .title]]')" \
  "$("$WARTA_QUERY" --db remote.stub --partial --json -n 20 militer 2> /dev/null |
     jq -sc '[.[-1].total, [.[] | select(.type == "hit") | .key // .title]]')"
ok "count=1 says it too" "$(get '/api/search?q=militer&count=1') $(body .missing_shards)" \
  "200 [\"$gone\"]"
ok "format=csv: 200, the rows of the shards that answer" \
  "$(get '/api/search?q=militer&format=csv') $(( $(/usr/bin/python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1],newline="")))))' "$T/body") - 1 ))" \
  "200 $("$WARTA_QUERY" --db remote.stub --partial --count militer 2> /dev/null)"
ok "the page: 200, the hits, a banner naming the missing shard in Indonesian" \
  "$(get '/?q=militer') $(grep -c 'class="hit"' "$T/body" | awk '{ print ($1 > 0) }') $(grep -o '<p class="missing"[^<]*' "$T/body")" \
  "200 1 <p class=\"missing\" role=\"status\">Sebagian indeks tidak menjawab: $gone. Hasil di bawah tanpa artikel dari bagian itu."
ok "and in English" "$(get '/?q=militer&hl=en') $(grep -o '<p class="missing"[^<]*' "$T/body")" \
  "200 <p class=\"missing\" role=\"status\">Part of the index does not answer: $gone. The results below leave its articles out."
ok "partial=0 asks for every shard: 503 naming the missing one" \
  "$(get '/api/search?q=militer&partial=0') $(body '[.error, .missing_shards]')" \
  "503 [{\"status\":503,\"message\":\"shards do not answer: $gone; partial=1 answers from the others\"},[\"$gone\"]]"
ok "a bad partial is a 400 naming it" "$(get '/api/search?q=militer&partial=2') $(body .error.message)" \
  "400 \"bad parameter 'partial': not 1 or 0\""
key=wire-2023-10-001 # an article of the 2023-10 shard
ok "an article of the missing shard: 503 naming it, not 404" \
  "$(get "/api/article/$key") $(body .missing_shards)" "503 [\"$gone\"]"
ok "one of a shard that answers: 200" "$(get /api/article/wire-2023-09-002) $(body .key)" \
  "200 \"wire-2023-09-002\""

# --- the shard comes back: used again, without a restart
serve_shard 2023-10 "$PWD/idx/live/2023-10" "${port[2023-10]}"
health_becomes ok
ok "/healthz is ok again once the shard answers" "$(body '[.status, .missing_shards]')" '["ok",null]'
ok "and its hits are back" "$(get '/api/search?q=militer&n=20') $(body '[.total, .missing_shards]') $(months)" \
  "200 [$N,null] 2023-09 2023-10"

# --- a shard lost after the start: degraded, not 503
stop_shard 2023-10
ok "a shard lost after the start: /api/search 200 from the others" \
  "$(get '/api/search?q=militer&n=20') $(body .missing_shards) $(months)" "200 [\"$gone\"] 2023-09"
ok "/healthz: 200, degraded" "$(get /healthz) $(body .status)" '200 "degraded"'

# --- no shard answers: 503
stop_shard undated
stop_shard 2023-09
ok "no shard answers: /healthz 503" "$(get /healthz) $(body .error.status)" "503 503"
ok "and the API 503" "$(get '/api/search?q=militer') $(body .error.status)" "503 503"
ok "and the page 503" "$(get '/?q=militer')" "503"
stop_server
ok "and it still stops cleanly" "$?" "0"

# --- a server without --partial: partial=1 is a request's choice
for s in undated 2023-09; do serve_shard "$s" "$PWD/idx/live/$s" "${port[$s]}"; done
start_server strict remote.stub
ok "without --partial it starts too, a shard down" "$?" "0"
ok "and logs that requests without partial=1 are refused meanwhile" \
  "$(grep -c "warning: shard $gone does not answer: searches without partial=1 get 503" "$T/strict.err")" "1"
ok "/healthz: 200, degraded" "$(get /healthz) $(body '[.status, .missing_shards]')" \
  "200 [\"degraded\",[\"$gone\"]]"
ok "a search without partial=1: 503 naming the missing shard" \
  "$(get '/api/search?q=militer') $(body .missing_shards)" "503 [\"$gone\"]"
ok "a CSV too, in JSON" "$(get '/api/search?q=militer&format=csv') $(body .missing_shards)" "503 [\"$gone\"]"
ok "with partial=1: 200 from the others" \
  "$(get '/api/search?q=militer&partial=1&n=20') $(body .missing_shards) $(months)" "200 [\"$gone\"] 2023-09"
get '/?q=militer&hl=en' > /dev/null
ok "the page: 503, the banner, a link that searches the rest" \
  "$(get '/?q=militer&hl=en') $(grep -c "Part of the index does not answer: $gone" "$T/body") $(grep -o '<a href="/?q=militer&amp;partial=1&amp;hl=en">[^<]*' "$T/body")" \
  '503 1 <a href="/?q=militer&amp;partial=1&amp;hl=en">Search the rest of the index'
get '/?q=militer&partial=1&hl=en' > /dev/null
ok "partial=1 on the page: hits, the banner, and its links and form keep it" \
  "$(grep -c 'class="hit"' "$T/body" | awk '{ print ($1 > 0) }') $(grep -c 'class="missing"' "$T/body") $(grep -c '<input type="hidden" name="partial" value="1">' "$T/body")" \
  "1 1 1"
stop_server

# --- shard names are escaped on the page
printf 'remote 127.0.0.1:%s\nremote [<b>x&"]:9\n' "${port[2023-09]}" > hostile.stub
start_server hostile hostile.stub --partial
ok "a stub naming a hostile host: the server starts" "$?" "0"
get '/?q=militer' > /dev/null
ok "its name is escaped in the banner" \
  "$(grep -c '<b>x' "$T/body") $(grep -c 'remote \[&lt;b&gt;x&amp;&quot;\]:9' "$T/body")" "0 1"
stop_server

ok "--help says what --partial does" "$("$WARTA_SERVE" --help | grep -c -- '--partial')" "1"

done_testing
