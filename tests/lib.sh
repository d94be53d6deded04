# Shared by the TAP test scripts: sourced, not run.

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

# done_testing: the plan line and the exit status.
done_testing() {
  echo "1..$n"
  exit $((failed > 0))
}

# integrity DB: "ok" when every FTS index of DB agrees with its content
# (the check needs the tokenizer: the loadable extension).
integrity() {
  local l
  for l in $(sqlite3 "$1" "SELECT substr(name, 5) FROM sqlite_master WHERE type = 'table'
                           AND name GLOB 'fts_[a-z]*' AND name NOT GLOB 'fts_*_*'"); do
    LD_PRELOAD="${WARTA_PRELOAD:-}" ASAN_OPTIONS=detect_leaks=0 sqlite3 "$1" ".load $WARTA_EXT" \
      "INSERT INTO fts_$l(fts_$l, rank) VALUES('integrity-check', 1)" 2>&1 || return 0
  done
  echo ok
}
