"""A loopback HTTP/1.1 server that answers every request with one fixed Paypro payin reply.

Run: ``python benchmarks/server.py --port 0 --latency-ms 20``; it prints ``PORT <n>`` once listening
on 127.0.0.1 and exits on SIGTERM or SIGINT. ``benchmarks/transports.py`` starts it in its own
process so the clients it measures share the machine with as little server work as possible: no
framework, no routing, no header dictionary, one precomputed reply written straight to the socket.

It speaks just enough HTTP/1.1 for keep-alive clients: the head ends at ``\\r\\n\\r\\n``, the body is
``Content-Length`` bytes (a request may arrive in pieces, or several may arrive in one read), and
``Connection: close`` closes after the reply. Chunked request bodies are refused with 411.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys

REPLY_BODY = json.dumps(
    {
        "msg": "success",
        "code": "0000",
        "data": {"platFormTradeNo": "2kvziksxbvxg062d", "status": "0015", "desc": "CREATED"},
        "success": True,
        "timestamp": 1731653732177,
    },
    separators=(",", ":"),
).encode()
REPLY = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
    b"Content-Length: " + str(len(REPLY_BODY)).encode() + b"\r\n\r\n" + REPLY_BODY
)
LENGTH_REQUIRED = b"HTTP/1.1 411 Length Required\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
#: A head longer than this without its blank line is garbage, not a slow client.
MAX_HEAD = 64 * 1024


def _content_length(head: bytes) -> int | None:
    """The ``Content-Length`` of a lower-cased request head: 0 when absent, None when chunked.

    Raises ValueError when the header is not a non-negative integer.
    """
    if b"\r\ntransfer-encoding:" in head:
        return None
    start = head.find(b"\r\ncontent-length:")
    if start < 0:
        return 0
    start += len(b"\r\ncontent-length:")
    end = head.find(b"\r\n", start)
    length = int(head[start:] if end < 0 else head[start:end])
    if length < 0:
        raise ValueError("negative Content-Length")
    return length


class ReplyProtocol(asyncio.Protocol):
    """One connection: frame requests out of the byte stream and answer each with ``REPLY``."""

    def __init__(self, delay: float, connections: set[asyncio.Transport]) -> None:
        self.delay = delay
        self.connections = connections
        self.buffer = bytearray()
        #: Bytes the current request occupies (head + body) once its head is parsed, else None.
        self.needed: int | None = None
        self.close_after = False
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.connections.add(transport)

    def connection_lost(self, exc: Exception | None) -> None:
        if self.transport is not None:
            self.connections.discard(self.transport)

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer
        buffer += data
        while True:
            if self.needed is None:
                end = buffer.find(b"\r\n\r\n")
                if end < 0:
                    if len(buffer) > MAX_HEAD:
                        self._close()
                    return
                head = bytes(buffer[:end]).lower()
                try:
                    length = _content_length(head)
                except ValueError:
                    self._close()
                    return
                if length is None:
                    self._write(LENGTH_REQUIRED, close=True)
                    return
                self.needed = end + 4 + length
                self.close_after = b"\r\nconnection: close" in head
            if len(buffer) < self.needed:
                return  # the rest of the body is still on its way
            del buffer[: self.needed]
            self.needed = None
            self._reply(self.close_after)

    def _reply(self, close: bool) -> None:
        if self.delay:
            # A timer, not a sleeping task per request: the server's cost stays one heap push.
            # Every reply is the same bytes, so replies that fire out of order are still correct.
            asyncio.get_running_loop().call_later(self.delay, self._write, REPLY, close)
        else:
            self._write(REPLY, close)

    def _write(self, payload: bytes, close: bool) -> None:
        transport = self.transport
        if transport is None or transport.is_closing():
            return  # the client gave up while the reply was delayed
        transport.write(payload)
        if close:
            transport.close()

    def _close(self) -> None:
        if self.transport is not None:
            self.transport.close()


async def serve(port: int, latency_ms: float) -> None:
    """Listen on 127.0.0.1:``port`` until SIGTERM or SIGINT."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    connections: set[asyncio.Transport] = set()
    delay = latency_ms / 1000
    server = await loop.create_server(
        lambda: ReplyProtocol(delay, connections), "127.0.0.1", port, backlog=1024, reuse_address=True
    )
    bound = server.sockets[0].getsockname()[1]
    print(f"PORT {bound}", flush=True)
    await stop.wait()
    server.close()
    # Newer Pythons' wait_closed() waits for open connections: close keep-alive ones ourselves.
    for transport in list(connections):
        transport.close()
    await server.wait_closed()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port (default)")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="delay before each reply")
    args = parser.parse_args()
    try:
        asyncio.run(serve(args.port, args.latency_ms))
    except KeyboardInterrupt:  # a second Ctrl-C before the handler was installed
        sys.exit(130)


if __name__ == "__main__":
    main()
