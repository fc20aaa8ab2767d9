"""The SDK's own httpx pool: many one-connection httpcore pools instead of one big one.

httpcore's pool re-examines every connection and every queued request on each request and each
release (encode/httpcore#1035, #928), so its CPU per request grows with the pool's size: on a
2-core machine plain httpx spends ~20 ms of CPU per request with 100 connections busy, against
~1 ms with one (``benchmarks/README.md``). A pool of one connection only ever examines itself.

The SDK's :class:`~paypro_async._transport.FairLimiter` keeps at most ``size`` requests in
flight, so every request finds an idle shard. Idle shards are reused last in, first out, so a
quiet client keeps reusing one warm connection. Everything above the pool stays plain httpx:
``client.http_client`` is an ``httpx.AsyncClient``, and respx (which patches httpcore's pool)
mocks it as before.
"""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator

import httpx

__all__ = ["ShardedPool"]

_ONE = httpx.Limits(max_connections=1, max_keepalive_connections=1)


class _Releasing(httpx.AsyncByteStream):
    """A response body that frees its shard once closed (httpx closes it after reading)."""

    def __init__(self, stream: httpx.AsyncByteStream, pool: ShardedPool, index: int) -> None:
        self._stream = stream
        self._pool = pool
        self._index: int | None = index

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._stream.aclose()
        finally:
            if self._index is not None:
                self._pool._release(self._index)
                self._index = None


class ShardedPool(httpx.AsyncBaseTransport):
    """``size`` one-connection pools behind one httpx transport; opened lazily, one TLS context."""

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError("size must be >= 1")
        self.size = size
        self._shards: list[httpx.AsyncHTTPTransport] = []
        self._busy: list[int] = []
        self._idle: list[int] = []  # a stack: the most recently used shard is reused first
        self._ssl: ssl.SSLContext | None = None
        self._spill = 0

    def _acquire(self) -> int:
        if self._idle:
            index = self._idle.pop()
        elif len(self._shards) < self.size:
            if self._ssl is None:
                # Built once for every shard: loading the CA bundle costs milliseconds each time.
                self._ssl = httpx.create_ssl_context()
            self._shards.append(httpx.AsyncHTTPTransport(verify=self._ssl, limits=_ONE))
            self._busy.append(0)
            index = len(self._shards) - 1
        else:
            # More requests than shards (only without the SDK's limiter in front): share one,
            # whose own pool then queues the extra request.
            index = self._spill % self.size
            self._spill += 1
        self._busy[index] += 1
        return index

    def _release(self, index: int) -> None:
        self._busy[index] -= 1
        if self._busy[index] == 0:
            self._idle.append(index)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        index = self._acquire()
        try:
            response = await self._shards[index].handle_async_request(request)
        except BaseException:
            self._release(index)
            raise
        assert isinstance(response.stream, httpx.AsyncByteStream)
        response.stream = _Releasing(response.stream, self, index)
        return response

    async def aclose(self) -> None:
        for shard in self._shards:
            await shard.aclose()
