# Shared by the TAP test scripts: sourced, not run.

# A failure inside a pipeline is the pipeline's status: helpers that pipe a
# tool's output through jq report the tool's failure (see status_line).
set -o pipefail

n=0 failed=0

# ok NAME GOT WANT: one TAP line; GOT must equal WANT.
ok() {
  n=$((n + 1))
  if [ "$2" = "$3" ]; then
    echo "ok $n - $1"
  else
    echo "not ok $n - $1"
    echo "#   got:  $2"
    echo "#   want: $3"
    failed=$((failed + 1))
  fi
}

# status_line: after a pipeline, print "exit N" when it failed, so that a
# failure shows in the output a test compares instead of hiding behind a pipe.
status_line() {
  local s=$?
  [ "$s" = 0 ] || echo "exit $s"
}

# done_testing: the plan line and the exit status.
done_testing() {
  echo "1..$n"
  exit $((failed > 0))
}

# integrity DB: "ok" when warta-index --check finds the index sound.
integrity() {
  "$WARTA_INDEX" --db "$1" --check > /dev/null 2> "$1.check" && echo ok || sed 's/^/# /' "$1.check"
}

# fingerprint DB: what the index holds, independent of document ids and of
# the order of writing (tests/fingerprint.py, python3-xapian).
fingerprint() {
  /usr/bin/python3 "$WARTA_SRC/tests/fingerprint.py" "$1"
}
