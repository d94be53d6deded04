#!/usr/bin/env bash
# The journalist's query language on real news (click-id, from ../shared/data;
# skipped when it is absent): filters keep exactly what they name, exclusions
# and OR are set operations, word* finds words that begin with it, paging and
# sorting are exact, misspellings get a suggestion, facets add up, and a warm
# --queries process answers one query at a time. TAP output.
#
# Environment (set by meson): WARTA_INDEX, WARTA_QUERY, WARTA_SRC, WARTA_SHARED.
set -u
data=${WARTA_SHARED:-$WARTA_SRC/../shared}/data
if [ ! -d "$data/news-id/click-id" ]; then
  echo "1..0 # SKIP ../shared/data not found"
  exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/warta-journalist.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
. "$WARTA_SRC/tests/lib.sh"
py=/usr/bin/python3 # python3-xapian installs the module for it only

# A slice small enough for a sanitizer build: two outlets whole, 400 articles
# of each of the others, and two undated copies of Kompas articles about
# floods (their URLs, the keys, made distinct).
mkdir news
cp "$data/news-id/click-id/kompas.jsonl" "$data/news-id/click-id/tempo.jsonl" news/
for f in fimela kapanlagi okezone pos_metro sindonews tribunnews wowkeren; do
  head -n 400 "$data/news-id/click-id/$f.jsonl" > "news/$f.jsonl"
done
python3 - news/kompas.jsonl > news/undated.jsonl << 'PY'
import json, sys
copies = 0
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    if copies < 2 and "banjir" in r["content"].lower():
        copies += 1
        del r["date"]
        r["url"] += "#undated"
        print(json.dumps(r, ensure_ascii=False))
PY
"$WARTA_INDEX" --json --db id.db news > index.json 2> index.err
ok "the slice indexes cleanly" "$?" "0"
# Kompas's feed holds 659 records whose day and month are swapped against
# the date in their URL (/read/2019/09/12/ dated 2019-12-09)
ok "659 Kompas dates corrected to their URL's, said once for the file" \
  "$(jq .dates_corrected index.json) $(grep -c 'kompas.jsonl: 659 dates corrected' index.err)" "659 1"
ok "no Kompas article is dated after its URL's month (the swapped ones)" \
  "$("$WARTA_QUERY" --db id.db --json -n 100000 source:kompas | jq -r 'select(.type == "hit" and .url != null and .date != null) | [.date, (.url | capture("/(?<y>[0-9]{4})/(?<m>[0-9]{2})/(?<d>[0-9]{2})/") | "\(.y)-\(.m)-\(.d)")] | select(.[1] != null and .[0] != .[1]) | .[0]' | wc -l)" "0"

q() { "$WARTA_QUERY" --db id.db "$@"; }
count() { q --count "$@"; }
# keys QUERY...: the keys of all the hits, one a line, in rank order
keys() { q --json -n 100000 "$@" | jq -r 'select(.type == "hit") | .key'; }
# field NAME QUERY...: one field of all the hits
field() { local f=$1; shift; q --json -n 100000 "$@" | jq -r "select(.type == \"hit\") | .$f // \"-\""; }

# -- date: every hit dated inside the range, and all the articles so dated
range=2019-09-20..2019-09-22
total=$(count "date:$range")
ok "date:$range finds articles" "$((total > 100))" "1"
ok "date:$range: every hit is dated inside" \
  "$(field date "date:$range" | awk '$0 < "2019-09-20" || $0 > "2019-09-22"' | wc -l)" "0"
ok "date:$range: as many hits as --count" "$(field date "date:$range" | wc -l)" "$total"
ok "date:$range: every article so dated (the index's date values)" "$($py - id.db << 'PY'
import sys, xapian
db = xapian.Database(sys.argv[1])
print(sum(1 for p in db.postlist("XA")
          if "20190920" <= db.get_document(p.docid).get_value(0).decode() <= "20190922"))
PY
)" "$total"
ok "--since 2019-09-20 --until 2019-09-22 is the same range" \
  "$(keys --since 2019-09-20 --until 2019-09-22 presiden | sort | md5sum)" \
  "$(keys "date:$range" presiden | sort | md5sum)"
ok "presiden date:$range: every hit is dated inside" \
  "$(field date presiden "date:$range" | awk '$0 < "2019-09-20" || $0 > "2019-09-22"' | wc -l)" "0"

# -- source: only the outlet, all of it, by name or domain, in any case
kompas=$(python3 -c '
import json, sys
print(sum(1 for f in sys.argv[1:] for l in open(f, encoding="utf-8")
          if json.loads(l).get("source", "").lower() == "kompas.com"))' news/*.jsonl)
ok "source:kompas: only Kompas" "$(field source source:kompas | sort -u)" "Kompas.com"
ok "source:kompas: every Kompas article" "$(count source:kompas)" "$kompas"
ok "source:KOMPAS.COM and --source Kompas.com: the same" \
  "$(count source:KOMPAS.COM) $(keys --source Kompas.com banjir | md5sum)" \
  "$kompas $(keys source:kompas banjir | md5sum)"
ok "source:tempo.co gempa: only Tempo" "$(field source source:tempo.co gempa | sort -u)" "tempo.co"

# -- exclusions: no hit holds the word (its term in the index, its text)
ok "presiden -jokowi: no hit holds jokowi (the index's postings)" "$(keys presiden -jokowi |
  $py -c '
import sys, json, xapian
db = xapian.Database(sys.argv[1])
holding = {json.loads(db.get_document(p.docid).get_data().split(b"\0", 1)[0])["key"] for p in db.postlist("jokowi")}
print(sum(1 for k in sys.stdin.read().split("\n") if k in holding))' id.db)" "0"
ok "presiden -jokowi: no hit shows jokowi" \
  "$(q --json -n 100000 presiden -jokowi | jq -r 'select(.type == "hit") | .title + " " + .passage' | grep -ci jokowi)" "0"
ok "presiden -jokowi and presiden \"jokowi\" split presiden" \
  "$(($(count presiden -jokowi) + $(count presiden '"jokowi"')))" "$(count presiden)"
ok "presiden -\"joko widodo\": no hit shows the phrase" \
  "$(q --json -n 100000 presiden '-"joko widodo"' | jq -r 'select(.type == "hit") | .title + " " + .passage' | grep -ci 'joko widodo')" "0"
ok "presiden -\"joko widodo\" and presiden \"joko widodo\" split presiden" \
  "$({ keys presiden '-"joko widodo"'; keys presiden '"joko widodo"'; } | sort | md5sum)" \
  "$(keys presiden | sort | md5sum)"

# -- OR: the union
ok "gempa OR banjir: the union of gempa and banjir" \
  "$(keys gempa OR banjir | sort | md5sum)" "$({ keys gempa; keys banjir; } | sort -u | md5sum)"
ok "gempa OR banjir: --count is the union's size" \
  "$(count gempa OR banjir)" "$({ keys gempa; keys banjir; } | sort -u | wc -l)"

# -- word*: the articles holding a word that begins with it
ok "presiden*: exactly the articles holding a word beginning with presiden" "$(keys 'presiden*' |
  $py -c '
import sys, json, xapian
db = xapian.Database(sys.argv[1])
holding = set()
for t in db.allterms("Upresiden"):
    holding |= {json.loads(db.get_document(p.docid).get_data().split(b"\0", 1)[0])["key"] for p in db.postlist(t.term)}
hits = sys.stdin.read().split()
print(len(hits) == len(set(hits)) and set(hits) == holding and len(hits) > 1000)' id.db)" "True"

# -- paging: every article once across the pages, as many as --count
total=$(count gempa)
got=""
for ((o = 0; o < total + 10; o += 10)); do
  page=$(keys gempa -n 10 --offset $o 2> /dev/null)
  got+=${page:+$page$'\n'}
done
ok "gempa: $total hits in pages of 10: $total keys" "$(printf '%s' "$got" | wc -l)" "$total"
ok "gempa: each once" "$(printf '%s' "$got" | sort -u | wc -l)" "$total"
ok "gempa: the pages in the order of one long list" \
  "$(printf '%s' "$got" | md5sum)" "$(keys gempa | md5sum)"

# -- sort: by date, the undated last
order() { # ORDER QUERY...: "ok" when the dates keep the order, undated last
  local o=$1; shift
  field date --sort "$o" "$@" | awk -v o="$o" '
    $0 == "-" { undated++; next }
    undated || (NR > 1 && (o == "newest" ? $0 > last : $0 < last)) { bad++ }
    { last = $0 }
    END { print bad ? "out of order" : "ok, " undated + 0 " undated" }'
}
ok "banjir --sort newest: dates never rise, the 2 undated last" "$(order newest banjir)" "ok, 2 undated"
ok "banjir --sort oldest: dates never fall, the 2 undated last" "$(order oldest banjir)" "ok, 2 undated"
ok "presiden --sort newest: dates never rise" "$(order newest presiden)" "ok, 0 undated"

# -- sort keeps all words first: the articles holding both words, in date
# order, then the others; each hit's tier is what it holds
tiers() { field tier --sort "$1" -n 100000 gempa Ambon | uniq -c | awk '{ printf "%s:%s ", $2, $1 }'; }
n1=$(q --json -n 1 gempa Ambon | jq 'select(.type == "summary") | .all_words')
ok "gempa Ambon --sort newest: tier 1 (both words) first, then tier 0" \
  "$(tiers newest)" "1:$n1 0:$(($(count gempa Ambon) - n1)) "
ok "gempa Ambon --sort newest: each tier-1 hit holds both words" \
  "$(q --json --sort newest -n 100000 gempa Ambon | jq -r 'select(.type == "hit" and .tier == 1) | .matched' | sort -u)" "2"
ok "gempa Ambon --sort oldest: the same tier-1 articles as relevance" \
  "$(q --json --sort oldest -n 100000 gempa Ambon | jq -r 'select(.type == "hit" and .tier == 1) | .key' | sort | md5sum)" \
  "$(q --json -n 100000 gempa Ambon | jq -r 'select(.type == "hit" and .tier == 1) | .key' | sort | md5sum)"

# -- counts: exact, whatever the page; total is --count, all_words tier 1
for query in 'revisi UU KPK' Jokowi '"Imam Nahrawi"' gempa; do
  ok "$query: the first page's total is --count, exactly" \
    "$(q --json -n 10 $query | jq -c 'select(.type == "summary") | [.total, .estimated]')" "[$(count $query),false]"
done
ok "revisi UU KPK: all_words is the number of tier-1 hits" \
  "$(q --json -n 1 revisi UU KPK | jq 'select(.type == "summary") | .all_words')" \
  "$(field tier revisi UU KPK | grep -c '^1$')"
# a ranked page counts tier 1 in its own match (store/rank.c), --count and
# a folded page by a count of their own: the three agree
words() { q --json "$@" | jq 'select(.type == "summary") | .all_words'; }
for query in 'revisi UU KPK' 'gempa Ambon'; do
  ok "$query: all_words of a page, of a folded page and of --count agree" \
    "$(words -n 10 $query) $(words -n 10 --fold $query) $(words --count $query)" \
    "$(words --count $query) $(words --count $query) $(words --count $query)"
done

# -- a filter that is malformed or names nothing is refused, never ignored
for bad in 'gempa date:2019-9' 'gempa date:2019/09' 'gempa date:2019-09-31' 'gempa date:2019-10..2019-09' 'ko*'; do
  q --count "$bad" > /dev/null 2> err
  ok "$bad: a usage error naming it" "$? $(grep -cF "'${bad#gempa }'" err)" "2 1"
done
q --count gempa source:detik > /dev/null 2> err
ok "source:detik: a usage error listing the outlets" \
  "$? $(grep "unknown source 'detik': the index holds " err | grep -c 'Kompas.com.*tempo.co\|tempo.co.*Kompas.com')" "2 1"
ok "--source kompas alone is a query, as source:kompas" "$(count --source kompas)" "$kompas"
ok "gempa AND Ambon: both words, as the tier-1 hits of gempa Ambon" "$(count gempa AND Ambon)" "$n1"
ok "+gempa Ambon Maluku: gempa, and Ambon or Maluku" \
  "$(keys +gempa Ambon Maluku | sort | md5sum)" "$({ keys gempa AND Ambon; keys gempa AND Maluku; } | sort -u | md5sum)"
ok "gempa NOT Ambon is gempa -Ambon" "$(count gempa NOT Ambon)" "$(count gempa -Ambon)"

# -- did you mean: in the summary and on standard error, exit status 1
for pair in presdien:presiden pemerintha:pemerintah Jokwi:jokowi; do
  typo=${pair%%:*} want=${pair#*:}
  ok "$typo: the summary suggests $want" \
    "$(q --json "$typo" 2> /dev/null | jq -r 'select(.type == "summary") | .suggestion | ascii_downcase')" "$want"
  q "$typo" > /dev/null 2> err
  ok "$typo: no hit, exit 1, did you mean $want on stderr" "$? $(tr 'A-Z' 'a-z' < err)" \
    "1 warta-query: no articles match '$(echo "$typo" | tr 'A-Z' 'a-z')'; did you mean '$want'?"
done

# -- facets: each adds up to the total (months: but the undated)
ok "banjir --facets: sources, months + 2 undated, languages add up to the total" "$(
  q --facets --json -n 1 banjir | jq -r 'select(.type == "summary") |
    [.total, (.facets.source | map(.count) | add), (.facets.month | map(.count) | add) + 2,
     (.facets.lang | map(.count) | add)] | map(tostring) | join(" ")')" \
  "$(count banjir) $(count banjir) $(count banjir) $(count banjir)"
ok "presiden --facets: sources add up to the total" "$(
  q --facets --json -n 1 presiden | jq -r 'select(.type == "summary") |
    (.total == (.facets.source | map(.count) | add) and .total == (.facets.lang | map(.count) | add))')" "true"

# -- quotes mean the words as written: every mark of "kebakaran hutan" is
# those words (never pembakaran or terbakar), and the roots, unquoted,
# match more articles
marks() { # QUERY: each highlighted span of the hits, lowercased, one per line
  q --json -n 50 --per-doc 0 "$1" | "$py" -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    if r.get("type") != "hit": continue
    p = r["passage"].encode()
    for a, b in r["highlights"]: print(p[a:b].decode().lower())'
}
marks '"kebakaran hutan"' | sort -u > quoted.marks
ok "\"kebakaran hutan\": every mark is the words as written" \
  "$(grep -vcx 'kebakaran hutan' quoted.marks) $(grep -cx 'kebakaran hutan' quoted.marks)" "0 1"
ok "\"kebakaran hutan\" finds fewer articles than its roots apart" \
  "$(($(count '"kebakaran hutan"') > 0 && $(count '"kebakaran hutan"') < $(count kebakaran hutan)))" "1"

# -- every hit shows where it matched: its passage holds a matched word, or
# (a match in the title only) its title is marked
unmarked() { # QUERY: hits with no mark in passage nor title
  q --json -n 20 "$1" | jq -r 'select(.type == "hit" and (.highlights | length) == 0 and
    (.title_highlights | length) == 0) | .rank' | wc -l
}
ok "every hit is marked in its passage or title" \
  "$(unmarked '"kerja sama militer"') $(unmarked 'banjir Jakarta') $(unmarked 'title:gempa tsunami') $(unmarked 'presiden*')" \
  "0 0 0 0"

# -- a warm --queries process driven through fifos: each answer (hits, then
# its summary) arrives before the next query is written
mkfifo in out
"$WARTA_QUERY" --db id.db --queries - --json -n 2 < in > out 2> /dev/null &
pid=$!
exec 3> in 4< out
answers=""
for query in 'a\tgempa' 'b\tpresdien' 'c\tbanjir OR gempa source:kompas'; do
  printf "$query\\n" >&3
  summary=""
  while IFS= read -r -t 60 line <&4; do
    case $line in *'"type":"summary"'*) summary=$line; break ;; esac
  done
  answers+="$(printf '%s' "$summary" | jq -r '"\(.query_id)=\(.total)"') "
done
exec 3>&-
wait "$pid"
total() { q --json -n 2 "$@" 2> /dev/null | jq -r 'select(.type == "summary") | .total'; }
ok "--queries through a fifo: one flushed summary per query" "$answers" \
  "a=$(total gempa) b=0 c=$(total banjir OR gempa source:kompas) "
exec 4<&-

done_testing
