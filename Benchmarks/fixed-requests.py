#!/usr/bin/env python3
"""Sends exactly N keep-alive POSTs over C connections (closed loop) and exits.

Used by proxy-callgrind.sh, where the count must be exact so that instructions divide by it
(wrk keeps running for its whole -d even after its threads stop). Standard library only.

    fixed-requests.py URL REQUESTS CONNECTIONS BODY

Prints "completed N" and exits 0 when every answer was a 2xx, 1 otherwise.
"""

import asyncio
import sys
import urllib.parse


async def worker(host, port, path, body, counter, failures):
    reader, writer = await asyncio.open_connection(host, port)
    request = (
        f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    try:
        while counter[0] > 0:
            counter[0] -= 1
            writer.write(request)
            status_line = await reader.readline()
            parts = status_line.split()
            if len(parts) < 2:
                failures.append("connection closed")
                return
            length = 0
            chunked = False
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.partition(b":")
                name = name.strip().lower()
                if name == b"content-length":
                    length = int(value.strip())
                elif name == b"transfer-encoding" and b"chunked" in value.lower():
                    chunked = True
            if chunked:
                while True:
                    size = int((await reader.readline()).strip(), 16)
                    await reader.readexactly(size + 2)
                    if size == 0:
                        break
            else:
                await reader.readexactly(length)
            if not parts[1].startswith(b"2"):
                failures.append(parts[1].decode())
            counter[1] += 1
    finally:
        writer.close()


async def main():
    url, requests, connections, body = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    parsed = urllib.parse.urlsplit(url)
    counter = [requests, 0]
    failures = []
    await asyncio.gather(*(
        worker(parsed.hostname, parsed.port, parsed.path or "/", body.encode(), counter, failures)
        for _ in range(min(connections, requests))
    ))
    print(f"completed {counter[1]}")
    if failures:
        print(f"failures: {len(failures)} (first: {failures[0]})", file=sys.stderr)
        sys.exit(1)


asyncio.run(main())
