#!/usr/bin/env bash
# Many clients at once on 127.0.0.1: 8 clients x 200 requests of every
# route (tests/serve_load.py), on kept-alive and new connections, with 0
# failed requests, then a clean stop. TAP output.
#
# Environment (set by meson): WARTA_INDEX, WARTA_SERVE, WARTA_SRC.
set -u
T=$(mktemp -d "${TMPDIR:-/tmp}/warta-load.XXXXXX")
trap 'stop_server; rm -rf "$T"' EXIT
cd "$T" || exit 1
. "$WARTA_SRC/tests/serve-lib.sh"
"$WARTA_INDEX" -q --db db "$WARTA_SRC/corpus" || { echo "Bail out! cannot index corpus/"; exit 1; }
start_server load db || { echo "Bail out! warta-serve did not start"; exit 1; }
/usr/bin/python3 "$WARTA_SRC/tests/serve_load.py" "$URL" 8 200 400
status=$?
stop_server
code=$?
if [ "$code" = 0 ]; then echo "ok 4 - stopped cleanly after the load"; else
  echo "not ok 4 - stopped with status $code"; sed 's/^/#   /' "$T/load.err" | tail -n 20; status=1; fi
# serve_load.py printed tests 1 to 3
echo "1..4"
exit $status
