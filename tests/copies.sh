#!/usr/bin/env bash
# Copies of one story (a wire story run by several outlets, word for word
# or lightly edited) fold into one hit that names the others (--fold, the
# API's copies=0, the page by default); the same
# event written independently, a round-up that pastes the story in after
# its own opening, a template filled on other days and items too short to
# tell stay apart; incremental runs keep stories right; the
# command line, the API, the page and remote shards agree. The articles
# are made up (tests/copies/README.md). TAP output.
#
# Environment (set by meson): WARTA_INDEX, WARTA_QUERY, WARTA_SERVE, WARTA_SRC.
set -u
. "$WARTA_SRC/tests/lib.sh"
. "$WARTA_SRC/tests/serve-lib.sh"
. "$WARTA_SRC/tests/tcpsrv-lib.sh"
scratch_dir copies
trap 'stop_server; stop_pids; rm -rf "$T"' EXIT

mkdir news
cp "$WARTA_SRC/tests/copies/news.jsonl" news/
"$WARTA_INDEX" -q --db idx news
ok "the articles are indexed" "$?" "0"

q() { "$WARTA_QUERY" --db idx "$@"; }
# hits KEY-SUFFIX... of a JSON Lines answer: each hit's key's last part, its
# copies' (sorted), one line a hit
hits() {
  jq -r 'select(.type == "hit") | [(.key | sub(".*//"; "")), ([.copies[].key | sub(".*//"; "")] | join(","))] | join(" ")'
}

q --fold --json 'banjir Sukamaju' > folded.json
# a story's articles: the first hit's key and its copies' keys, sorted
story_keys() { hits | head -n 1 | tr ', ' '\n\n' | sort | tr '\n' ' '; }
ok "the copies fold into one hit naming the others" "$(story_keys < folded.json)" \
  "harian.example/banjir kantorberita.example/banjir koran.example/banjir portal.example/banjir "
ok "no two hits of one story" \
  "$(jq -r 'select(.type == "hit") | .story' folded.json | sort | uniq -d | wc -l)" "0"
ok "the summary counts articles and stories" \
  "$(jq -c 'select(.type == "summary") | [.total, .stories]' folded.json)" "[10,7]"
# tier 1 (both words) is 5 articles in 2 hits: the page's match counts
# them before its copies fold (a spy, store/rank.c), --count by a match of
# its own
ok "the articles holding every word are counted before folding" \
  "$(jq -c 'select(.type == "summary") | .all_words' folded.json) $(jq -c 'select(.type == "hit" and .tier == 1)' folded.json | wc -l)" \
  "$(q --count --json 'banjir Sukamaju' | jq -c 'select(.type == "summary") | .all_words') 2"
ok "the same event written independently is another story" \
  "$(hits < folded.json | grep -c '^majalah.example/banjir $')" "1"
ok "a round-up that pastes the story in after an opening of its own is another story" \
  "$(hits < folded.json | grep -c '^rangkuman.example/hari-ini $')" "1"
ok "a template filled six weeks apart is two stories" \
  "$(hits < folded.json | grep -c '^harian.example/harga-[12] $')" "2"
ok "items too short for a fingerprint are not folded" \
  "$(hits < folded.json | grep -c '/pendek-[12] $')" "2"
ok "the text output says what folded" \
  "$(q --fold 'banjir Sukamaju' | grep -c -e '(7 stories: copies folded)' -e 'also in 3 outlets: harian.example, kantorberita.example, portal.example')" \
  "2"

q --copies --json 'banjir Sukamaju' > all.json
ok "--copies shows every copy" \
  "$(jq -c 'select(.type == "summary") | [.total, .shown, .stories]' all.json)" "[10,10,null]"
ok "--copies names no copies under a hit" "$(jq -r 'select(.type == "hit") | .copies | length' all.json | sort -u)" "0"
ok "the counts are those of --copies" "$(q --fold --count 'banjir Sukamaju') $(q --copies --count 'banjir Sukamaju')" "10 10"
ok "every copy is the default" "$(q --json 'banjir Sukamaju' | jq -c 'select(.type == "summary") | [.shown, .stories]')" "[10,null]"
q --fold --copies banjir > /dev/null 2> both.err
ok "--fold with --copies is a usage error" "$? $(head -n 1 both.err)" \
  "2 warta-query: give either --fold or --copies"


ok "--story lists the story's copies, oldest first" \
  "$(q --story https://koran.example/banjir --json | jq -r 'select(.type == "hit") | .key | sub(".*//"; "")' | tr '\n' ' ')" \
  "kantorberita.example/banjir portal.example/banjir harian.example/banjir koran.example/banjir "
q --story https://nowhere.example/x > /dev/null 2> story.err
ok "--story of an unknown key is a usage error that names it" \
  "$? $(cat story.err)" "2 warta-query: idx: no article with key or path https://nowhere.example/x"
ok "--story of an article alone lists it" \
  "$(q --story https://majalah.example/banjir --count)" "1"

# a copy that arrives the next night joins the story
cp "$WARTA_SRC/tests/copies/later.jsonl" news/
"$WARTA_INDEX" -q --db idx news
ok "a copy indexed in a later run joins the story" \
  "$(q --fold --json 'banjir Sukamaju' | story_keys | wc -w)" "5"
# the article that began the story goes: the others stay one story
grep -v '"wire-banjir"' "$WARTA_SRC/tests/copies/news.jsonl" > news/news.jsonl
"$WARTA_INDEX" -q --db idx news
ok "the story outlives the article that began it" \
  "$(q --fold --json 'banjir Sukamaju' | jq -c 'select(.type == "summary") | [.total, .stories]')" "[10,7]"
ok "and still folds" "$(q --fold --json 'banjir Sukamaju' | story_keys)" \
  "harian.example/banjir koran.example/banjir portal.example/banjir radio.example/banjir "
state() { sqlite3 idx/g*/state.sqlite "$1"; }
ok "the bands of articles gone go with them" \
  "$(state "SELECT count(*) FROM bands WHERE printf('%016x', aid) NOT IN (SELECT aid FROM articles)")" "0"
ok "every fingerprint has its sixteen bands" "$(state "SELECT count(*) FROM bands")" \
  "$(state "SELECT 16 * count(*) FROM articles WHERE print IS NOT NULL")"
ok "the index is sound" "$(integrity idx)" "ok"

# a state that kept the bands in sixteen indexed columns of its articles
# (before the bands table) is moved to the table by the next run
mkdir old-news && cp "$WARTA_SRC/tests/copies/news.jsonl" old-news/
"$WARTA_INDEX" -q --db old old-news
{
  echo "BEGIN; DROP TABLE bands; DROP INDEX articles_aid;"
  for i in $(seq 0 15); do
    echo "ALTER TABLE articles ADD COLUMN b$i INTEGER;"
    echo "CREATE INDEX articles_b$i ON articles(b$i) WHERE b$i IS NOT NULL;"
  done
  echo "COMMIT;"
} | sqlite3 old/g*/state.sqlite
cp "$WARTA_SRC/tests/copies/later.jsonl" old-news/
"$WARTA_INDEX" -q --db old old-news
ok "a copy joins its story in a state moved from band columns" \
  "$("$WARTA_QUERY" --db old --fold --json 'banjir Sukamaju' | story_keys | wc -w)" "5"
ok "the band columns and their indexes are gone" \
  "$(sqlite3 old/g*/state.sqlite "SELECT count(*) FROM pragma_table_info('articles') WHERE name LIKE 'b%'; SELECT count(*) FROM sqlite_schema WHERE name LIKE 'articles_b%'" | tr '\n' ' ')" \
  "0 0 "

# the API and the page
start_server srv idx
ok "the API's copies=0 folds copies" \
  "$(get '/api/search?q=banjir+Sukamaju&n=1&copies=0') $(jq -c '[.total, .stories, (.hits[0].copies | length)]' body)" \
  "200 [10,7,3]"
ok "the API shows every copy by default" \
  "$(get '/api/search?q=banjir+Sukamaju') $(jq -c '[.total, .stories, (.hits | length)]' body)" \
  "200 [10,null,10]"
ok "a bad copies is a 400 naming it" "$(get '/api/search?q=banjir&copies=2') $(jq -r .error.message body)" \
  "400 bad parameter 'copies': not 1 or 0"
ok "the API's story lists the copies" \
  "$(get '/api/search?story=https://koran.example/banjir') $(jq -c '[.total, .stories]' body)" "200 [4,null]"
ok "an unknown story is a 400 naming it" "$(get '/api/search?story=zz') $(jq -r .error.message body)" \
  "400 bad parameter 'story': no article with this key or path"
get '/?q=banjir+Sukamaju&hl=en' > /dev/null
ok "the page names the other outlets with links to their copies" \
  "$(grep -o '<p class="copies">Also in: <a href="/article?key=https%3A%2F%2F[a-z]*.example%2Fbanjir[^"]*">[a-z]*.example</a>, ' body | wc -l)" \
  "1"
ok "and links to every copy" "$(grep -c 'story=https%3A%2F%2F[a-z]*.example%2Fbanjir&amp;hl=en">all copies (4)</a>' body)" "1"
ok "the page's count says stories" "$(grep -c '(7 stories; copies folded)' body)" "1"
stop_server

# remote shards fold the same way (the collapse key and the copies' values
# travel with the match)
if command -v xapian-tcpsrv > /dev/null; then
  serve_shard one "$PWD/idx/live/xapian"
  echo "remote 127.0.0.1:${port[one]}" > remote.stub
  for db in idx remote.stub; do
    "$WARTA_QUERY" --db "$db" --fold --json 'banjir Sukamaju' | jq -c 'del(.took_ms)' > "$db.out"
  done
  ok "remote shards fold exactly as the index opened locally" \
    "$(diff idx.out remote.stub.out > /dev/null && echo same)" "same"
else
  echo "ok $((n + 1)) # SKIP xapian-tcpsrv not found (Debian package xapian-tools)"
  n=$((n + 1))
fi
done_testing
