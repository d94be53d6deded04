# Shared by the tests of remote shards (sourced after lib.sh): shards
# served by xapian-tcpsrv on free ports of 127.0.0.1, each under a time
# limit. Every process started here is in $pids: the script's exit trap
# calls stop_pids.

pids=()
declare -A port pid_of

# need_tcpsrv TOOL...: skip the whole script (TAP) when a tool is missing.
need_tcpsrv() {
  for tool in "$@"; do
    if ! command -v "$tool" > /dev/null; then
      echo "1..0 # SKIP $tool not found (Debian package xapian-tools)"
      exit 0
    fi
  done
}

# stop_pids: stop everything started here, and wait for it.
stop_pids() {
  for p in "${pids[@]}"; do kill "$p" 2> /dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2> /dev/null; done
  pids=()
}

# A free TCP port of 127.0.0.1 (the kernel's choice).
free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Wait (5 s at most) until something listens on 127.0.0.1:$1.
wait_port() {
  /usr/bin/python3 - "$1" << 'PY'
import socket, sys, time
end = time.time() + 5
while time.time() < end:
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=0.5).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
PY
}

# serve_shard NAME DATABASE [PORT]: xapian-tcpsrv for one shard (on a free
# port, or PORT), 10 minutes at most (a test's own limit: under the
# sanitizers on a loaded machine, remote.sh takes more than 3 minutes, and
# a shard server that stopped by itself before the test is done would
# look like one that failed); its port in ${port[NAME]}.
serve_shard() {
  local p=${3:-$(free_port)}
  timeout 600 xapian-tcpsrv --interface 127.0.0.1 --port "$p" "$2" > "srv-$1.log" 2>&1 &
  pids+=($!)
  pid_of[$1]=$!
  port[$1]=$p
  wait_port "$p"
}

# stop_shard NAME: its server stopped (its port now refuses connections).
stop_shard() {
  kill "${pid_of[$1]}" 2> /dev/null
  wait "${pid_of[$1]}" 2> /dev/null
}
