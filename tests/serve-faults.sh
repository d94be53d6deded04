#!/usr/bin/env bash
# warta-serve against hostile HTTP clients on 127.0.0.1 (tests/serve_faults.py):
# a sender that trickles its request, connections over the limit, request
# smuggling through Content-Length, very many parameters, and the safety
# headers on error answers. TAP output.
#
# Environment (set by meson): WARTA_INDEX, WARTA_SERVE, WARTA_SRC.
set -u
. "$WARTA_SRC/tests/lib.sh"
. "$WARTA_SRC/tests/serve-lib.sh"
scratch_dir faults
export LC_ALL=C.UTF-8

"$WARTA_INDEX" -q --db db "$WARTA_SRC/corpus" || { echo "Bail out! cannot index corpus/"; exit 1; }

# hit CASE [ARG]: what serve_faults.py says, against the running server
hit() {
  local port=${URL##*:}
  /usr/bin/python3 "$WARTA_SRC/tests/serve_faults.py" "${port%/}" "$@" 2>&1
}

# --- slow senders: --timeout bounds the whole request, not the idle time
start_server slow db --timeout 2 || { echo "Bail out! warta-serve did not start"; exit 1; }
ok "a request trickled a byte at a time is cut at --timeout" "$(hit slow-sender)" \
  "closed within the deadline"
ok "and the server still answers" "$(get /healthz)" "200"
stop_server

# --- over --max-connections: refused at once, not left waiting
start_server limit db --max-connections 4 --per-ip 0 --timeout 3 || exit 1
ok "a connection over --max-connections is refused at once; served once the held ones are cut" \
  "$(hit over-the-limit | tr '\n' '|')" "fifth: refused at once|then: 200|"
ok "the refusals are counted in the log" "$(grep -c 'connections at once in use: refused' "$T/limit.err" | awk '{ print ($1 > 0) }')" "1"
stop_server

# --- request smuggling: one Content-Length, or a 400 and the connection closed
start_server smuggle db || exit 1
ok "two Content-Length headers: 400, the rest never read as a request" "$(hit two-lengths)" "400 closed"
ok "a list of lengths in one header: 400" "$(hit length-list)" "400 closed"
ok "Content-Length with Transfer-Encoding: 400" "$(hit length-and-chunked)" "400 closed"

# --- very many parameters: an answer, not silence
ok "100 parameters are served" "$(hit params 100)" "200"
ok "1000 parameters: 400" "$(hit params 1000)" "400"
ok "5000 parameters: 400" "$(hit params 5000)" "400"
get "/api/search?q=a$(seq -s '' -f '&p%g=1' 1 300)" > /dev/null
ok "the error names the limit" "$(jq -r .error.message "$T/body")" "more than 256 parameters"

# --- word* that stand for too many words: refused, not left to starve the rest
for p in a b c d e f; do printf '{"id":"%s","title":"Kata %s","content":"%s"}\n' $p $p "$(printf "zz$p%s " {a..z}{a..z}{a..c})"; done > wild.jsonl
"$WARTA_INDEX" -q --db wild.db wild.jsonl
stop_server
start_server wild wild.db || exit 1
ok "five prefixes of 2000 words each are searched" "$(get '/api/search?q=zza*+zzb*+zzc*+zzd*+zze*&count=1') $(jq .total "$T/body")" "200 5"
ok "a sixth is refused, the bound named" "$(get '/api/search?q=zza*+zzb*+zzc*+zzd*+zze*+zzf*') $(jq -r .error.message "$T/body")" \
  "400 bad parameter 'q': the query's word* stand for more than 10000 words in all (each for 2000 at most): use fewer or longer prefixes"

# --- the safety headers on error answers (the four of them); the few that
# libmicrohttpd makes itself have none (docs/warta-serve.1)
ok "a 404 carries the safety headers" "$(hit headers-404)" "404 4"
ok "a request without Host: 400 with the safety headers" "$(hit headers-no-host)" "400 4"
ok "an ambiguous length: 400 with the safety headers" "$(hit headers-ambiguous)" "400 4"
stop_server

done_testing
