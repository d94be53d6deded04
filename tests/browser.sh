#!/usr/bin/env bash
# The search page in a real browser: Debian's Chromium, headless, opens the
# page, submits its search form (an outlet picked from its list), follows a
# facet, the next page, an article and back, a hit's similar articles, and
# renders hostile data; draws the timeline (its bars links that narrow the
# dates) and the export link; then screenshots of the page (light, dark, on a
# phone, and of the timeline) are saved in the build directory, and pa11y checks the page's
# accessibility (tests/a11y/check.js). Chromium must start: when it cannot,
# the test fails and says why. pa11y comes from npm (scripts/deps installs
# it in tests/a11y/node_modules); when it is not there and cannot be
# installed, its checks are skipped with a message. TAP output.
#
# Environment (set by meson): WARTA_INDEX, WARTA_SERVE, WARTA_SRC,
# WARTA_BUILD (where the screenshots go); CHROMIUM (optional) names the
# browser; WARTA_A11Y (optional) a directory holding pa11y's node_modules.
set -u
T=$(mktemp -d "${TMPDIR:-/tmp}/warta-browser.XXXXXX")
trap 'stop_server; rm -rf "$T"' EXIT
cd "$T" || exit 1
. "$WARTA_SRC/tests/lib.sh"
. "$WARTA_SRC/tests/serve-lib.sh"
dom() { /usr/bin/python3 "$WARTA_SRC/tests/browser_dom.py" "$@"; }
shots=${WARTA_BUILD:-$T}

skip() {
  n=$((n + 1))
  echo "ok $n # SKIP $1"
}

# pa11y's node_modules: WARTA_A11Y, those scripts/deps installed in the
# source tree, or installed here into the build directory from the same
# lock file; empty when npm cannot install them.
a11y_dir() {
  local d
  for d in "${WARTA_A11Y:-}" "$WARTA_SRC/tests/a11y" "$shots/a11y"; do
    [ -n "$d" ] && [ -d "$d/node_modules/pa11y" ] && { echo "$d"; return; }
  done
  command -v npm > /dev/null || return
  mkdir -p "$shots/a11y"
  cp "$WARTA_SRC/tests/a11y/package.json" "$WARTA_SRC/tests/a11y/package-lock.json" "$shots/a11y/"
  (cd "$shots/a11y" && PUPPETEER_SKIP_DOWNLOAD=1 timeout 300 npm ci --no-audit --no-fund) \
    > "$T/npm.log" 2>&1 && echo "$shots/a11y"
}

# The accessibility check: 0 errors on the search page, a results page,
# an article and the page without hits, light, dark and on a phone; a page
# with known faults shows that the check finds them.
a11y_checks() {
  local dir pages
  dir=$(a11y_dir)
  if [ -z "$dir" ] || ! command -v node > /dev/null; then
    skip "accessibility check: pa11y is not installed and npm cannot install it (scripts/deps installs it in tests/a11y/node_modules)"
    [ -f "$T/npm.log" ] && tail -n 5 "$T/npm.log" | sed 's/^/#   /'
    return
  fi
  printf '<!DOCTYPE html><html><body><img src="x.png"><a href="/"></a></body></html>\n' > "$T/faulty.html"
  pages=("search=${URL}?hl=id" "results=$search" "article=$article"
    "none=${URL}?q=zzqxv+wqvvz&hl=id" "faulty=file://$T/faulty.html")
  CHROMIUM="$CHROMIUM" NODE_PATH="$dir/node_modules" timeout 600 \
    node "$WARTA_SRC/tests/a11y/check.js" "${pages[@]}" > a11y.out 2> a11y.err
  ok "pa11y runs in Chromium" "$?" "0"
  grep -v '^faulty ' a11y.err | sed 's/^/# /' | head -n 40
  local p m
  for p in search results article none; do
    for m in light dark phone; do
      ok "accessibility: no error on the $p page ($m)" "$(awk -v p=$p -v m=$m '$1 == p && $2 == m { print $3 }' a11y.out)" "0"
    done
  done
  ok "accessibility: a page with faults has errors" \
    "$(awk '$1 == "faulty" && $2 == "light" { print ($3 > 0) }' a11y.out)" "1"
  ok "the search box has the focus on load" "$(awk '$2 == "autofocus" { print $3 }' a11y.out)" "q"
  ok "the keyboard reaches every hit, in order" "$(awk '$2 == "tab-order" { print $3 }' a11y.out)" "1"
  ok "the focus has a visible outline" "$(awk '$2 == "focus-outline" { print $3 }' a11y.out)" "1"
  ok "dark mode: a dark background" "$(awk '$2 == "dark-background" { print $3 }' a11y.out)" "1"
  ok "on a phone the facets come after the hits" \
    "$(awk '$2 == "phone-facets-after-hits" { print $3 }' a11y.out)" "1"
}

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
ok "facets by language are links" "$(dom count results.html lang-facets)" "2"
ok "the search box is focused on load" "$(dom count home.html autofocus) $(dom count results.html autofocus)" "1 1"

# the outlet pick-list: every outlet of the index, and picking one filters
outlets=$("$WARTA_INDEX" --db db --json --status | jq '.sources | length')
ok "the outlet pick-list offers every outlet of the index" "$(dom count home.html source-options)" "$outlets"
picked=$(dom submit home.html "$URL" "jakarta" "source=Kantor Berita Warta")
chrome --dump-dom "$picked" > picked.html
ok "an outlet picked from the list filters: every hit of it" \
  "$(dom count picked.html hits | awk '{ print ($1 > 0) }') $(grep -oE '<p class="meta">[^<]*' picked.html | grep -cv '^<p class="meta">Kantor Berita Warta · ')" "1 0"

lang=$(dom link results.html "$URL" facet=langs)
chrome --dump-dom "$lang" > lang.html
want=$(echo "$lang" | grep -oE 'lang=[a-z]+' | cut -d= -f2)
ok "a language facet filters: every hit in that language" \
  "$(dom count lang.html hits | awk '{ print ($1 > 0) }') $(grep -oE '<p class="meta">[^<]*' lang.html | grep -cv "· $want · \$")" "1 0"

similar=$(dom link results.html "$URL" "text=artikel serupa")
chrome --dump-dom "$similar" > similar.html
ok "a hit links to the articles like it" \
  "$(grep -c '<p class="like">' similar.html) $(dom count similar.html hits | awk '{ print ($1 > 0) }')" "1 1"

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

# back to the results from an article on the second page of a filtered
# search: the same page, every parameter kept
params() { /usr/bin/python3 -c 'import sys, urllib.parse as u; print(sorted(u.parse_qsl(u.urlsplit(sys.argv[1]).query)))' "$1"; }
chrome --dump-dom "${URL}?q=jakarta&since=2023-09&lang=id&sort=newest&n=4&hl=id" > filtered.html
second=$(dom link filtered.html "$URL" rel=next)
chrome --dump-dom "$second" > second.html
chrome --dump-dom "$(dom link second.html "$URL" text=teks\ lengkap)" > read.html
back=$(dom link read.html "$URL" "text=« Kembali ke hasil")
ok "back to the results: the same page, every parameter kept" "$(params "$back")" "$(params "$second")"
ok "and that page is the second" "$(echo "$second" | grep -c 'offset=4')" "1"

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

ok "the time the server spent is shown" \
  "$(grep -cE '<p class="took">Waktu server: <data value="[0-9.]+">[0-9]+,[0-9]</data> ms' results.html)" "1"

# screenshots: a desktop (light and dark) and a phone
rm -f "$shots/serve-page.png" "$shots/serve-dark.png" "$shots/serve-phone.png" "$shots/serve-timeline.png"
chrome --window-size=1280,900 --screenshot="$shots/serve-timeline.png" "$URL?q=indonesia&hl=id" > /dev/null
chrome --window-size=1280,1500 --screenshot="$shots/serve-page.png" "$search&n=6" > /dev/null
chrome --force-dark-mode --window-size=1280,1500 --screenshot="$shots/serve-dark.png" \
  "$search&n=6" > /dev/null
chrome --window-size=412,915 --screenshot="$shots/serve-phone.png" "$search" > /dev/null
png() { head -c 8 "$1" 2>/dev/null | od -An -tx1 | tr -d ' \n'; }
ok "a screenshot of the page" "$(png "$shots/serve-page.png")" "89504e470d0a1a0a"
ok "a screenshot in dark mode, unlike the light one" \
  "$(png "$shots/serve-dark.png") $(cmp -s "$shots/serve-page.png" "$shots/serve-dark.png"; echo $?)" \
  "89504e470d0a1a0a 1"
ok "a screenshot on a phone's screen" "$(png "$shots/serve-phone.png")" "89504e470d0a1a0a"
ok "a screenshot of the timeline and the export link" "$(png "$shots/serve-timeline.png")" "89504e470d0a1a0a"
echo "# screenshot: $shots/serve-page.png"
echo "# screenshot: $shots/serve-dark.png"
echo "# screenshot: $shots/serve-phone.png"
echo "# screenshot: $shots/serve-timeline.png"

a11y_checks
stop_server
ok "the server stops cleanly" "$?" "0"

done_testing
