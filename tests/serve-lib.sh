# Shared by the warta-serve test scripts (sourced after lib.sh): starting
# and stopping a server on 127.0.0.1 and a free port, and requests.
#
# Needs $T (a scratch directory: scratch_dir) and $WARTA_SERVE.

SRV_PID="" URL=""

# scratch_dir NAME: a scratch directory for the script, $T, made its
# working directory; on exit the server is stopped and $T removed.
scratch_dir() {
  T=$(mktemp -d "${TMPDIR:-/tmp}/warta-$1.XXXXXX") || exit 1
  trap 'stop_server; rm -rf "$T"' EXIT
  cd "$T" || exit 1
}

# start_server NAME DB [OPTIONS...]: start warta-serve on 127.0.0.1, port
# 0 (the kernel picks a free one; the server prints its address on stdout),
# and wait for the address, at most 60 s. Sets URL and SRV_PID; logs go to
# $T/NAME.err. Returns 1 when it does not come up.
start_server() {
  local name=$1 db=$2
  shift 2
  : > "$T/$name.out"
  "$WARTA_SERVE" --db "$db" --listen 127.0.0.1:0 "$@" > "$T/$name.out" 2> "$T/$name.err" &
  SRV_PID=$!
  URL=""
  for _ in $(seq 1 600); do
    URL=$(head -n 1 "$T/$name.out")
    [ -n "$URL" ] && return 0
    kill -0 "$SRV_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "# warta-serve did not start:"; sed 's/^/#   /' "$T/$name.err"
  return 1
}

# stop_server: SIGTERM, and the server's exit status (waits at most 60 s).
stop_server() {
  [ -n "$SRV_PID" ] || return 0
  kill -TERM "$SRV_PID" 2>/dev/null
  for _ in $(seq 1 600); do
    kill -0 "$SRV_PID" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$SRV_PID" 2>/dev/null
  wait "$SRV_PID"
  local status=$?
  SRV_PID=""
  return $status
}

# get PATH [CURL OPTIONS...]: the status code; the body in $T/body, the
# headers in $T/headers.
get() {
  local path=$1
  shift
  curl -s -m 60 -o "$T/body" -D "$T/headers" -w '%{http_code}' "$@" "$URL${path#/}"
}

# header NAME: the value of a header of the last response.
header() {
  grep -i "^$1:" "$T/headers" | head -n 1 | cut -d: -f2- | sed 's/^ //; s/\r$//'
}
