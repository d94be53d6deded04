#!/usr/bin/env bash
# warta-serve's /feed: a search as Atom 1.0, read by a real feed parser
# (Debian's python3-feedparser) as a feed reader would: well formed, the
# entries those of the same search by /api/search (newest added first),
# each with its title, link, outlet, date and passage as they are (hostile
# characters included), its updated time its record's last change (honest:
# a record changed a day later says so, the others do not move), ids the
# same across two runs of the server, the feed's updated its newest
# entry's; a malformed parameter is a 400; the page links the feed. The
# index's clock is fixed with WARTA_NOW. TAP output.
#
# Environment (set by meson): WARTA_INDEX, WARTA_SERVE, WARTA_SRC.
set -u
. "$WARTA_SRC/tests/lib.sh"
. "$WARTA_SRC/tests/serve-lib.sh"
export LC_ALL=C.UTF-8 TZ=UTC
PY=/usr/bin/python3
if ! "$PY" -c 'import feedparser' 2> /dev/null; then
  echo "1..0 # SKIP python3-feedparser is not installed (scripts/deps installs it)"
  exit 0
fi
scratch_dir feed

DAY1=1764547200 DAY2=1764633600 # 2025-12-01 and 2025-12-02, 00:00 UTC
cp -R "$WARTA_SRC/corpus" corpus
WARTA_NOW=$DAY1 "$WARTA_INDEX" -q --db db --default-source none corpus ||
  { echo "Bail out! cannot index corpus/"; exit 1; }
# a day later: a new record with hostile characters, and a changed one
hostile='Gempa <b>"Besar"</b> & Tsunami'\''s Risiko'
jq -cn --arg t "$hostile" '{id: "feed-001", title: $t, date: "2023-10-21",
  source: "Warta <Daring> & Co", url: "https://example.com/gempa?a=1&b=2",
  content: "Gempa <script>alert(1)</script> & \"kutipan\" di pesisir."}' > corpus/feeds/feed.jsonl
sed -i '2s/di Pontianak/di Kota Pontianak/' corpus/feeds/wire-2023-09.jsonl
WARTA_NOW=$DAY2 "$WARTA_INDEX" -q --db db --default-source none corpus ||
  { echo "Bail out! cannot index the second run"; exit 1; }

# parse FILE: the feed as feedparser reads it, as JSON
parse() {
  "$PY" - "$1" << 'EOF'
import json, sys, feedparser
d = feedparser.parse(open(sys.argv[1], "rb").read())
print(json.dumps({
    "bozo": d.bozo, "version": d.version, "id": d.feed.get("id"),
    "title": d.feed.get("title"), "updated": d.feed.get("updated"),
    "links": sorted((l.get("rel"), l.get("type")) for l in d.feed.get("links", [])),
    "entries": [{"id": e.get("id"), "title": e.get("title"), "link": e.get("link"),
                 "author": e.get("author"), "published": e.get("published"),
                 "updated": e.get("updated"), "summary": e.get("summary")}
                for e in d.entries]}, ensure_ascii=False))
EOF
}

start_server one db || { echo "Bail out! warta-serve did not start"; exit 1; }
Q='q=gempa+Pontianak&n=5'
ok "/feed is 200" "$(get "/feed?$Q")" "200"
ok "served as Atom in UTF-8" "$(header Content-Type)" "application/atom+xml; charset=utf-8"
cp body one.xml
parse one.xml > one.json
ok "feedparser reads it as Atom 1.0, well formed" "$(jq -c '[.bozo, .version]' one.json)" '[false,"atom10"]'
ok "its title names the search, its links itself and the page" \
  "$(jq -c '[.title, .links]' one.json)" \
  '["warta: gempa Pontianak",[["alternate","text/html"],["self","application/atom+xml"]]]'
get "/api/search?$Q&sort=added" > /dev/null
cp body api.json
ok "the entries are the search's articles, newest added first, as /api/search sorts them" \
  "$(jq -c '[.entries[] | .title]' one.json)" "$(jq -c '[.hits[] | .title]' api.json)"
ok "with the passage whole as summary" \
  "$(jq -c '[.entries[] | .summary]' one.json)" "$(jq -c '[.hits[] | .passage]' api.json)"
ok "a hostile title, outlet and passage come out as they are (escaped in the XML)" \
  "$(jq -c '.entries[0] | [.title, .author, .summary, .link]' one.json)" \
  "$(jq -cn --arg t "$hostile" '[$t, "Warta <Daring> & Co", "Gempa <script>alert(1)</script> & \"kutipan\" di pesisir.", "https://example.com/gempa?a=1&b=2"]')"
ok "and nothing of them is markup in the feed" "$(grep -c '<script\|<b>' one.xml)" "0"
ok "published is the article's date" \
  "$(jq -c '[.entries[] | .published]' one.json)" "$(jq -c '[.hits[] | .date + "T00:00:00Z"]' api.json)"
ok "updated is when its record last changed: the new one and the changed one a day later" \
  "$(jq -c '[.entries[] | .updated]' one.json)" "$(jq -c '[.hits[] | .changed]' api.json)"
ok "the changed record was added the first day, and says it changed the second" \
  "$(jq -c '[.hits[] | select(.key == "wire-2023-09-002") | .added, .changed]' api.json)" \
  '["2025-12-01T00:00:00Z","2025-12-02T00:00:00Z"]'
ok "an article without a URL links warta's article view" \
  "$(jq -r '[.entries[] | .link | select(startswith("/article?key="))] | length > 0' one.json)" "true"
ok "the feed's updated is its newest entry's" \
  "$(jq -r '.updated' one.json)" "$(jq -r '[.entries[] | .updated] | max' one.json)"
ok "every entry has an id of its own, a tag: URI" \
  "$(jq -r '[.entries[] | .id] | [length, (unique | length), all(startswith("tag:warta,2026:article:"))] | @csv' one.json)" \
  "$(jq -r '[.entries | length, length, true] | @csv' one.json)"

# every search parameter, checked as the API checks it
ok "added_since selects what is new: the two records of the second day" \
  "$(get "/feed?q=gempa+Pontianak&added_since=2025-12-01T12:00:00Z" > /dev/null; parse body | jq -c '[.entries[] | .title]')" \
  "$(jq -cn --arg t "$hostile" '[$t]')"
for bad in 'n=0' 'n=abc' 'added_since=yesterday' 'sort=best' 'since=2019-13' 'offset=-1'; do
  ok "a malformed parameter is a 400 naming it: $bad" \
    "$(get "/feed?q=gempa&$bad"; echo " $(jq -r '.error.message' body | grep -c "'${bad%%=*}'")")" "400 1"
done
ok "an unknown outlet is a 400 too" "$(get '/feed?q=gempa&source=nowhere')" "400"

# the page links it: in its head and beside the count
get '/?q=gempa+Pontianak' > /dev/null
ok "the page's head links the feed as alternate" \
  "$(grep -c '<link rel="alternate" type="application/atom+xml" title="[^"]*" href="/feed?q=gempa%20Pontianak">' body)" "1"
href=$(grep -o '<p class="feed"><a type="application/atom+xml" href="[^"]*"' body | sed 's/.*href="//; s/"$//')
ok "and shows a link to it near the results" "$href" "/feed?q=gempa%20Pontianak"
ok "which is the feed" "$(get "$href")" "200"
ok "the page still holds no script" "$(get '/?q=gempa' > /dev/null; grep -ci '<script' body)" "0"
stop_server

# a second run of the server: the same ids, the same times
start_server two db || { echo "Bail out! warta-serve did not start again"; exit 1; }
get "/feed?$Q" > /dev/null
parse body > two.json
ok "a second server run gives the same entries with the same ids" \
  "$(jq -c '[.entries[] | [.id, .updated]]' two.json)" "$(jq -c '[.entries[] | [.id, .updated]]' one.json)"
ok "and the same feed id and updated" "$(jq -c '[.id, .updated]' two.json)" "$(jq -c '[.id, .updated]' one.json)"
stop_server
ok "the server stopped cleanly" "$?" "0"

done_testing
