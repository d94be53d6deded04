#!/usr/bin/env bash
# Golden end-to-end test: run one case file and compare exactly.
#
# usage: golden.sh CASE
# Environment (set by meson): WARTA_INDEX, WARTA_QUERY, WARTA_SERVE (the
# tools under test), WARTA_SRC (the source tree).
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
# (indexed with --default-source none: its directories are languages and
# kinds, not outlets).
#
# GOLDEN_UPDATE=1 rewrites a failing case's status, stdout and stderr with
# what the command did (for a deliberate change of output: read the diff).
#
# Nothing is taken on trust: a setup step that fails fails the case; the
# command runs with pipefail, so a failure inside a pipeline is its exit
# status; stdout and stderr are compared exactly, and a case without a
# stdout or stderr section expects that stream to be empty.
set -u
case_file=$1
name=$(basename "$case_file" .test)
T=$(mktemp -d "${TMPDIR:-/tmp}/warta-golden.XXXXXX")
R=$(mktemp -d "${TMPDIR:-/tmp}/warta-golden-run.XXXXXX") # the runner's files, out of the case's way
trap 'rm -rf "$T" "$R"' EXIT
export T DB="$T/corpus.db" NO_COLOR= LC_ALL=C.UTF-8
# The index's clock, fixed (common/clock.h): the articles' added and
# changed times, and what --added-since 24h means, are the same every run.
export WARTA_NOW=1764547200 TZ=UTC # 2025-12-01T00:00:00Z
unset WARTA_DB

setup=() cmd="" want_status=0 section="" want_out="" want_err=""
while IFS= read -r line || [ -n "$line" ]; do
  if [ -n "$section" ] && [ "${line#--- }" = "$line" ]; then
    if [ "$section" = out ]; then want_out+="$line"$'\n'; else want_err+="$line"$'\n'; fi
    continue
  fi
  case "$line" in
    "--- stdout") section=out ;;
    "--- stderr") section=err ;;
    "@ "*) setup+=("${line#@ }") ;;
    "\$ "*) cmd=${line#\$ } ;;
    "? "*) want_status=${line#? } ;;
    "#"*|"") ;;
    *) echo "golden: $case_file: cannot parse: $line" >&2; exit 2 ;;
  esac
done < "$case_file"
if [ -z "$cmd" ]; then echo "golden: $case_file: no command (\$ line)" >&2; exit 2; fi

cd "$T" || exit 2
cp -R "$WARTA_SRC/corpus" corpus
"$WARTA_INDEX" -q --db "$DB" --default-source none corpus > /dev/null 2>&1 || { echo "golden: cannot index corpus/"; exit 2; }
for s in "${setup[@]+"${setup[@]}"}"; do
  if ! bash -o pipefail -c "$s" > "$R/setup.log" 2>&1; then
    echo "not ok: $name: setup step failed: $s"
    cat "$R/setup.log"
    exit 1
  fi
done
bash -o pipefail -c "$cmd" > "$R/out" 2> "$R/err"
status=$?
fail=0
if [ "$status" != "$want_status" ]; then
  echo "not ok: $name: exit status $status, expected $want_status"
  fail=1
fi
if ! diff -u <(printf '%s' "$want_out") "$R/out" > "$R/diff"; then
  echo "not ok: $name: stdout differs:"; cat "$R/diff"; fail=1
fi
if ! diff -u <(printf '%s' "$want_err") "$R/err" > "$R/diff"; then
  echo "not ok: $name: stderr differs:"; cat "$R/diff"; fail=1
fi
if [ "$fail" = 0 ]; then echo "ok: $name"; else echo "--- stderr was:"; cat "$R/err"; fi
if [ "$fail" = 1 ] && [ "${GOLDEN_UPDATE:-}" = 1 ]; then
  {
    sed -n '/^? /q;/^--- /q;p' "$case_file"
    echo "? $status"
    if [ -s "$R/out" ]; then echo "--- stdout"; cat "$R/out"; fi
    if [ -s "$R/err" ]; then echo "--- stderr"; cat "$R/err"; fi
  } > "$R/case" && cp "$R/case" "$case_file" && echo "updated: $case_file"
fi
exit $fail
