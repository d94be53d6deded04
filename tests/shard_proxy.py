#!/usr/bin/env python3
"""A shard server that fails, for tests/remote.sh: it listens on a free
port of 127.0.0.1 (printed on stdout), and for each connection passes the
real server's greeting on, then closes the connection at the client's
first request, as a server that dies in the middle of a query would.
With --stall-second it relays its first connection whole, and holds every
later one without a word, as a server too busy to take a second
connection would.

usage: shard_proxy.py PORT_OF_THE_REAL_SERVER [--stall-second]
"""
import select
import socket
import sys
import threading

TARGET = int(sys.argv[1])
STALL_SECOND = "--stall-second" in sys.argv[2:]


def relay(client):
    """Everything either side says passed to the other, until one closes."""
    try:
        upstream = socket.create_connection(("127.0.0.1", TARGET), timeout=10)
        while True:
            ready, _, _ = select.select([client, upstream], [], [], 60)
            if not ready:
                break
            for a, b in ((client, upstream), (upstream, client)):
                if a in ready:
                    data = a.recv(65536)
                    if not data:
                        raise OSError("closed")
                    b.sendall(data)
    except OSError:
        pass
    client.close()


def hold(client):
    """Nothing said: the connection kept until the client closes it."""
    try:
        while client.recv(65536):
            pass
    except OSError:
        pass
    client.close()


def handle(client):
    """The server speaks first: pass on what it says until the client
    asks something, then hang up on both."""
    try:
        upstream = socket.create_connection(("127.0.0.1", TARGET), timeout=10)
        while True:
            ready, _, _ = select.select([client, upstream], [], [], 10)
            if client in ready or not ready:
                break
            data = upstream.recv(65536)
            if not data:
                break
            client.sendall(data)
        upstream.close()
    except OSError:
        pass
    client.close()


listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0))
listener.listen(16)
print(listener.getsockname()[1], flush=True)
first = True
while True:
    conn, _ = listener.accept()
    if STALL_SECOND:
        target = relay if first else hold
    else:
        target = handle
    first = False
    threading.Thread(target=target, args=(conn,), daemon=True).start()
