#!/usr/bin/env bash
# Developer tool: (re)write the expected output of golden cases from what the
# build does now. Review the diff (git diff tests/golden) before committing.
# usage: tests/bless.sh BUILDDIR CASE...
set -eu
build=$(cd "$1" && pwd); shift
src=$(cd "$(dirname "$0")/.." && pwd)
for case_file in "$@"; do
  case_file=$(cd "$(dirname "$case_file")" && pwd)/$(basename "$case_file")
  T=$(mktemp -d)
  head=$(sed '/^--- /,$d' "$case_file")
  cmd=$(printf '%s\n' "$head" | sed -n 's/^\$ //p')
  (
    cd "$T"
    cp -R "$src/corpus" corpus
    export T DB="$T/corpus.db" NO_COLOR= LC_ALL=C.UTF-8 WARTA_SRC="$src"
    export WARTA_INDEX="$build/indexer/warta-index" WARTA_QUERY="$build/query/warta-query" WARTA_SERVE="$build/serve/warta-serve"
    unset WARTA_DB
    "$WARTA_INDEX" -q --db "$DB" --default-source none corpus > /dev/null 2>&1
    printf '%s\n' "$head" | sed -n 's/^@ //p' | while IFS= read -r s; do bash -c "$s" > /dev/null 2>&1 || true; done
    set +e
    bash -c "$cmd" > out 2> err
    status=$?
    set -e
    printf '%s\n' "$head" | sed '/^? /d'
    printf '? %s\n--- stdout\n' "$status"
    cat out
    if grep -q '^--- stderr' "$case_file" || [ -s err ]; then printf -- '--- stderr\n'; cat err; fi
  ) > "$T.case"
  mv "$T.case" "$case_file"
  rm -rf "$T"
  echo "blessed $case_file"
done
