"""The fast transport: aiohttp under the SDK's own retry policy, errors and fair limiter.

``pip install 'paypro-async[fast]'``, then ``PayproClient(..., transport="aiohttp")``. httpx stays
the public face (``http_client=``, respx in tests); this is for the hot path of bulk workers, where
httpcore's pool bookkeeping, not the network, bounds throughput (see ``benchmarks/README.md``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

import aiohttp
import httpx

from ._proxies import EnvironmentProxies
from ._transport import (
    DEFAULT_POOL_SIZE,
    USER_AGENT,
    FairLimiter,
    Transport,
    WireResponse,
    maybe_sent,
    not_sent,
)

__all__ = ["AiohttpTransport"]


def _client_timeout(timeout: httpx.Timeout) -> aiohttp.ClientTimeout:
    # The pool wait is the FairLimiter's (timeout.pool). aiohttp has no write timeout: a request
    # body of a few hundred bytes goes straight into the socket buffer.
    return aiohttp.ClientTimeout(total=None, sock_connect=timeout.connect, sock_read=timeout.read)


class AiohttpTransport(Transport):
    """An aiohttp connection pool of ``limit`` connections, with the same errors and retry policy.

    Pass ``transport="aiohttp"`` for one the client owns and closes, or build one to tune it and
    share it between clients (you close it then)::

        async with paypro.AiohttpTransport(limit=200) as transport:
            client = paypro.PayproClient(..., transport=transport)

    ``trust_env`` honours ``HTTP(S)_PROXY`` and ``NO_PROXY`` as httpx does, read once per gateway
    host (aiohttp's own ``trust_env`` re-reads them and ``~/.netrc`` on every request, which
    costs two thirds of its throughput; ``.netrc`` credentials are never sent). The session is opened
    on first use, inside the running event loop; use one transport per event loop.
    """

    def __init__(self, *, limit: int = DEFAULT_POOL_SIZE, trust_env: bool = True) -> None:
        self.limiter = FairLimiter(limit)
        self.trust_env = trust_env
        self._session: aiohttp.ClientSession | None = None
        self._closed = False
        # Requests reuse one httpx.Timeout; convert it once, not per request.
        self._timeout_key: httpx.Timeout | None = None
        self._timeout = aiohttp.ClientTimeout()
        self._proxies = EnvironmentProxies() if trust_env else None

    @property
    def limit(self) -> int:
        """The most requests in flight (and connections open) at once."""
        return self.limiter.limit

    def _open(self) -> aiohttp.ClientSession:
        if self._closed:
            raise RuntimeError("this AiohttpTransport is closed")
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=self.limiter.limit, limit_per_host=0),
            headers={"User-Agent": USER_AGENT},
            # Payment calls carry no cookies; a jar would only add work and cross-merchant state.
            cookie_jar=aiohttp.DummyCookieJar(),
            # Proxies are resolved once per origin by EnvironmentProxies instead.
            trust_env=False,
        )
        return self._session

    def _client_timeout(self, timeout: httpx.Timeout) -> aiohttp.ClientTimeout:
        if timeout is not self._timeout_key:
            self._timeout_key, self._timeout = timeout, _client_timeout(timeout)
        return self._timeout

    async def post(
        self, url: str, headers: Mapping[str, str], content: bytes, timeout: httpx.Timeout
    ) -> WireResponse:
        session = self._session or self._open()
        limiter = self.limiter
        try:
            await limiter.acquire(timeout.pool)
        except asyncio.TimeoutError:
            raise not_sent("timed out waiting for a pooled connection", timeout=True) from None
        try:
            async with session.post(
                url,
                data=content,
                headers=headers,
                timeout=self._client_timeout(timeout),
                allow_redirects=False,
                proxy=self._proxies.for_url(url) if self._proxies is not None else None,
            ) as response:
                body = await response.read()
        # Order matters: aiohttp's connect failures subclass its broader errors.
        except aiohttp.ConnectionTimeoutError as exc:
            raise not_sent(repr(exc), timeout=True) from exc
        except (aiohttp.ClientConnectorError, aiohttp.InvalidURL) as exc:
            raise not_sent(repr(exc)) from exc
        except asyncio.TimeoutError as exc:
            raise maybe_sent(repr(exc), timeout=True) from exc
        except aiohttp.ClientError as exc:
            raise maybe_sent(repr(exc)) from exc
        finally:
            limiter.release()
        return WireResponse(response.status, response.headers, body)

    async def aclose(self) -> None:
        """Close the session and its connections. Safe to call more than once."""
        self._closed = True
        if self._session is not None:
            await self._session.close()

    @property
    def is_closed(self) -> bool:
        return self._closed

    def __repr__(self) -> str:
        return f"AiohttpTransport(limit={self.limit}, closed={self._closed})"
