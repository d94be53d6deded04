#!/usr/bin/env bash
# The house style is the repository's .clang-format: every C and C++ source
# (the git-tracked ones, or all below the source tree outside a clone) is
# as clang-format leaves it. TAP output.
#
# Environment (set by meson): WARTA_SRC.
set -u
cd "$WARTA_SRC" || exit 1
. tests/lib.sh
if git rev-parse --is-inside-work-tree > /dev/null 2>&1; then
  files=$(git ls-files '*.c' '*.h' '*.cc')
else
  files=$(find . -path './build*' -prune -o \( -name '*.c' -o -name '*.h' -o -name '*.cc' \) -print)
fi
ok "clang-format is installed (scripts/deps)" "$(command -v clang-format > /dev/null && echo yes)" "yes"
unformatted=""
for f in $files; do
  clang-format --dry-run -Werror "$f" > /dev/null 2>&1 || unformatted+="$f "
done
ok "every source is as clang-format leaves it (clang-format -i FILE)" "$unformatted" ""
ok "sources were found" "$([ -n "$files" ] && echo yes)" "yes"
done_testing
