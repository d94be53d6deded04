#!/usr/bin/env bash
# What a person at a terminal notices at once: the progress line fits the
# terminal's width (on a pseudo-terminal of 40 columns, and from $COLUMNS
# when the terminal tells no size), and an interrupted run says so, with a
# summary that counts exactly what the index holds. TAP output.
#
# Environment (set by meson): WARTA_INDEX, WARTA_QUERY, WARTA_SRC.
set -u
T=$(mktemp -d "${TMPDIR:-/tmp}/warta-term.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
cp -R "$WARTA_SRC/corpus" corpus
. "$WARTA_SRC/tests/lib.sh"

# widest progress line drawn (each is "\r\e[K" + text) and how many were
widest() {
  python3 -c '
import re, sys
data = sys.stdin.buffer.read().decode("utf-8", "replace")
drawn = [p for p in data.split("\r\x1b[K") if p.startswith("warta-index: ")]
drawn = [re.split(r"[\r\n]", p)[0] for p in drawn]
print(max(map(len, drawn), default=0), len(drawn) > 0)'
}

if command -v script > /dev/null && command -v stty > /dev/null; then
  out=$(script -qec "stty cols 40; '$WARTA_INDEX' --db p40.db corpus" /dev/null | widest)
  ok "on a terminal of 40 columns the progress line is cut to 39" "$out" "39 True"
  out=$(script -qec "stty cols 0; COLUMNS=30 '$WARTA_INDEX' --db p30.db corpus" /dev/null | widest)
  ok "a terminal that tells no width: \$COLUMNS (30)" "$out" "29 True"
  out=$(script -qec "stty cols 200; '$WARTA_INDEX' --db p200.db corpus" /dev/null | widest)
  ok "a wide terminal gets the whole line" "$([ "${out% *}" -gt 40 ] && echo "${out#* }")" "True"
else
  for i in 1 2 3; do echo "ok $((n += 1)) # SKIP no script(1) or stty(1): no pseudo-terminal"; done
fi

# interrupted exactly after the 5th article (as ^C would, at that moment)
WARTA_FAULT=interrupt:5 "$WARTA_INDEX" --db i.db --json corpus > i.json 2> i.err
ok "an interrupted run exits 130" "$?" "130"
ok "its summary counts what was written and says it was interrupted" \
  "$(jq -c '{added, updated, interrupted}' i.json)" '{"added":5,"updated":0,"interrupted":true}'
ok "which is exactly what the index holds" "$("$WARTA_INDEX" --db i.db --status --json | jq .documents)" "5"
ok "it said nothing else" "$(cat i.err)" ""
ok "--status shows the last run as interrupted" \
  "$("$WARTA_INDEX" --db i.db --status | grep -c '^last run   .*, interrupted$')" "1"
WARTA_FAULT=interrupt:3 "$WARTA_INDEX" --db j.db corpus > j.txt 2>&1
ok "the summary for a person says so too" "$? $(grep -c '^interrupted: the work done so far is kept' j.txt)" "130 1"
ok "and counts 3 documents" "$(sed -n 1p j.txt)" "3 documents: 3 added, 0 updated, 0 unchanged, 0 deleted"
out=$("$WARTA_INDEX" --db i.db --json corpus | jq -c '{added, unchanged, interrupted}')
ok "the next run goes on from there" "$out" '{"added":31,"unchanged":5,"interrupted":false}'
"$WARTA_INDEX" -q --db clean.db corpus
ok "ending with what an uninterrupted run builds" "$(fingerprint i.db)" "$(fingerprint clean.db)"

done_testing
