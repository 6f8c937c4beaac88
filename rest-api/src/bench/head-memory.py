#!/usr/bin/env python3
"""Heap held per connection by a request head that is still arriving (docs/rest-api.md, "Known gaps").

Usage: head-memory.py PORT PID CONNECTIONS FIELDS
  against a running service (loopback only) whose JVM has process id PID, e.g.
  java -Dquarkus.http.port=18488 -jar rest-api/target/quarkus-app/quarkus-run.jar &
  python3 rest-api/src/bench/head-memory.py 18488 $! 100 16300

Opens CONNECTIONS connections, sends a request line and Host on each, measures the heap after a full GC
(jcmd GC.class_histogram), then sends FIELDS empty header fields ("a:", 2 bytes each as the codec counts) on each
without the closing empty line, so the codec holds them, and measures again. Keep 2*FIELDS+7 under
quarkus.http.limits.max-header-size, or the codec refuses the head (and frees it) before the measurement.
"""
import socket
import subprocess
import sys
import time


def heap(pid):
    out = subprocess.run(['jcmd', pid, 'GC.class_histogram'], capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1].split()[2])


def main():
    port, pid, conns, fields = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    socks = []
    try:
        for _ in range(conns):
            s = socket.create_connection(('127.0.0.1', port))
            socks.append(s)
            s.sendall(b'GET /q/health/live HTTP/1.1\r\nHost: x\r\n')
        time.sleep(2)
        before = heap(pid)
        payload = b'a:\r\n' * fields
        for s in socks:
            s.sendall(payload)
        time.sleep(3)
        after = heap(pid)
        socks[0].settimeout(0.5)
        try:
            held = not socks[0].recv(100)
        except socket.timeout:
            held = True
        print('connections=%d fields=%d (%d bytes counted): %.0f KiB of heap per connection%s'
              % (conns, fields, 2 * fields + 7, (after - before) / conns / 1024,
                 '' if held else ' (NOT held: the server answered, lower FIELDS)'))
    finally:
        for s in socks:
            s.close()


if __name__ == '__main__':
    main()
