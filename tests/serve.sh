#!/usr/bin/env bash
# warta-serve over HTTP on 127.0.0.1: every route and every error, the
# answers beside warta-query's, HTML escaping of hostile data, a nightly
# run and a rebuild picked up without a restart, an index that goes away,
# slow clients, and starting and stopping. TAP output.
#
# Environment (set by meson): WARTA_INDEX, WARTA_QUERY, WARTA_SERVE, WARTA_SRC.
set -u
T=$(mktemp -d "${TMPDIR:-/tmp}/warta-serve.XXXXXX")
trap 'stop_server; kill $(jobs -p) 2>/dev/null; rm -rf "$T"' EXIT
cd "$T" || exit 1
. "$WARTA_SRC/tests/lib.sh"
. "$WARTA_SRC/tests/serve-lib.sh"
export LC_ALL=C.UTF-8

cp -R "$WARTA_SRC/corpus" corpus
"$WARTA_INDEX" -q --db db corpus || { echo "Bail out! cannot index corpus/"; exit 1; }
N=$("$WARTA_INDEX" --db db --status --json | jq .documents)
start_server main db || { echo "Bail out! warta-serve did not start"; exit 1; }
ok "the address is printed on stdout" "$(echo "$URL" | grep -cE '^http://127\.0\.0\.1:[0-9]+/$')" "1"

# --- /healthz
ok "/healthz is 200" "$(get /healthz)" "200"
ok "/healthz counts the articles" "$(jq -c '{status, articles, generation}' "$T/body")" \
  "{\"status\":\"ok\",\"articles\":$N,\"generation\":1}"
ok "JSON is served as JSON in UTF-8" "$(header Content-Type)" "application/json; charset=utf-8"

# --- /api/search, beside warta-query
ok "/api/search is 200" "$(get '/api/search?q=Putin+undangan&facets=1&n=5')" "200"
ok "the answer: format, query, total, hits, facets, suggestion, took_ms" \
  "$(jq -c '[.format, .query, (.total > 0), (.hits | length), (.facets | keys), .suggestion, (.took_ms >= 0)]' "$T/body")" \
  '[2,"Putin undangan",true,5,["lang","month","source"],null,true]'
ok "hits as warta-query --json ranks them" \
  "$(jq -r '.hits[] | "\(.rank) \(.path) \(.ordinal) \(.highlights | length)"' "$T/body")" \
  "$("$WARTA_QUERY" --db db --json -n 5 Putin undangan | jq -r 'select(.type == "hit") | "\(.rank) \(.path) \(.ordinal) \(.highlights | length)"' | sed "s|^\([0-9]*\) corpus/|\1 $T/corpus/|")"
ok "the same total and facets as warta-query --facets" \
  "$(jq -c '[.total, .facets]' "$T/body")" \
  "$("$WARTA_QUERY" --db db --json --facets -n 5 Putin undangan | jq -c 'select(.type == "summary") | [.total, .facets]')"

ok "total is --count, all_words those holding every word, both exact" \
  "$(jq -c '[.total, .all_words, .estimated]' "$T/body")" \
  "[$("$WARTA_QUERY" --db db --count Putin undangan),4,false]"
get '/?q=Putin+undangan' > /dev/null
ok "the page counts as the API: every word, then some" \
  "$(grep -o '<p class="count">[^<]*' "$T/body")" \
  '<p class="count">4 artikel dengan semua kata, 5 lagi dengan sebagian kata'

# every option of warta-query, as a parameter
q='/api/search?q=kerja+sama&since=2023-09-10&until=2023-10&source=example.com&lang=id&sort=newest&offset=1&n=3&per_doc=2'
get "$q" > /dev/null
ok "filters, sort, paging and per_doc as warta-query's options" \
  "$(jq -c '[.offset, .total, [.hits[] | [.rank, .date, .key, .ordinal]]]' "$T/body")" \
  "$("$WARTA_QUERY" --db db --json --since 2023-09-10 --until 2023-10 --source example.com --lang id --sort newest --offset 1 -n 3 --per-doc 2 kerja sama |
     jq -sc '[(.[-1].offset), (.[-1].total), [.[] | select(.type == "hit") | [.rank, .date, .key, .ordinal]]]')"
get '/api/search?like=wire-2023-09-002&n=3' > /dev/null
ok "like: articles like one" "$(jq '.hits | length' "$T/body")" \
  "$("$WARTA_QUERY" --db db --json --like wire-2023-09-002 -n 3 | jq -s '[.[] | select(.type == "hit")] | length')"
get '/api/search?q=Putin+undagan' > /dev/null
ok "a misspelled word gets a suggestion" "$(jq -r .suggestion "$T/body")" "Putin undangan"
get '/api/search?q=gempa&count=1' > /dev/null
ok "count=1: the total alone" "$(jq -c '[.total, (.hits | length)]' "$T/body")" \
  "[$("$WARTA_QUERY" --db db --count gempa),0]"
get '/api/search?q=zzzyyyxxx' > /dev/null
ok "no match: 200 and no hits" "$(jq -c '[.total, .hits]' "$T/body")" "[0,[]]"
ok "HEAD answers the headers alone" "$(curl -s -m 30 -I -o /dev/null -w '%{http_code}' "${URL}api/search?q=gempa")" "200"

# --- /api/article/KEY
# the highlighted words of an article (byte offsets), lowercased, one a line
marked_words() {
  /usr/bin/python3 -c '
import json, sys
for p in json.load(sys.stdin)["passages"]:
    t = p["text"].encode()
    for a, b in p["highlights"]:
        print(t[a:b].decode().lower())'
}
get '/api/article/wire-2023-09-002?q=kerja+sama' > /dev/null
ok "/api/article/KEY: the article and every passage" \
  "$(jq -c '[.key, .source, (.passages | length), [.passages[].ordinal]]' "$T/body")" \
  '["wire-2023-09-002","Kantor Berita Warta",2,[0,1]]'
ok "with q, the words are highlighted in every passage that holds them" \
  "$(marked_words < "$T/body" | sort -u | tr '\n' ' ')" \
  "kerja sama "
path=$T/corpus/id/2023-09-13-putin-undang-kim.txt
enc=$(jq -rn --arg p "$path" '$p | @uri')
ok "a whole-file article by its path (URL-encoded)" "$(get "/api/article/$enc")" "200"
ok "its passages as stored" "$(jq -c '[.path, .key, (.passages | length > 1)]' "$T/body")" "[\"$path\",null,true]"
ok "an unknown key is 404" "$(get /api/article/no-such-key)" "404"

# --- errors: JSON, a fitting status, the parameter named
error_case() { # NAME WANT_STATUS PATH [CURL OPTIONS...]
  local name=$1 want=$2 path=$3
  shift 3
  local got
  got=$(get "$path" "$@")
  ok "$name: $want" "$got $(jq -c '[.error.status, (.error.message | type)]' "$T/body" 2>/dev/null)" \
    "$want [$want,\"string\"]"
}
error_case "no q" 400 /api/search
error_case "n out of range" 400 '/api/search?q=a&n=101'
error_case "n not a number" 400 '/api/search?q=a&n=ten'
error_case "offset too deep" 400 '/api/search?q=a&offset=1000000'
error_case "a bad date" 400 '/api/search?q=a&since=2023-13'
error_case "since after until" 400 '/api/search?q=a&since=2023-10&until=2023-09'
error_case "a bad sort" 400 '/api/search?q=a&sort=random'
error_case "a bad flag" 400 '/api/search?q=a&facets=maybe'
error_case "q not UTF-8" 400 '/api/search?q=%ff%fe'
error_case "like names no article" 400 '/api/search?like=no-such-key'
error_case "nothing to search for" 400 '/api/search?q=%22%22'
error_case "more than 1000 words" 400 "/api/search?q=$(printf 'a+%.0s' $(seq 1 1001))"
error_case "q over 4096 bytes" 414 "/api/search?q=$(head -c 5000 /dev/zero | tr '\0' a)"
error_case "an unknown route" 404 /api/nothing
ok "a path outside the routes is 404, and no file is served" \
  "$(get '/../../etc/passwd' --path-as-is) $(grep -c 'root:' "$T/body")" "404 0"
ok "so is an encoded one" "$(get '/%2e%2e/%2e%2e/etc/passwd' --path-as-is) $(grep -c 'root:' "$T/body")" "404 0"
error_case "POST" 405 /api/search -X POST
ok "405 says what is allowed" "$(header Allow)" "GET, HEAD"
error_case "a body" 413 '/api/search?q=a' -X GET --data-binary hello
ok "a bad parameter is named" "$(get '/api/search?q=a&until=x' > /dev/null; jq -r .error.message "$T/body")" \
  "bad parameter 'until': not a date (2019-09-10, 10/09/2019 or 10 September 2019)"

# --- filters that name nothing, or are no filter: refused, saying what exists
error_case "lang=fr (no article in it)" 400 '/api/search?q=gempa&lang=fr'
ok "lang=fr: the languages the index holds" "$(jq -r .error.message "$T/body")" \
  "unknown lang 'fr': the index holds $("$WARTA_INDEX" --db db --status --json | jq -r '.languages | keys_unsorted | join(", ")')"
error_case "source:detik (no such outlet)" 400 '/api/search?q=gempa+source:detik'
ok "source:detik: the outlets the index holds" "$(jq -r .error.message "$T/body" | grep -c "^unknown source 'detik': the index holds .*Kantor Berita Warta")" "1"
for bad in date:2023-9 date:2023%2F09 date:2023-09-31 date:2023-10..2023-09 'ko*'; do
  error_case "q=undangan $bad" 400 "/api/search?q=undangan+$bad"
done
error_case "a query that only excludes" 400 '/api/search?q=-gempa'
ok "the page says so too, in its language, keeping the query" \
  "$(get '/?q=-gempa') $(grep -c 'hanya berisi pengecualian' "$T/body") $(grep -c 'value="-gempa"' "$T/body")" "400 1 1"
ok "the page names an unknown outlet, lists the others, shows the hits without it" \
  "$(get '/?q=undangan+source:detik') $(grep -c 'Media ini tidak ada di indeks: “detik”; yang ada: .*Kantor Berita Warta' "$T/body") $(grep -c '<li class=\"hit' "$T/body" | awk '{ print ($1 > 0) }')" \
  "400 1 1"
# --- dates as Indonesians write them, on the page and in the API
since=$("$WARTA_QUERY" --db db --count --since 2023-09-10 undangan)
for d in 10/09/2023 10-9-2023 10.09.2023 '10+September+2023' '10+Sep+2023' '10+sept+2023' 2023-09-10; do
  ok "since=$d: as --since 2023-09-10" "$(get "/api/search?q=undangan&since=$d" > /dev/null; jq .total "$T/body")" "$since"
done
ok "until=Agustus+2023: to the end of August" "$(get '/api/search?q=undangan&until=Agustus+2023' > /dev/null; jq .total "$T/body")" \
  "$("$WARTA_QUERY" --db db --count --until 2023-08 undangan)"
ok "a date that is none: 400 on the page, in Indonesian, with the hits without it" \
  "$(get '/?q=undangan&since=31/09/2023') $(grep -c 'Tanggal tidak dikenali: “31/09/2023”' "$T/body") $(grep -c '<li class=\"hit' "$T/body" | awk '{ print ($1 > 0) }') $(grep -c 'value="31/09/2023"' "$T/body")" \
  "400 1 1 1"
ok "and in English with hl=en" "$(get '/?q=undangan&since=31/09/2023&hl=en') $(grep -c 'Not a date: “31/09/2023”' "$T/body")" "400 1"
ok "a huge request line is refused, not served" \
  "$(curl -s -m 30 -o /dev/null -w '%{http_code}' "${URL}api/search?q=a&x=$(head -c 70000 /dev/zero | tr '\0' b)")" "414"

# --- every response carries the safety headers
get '/?q=gempa' > /dev/null
ok "the page is HTML in UTF-8" "$(header Content-Type)" "text/html; charset=utf-8"
ok "nosniff" "$(header X-Content-Type-Options)" "nosniff"
ok "a Content-Security-Policy without script" \
  "$(header Content-Security-Policy | grep -c "default-src 'none'")" "1"
ok "the page holds no script" "$(grep -ci '<script' "$T/body")" "0"
ok "the page marks the words" "$(grep -c '<mark>' "$T/body" | awk '{ print ($1 > 0) }')" "1"
ok "the page has the Indonesian interface by default" "$(grep -c 'artikel</p>\|<html lang="id">' "$T/body" | awk '{ print ($1 > 0) }')" "1"
get '/?q=gempa' -H 'Accept-Language: en-GB,en;q=0.9,id;q=0.5' > /dev/null
ok "Accept-Language: en gives English" "$(grep -c '<html lang="en">' "$T/body")" "1"
get '/?q=gempa&hl=id' -H 'Accept-Language: en' > /dev/null
ok "?hl=id wins over Accept-Language" "$(grep -c '<html lang="id">' "$T/body")" "1"
ok "the article view is 200" "$(get '/article?key=wire-2023-09-002&q=kerja+sama')" "200"
ok "it shows the whole text with the words marked" "$(grep -c '<mark>kerja sama</mark>' "$T/body")" "2"
ok "an unknown article is 404" "$(get '/article?key=nope')" "404"
ok "a bad parameter on the page is 400" "$(get '/?q=a&sort=x')" "400"
ok "the stylesheet" "$(get /style.css) $(header Content-Type)" "200 text/css; charset=utf-8"
ok "the stylesheet has a dark mode and a visible focus" \
  "$(grep -c 'prefers-color-scheme:dark' "$T/body") $(grep -c 'a:focus-visible' "$T/body")" "1 1"

# --- the page's parts: pick-lists, facets, similar articles, the way back
# (tests/browser.sh follows them in a browser)
outlets() { sed -n 's/.*<select name="source">\(.*\)<\/select>.*/\1/p' "$T/body" | grep -o '<option value="[^"]' | wc -l; }
get '/?q=kerja+sama&hl=en' > /dev/null
ok "the outlet pick-list: every outlet of the index" \
  "$(outlets)" "$("$WARTA_INDEX" --db db --status --json | jq '.sources | length')"
ok "a language facet, each value a link that filters by it" \
  "$(grep -A1 '<ul class="langs">' "$T/body" | grep -c '<a href="/?q=kerja%20sama&amp;lang=id&amp;hl=en">Indonesian</a>')" "1"
ok "each hit links to the articles like it" \
  "$(grep -c 'class="similar"' "$T/body")" "$(grep -c '<li class="hit">' "$T/body" | awk '$1 > 0')"
get '/?like=wire-2023-09-002&hl=en' > /dev/null
ok "the page of articles like one: named, the hits as the API's" \
  "$(grep -c '<p class="like">Articles like: <a href="/article?key=wire-2023-09-002&amp;like=wire-2023-09-002&amp;hl=en">Indonesia dan Malaysia' "$T/body") $(grep -c '<li class="hit">' "$T/body")" \
  "1 $(curl -s "${URL}api/search?like=wire-2023-09-002" | jq '.hits | length')"
ok "the form keeps like" "$(grep -c '<input type="hidden" name="like" value="wire-2023-09-002">' "$T/body")" "1"
get '/?q=kerja+sama&since=2023-09&source=example.com&lang=id&sort=newest&offset=2&n=2&per_doc=2&full=1&hl=en' > /dev/null
link=$(grep -o 'href="/article?key=[^"]*' "$T/body" | head -n 1 | sed 's/^href="//; s/&amp;/\&/g')
ok "a hit's article link carries every parameter of the search" "${link#*&}" \
  "q=kerja%20sama&since=2023-09&source=example.com&lang=id&sort=newest&offset=2&n=2&per_doc=2&full=1&hl=en"
get "$link" > /dev/null
ok "and the article's way back returns to that page" \
  "$(grep -o '<a href="/?[^"]*">« Back to the results' "$T/body")" \
  '<a href="/?q=kerja%20sama&amp;since=2023-09&amp;source=example.com&amp;lang=id&amp;sort=newest&amp;offset=2&amp;n=2&amp;per_doc=2&amp;full=1&amp;hl=en">« Back to the results'
ok "the search box is focused on the search page, not in the article view" \
  "$(grep -c 'name="q"[^>]*autofocus' "$T/body") $(get '/?hl=en' > /dev/null; grep -c 'name="q"[^>]*autofocus' "$T/body")" "0 1"
took_total=$(curl -s -m 60 -o "$T/body" -w '%{time_total}' "${URL}?q=kerja+sama")
took=$(grep -oE '<data value="[0-9.]+">' "$T/body" | grep -oE '[0-9.]+')
ok "the time shown is the server's: over 0 ms, under the client's whole wait" \
  "$(awk -v a="$took" -v t="$took_total" 'BEGIN { print (a > 0 && a <= t * 1000) }')" "1"
stop_server
ok "SIGTERM stops it with status 0" "$?" "0"

# --- hostile data is shown as text, never run
mkdir hostile
cat > hostile/x.jsonl <<'JSONL'
{"id": "xss-1", "title": "<script>alert(1)</script>", "date": "2023-09-01", "source": "\"><img src=x onerror=alert(1)>", "url": "javascript:alert(1)", "content": "Berita <script>alert(2)</script> tentang <b>serangan</b> 'kutip' & \"ganda\" </p><iframe src=//x>."}
{"id": "xss-2", "title": "Serangan kedua \" onmouseover=\"alert(3)", "date": "2023-09-02", "source": "Uji", "url": "https://example.com/a\"onmouseover=\"alert(4)", "content": "Serangan kedua melalui atribut."}
JSONL
"$WARTA_INDEX" -q --db hostile.db hostile
start_server hostile hostile.db || exit 1
get '/?q=serangan+alert' > /dev/null
ok "a title <script> is shown as text" "$(grep -c '&lt;script&gt;' "$T/body" | awk '{ print ($1 > 0) }') $(grep -ci '<script' "$T/body")" "1 0"
ok "no tag from the data reaches the page" "$(grep -ciE '<(img|iframe|b)[ >]' "$T/body")" "0"
ok "a javascript: URL is never a link" "$(grep -ci 'href="javascript' "$T/body")" "0"
ok "quotes cannot leave an attribute" "$(grep -c '"onmouseover="\|" onmouseover="' "$T/body")" "0"
ok "the https URL is a link, its quotes escaped" \
  "$(grep -c 'href="https://example.com/a&quot;onmouseover=&quot;alert(4)"' "$T/body")" "1"
get '/article?key=xss-1&q=alert' > /dev/null
ok "the article view escapes too" "$(grep -ci '<script\|<iframe\|<img' "$T/body") $(grep -c '&lt;/p&gt;&lt;iframe' "$T/body")" "0 1"
get '/?q=%3Cscript%3Ealert(5)%3C/script%3E' > /dev/null
ok "the query itself is escaped in the form and the title" "$(grep -ci '<script' "$T/body")" "0"
get '/api/search?q=alert' > /dev/null
ok "the API returns the data as it is, as JSON" "$(jq -r '[.hits[].title] | index("<script>alert(1)</script>") != null' "$T/body")" "true"
stop_server

# --- the nightly run's changes, and a rebuild, without a restart
start_server live db || exit 1
rev0=$(get /healthz > /dev/null; jq .revision "$T/body")
get '/api/search?q=zebrafantastis' > /dev/null
ok "a new word is not there yet" "$(jq .total "$T/body")" "0"
printf 'Zebrafantastis Lepas dari Kebun Binatang\n\nSeekor zebrafantastis lepas dari kebun binatang kota.\n' > corpus/id/2023-10-21-zebra.txt
"$WARTA_INDEX" -q --db db corpus
get '/api/search?q=zebrafantastis' > /dev/null
ok "the nightly run's article is found without a restart" "$(jq -r '.total, .hits[0].title' "$T/body" | tr '\n' '|')" \
  "1|Zebrafantastis Lepas dari Kebun Binatang|"
get /healthz > /dev/null
ok "/healthz shows one more article and a newer revision" \
  "$(jq -c "[.articles, .revision > $rev0]" "$T/body")" "[$((N + 1)),true]"
"$WARTA_INDEX" -q --rebuild --db db corpus
get /healthz > /dev/null
ok "a rebuild swapped in is picked up: generation 2" "$(jq -c '[.generation, .articles]' "$T/body")" "[2,$((N + 1))]"
ok "and searched" "$(get '/api/search?q=zebrafantastis') $(jq .total "$T/body")" "200 1"
get /healthz > /dev/null
rev1=$(jq .revision "$T/body")
"$WARTA_INDEX" -q --db db --compact
get /healthz > /dev/null
ok "--compact: /healthz's revision starts again at 1 (docs/api.md), the rest unchanged" \
  "$((rev1 > 1)) $(jq -c '[.revision, .generation, .articles]' "$T/body")" "1 [1,2,$((N + 1))]"
get '/?hl=en' > /dev/null
ok "the outlet pick-list lacks an outlet the index does not hold" "$(grep -c '>Harian Zebra<' "$T/body")" "0"
echo '{"id": "zebra-2", "title": "Zebra Kembali", "date": "2023-10-22", "source": "Harian Zebra", "content": "Zebra itu kembali ke kandang."}' > corpus/feeds/zebra.jsonl
"$WARTA_INDEX" -q --db db corpus
get '/?hl=en' > /dev/null
ok "a nightly run's new outlet is in the pick-list without a restart" "$(grep -c '<option value="Harian Zebra">Harian Zebra</option>' "$T/body")" "1"
rm corpus/feeds/zebra.jsonl

# --- the index goes away: 503, the engine's words only in the log
rm -rf db
ok "an index that cannot be read: /healthz 503" "$(get /healthz) $(jq -c .error "$T/body")" \
  '503 {"status":503,"message":"the index cannot be read"}'
ok "the reason is logged" "$(grep -c '/healthz: db:' "$T/live.err" | awk '{ print ($1 > 0) }')" "1"
stop_server
ok "and it still stops cleanly" "$?" "0"

# --- slow clients: connections are bounded per address and in time
"$WARTA_INDEX" -q --db db corpus
start_server slow db --per-ip 4 --timeout 2 || exit 1
port=${URL##*:}
port=${port%/}
/usr/bin/python3 - "$port" > slow.out <<'PY'
import http.client, socket, sys, time
port = int(sys.argv[1])
held = []
for _ in range(4):  # half a request each, never finished
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
    held.append(s)
time.sleep(0.3)
def status():
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        c.request("GET", "/healthz")
        return c.getresponse().status
    except (OSError, http.client.HTTPException):
        return "refused"
print("fifth while four are held:", status())
time.sleep(3.5)
closed = 0
for s in held:
    try:
        closed += s.recv(1) == b""
    except OSError:
        closed += 1
print("held connections closed after the timeout:", closed)
print("served again:", status())
PY
ok "a fifth connection from one address is refused" "$(sed -n 1p slow.out)" "fifth while four are held: refused"
ok "idle connections are closed after --timeout" "$(sed -n 2p slow.out)" "held connections closed after the timeout: 4"
ok "then it serves again" "$(sed -n 3p slow.out)" "served again: 200"
stop_server

# --- an index sharded by month: one database per period behind the stub
"$WARTA_INDEX" -q --shard-by month --db sharded.db corpus
start_server sharded sharded.db || exit 1
ok "a sharded index: /healthz" "$(get /healthz) $(jq -c '[.articles, .revision]' "$T/body")" \
  "200 [$((N + 1)),0]"
get '/api/article/wire-2023-09-002?q=kerja+sama' > /dev/null
ok "an article whole from its shard, highlighted" \
  "$(jq -c '[.key, (.passages | length), [.passages[].highlights | length]]' "$T/body")" \
  '["wire-2023-09-002",2,[1,1]]'
get '/api/search?q=kerja+sama&n=5' > /dev/null
ok "the same hits as warta-query on the shards" "$(jq -c '[.hits[] | [.rank, .key, .date]]' "$T/body")" \
  "$("$WARTA_QUERY" --db sharded.db --json -n 5 kerja sama | jq -sc '[.[] | select(.type == "hit") | [.rank, .key, .date]]')"
stop_server

# --- starting
"$WARTA_SERVE" --db nowhere.db --listen 127.0.0.1:0 > /dev/null 2> start.err
ok "no index: exit 4" "$? $(cat start.err)" \
  "4 warta-serve: nowhere.db: no such index (create it with warta-index)"
"$WARTA_SERVE" --db db --listen localhost > /dev/null 2> start.err
ok "a bad --listen: exit 2" "$?" "2"
start_server busy db || exit 1
addr=${URL#http://}
"$WARTA_SERVE" --db db --listen "${addr%/}" > /dev/null 2> start.err
ok "a port in use: exit 7" "$?" "7"
stop_server
"$WARTA_SERVE" --bogus > /dev/null 2> start.err
ok "an unknown option: exit 2" "$?" "2"

done_testing
