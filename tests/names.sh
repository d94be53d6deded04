#!/usr/bin/env bash
# Names and acronyms: an acronym the articles write out is learned by the
# index (and forgotten when they no longer do), a query for it finds
# articles that write only the long name and the reverse, locally and
# through remote shards (xapian-tcpsrv on 127.0.0.1, bounded in time,
# stopped at the end); the built-in synonyms and a file of one's own;
# --exact, quoted phrases; a malformed synonyms file is a usage error. TAP.
#
# Environment (set by meson): WARTA_INDEX, WARTA_QUERY, WARTA_SRC.
set -u
T=$(mktemp -d "${TMPDIR:-/tmp}/warta-names.XXXXXX")
trap 'stop_pids; rm -rf "$T"' EXIT
cd "$T" || exit 1
export NO_COLOR=1
. "$WARTA_SRC/tests/lib.sh"
. "$WARTA_SRC/tests/tcpsrv-lib.sh"

mkdir -p news
art() { # NAME TITLE BODY
  printf '%s\n\n%s\n' "$2" "$3" > "news/$1.txt"
}
# four articles write the made-up body out, both ways round
art 2023-09-01-pair1 'Survei Terumbu Karang' \
  'Badan Riset Kelautan Nusantara (BRKN) meneliti terumbu karang di Selat Makassar.'
art 2023-09-02-pair2 'Kapal Riset Baru' \
  'Kapal riset milik Badan Riset Kelautan Nusantara (BRKN) berlayar ke Laut Banda.'
art 2023-09-03-pair3 'Anggaran Penelitian Laut' \
  'Ketua Badan Riset Kelautan Nusantara (BRKN) meminta anggaran penelitian naik.'
art 2023-09-04-pair4 'Data Arus Laut' \
  'Menurut BRKN (Badan Riset Kelautan Nusantara), data arus laut kini terbuka.'
# one writes the acronym alone, one the long name alone
art 2023-09-05-acronym-only 'Tuna Sirip Biru' 'BRKN mencatat tuna sirip biru bertelur di perairan timur.'
art 2023-09-06-name-only 'Laporan Tuna Sirip Kuning' \
  'Badan Riset Kelautan Nusantara menerbitkan laporan tuna sirip kuning di perairan barat.'
# the long name's words, apart
art 2023-09-10-apart 'Riset Dunia' 'Riset kelautan di kawasan Nusantara dibahas sebuah badan dunia.'
# the built-in synonyms: KPK is never written out here
art 2023-09-07-kpk-long 'Saksi Diperiksa' 'Komisi Pemberantasan Korupsi memeriksa dua saksi proyek jalan.'
art 2023-09-08-kpk-short 'Tersangka Ditahan' 'KPK menahan tersangka proyek jembatan.'
# a name no list knows
art 2023-09-09-budi 'Pengusaha Budi Santoso' 'Budi Santoso membuka pabrik sepatu di Bandung.'
# letters that do not fit: not learned (and a fifth "pair" of it would not help)
for i in 1 2 3; do
  art "2023-09-1$i-nofit$i" "Kabar Daerah $i" "Kepala Dinas Pariwisata Daerah (KDPX) meresmikan taman kota ke-$i."
done

"$WARTA_INDEX" -q --db db news
ok "the corpus is indexed" "$?" "0"

count() { "$WARTA_QUERY" --db "${DB:-db}" --count "$@" 2>&1; }
keys() { # the paths of the hits, by rank, as file names
  "$WARTA_QUERY" --db "${DB:-db}" --json -n 20 "$@" | jq -r 'select(.type == "hit") | .path' |
    sed 's|.*/||; s|\.txt$||' | tr '\n' ' '
}

# learned: the pair is in the index, counted per article
ok "the index records the pair (4 articles)" \
  "$("$WARTA_QUERY" --db db --analyze BRKN | grep -P '^badan riset kelautan nusantara\tbrkn\t')" \
  "badan riset kelautan nusantara	brkn	learned from 4 articles	0.5"
ok "letters that do not fit are not learned" \
  "$("$WARTA_QUERY" --db db --analyze KDPX | grep -c learned)" "0"
ok "BRKN alone, --exact: the articles writing it" "$(count --exact BRKN)" "5"
ok "BRKN finds the article that writes only the long name" "$(count BRKN)" "6"
ok "... below those that write BRKN (a lower weight)" \
  "$(keys BRKN | awk '{ for (i = 1; i <= NF; i++) if ($i == "2023-09-06-name-only") print (i == NF) }')" "1"
ok "the long name finds the article that writes only BRKN" \
  "$(keys Badan Riset Kelautan Nusantara | grep -c 2023-09-05-acronym-only)" "1"
ok "... and --exact does not" \
  "$(keys --exact Badan Riset Kelautan Nusantara | grep -c 2023-09-05-acronym-only)" "0"
ok "a quoted phrase is its words as written: not expanded" \
  "$(count '"Badan Riset Kelautan Nusantara"')" "5"
ok "the expansion is a phrase: its words apart do not match" \
  "$(keys BRKN | grep -c 2023-09-10-apart)" "0"
ok "acrmin: a pair needs that many articles" "$(count --rank acrmin=5 BRKN)" "5"
ok "expand=0 turns names off" "$(count --rank expand=0 BRKN)" "5"
ok "--explain names what a hit holds" \
  "$("$WARTA_QUERY" --db db --json --explain -n 20 BRKN |
    jq -r 'select(.type == "hit" and (.path | test("name-only"))) | .explain' | grep -o 'names held: .*')" \
  'names held: "badan riset kelautan nusantara" (x0.5)'
ok "-v shows them in the plan" \
  "$("$WARTA_QUERY" --db db -v --count BRKN 2>&1 | grep -c 'also for "badan riset kelautan nusantara"')" "1"

# the built-in synonyms, and one's own
ok "KPK finds Komisi Pemberantasan Korupsi (built-in list)" "$(keys KPK)" \
  "2023-09-08-kpk-short 2023-09-07-kpk-long "
ok "and the reverse" "$(keys Komisi Pemberantasan Korupsi)" "2023-09-07-kpk-long 2023-09-08-kpk-short "
ok "--synonyms /dev/null turns the list off" "$(keys --synonyms /dev/null KPK)" "2023-09-08-kpk-short "
cat > syn.txt << 'SYN'
# our own names
Bang Budi = Budi Santoso   # the desk's nickname
SYN
ok "a synonyms file of one's own" "$(keys --synonyms syn.txt Bang Budi)" "2023-09-09-budi "
ok "which replaces the built-in list" "$(count --synonyms syn.txt --exact KPK) $(count --synonyms syn.txt KPK)" "1 1"
printf 'KPK = Komisi Pemberantasan Korupsi\n\nJokowi Joko Widodo\n' > bad.txt
"$WARTA_QUERY" --db db --synonyms bad.txt KPK > bad.out 2> bad.err
ok "a malformed line is a usage error naming the file and the line" "$? $(cat bad.err)" \
  "2 warta-query: bad.txt:3: a group needs two names or more, separated by '='"
printf 'A = # nothing\n' > empty.txt
"$WARTA_QUERY" --db db --synonyms empty.txt KPK > /dev/null 2> empty.err
ok "a name with no word is one too" "$? $(cat empty.err)" "2 warta-query: empty.txt:1: a name with no word in it"
"$WARTA_QUERY" --db db --synonyms missing.txt KPK > /dev/null 2> missing.err
ok "a file that cannot be read is named" "$? $(cat missing.err)" \
  "2 warta-query: missing.txt: No such file or directory"

# warta-serve: --synonyms at its start, exact=1 per request
printf 'x\n' > one.txt
timeout 20 "$WARTA_SERVE" --db db --synonyms one.txt --listen 127.0.0.1:0 > /dev/null 2> serve-bad.err
ok "warta-serve refuses a malformed synonyms file (exit 2)" "$? $(cat serve-bad.err)" \
  "2 warta-serve: one.txt:1: a group needs two names or more, separated by '='"
timeout 60 "$WARTA_SERVE" --db db --listen 127.0.0.1:0 > serve.out 2> serve.err &
pids+=($!)
for _ in $(seq 1 100); do [ -s serve.out ] && break; sleep 0.1; done
url=$(head -n 1 serve.out)
api() { curl -s --max-time 20 "${url}api/search?$1" | jq -c "$2"; }
ok "the API: BRKN finds the long name" "$(api 'q=BRKN&count=1' .total)" "6"
ok "the API: exact=1 turns names off" "$(api 'q=BRKN&count=1&exact=1' .total)" "5"
ok "the API: exact=2 is a bad parameter" "$(api 'q=BRKN&exact=2' .error.status)" "400"
page() { curl -s --max-time 20 "${url}?$1"; }
ok "the page offers exact words, unchecked" \
  "$(page 'q=BRKN' | grep -c 'name="exact" value="1">')" "1"
ok "the page with exact=1: checked, and kept in its feed's links" \
  "$(page 'q=BRKN&exact=1' | grep -c -e 'name="exact" value="1" checked>' -e 'href="/feed?q=BRKN&amp;exact=1"')" "3"
ok "the page with exact=1 shows the articles writing BRKN alone" \
  "$(page 'q=BRKN&exact=1' | grep -c '<li class="hit">') $(page 'q=BRKN' | grep -c '<li class="hit">')" "5 6"
stop_pids

# incremental runs take the evidence away and give it back
mkdir -p aside
mv news/2023-09-02-pair2.txt news/2023-09-03-pair3.txt aside/
"$WARTA_INDEX" -q --db db news
ok "two articles gone: the pair is below acrmin" "$(count BRKN)" "3"
art 2023-09-01-pair1 'Survei Terumbu Karang' 'BRKN meneliti terumbu karang di Selat Makassar.'
mv aside/* news/
"$WARTA_INDEX" -q --db db news
ok "an article that no longer writes it out: 3 articles" \
  "$("$WARTA_QUERY" --db db --analyze BRKN | grep -oP 'learned from \d+')" "learned from 3"
ok "back at acrmin: learned again" "$(count BRKN)" "6"

# remote shards: the query host has only a stub of remote lines
need_tcpsrv xapian-tcpsrv
"$WARTA_INDEX" -q --db sharded --shard-by month news
: > remote.stub
: > local.stub
for s in undated 2023-09; do
  serve_shard "$s" "$PWD/sharded/live/$s"
  echo "remote 127.0.0.1:${port[$s]}" >> remote.stub
  echo "auto $PWD/sharded/live/$s" >> local.stub
done
DB=remote.stub
ok "through remote shards, BRKN finds the long name" "$(count BRKN)" "6"
ok "the learned pair comes from the remote shards" \
  "$("$WARTA_QUERY" --db remote.stub --analyze BRKN | grep -oP 'learned from \d+')" "learned from 3"
ok "the long name finds BRKN remotely" "$(keys Badan Riset Kelautan Nusantara | grep -c acronym-only)" "1"
ok "KPK finds the long name remotely (built-in list)" "$(keys KPK)" \
  "2023-09-08-kpk-short 2023-09-07-kpk-long "
ok "and the reverse" "$(keys Komisi Pemberantasan Korupsi)" "2023-09-07-kpk-long 2023-09-08-kpk-short "
ok "remote answers equal the local shards'" "$(keys BRKN)" "$(DB=local.stub keys BRKN)"
stop_pids

done_testing
