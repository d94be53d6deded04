#!/usr/bin/env bash
# Shards served by xapian-tcpsrv on 127.0.0.1 answer exactly like the same
# shards opened locally; a shard that stops is named (or left out with
# --partial); replicas made by xapian-replicate follow the nightly run.
# Every server runs on a free port of 127.0.0.1, under a time limit, and is
# stopped at the end. TAP output.
#
# Environment (set by meson): WARTA_INDEX, WARTA_QUERY, WARTA_SRC.
set -u
T=$(mktemp -d "${TMPDIR:-/tmp}/warta-remote.XXXXXX")
trap 'stop_pids; rm -rf "$T"' EXIT
cd "$T" || exit 1
. "$WARTA_SRC/tests/lib.sh"
. "$WARTA_SRC/tests/tcpsrv-lib.sh"
need_tcpsrv xapian-tcpsrv xapian-replicate xapian-replicate-server

cp -R "$WARTA_SRC/corpus" news
XAPIAN_MAX_CHANGESETS=10 "$WARTA_INDEX" -q --db idx --shard-by month news
ok "a sharded index for the servers" "$?" "0"
shards="undated 2023-09 2023-10"
: > local.stub
: > remote.stub
for s in $shards; do
  serve_shard "$s" "$PWD/idx/live/$s"
  echo "auto $PWD/idx/live/$s" >> local.stub
  echo "remote 127.0.0.1:${port[$s]}" >> remote.stub
done
ok "one xapian-tcpsrv per shard listens" "$(grep -c '^remote 127.0.0.1:' remote.stub)" "3"

# Everything a query shows, scores rounded to 1e-6.
answers() {
  local db=$1
  shift
  for q in 'kerja sama militer' 'Putin undangan' 'gempa -Ambon' '"kerja sama"' 'presiden OR menteri' \
    'undang*' 'title:putin' 'source:warta' 'inflasi date:2023-10' 'Putin lang:en' 'presdien' \
    'pemerintha' 'zzzzqqq'; do
    "$WARTA_QUERY" --db "$db" --json --facets --per-doc 0 -n 20 "$@" -- $q 2>&1
  done | /usr/bin/python3 -c '
import json, sys
for line in sys.stdin:
    try:
        o = json.loads(line)
    except ValueError:
        print(line.rstrip()); continue
    o.pop("took_ms", None)
    for k in ("score", "article_score", "passage_score"):
        if isinstance(o.get(k), float): o[k] = round(o[k], 6)
    print(json.dumps(o, sort_keys=True))'
}
answers local.stub > local.out
answers remote.stub > remote.out
ok "the local shards answer (hits)" "$(grep -c '"type": "hit"' local.out | awk '{ print ($1 > 20) }')" "1"
ok "remote shards answer exactly like the same shards opened locally" \
  "$(diff local.out remote.out > diff.out && echo same || head -c 600 diff.out)" "same"
ok "including the suggestions" "$(grep -o '"suggestion": "[a-z]*"' remote.out | tr '\n' ' ')" \
  '"suggestion": "presiden" "suggestion": "pemerintah" '
answers local.stub --sort oldest > local-sorted.out
answers remote.stub --sort oldest > remote-sorted.out
ok "and sorted by date" "$(cmp -s local-sorted.out remote-sorted.out && echo same)" "same"
# when articles entered the index: a value range and a sort by value, which
# the shards answer themselves
added() {
  for q in 'Putin undangan' 'gempa -Ambon' 'undang*'; do
    "$WARTA_QUERY" --db "$1" --json --sort added --added-since "$2" -n 20 -- $q 2> /dev/null |
      jq -c 'select(.type == "hit") | [.rank, .path, .added]'
  done
}
added local.stub 1d > local-added.out
ok "--added-since and --sort added: the same over remote shards" \
  "$(added remote.stub 1d | cmp -s local-added.out - && echo same) $(wc -l < local-added.out | awk '{ print ($1 > 10) }')" \
  "same 1"
ok "and --added-since after every article's time selects none of them remotely" \
  "$(added remote.stub 2099-01-01 | wc -l)" "0"
key=wire-2023-09-002
# (the hits; the number of matches of its 40 terms is an estimate, which
# the engine makes differently when it merges remote answers)
likes() { "$WARTA_QUERY" --db "$1" --json --like $key | jq -c 'select(.type == "hit")' | md5sum; }
ok "and --like" "$(likes remote.stub)" "$(likes local.stub)"
ok "and counts" "$("$WARTA_QUERY" --db remote.stub --count militer)" \
  "$("$WARTA_QUERY" --db local.stub --count militer)"

# A warm co-process survives a shard server's restart: the broken
# connection is reopened and the query tried again.
coproc WQ { "$WARTA_QUERY" --db remote.stub --count --queries - 2>&1; echo "exit $?"; }
echo militer >&"${WQ[1]}"
read -t 60 -r before <&"${WQ[0]}"
stop_shard 2023-09
serve_shard 2023-09 "$PWD/idx/live/2023-09" "${port[2023-09]}"
echo militer >&"${WQ[1]}"
read -t 60 -r after <&"${WQ[0]}"
exec {WQ[1]}>&-
read -t 60 -r end <&"${WQ[0]}"
ok "a --queries co-process answers after a shard server restarts" "$after|$end" "${before/1	/2	}|exit 0"

# A shard server too busy to take a second connection: its documents are
# read over the first one alone, and the answers are the same.
timeout 120 /usr/bin/python3 "$WARTA_SRC/tests/shard_proxy.py" "${port[2023-09]}" --stall-second \
  > stall.port &
pids+=($!)
for _ in $(seq 1 50); do [ -s stall.port ] && break; sleep 0.1; done
grep -v ":${port[2023-09]}\$" remote.stub > stall.stub
echo "remote 127.0.0.1:$(cat stall.port)" >> stall.stub
many() {
  printf 'kerja sama militer\nPutin undangan\npresiden OR menteri\n' |
    "$WARTA_QUERY" --db "$1" --json -n 20 --queries - 2>&1 | jq -c 'del(.took_ms)'
}
many local.stub > many-local.out
many stall.stub > many-stall.out
ok "a shard that takes no second connection: the same answers" \
  "$(cmp -s many-local.out many-stall.out && echo same) $(grep -c '"type":"hit"' many-local.out | awk '{ print ($1 > 20) }')" \
  "same 1"

# A shard that fails after the handshake, in the middle of a query: named,
# or left out with --partial.
timeout 120 /usr/bin/python3 "$WARTA_SRC/tests/shard_proxy.py" "${port[2023-10]}" > proxy.port &
pids+=($!)
for _ in $(seq 1 50); do [ -s proxy.port ] && break; sleep 0.1; done
grep -v ":${port[2023-10]}\$" remote.stub > midway.stub
echo "remote 127.0.0.1:$(cat proxy.port)" >> midway.stub
"$WARTA_QUERY" --db midway.stub militer > midway.out 2> midway.err
ok "a shard failing mid-query is named (exit 4)" \
  "$? $(grep -c "shard remote 127.0.0.1:$(cat proxy.port) does not answer" midway.err)" "4 1"
"$WARTA_QUERY" --db midway.stub --partial --json militer > midway.out 2> midway.err
ok "--partial leaves it out and answers from the others" \
  "$? $(tail -n 1 midway.out | jq -c .missing_shards)" "0 [\"remote 127.0.0.1:$(cat proxy.port)\"]"

# A shard that stops: named, exit 4; with --partial the others answer.
stop_shard 2023-10
"$WARTA_QUERY" --db remote.stub militer > down.out 2> down.err
ok "a query with a shard down fails (exit 4)" "$?" "4"
ok "naming the shard" "$(grep -c "shard remote 127.0.0.1:${port[2023-10]} does not answer" down.err)" "1"
"$WARTA_QUERY" --db remote.stub --partial --json militer > partial.out 2> partial.err
ok "--partial answers from the other shards" "$?" "0"
ok "with a warning naming the missing one" "$(cat partial.err)" \
  "warta-query: warning: remote 127.0.0.1:${port[2023-10]} did not answer: these results leave it out"
ok "and says so in the summary" "$(tail -n 1 partial.out | jq -c .missing_shards)" \
  "[\"remote 127.0.0.1:${port[2023-10]}\"]"
ok "its hits are none of the missing month's" \
  "$(jq -r 'select(.type == "hit") | .date' partial.out | grep -c '^2023-10')" "0"
ok "but the others' are there" \
  "$(jq -r 'select(.type == "hit") | .date' partial.out | grep -c '^2023-09' | awk '{ print ($1 > 0) }')" "1"

# A long-lived --partial reader uses the shard again once it answers (it
# tries the shards it left out every 5 seconds: store.h).
all=$("$WARTA_QUERY" --db local.stub --count militer)
coproc WP { "$WARTA_QUERY" --db remote.stub --partial -q --count --queries - 2>&1; echo "exit $?"; }
echo militer >&"${WP[1]}"
read -t 60 -r without <&"${WP[0]}"
serve_shard 2023-10 "$PWD/idx/live/2023-10" "${port[2023-10]}"
sleep 5.5
echo militer >&"${WP[1]}"
read -t 60 -r with <&"${WP[0]}"
exec {WP[1]}>&-
read -t 60 -r end <&"${WP[0]}"
ok "a --partial co-process counts the shard again once it is back" \
  "$((${without#*	} < all)) ${with#*	} $end" "1 $all exit 0"

# Replication: the nightly run's changes reach a read-only copy.
rport=$(free_port)
timeout 120 xapian-replicate-server --interface 127.0.0.1 --port "$rport" "$PWD/idx" > repl.log 2>&1 &
pids+=($!)
wait_port "$rport"
replicate() { # NAME: bring replica/NAME up to date, once
  timeout 60 xapian-replicate -v -h 127.0.0.1 -p "$rport" -m "live/$1" -o "replica/$1" 2>&1 |
    grep 'Update complete'
}
mkdir replica
: > replica.stub
for s in $shards; do
  replicate "$s" > /dev/null
  echo "auto $PWD/replica/$s" >> replica.stub
done
ok "the replicas answer like the index" "$(answers replica.stub | md5sum)" "$(answers idx | md5sum)"
ok "a replica alone is searchable" "$("$WARTA_QUERY" --db replica/2023-09 --count militer | tr -d ' ')" \
  "$(("$WARTA_QUERY" --db idx --count --until 2023-09-30 militer) | tr -d ' ')"
printf 'Zebra Langka Lahir di Kebun Binatang\n\nSeekor zebra langka lahir di kebun binatang kota.\n' \
  > news/id/2023-10-21-zebra-langka.txt
XAPIAN_MAX_CHANGESETS=10 "$WARTA_INDEX" -q --db idx news
ok "the nightly run adds an article" "$("$WARTA_QUERY" --db idx --count zebra)" "1"
ok "the replica does not have it yet" "$("$WARTA_QUERY" --db replica.stub --count zebra)" "0"
ok "replication sends the change, not a copy" "$(replicate 2023-10)" \
  "Update complete: 0 copies, 1 changesets, new live database"
ok "then the replica has it" "$("$WARTA_QUERY" --db replica.stub --count zebra)" "1"
ok "and answers like the index again" "$(answers replica.stub | md5sum)" "$(answers idx | md5sum)"

done_testing
