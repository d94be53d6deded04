#!/usr/bin/env bash
# The golden runner (tests/golden.sh) cannot pass a case that is wrong:
# deliberately wrong cases, each with one flaw, must fail, and a right one
# must pass. A test of the runner, not a member of the golden suite. TAP.
#
# Environment (set by meson): WARTA_INDEX, WARTA_QUERY, WARTA_SRC.
set -u
set -o pipefail
T=$(mktemp -d "${TMPDIR:-/tmp}/warta-runner.XXXXXX")
trap 'rm -rf "$T"' EXIT
. "$WARTA_SRC/tests/lib.sh"

# verdict NAME CASE-TEXT: "pass" or "fail (N)" as golden.sh judges the case
verdict() {
  printf '%s\n' "$2" > "$T/$1.test"
  "$WARTA_SRC/tests/golden.sh" "$T/$1.test" > "$T/$1.log" 2>&1
  local s=$?
  if [ "$s" = 0 ]; then echo pass; else echo "fail"; fi
}

right='$ $WARTA_QUERY --db "$DB" --count gempa
? 0
--- stdout
1'
ok "a right case passes" "$(verdict right "$right")" "pass"

ok "a wrong stdout fails" "$(verdict stdout '$ $WARTA_QUERY --db "$DB" --count gempa
? 0
--- stdout
2')" "fail"

ok "a wrong exit status fails" "$(verdict status '$ $WARTA_QUERY --db "$DB" --count gempa
? 1
--- stdout
1')" "fail"

ok "stderr without a stderr section fails (it must be empty)" \
  "$(verdict stderr '$ $WARTA_QUERY --db "$DB" --count gempa; echo oops >&2
? 0
--- stdout
1')" "fail"

ok "a wrong stderr fails" "$(verdict stderr2 '$ $WARTA_QUERY --db none.db gempa
? 4
--- stderr
warta-query: something else')" "fail"

ok "a failing setup step fails the case" "$(verdict setup "@ false
$right")" "fail"

ok "a failure inside a pipeline is the exit status" "$(verdict pipe '$ $WARTA_QUERY --db none.db --count gempa 2>/dev/null | cat
? 0')" "fail"

ok "a case without a command is an error" "$(verdict nocmd '? 0')" "fail"

ok "a right case passes again (the runner keeps its files apart)" \
  "$(verdict apart '$ echo x > out; echo y > err; cat out
? 0
--- stdout
x')" "pass"

done_testing
