#!/usr/bin/env bash
# Golden end-to-end test: run one case file and compare exactly.
#
# usage: golden.sh CASE
# Environment (set by meson): WARTA_INDEX, WARTA_QUERY, WARTA_EXT (the
# loadable extension without its suffix), WARTA_SRC (the source tree).
#
# A case file is data:
#   # comment lines
#   @ shell command run first, output ignored (repeatable)
#   $ command under test (run by bash in a fresh directory $T)
#   ? expected exit status
#   --- stdout            expected standard output follows, to the next ---
#   --- stderr            expected standard error follows
# Before the case runs, $DB names an index of the project's corpus/ and the
# directory holds a copy of it as `corpus`, so paths print as corpus/...
set -u
case_file=$1
name=$(basename "$case_file" .test)
T=$(mktemp -d "${TMPDIR:-/tmp}/warta-golden.XXXXXX")
trap 'rm -rf "$T"' EXIT
export T DB="$T/corpus.db" NO_COLOR= LC_ALL=C.UTF-8
unset WARTA_DB

setup=() cmd="" want_status=0 section="" want_out="" want_err="" has_err=0
while IFS= read -r line || [ -n "$line" ]; do
  if [ -n "$section" ] && [ "${line#--- }" = "$line" ]; then
    if [ "$section" = out ]; then want_out+="$line"$'\n'; else want_err+="$line"$'\n'; fi
    continue
  fi
  case "$line" in
    "--- stdout") section=out ;;
    "--- stderr") section=err; has_err=1 ;;
    "@ "*) setup+=("${line#@ }") ;;
    "\$ "*) cmd=${line#\$ } ;;
    "? "*) want_status=${line#? } ;;
    "#"*|"") ;;
    *) echo "golden: $case_file: cannot parse: $line" >&2; exit 2 ;;
  esac
done < "$case_file"

cd "$T" || exit 2
cp -R "$WARTA_SRC/corpus" corpus
"$WARTA_INDEX" -q --db "$DB" corpus > /dev/null 2>&1 || { echo "golden: cannot index corpus/"; exit 2; }
for s in "${setup[@]+"${setup[@]}"}"; do bash -c "$s" > /dev/null 2>&1; done
bash -c "$cmd" > "$T/out" 2> "$T/err"
status=$?
fail=0
if [ "$status" != "$want_status" ]; then
  echo "not ok: $name: exit status $status, expected $want_status"
  fail=1
fi
if ! diff -u <(printf '%s' "$want_out") "$T/out" > "$T/diff"; then
  echo "not ok: $name: stdout differs:"; cat "$T/diff"; fail=1
fi
if [ "$has_err" = 1 ] && ! diff -u <(printf '%s' "$want_err") "$T/err" > "$T/diff"; then
  echo "not ok: $name: stderr differs:"; cat "$T/diff"; fail=1
fi
if [ "$fail" = 0 ]; then echo "ok: $name"; else echo "--- stderr was:"; cat "$T/err"; fi
exit $fail
