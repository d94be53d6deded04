#!/usr/bin/env bash
# The search page in a real browser: Debian's Chromium, headless, opens the
# page, submits its search form, follows a facet, the next page and an
# article, and renders hostile data; draws the timeline (its bars links
# that narrow the dates) and the export link; then screenshots of the page (a desktop
# and a phone) are saved in the build directory. Chromium must start: when
# it cannot, the test fails and says why. TAP output.
#
# Environment (set by meson): WARTA_INDEX, WARTA_SERVE, WARTA_SRC,
# WARTA_BUILD (where the screenshots go); CHROMIUM (optional) names the
# browser.
set -u
T=$(mktemp -d "${TMPDIR:-/tmp}/warta-browser.XXXXXX")
trap 'stop_server; rm -rf "$T"' EXIT
cd "$T" || exit 1
. "$WARTA_SRC/tests/lib.sh"
. "$WARTA_SRC/tests/serve-lib.sh"
dom() { /usr/bin/python3 "$WARTA_SRC/tests/browser_dom.py" "$@"; }
shots=${WARTA_BUILD:-$T}

CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$CHROMIUM" ]; then
  echo "not ok 1 - Chromium is not installed (apt-get install chromium; scripts/deps installs it)"
  echo "1..1"
  exit 1
fi
# chrome ARGS... URL: headless, its own profile, at most 120 s
chrome() {
  timeout 120 "$CHROMIUM" --headless=new --no-sandbox --disable-gpu --no-first-run \
    --disable-extensions --disable-dev-shm-usage --hide-scrollbars \
    --user-data-dir="$T/profile" "$@" 2>> "$T/chrome.err"
}
chrome --dump-dom 'data:text/html,<p>warta</p>' > blank.html
if ! grep -q '<p>warta</p>' blank.html; then
  echo "not ok 1 - Chromium ($CHROMIUM) cannot start headless:"
  tail -n 15 "$T/chrome.err" | sed 's/^/#   /'
  echo "1..1"
  exit 1
fi
ok "Chromium starts headless" "$(grep -c '<p>warta</p>' blank.html)" "1"

# the corpus and a record with hostile markup in every field
cp -R "$WARTA_SRC/corpus" corpus
cat > corpus/feeds/hostile.jsonl <<'JSONL'
{"id": "xss-1", "title": "<script>alert(1)</script><img src=x onerror=alert(2)>", "date": "2023-09-01", "source": "\"><script>alert(3)</script>", "url": "javascript:alert(4)", "content": "Berita <script>alert(5)</script> tentang <iframe src=//x></iframe> dan 'kutip' & \"ganda\"."}
JSONL
"$WARTA_INDEX" -q --db db corpus || { echo "Bail out! cannot index corpus/"; exit 1; }
start_server browser db || { echo "Bail out! warta-serve did not start"; exit 1; }

# open the page, then submit its form as a browser does
chrome --dump-dom "${URL}?hl=id" > home.html
ok "the page opens with its search form" "$(grep -c '<form class="search"' home.html)" "1"
search=$(dom submit home.html "$URL" "jakarta")
chrome --dump-dom "$search" > results.html
ok "the form searches: 10 hits on the first page" "$(dom count results.html hits)" "10"
ok "the query's words are marked" "$(dom count results.html marks | awk '{ print ($1 >= 10) }')" "1"
ok "the count is shown in Indonesian" "$(grep -cE '<p class="count">[0-9.]+ artikel' results.html)" "1"
ok "facets by outlet are links" "$(dom count results.html source-facets | awk '{ print ($1 > 0) }')" "1"
ok "facets by month are links" "$(dom count results.html month-facets)" "2"

next=$(dom link results.html "$URL" rel=next)
chrome --dump-dom "$next" > page2.html
ok "paging: the next page starts at 11" "$(grep -c '<ol class="hits" start="11">' page2.html)" "1"
ok "and shows the rest" "$(dom count page2.html hits | awk '{ print ($1 > 0 && $1 <= 10) }')" "1"

month=$(dom link results.html "$URL" facet=months)
chrome --dump-dom "$month" > month.html
want=$(echo "$month" | grep -oE 'since=[0-9]{4}-[0-9]{2}' | cut -d= -f2)
ok "a month facet filters: every hit of that month" \
  "$(grep -oE '<p class="meta">[^<]*' month.html | grep -cv "$want")" "0"

article=$(dom link results.html "$URL" text=teks\ lengkap)
chrome --dump-dom "$article" > article.html
ok "the article view shows the whole text, the words marked" \
  "$(grep -c '<article>' article.html) $(dom count article.html marks | awk '{ print ($1 > 0) }')" "1 1"

chrome --dump-dom "${URL}?q=alert&hl=id" > hostile.html
ok "hostile data: no script element in the page" "$(dom count hostile.html scripts)" "0"
ok "the title is shown as text" "$(grep -c '&lt;script&gt;' hostile.html | awk '{ print ($1 > 0) }')" "1"
ok "no element comes from the data" "$(grep -ciE '<(img|iframe)[ >]' hostile.html)" "0"
ok "a javascript: URL is no link" "$(grep -ci 'href="javascript' hostile.html)" "0"

# the timeline: inline SVG drawn on the server, each bar a link named by
# its dates and count that narrows the search to them; the export link
ok "the timeline is drawn as inline SVG" \
  "$(grep -c '<figure class="timeline">' results.html) $(grep -c '<svg' results.html)" "1 1"
sed -n '/<svg/,/<\/svg>/p' results.html | grep -o '<a href="[^"]*" aria-label="[^"]*"' > bars
ok "its bars are links named by their dates and counts" \
  "$(awk 'END { print (NR > 1) }' bars) $(grep -cvE 'aria-label="20[0-9-]+( – 20[0-9-]+)?: [0-9]+ artikel"' bars)" "1 0"
bar=$(head -n 1 bars | sed 's/^<a href="\([^"]*\)".*/\1/; s/&amp;/\&/g')
want=$(head -n 1 bars | grep -oE ': [0-9]+ artikel' | grep -oE '[0-9]+')
chrome --dump-dom "$URL${bar#/}" > bar.html
since=$(echo "$bar" | grep -oE 'since=[0-9-]+' | cut -d= -f2)
until=$(echo "$bar" | grep -oE 'until=[0-9-]+' | cut -d= -f2)
ok "a bar narrows the dates: its count, every hit in them" \
  "$(grep -oE '<p class="count">[0-9.]+' bar.html | grep -oE '[0-9.]+$') $(grep -oE '<p class="meta">[^<]*' bar.html | grep -oE '20[0-9]{2}-[0-9]{2}-[0-9]{2}' | awk -v a="$since" -v b="$until" '$1 < a || $1 > b' | wc -l)" \
  "$want 0"
export=$(grep -o '<a class="export"[^>]* href="[^"]*"' results.html | sed 's/.* href="//; s/"$//; s/&amp;/\&/g')
ok "the export link asks the API for CSV of this search" "$(echo "$export" | grep -cE '^/api/search\?format=csv&q=jakarta(&|$)')" "1"
code=$(curl -s -m 60 -o export.csv -w '%{http_code}' "$URL${export#/}")
total=$(curl -s -m 60 "${URL}api/search?q=jakarta&count=1" | jq .total)
ok "and gets every hit of it, up to 1000, as CSV" \
  "$code $(/usr/bin/python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1],newline=""))))-1)' export.csv)" \
  "200 $(( total < 1000 ? total : 1000 ))"

# screenshots: a desktop and a phone
rm -f "$shots/serve-page.png" "$shots/serve-phone.png" "$shots/serve-timeline.png"
chrome --window-size=1280,900 --screenshot="$shots/serve-timeline.png" "$URL?q=indonesia&hl=id" > /dev/null
chrome --window-size=1280,1500 --screenshot="$shots/serve-page.png" "$search&n=6" > /dev/null
chrome --window-size=412,915 --screenshot="$shots/serve-phone.png" "$search" > /dev/null
png() { head -c 8 "$1" 2>/dev/null | od -An -tx1 | tr -d ' \n'; }
ok "a screenshot of the page" "$(png "$shots/serve-page.png")" "89504e470d0a1a0a"
ok "a screenshot on a phone's screen" "$(png "$shots/serve-phone.png")" "89504e470d0a1a0a"
ok "a screenshot of the timeline and the export link" "$(png "$shots/serve-timeline.png")" "89504e470d0a1a0a"
echo "# screenshot: $shots/serve-page.png"
echo "# screenshot: $shots/serve-phone.png"
echo "# screenshot: $shots/serve-timeline.png"
stop_server
ok "the server stops cleanly" "$?" "0"

done_testing
