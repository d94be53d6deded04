#!/usr/bin/env bash
# A shared machine as docs/nightly.md sets it up: a system user indexes,
# another user queries the index as it is, and so does everyone from a
# read-only mount. Run as root (or through password-less sudo), with two
# throwaway users (removed at the end); skipped only when users cannot be
# switched. TAP output.
#
# Environment (set by meson): WARTA_INDEX, WARTA_QUERY, WARTA_SRC.
set -u
skip() {
  echo "1..0 # SKIP $1"
  exit 0
}
# not root: again as root through sudo when it asks for no password (as
# scripts/deps does), keeping the environment the tests need
if [ "$(id -u)" != 0 ] && command -v sudo > /dev/null && sudo -n true 2> /dev/null; then
  exec sudo -n env WARTA_INDEX="$WARTA_INDEX" WARTA_QUERY="$WARTA_QUERY" WARTA_SRC="$WARTA_SRC" \
    ASAN_OPTIONS="${ASAN_OPTIONS-}" UBSAN_OPTIONS="${UBSAN_OPTIONS-}" bash "$0" "$@"
fi
[ "$(id -u)" = 0 ] || skip "not root and no password-less sudo: cannot create users and switch to them"
for c in useradd userdel setpriv; do
  command -v "$c" > /dev/null || skip "no $c: cannot create users and switch to them"
done
ix=wix$$ jr=wjr$$ # the indexing user (warta in the docs) and a journalist
T=$(mktemp -d "${TMPDIR:-/tmp}/warta-users.XXXXXX")
ro_mounted=0
cleanup() {
  [ "$ro_mounted" = 1 ] && umount "$T/ro"
  userdel "$ix" 2> /dev/null
  userdel "$jr" 2> /dev/null
  getent group "$ix" > /dev/null && groupdel "$ix" 2> /dev/null
  getent group "$jr" > /dev/null && groupdel "$jr" 2> /dev/null
  rm -rf "$T"
}
trap cleanup EXIT
chmod 755 "$T"
cd "$T" || exit 1
. "$WARTA_SRC/tests/lib.sh"
for u in "$ix" "$jr"; do
  useradd --system --user-group --home-dir "$T/srv/warta" --shell /usr/sbin/nologin "$u" ||
    skip "useradd failed: cannot create users"
done
# run a command as a user, the environment kept (the sanitizers' options)
as() {
  local u=$1
  shift
  setpriv --reuid="$u" --regid="$u" --init-groups -- "$@"
}
as "$jr" true || skip "setpriv cannot switch users here"

# docs/nightly.md, "One user indexes, everyone reads"
cp -R "$WARTA_SRC/corpus" archive
chmod -R go-w archive
install -d -o "$ix" -g "$ix" -m 755 srv/warta
DB=$T/srv/warta/news.db
as "$ix" sh -c 'umask 022; exec "$@"' sh "$WARTA_INDEX" -q --db "$DB" "$T/archive"
ok "the indexing user indexes the archive" "$?" "0"
ok "the index belongs to the indexing user" "$(find srv/warta ! -user "$ix" | wc -l)" "0"

before=$(cd srv/warta && find . -printf '%p %s %T@\n' | sort)
out=$(as "$jr" "$WARTA_QUERY" --db "$DB" --count gempa 2> err.txt)
ok "another user queries it" "$? $out $(wc -c < err.txt)" "0 1 0"
out=$(as "$jr" env WARTA_DB="$DB" "$WARTA_QUERY" -n 1 --json gempa -Ambon 2> err.txt | jq -r 'select(.type == "hit") | .title')
ok "through WARTA_DB too" "$? $(wc -c < err.txt)" "0 0"
ok "finding the article" "$out" "Gempa Magnitudo 5,1 Guncang Selatan Jawa Barat, Tidak Berpotensi Tsunami"
out=$(as "$jr" "$WARTA_INDEX" --db "$DB" --status --json 2> err.txt | jq .documents)
ok "and sees what it holds (--status)" "$? $out $(wc -c < err.txt)" "0 36 0"
as "$jr" "$WARTA_QUERY" --db "$DB" --queries - > /dev/null 2>&1 <<< $'gempa\nPutin undangan'
ok "a batch of queries works as well" "$?" "0"
as "$jr" "$WARTA_INDEX" -q --db "$DB" "$T/archive" > /dev/null 2> err.txt
ok "the other user cannot update it (status 4)" "$?" "4"
ok "and is told why" "$(grep -c 'cannot take the lock: Permission denied' err.txt)" "1"
as "$jr" "$WARTA_INDEX" --db "$DB" --check > out.txt 2> err.txt
ok "--check says it needs the owner (status 4)" "$? $(grep -c 'run --check as the index' err.txt)" "4 1"
ok "reading left the index exactly as it was" "$(cd srv/warta && find . -printf '%p %s %T@\n' | sort)" "$before"

printf 'Gempa Susulan\n\nGempa susulan terasa di Garut.\n' > archive/id/susulan.txt
as "$ix" sh -c 'umask 022; exec "$@"' sh "$WARTA_INDEX" -q --db "$DB" "$T/archive"
ok "the indexing user updates it after the readers" "$?" "0"
ok "and they see the update" "$(as "$jr" "$WARTA_QUERY" --db "$DB" --count gempa 2>&1)" "2"
as "$ix" "$WARTA_INDEX" --db "$DB" --check > /dev/null 2> err.txt
ok "the owner's --check finds it sound" "$? $(cat err.txt)" "0 "

# a read-only mount: a bind mount remounted read-only when this machine
# allows it, else the same index made read-only for a user who is not root
mkdir ro
if mount --bind "$T/srv/warta" ro 2> /dev/null; then
  ro_mounted=1
  mount -o remount,bind,ro ro 2> /dev/null || { umount ro; ro_mounted=0; }
fi
if [ "$ro_mounted" = 1 ]; then
  reader=root
  as_reader() { "$@"; }
else
  cp -a srv/warta/news.db ro/ && chmod -R a-w ro
  reader=$jr
  as_reader() { as "$jr" "$@"; }
fi
echo "# read-only index: $([ "$ro_mounted" = 1 ] && echo "a read-only bind mount, read by root" || echo "files without write permission, read by $reader")"
out=$(as_reader "$WARTA_QUERY" --db "$T/ro/news.db" --count gempa 2> err.txt)
ok "a read-only index is queried" "$? $out $(wc -c < err.txt)" "0 2 0"
out=$(as_reader "$WARTA_INDEX" --db "$T/ro/news.db" --status --json 2> err.txt | jq .documents)
ok "and described" "$? $out $(wc -c < err.txt)" "0 37 0"
as_reader "$WARTA_INDEX" -q --db "$T/ro/news.db" "$T/archive" > /dev/null 2> err.txt
ok "and not written (status 4, with a message)" "$? $(grep -c 'cannot take the lock' err.txt)" "4 1"

done_testing
