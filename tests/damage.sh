#!/usr/bin/env bash
# A damaged index is noticed by warta-index itself (status 4 and a message),
# by --check and by warta-query, whatever is damaged: the engine's files, the
# state, a generation, the stub. Version markers are read strictly: a newer
# schema in the state or in the engine is refused with status 5, never read
# as this one (not even by --auto-rebuild). What a killed run leaves for the
# next run is told apart from damage; a rebuild out of space cleans up. TAP
# output.
#
# Environment (set by meson): WARTA_INDEX, WARTA_QUERY, WARTA_SRC.
set -u
T=$(mktemp -d "${TMPDIR:-/tmp}/warta-damage.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
cp -R "$WARTA_SRC/corpus" corpus
. "$WARTA_SRC/tests/lib.sh"

"$WARTA_INDEX" -q --db base.db corpus
ok "the undamaged index builds" "$?" "0"
fresh() { rm -rf d.db && cp -a base.db d.db; }

# status of each tool on d.db: "index N check N query N"
statuses() {
  local i c q
  "$WARTA_INDEX" -q --db d.db corpus > /dev/null 2> index.err; i=$?
  "$WARTA_INDEX" --db d.db --check > /dev/null 2> check.err; c=$?
  "$WARTA_QUERY" --db d.db gempa > /dev/null 2> query.err; q=$?
  echo "index $i check $c query $q"
}
said() { grep -c -- "$2" "$1.err"; }
# bytes that are no page of any table, at a place of the file
scribble() { head -c "$3" /dev/zero | tr '\0' 'x' | dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }

fresh
truncate -s 8192 d.db/g1/xapian/postlist.glass
ok "a truncated postlist: every tool says so" "$(statuses)" "index 4 check 4 query 4"
ok "warta-index names the index" "$(said index 'warta-index: d.db: ')" "1"

fresh
scribble d.db/g1/xapian/postlist.glass 8192 16384
ok "garbage in the postlist: every tool says so" "$(statuses)" "index 4 check 4 query 4"
ok "as damage" "$(said index 'damaged index')" "1"

fresh
scribble d.db/g1/state.sqlite 0 4096
ok "garbage in the state: warta-index and --check say so" "$(statuses)" "index 4 check 4 query 0"
ok "naming the state" "$(said index 'state: file is not a database')" "1"

fresh
sqlite3 d.db/g1/state.sqlite "DELETE FROM articles WHERE key = ''"
ok "a state that lost articles: warta-index and --check say so" "$(statuses)" "index 4 check 4 query 0"
ok "warta-index compares the engine with the state" "$(said index 'the engine holds 36 articles, the state records [0-9]')" "1"

fresh
rm -r d.db/g1
ok "a missing generation: every tool says so" "$(statuses)" "index 4 check 4 query 4"
ok "and warta-index creates nothing" "$(ls d.db | tr '\n' ' ')" "XAPIANDB live writer.lock "

fresh
echo "auto g7/xapian" > d.db/XAPIANDB
ok "a stub naming a missing generation: every tool says so" "$(statuses)" "index 4 check 4 query 4"
ok "warta-index names the generation" "$(said index 'names generation g7, which is missing')" "1"
ok "warta-query too" "$(said query 'names generation g7, whose database d.db/g7/xapian is missing')" "1"
ok "and the generation that holds the index is not removed" "$(ls d.db | tr '\n' ' ')" "XAPIANDB g1 live writer.lock "
echo "auto g1/xapian" > d.db/XAPIANDB
ok "with the stub put right, the index is whole again" "$(integrity d.db)" "ok"

# version markers: one past the schema this warta writes
fresh
newer=$(($(sqlite3 d.db/g1/state.sqlite "SELECT value FROM meta WHERE key = 'schema_version'") + 1))
sqlite3 d.db/g1/state.sqlite "UPDATE meta SET value = '$newer' WHERE key = 'schema_version'"
ok "a newer schema in the state: refused (warta-query reads only the engine)" \
  "$(statuses)" "index 5 check 5 query 0"
ok "saying a newer warta wrote it" "$(said index "written by a newer warta (index schema $newer in the state)")" "1"
"$WARTA_INDEX" -q --auto-rebuild --db d.db corpus 2> /dev/null
ok "--auto-rebuild does not rebuild it" "$?" "5"
"$WARTA_INDEX" --status --db d.db > /dev/null 2> status.err
ok "--status refuses it too" "$? $(said status 'newer warta')" "5 1"

fresh
sqlite3 d.db/g1/state.sqlite "UPDATE meta SET value = '2.1' WHERE key = 'schema_version'"
ok "a schema version that is no number is damage" "$(statuses)" "index 4 check 4 query 0"

fresh
/usr/bin/python3 -c 'import sys, xapian; db = xapian.WritableDatabase(sys.argv[1], xapian.DB_OPEN); db.set_metadata("warta.schema_version", sys.argv[2]); db.commit()' d.db/g1/xapian "$newer"
ok "a newer schema in the engine: refused by every tool" "$(statuses)" "index 5 check 5 query 5"
ok "warta-index says so" "$(said index "written by a newer warta (index schema $newer in the engine)")" "1"
ok "warta-query says so" "$(said query "written by a newer warta (index schema $newer in the engine)")" "1"
"$WARTA_INDEX" -q --auto-rebuild --db d.db corpus 2> /dev/null
ok "--auto-rebuild does not rebuild it" "$?" "5"
"$WARTA_INDEX" -q --rebuild --db d.db corpus
ok "--rebuild builds it anew" "$? $(integrity d.db)" "0 ok"

# a rebuild that runs out of space (files limited to 40 KiB: writes fail
# with EFBIG, as on a full disk) fails and throws its new generation away
fresh
(trap '' XFSZ; ulimit -f 40; "$WARTA_INDEX" -q --rebuild --db d.db corpus 2> rebuild.err)
# (the engine's files or the state's, whichever fills first, says so)
ok "a rebuild out of space fails with status 4" \
  "$? $(grep -c -e 'File too large' -e 'state: disk I/O error' rebuild.err)" "4 1"
ok "its new generation is gone, the old one answers" "$(ls d.db | grep '^g' | tr '\n' ' ')$(integrity d.db)" "g1 ok"

# A run killed while recovering from a kill: the recovery took the
# unconfirmed articles out of the engine and left them to be read again;
# --check says the next run recovers them, and it does.
rm -rf k2 && cp -R "$WARTA_SRC/corpus" k2
"$WARTA_INDEX" -q --db k2.db k2
for f in k2/id/*.txt; do echo "Tambahan kata zebrafantastis." >> "$f"; done
(WARTA_FAULT=state-commit:1 "$WARTA_INDEX" -q --db k2.db k2 2> /dev/null)
(WARTA_FAULT=state-commit:1 "$WARTA_INDEX" -q --batch 1 --db k2.db k2 2> /dev/null)
"$WARTA_INDEX" --db k2.db --check > /dev/null 2> k2.check
ok "--check after a kill during recovery: status 0, recoverable by the next run" \
  "$? $(grep -c 'recoverable by the next run' k2.check) $(grep -c 'missing in the engine' k2.check)" "0 1 0"
"$WARTA_INDEX" -q --db k2.db k2
"$WARTA_INDEX" -q --db k2-clean.db k2
ok "the next run recovers them: sound, and a clean build's" "$(integrity k2.db) $(fingerprint k2.db)" \
  "ok $(fingerprint k2-clean.db)"

done_testing
