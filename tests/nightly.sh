#!/usr/bin/env bash
# docs/nightly.md's commands, read from the doc and run as written, so that
# the doc and this test cannot drift apart: the blocks after its markers
# "<!-- test first-run:", "<!-- test reading:" and "<!-- test cron:" (the
# first-run as root, the reading as a journalist, the cron line as cron
# runs it: /bin/sh, PATH=/usr/bin:/bin, as the crontab's owner), its
# --batch default against --help's, and the systemd units against the cron
# line. TAP output.
#
# What cannot exist in a test is moved, and nothing else is changed:
#   /srv/warta, /srv/archive  -> under the test's directory $T
#   /usr/local/bin            -> $T/usr/local/bin, links to the programs
#                                built (the test installs nothing)
#   the user and group warta  -> a throwaway system user made by the doc's
#                                own useradd line and removed at the end
#                                (as root); else the user running the test
#                                stands for warta, and the useradd line is
#                                not run
#   sudo -u USER CMD          -> CMD run as USER by setpriv (or as it is
#                                when USER is the test's user): sudo need
#                                not be installed, and its secure_path
#                                would hide $T/usr/local/bin
#
# Environment (set by meson): WARTA_INDEX, WARTA_QUERY, WARTA_SRC.
set -u
DOC=$WARTA_SRC/docs/nightly.md
T=$(mktemp -d "${TMPDIR:-/tmp}/warta-nightly.XXXXXX")
W="" made_user=0
cleanup() {
  if [ "$made_user" = 1 ]; then
    userdel "$W" 2> /dev/null
    getent group "$W" > /dev/null && groupdel "$W" 2> /dev/null
  fi
  rm -rf "$T"
}
trap cleanup EXIT
chmod 755 "$T"
cd "$T" || exit 1
. "$WARTA_SRC/tests/lib.sh"

# block NAME: the fenced block after the doc's marker "<!-- test NAME:".
block() {
  awk -v m="<!-- test $1:" '
    index($0, m) == 1 { found = 1; next }
    found && /^```/ { if (inside) exit; inside = 1; next }
    inside { print }' "$DOC"
}

# The user standing for warta, and its group.
if [ "$(id -u)" = 0 ] && command -v useradd > /dev/null && command -v setpriv > /dev/null; then
  W=wnt$$
  G=$W
  made_user=1
else
  W=$(id -un)
  G=$(id -gn)
fi
echo "# the user warta is played by $W"

# move TEXT: the doc's text with what cannot exist in a test moved (above).
move() {
  sed -E -e "s#/usr/local/bin#$T/usr/local/bin#g" -e "s#/srv/warta#$T/srv/warta#g" \
    -e "s#/srv/archive#$T/srv/archive#g" -e "s#(^|[ \t])-g warta([ \t]|\$)#\1-g $G\2#g" \
    -e "s#(^|[ \t])warta([ \t]|\$)#\1$W\2#g"
}

# run_block TEXT: TEXT run by bash as the administrator's shell (PATH holds
# /usr/local/bin), sudo -u standing as said above.
run_block() {
  PATH="$T/usr/local/bin:$PATH" W="$W" bash -e -c '
    sudo() {
      [ "$1" = -u ] || { echo "sudo stand-in: only sudo -u USER CMD" >&2; return 2; }
      local u=$2
      shift 2
      if [ "$u" = "$(id -un)" ]; then "$@"; else setpriv --reuid="$u" --regid="$u" --init-groups -- "$@"; fi
    }
    '"$1"
}

mkdir -p usr/local/bin srv
ln -s "$WARTA_INDEX" usr/local/bin/warta-index
ln -s "$WARTA_QUERY" usr/local/bin/warta-query
cp -R "$WARTA_SRC/corpus" srv/archive
chmod -R go-w srv/archive

# --- the batch's default
ok "the doc's --batch default is --help's" \
  "$(grep -o '`--batch`, default [0-9]* documents' "$DOC" | grep -o '[0-9][0-9]*')" \
  "$("$WARTA_INDEX" --help | grep -o 'articles per commit \[default: [0-9]*\]' | grep -o '[0-9][0-9]*')"

# --- "One user indexes, everyone reads": the first run
first=$(block first-run | move)
ok "the doc's first-run block is found" "$(echo "$first" | grep -c .)" "3"
[ "$made_user" = 1 ] || first=$(echo "$first" | grep -v '^useradd ')
run_block "$first" > first.out 2>&1
ok "it runs as written, adding the archive's articles" \
  "$? $(grep -o 'documents: [0-9]* added' first.out)" \
  "0 documents: $("$WARTA_INDEX" --db srv/warta/news.db --status --json | jq .documents) added"
ok "the index belongs to warta" "$(find srv/warta ! -user "$W" | wc -l)" "0"
ok "and is readable by everyone (umask 022)" "$(find srv/warta/news.db ! -perm -o+r | wc -l)" "0"

# --- a journalist reads it
reading=$(block reading | move)
ok "the doc's reading block is found" "$(echo "$reading" | grep -c '^warta-query')" "1"
run_block "$reading"$'\nwarta-query --count gempa' > reading.out 2> reading.err
ok "it runs as written, WARTA_DB then naming the index" \
  "$? $(grep -c 'Gempa' reading.out | awk '{ print ($1 > 0) }') $(tail -n 1 reading.out) $(wc -c < reading.err)" \
  "0 1 $("$WARTA_QUERY" --db srv/warta/news.db --count gempa) 0"

# --- cron: the line of warta's crontab, as cron runs it
line=$(block cron | grep -v '^ *#' | grep .)
ok "the doc's cron line is found" "$(echo "$line" | wc -l)" "1"
read -r -a f <<< "$line"
ok "it has five time fields" \
  "$(printf '%s\n' "${f[@]:0:5}" | grep -cE '^[0-9*/,-]+$')" "5"
cmd=$(echo "$line" | sed -E 's/^ *([^ ]+ +){5}//')
ok "its command holds no % (cron would cut the line there)" "$(echo "$cmd" | grep -c %)" "0"
prog=${cmd%% *}
ok "it names the program by its full path" "${prog:0:1}" "/"
ok "which cron's PATH (/usr/bin:/bin) needs: the bare name is not found there" \
  "$(env -i PATH=/usr/bin:/bin sh -c "command -v ${prog##*/}" || echo "not found")" "not found"
log=$(echo "$cmd" | grep -oE '>> *[^ ]+' | sed 's/>> *//')
ok "its log is beside the index, in the directory the doc gives warta" \
  "$(dirname "$log")" "$(block first-run | grep '^install -d' | awk '{ print $NF }')"
cron() { # run the (moved) command as cron does: warta's, /bin/sh, cron's PATH
  local c
  c=$(echo "$1" | move)
  if [ "$W" = "$(id -un)" ]; then
    env -i PATH=/usr/bin:/bin HOME="$T/srv/warta" SHELL=/bin/sh LOGNAME="$W" /bin/sh -c "$c"
  else
    setpriv --reuid="$W" --regid="$W" --init-groups -- \
      env -i PATH=/usr/bin:/bin HOME="$T/srv/warta" SHELL=/bin/sh LOGNAME="$W" /bin/sh -c "$c"
  fi
}
ok "the systemd unit runs the same command, but the log (the journal has it)" \
  "$(sed -n 's/^ExecStart=//p' "$WARTA_SRC/docs/systemd/warta-index.service")" "${cmd%% >>*}"
ok "and its timer at the same time of day" \
  "$(sed -n 's/^OnCalendar=\*-\*-\* //p' "$WARTA_SRC/docs/systemd/warta-index.timer")" \
  "$(printf '%02d:%02d:00' "${f[1]}" "${f[0]}")"
mlog=$(echo "$log" | move)
rm -f "$mlog"
printf 'Kabar Malam\n\nKata nightlytest hanya ada di berita ini.\n' > srv/archive/id/nightlytest.txt
cron "$cmd" > cron.out 2>&1
ok "cron runs it: status 0, nothing on its output" "$? $(wc -c < cron.out)" "0 0"
ok "warta wrote the log (-q: empty when all went well)" \
  "$(stat -c '%U %s' "$mlog" 2>&1)" "$W 0"
ok "and the run indexed the new article" "$("$WARTA_QUERY" --db srv/warta/news.db --count nightlytest)" "1"
# "add --json to log one summary object per run (keys ...)"
keys=$(tr '\n' ' ' < "$DOC" | grep -oE 'summary object per run \(keys [a-z, ]+' |
  sed 's/.*(keys //; s/[ ,]*$//')
ok "the doc lists the summary's keys" "$([ -n "$keys" ] && echo yes)" "yes"
cron "${cmd/ -q / -q --json }" > cron.out 2>&1
ok "with --json, one summary a run in the log, with the keys the doc lists" \
  "$? $(wc -l < "$mlog") $(tail -n 1 "$mlog" | jq -r --arg k "$keys" '[($k | split(", "))[] as $x | has($x)] | all')" \
  "0 1 true"

# --- alerts: the saved searches (as warta), then the crontab's second line,
# run as cron would but with a stand-in mail first on cron's PATH, which
# keeps what would be sent
afile=$(block alerts-file | move)
ok "the doc's alerts file block is found" "$(echo "$afile" | grep -c '^printf')" "2"
if [ "$W" = "$(id -un)" ]; then
  run_block "$afile" > afile.out 2>&1
else
  run_block "sudo -u $W sh -c $(printf '%q' "$afile")" > afile.out 2>&1
fi
ok "it runs as written, two saved searches" \
  "$? $(cut -f1 srv/warta/alerts.tsv | tr '\n' ' ')" "0 gempa putin "
aline=$(block alerts-cron | grep -v '^ *#' | grep .)
ok "the doc's alerts cron line is found" "$(echo "$aline" | wc -l)" "1"
acmd=$(echo "$aline" | sed -E 's/^ *([^ ]+ +){5}//')
ok "its command holds no % (cron would cut the line there)" "$(echo "$acmd" | grep -c %)" "0"
mkdir -p stub sent
printf '#!/bin/sh\n# a stand-in for mail(1): what would be sent, kept\nprintf "%%s\\n" "$@" > %s/sent/args\ncat > %s/sent/body\n' "$T" "$T" > stub/mail
chmod 755 stub/mail
chmod 777 sent
alerts_cron() { # $1: WARTA_NOW for the run, or "" for the clock
  local c
  c=$(echo "$acmd" | move)
  if [ "$W" = "$(id -un)" ]; then
    env -i PATH="$T/stub:/usr/bin:/bin" HOME="$T/srv/warta" SHELL=/bin/sh LOGNAME="$W" \
      ${1:+WARTA_NOW=$1} /bin/sh -c "$c"
  else
    setpriv --reuid="$W" --regid="$W" --init-groups -- \
      env -i PATH="$T/stub:/usr/bin:/bin" HOME="$T/srv/warta" SHELL=/bin/sh LOGNAME="$W" \
      ${1:+WARTA_NOW=$1} /bin/sh -c "$c"
  fi
}
alerts_cron "" > acron.out 2>&1
ok "cron runs it: status 0, nothing on its output" "$? $(wc -c < acron.out)" "0 0"
ok "mail is asked to send it to the desk with the doc's subject" \
  "$(tr '\n' '|' < sent/args)" "-s|warta: new articles|desk@example.com|"
ok "the mail holds each search's new articles under its name (the index is new: all of them)" \
  "$(grep -A1 '^## ' sent/body | grep -v '^--' | tr '\n' '|')" \
  "## gempa|$("$WARTA_QUERY" --db srv/warta/news.db -n 1 gempa -Ambon | head -n 1)|## putin|$("$WARTA_QUERY" --db srv/warta/news.db -n 1 --lang id Putin undangan | head -n 1)|"
ok "with the hits themselves" "$(grep -c '^[0-9]*\. ' sent/body)" \
  "$(($("$WARTA_QUERY" --db srv/warta/news.db --count gempa -Ambon) + $("$WARTA_QUERY" --db srv/warta/news.db --count --lang id Putin undangan)))"
rm -f sent/body sent/args
alerts_cron "$(($(date +%s) + 3 * 86400))" > acron.out 2>&1
ok "three days later, nothing is new: status 0 still, and the mail says so" \
  "$? $(wc -c < acron.out) $(grep -c '^0 articles$' sent/body)" "0 0 2"

done_testing
