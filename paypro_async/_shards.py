"""The SDK's own httpx pool: many small httpcore pools instead of one big one.

httpcore's pool re-examines every connection and every queued request on each request and each
release (encode/httpcore#1035, #928), so its CPU per request grows with the pool's size: on a
2-core machine plain httpx spends ~20 ms of CPU per request with 100 connections busy, against
~1 ms with a handful (``benchmarks/README.md``).

The SDK's :class:`~paypro_async._transport.FairLimiter` keeps at most ``size`` requests in
flight, so every request finds a shard with a free connection and no httpcore pool ever queues.
Everything above the pool stays plain httpx: ``client.http_client`` is an ``httpx.AsyncClient``,
and respx (which patches httpcore's pool) mocks it as before. httpx skips the proxy environment
when it is handed a transport, so the pool honours it itself, as a plain ``httpx.AsyncClient`` would.
"""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator

import httpx

from ._proxies import EnvironmentProxies

__all__ = ["ShardedPool"]

#: Connections per httpcore pool. httpcore's cost per request grows with its pool's size, so small
#: pools are cheap; but one connection per pool measured ~6% fewer req/s than five at 10 requests
#: in flight and 20 ms latency (benchmarks/README.md), while five cost ~7% at 100 in flight.
PER_SHARD = 5


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
    """``size`` connections as small httpcore pools of ``per_shard`` behind one httpx transport.

    A request goes to the first shard with a free connection, so a quiet client keeps reusing the
    same few warm connections; shards and the one TLS context they share are opened lazily.
    With ``trust_env``, a host that ``HTTP(S)_PROXY``/``ALL_PROXY`` and ``NO_PROXY`` route through
    a proxy is sent through one ordinary httpx pool of ``size`` connections to that proxy instead.
    """

    def __init__(self, size: int, *, per_shard: int = PER_SHARD, trust_env: bool = True) -> None:
        if size < 1 or per_shard < 1:
            raise ValueError("size and per_shard must be >= 1")
        self.size = size
        self.per_shard = per_shard
        self._limits = httpx.Limits(max_connections=per_shard, max_keepalive_connections=per_shard)
        self._max_shards = -(-size // per_shard)
        self._shards: list[httpx.AsyncHTTPTransport] = []
        self._busy: list[int] = []  # requests in flight per shard
        self._ssl: ssl.SSLContext | None = None
        self._proxies = EnvironmentProxies() if trust_env else None
        self._via_proxy: dict[str, httpx.AsyncHTTPTransport] = {}

    def _ssl_context(self) -> ssl.SSLContext:
        if self._ssl is None:
            # Built once for every shard: loading the CA bundle costs milliseconds each time.
            self._ssl = httpx.create_ssl_context()
        return self._ssl

    def _acquire(self) -> int:
        busy = self._busy
        index = 0
        for count in busy:
            if count < self.per_shard:
                break
            index += 1
        else:
            if len(self._shards) < self._max_shards:
                self._shards.append(httpx.AsyncHTTPTransport(verify=self._ssl_context(), limits=self._limits))
                busy.append(0)
                index = len(busy) - 1
            else:
                # More requests than connections (only without the SDK's limiter in front): the
                # least busy shard's own pool queues the extra request.
                index = busy.index(min(busy))
        busy[index] += 1
        return index

    def _release(self, index: int) -> None:
        self._busy[index] -= 1

    def _proxy_pool(self, proxy: str) -> httpx.AsyncHTTPTransport:
        pool = self._via_proxy.get(proxy)
        if pool is None:
            limits = httpx.Limits(max_connections=self.size, max_keepalive_connections=self.size)
            pool = httpx.AsyncHTTPTransport(proxy=proxy, verify=self._ssl_context(), limits=limits)
            self._via_proxy[proxy] = pool
        return pool

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._proxies is not None:
            proxy = self._proxies.for_url(str(request.url))
            if proxy is not None:
                return await self._proxy_pool(proxy).handle_async_request(request)
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
        for pool in [*self._shards, *self._via_proxy.values()]:
            await pool.aclose()
