#!/usr/bin/env python3
"""Hostile HTTP clients against a warta-serve on 127.0.0.1, for
tests/serve-faults.sh: each case prints one line of plain words that the
script compares exactly. Every socket has a timeout: a case that hangs
says so instead of hanging the test.

usage: serve_faults.py PORT CASE
"""
import select
import socket
import sys
import time

PORT = int(sys.argv[1])


def connect():
    return socket.create_connection(("127.0.0.1", PORT), timeout=10)


def answer(s, wait=5.0):
    """What the server sends until it closes or goes quiet for wait s:
    the bytes, and how it ended (closed, quiet or reset)."""
    s.settimeout(wait)
    data = b""
    while True:
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            return data, "quiet"
        except ConnectionResetError:
            return data, "reset"
        if not chunk:
            return data, "closed"
        data += chunk


def statuses(data):
    return [line.split()[1].decode() for line in data.split(b"\r\n")
            if line.startswith(b"HTTP/1.")]


def status_of(path):
    s = connect()
    s.sendall(b"GET " + path.encode() + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    data, how = answer(s, 5)
    s.close()
    got = statuses(data)
    return got[0] if got else "refused" if how in ("closed", "reset") else "hang"


def slow_sender():
    """One byte of a header every 0.4 s: never idle, never done."""
    s = connect()
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    t0 = time.monotonic()
    while time.monotonic() - t0 < 8:
        time.sleep(0.4)
        r, _, _ = select.select([s], [], [], 0)
        try:
            if r and s.recv(1) == b"":
                break
            s.sendall(b"a")
        except OSError:
            break
    took = time.monotonic() - t0
    print("closed within the deadline" if took < 4.5 else "still open after %.0f s" % took)


def over_the_limit():
    """Four half requests held, a fifth connection, then the four cut."""
    held = []
    for _ in range(4):
        s = connect()
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        held.append(s)
    time.sleep(0.3)
    t0 = time.monotonic()
    fifth = status_of("/healthz")
    print("fifth: %s%s" % (fifth, " at once" if time.monotonic() - t0 < 2 else ""))
    time.sleep(3.5)
    print("then: %s" % status_of("/healthz"))


def smuggle(headers):
    """A request with ambiguous framing headers, followed by a second
    request that one reading takes for its body: the first answer, whether
    the second was served too, and how the connection ended."""
    second = b"GET /api/search?q=smuggled HTTP/1.1\r\nHost: x\r\n\r\n"
    s = connect()
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + headers + b"\r\n" + second)
    data, how = answer(s, 3)
    s.close()
    got = statuses(data)
    served = b"smuggled" in data or "200" in got[1:]
    print("%s %s%s" % (got[0] if got else "none", how, " and served the rest" if served else ""))


def headers_of(raw):
    s = connect()
    s.sendall(raw)
    data, _ = answer(s, 3)
    s.close()
    head = data.split(b"\r\n\r\n")[0].decode("latin-1").lower()
    have = [h for h in ("x-content-type-options: nosniff", "content-security-policy:",
                        "x-frame-options: deny", "referrer-policy: no-referrer")
            if h in head]
    got = statuses(data)
    print("%s %d" % (got[0] if got else "none", len(have)))


CASES = {
    "slow-sender": slow_sender,
    "over-the-limit": over_the_limit,
    "two-lengths": lambda: smuggle(b"Content-Length: 0\r\nContent-Length: 50\r\n"),
    "length-list": lambda: smuggle(b"Content-Length: 0, 50\r\n"),
    "length-and-chunked": lambda: smuggle(b"Content-Length: 0\r\nTransfer-Encoding: chunked\r\n"),
    "params": lambda: print(status_of("/api/search?q=a" + "".join(
        "&p%d=1" % i for i in range(int(sys.argv[3]))))),
    "headers-404": lambda: headers_of(b"GET /nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
    "headers-no-host": lambda: headers_of(b"GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n"),
    "headers-ambiguous": lambda: headers_of(b"GET /healthz HTTP/1.1\r\nHost: x\r\n"
                                            b"Content-Length: 0\r\nContent-Length: 0\r\n\r\n"),
}

if __name__ == "__main__":
    CASES[sys.argv[2]]()
