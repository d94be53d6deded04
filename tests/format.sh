#!/usr/bin/env bash
# The house style is the repository's .clang-format: every C and C++ source
# (the git-tracked ones, or all below the source tree outside a clone) is
# as clang-format leaves it, as scripts/format --check finds (the check
# scripts/check also runs first). TAP output.
#
# Environment (set by meson): WARTA_SRC.
set -u
cd "$WARTA_SRC" || exit 1
. tests/lib.sh
ok "clang-format is installed (scripts/deps)" "$(command -v clang-format > /dev/null && echo yes)" "yes"
unformatted=$(scripts/format --check | tr '\n' ' ')
ok "every source is as clang-format leaves it (scripts/format FILE)" "$unformatted" ""
# a file that is not as clang-format leaves it is named: the check can fail
tmp=$(mktemp -d) || exit 1
printf 'int  main( void ){return 0;}\n' > "$tmp/bad.c"
cp .clang-format "$tmp/"
ok "the check names a file clang-format would change" "$(scripts/format --check "$tmp/bad.c")" "$tmp/bad.c"
rm -rf "$tmp"
ok "sources were found" "$( (git ls-files '*.c' 2> /dev/null || find . -name '*.c') | head -1 | grep -c .)" "1"
done_testing
