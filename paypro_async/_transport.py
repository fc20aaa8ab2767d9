"""Transports: how one signed POST reaches the gateway, and how its failure is classified.

The retry policy (``_http``) needs one fact from a failed exchange: could the request have reached
the gateway? Each transport answers it for its own library's exceptions by raising
:class:`TransportFailure` with ``maybe_sent`` set, so the policy, the errors and ``create_many``'s
reconciliation are the same whichever library moves the bytes.

In-flight requests are bounded by a :class:`FairLimiter` in front of the library's pool: waiters are
served first come, first served (no order starves in a pool's wait queue), and the library's own
pool never queues, which is where httpcore and aiohttp spend their time under load.
"""

from __future__ import annotations

import abc
import asyncio
import collections
from collections.abc import Mapping
from typing import TypeVar

import attrs
import httpx

from ._errors import APIConnectionError, APITimeoutError
from ._shards import ShardedPool
from ._version import __version__

__all__ = [
    "DEFAULT_POOL_SIZE",
    "FairLimiter",
    "HttpxTransport",
    "Transport",
    "TransportFailure",
    "WireResponse",
]

#: Connections per transport: enough for bulk workers, and httpx's default keep-alive limit (20)
#: would churn connections.
DEFAULT_POOL_SIZE = 100
USER_AGENT = f"paypro-async/{__version__}"


@attrs.frozen
class WireResponse:
    """What came back: status, headers and the whole body."""

    status_code: int
    headers: Mapping[str, str]
    content: bytes
    #: True when an earlier attempt of this request may have been processed (HTTP 502/504).
    after_maybe_processed: bool = False

    @property
    def text(self) -> str:
        """The body decoded as UTF-8 (lenient)."""
        return self.content.decode("utf-8", errors="replace")


class TransportFailure(Exception):
    """A failed exchange: the SDK error to raise, and whether the request may have been sent."""

    def __init__(self, error: APIConnectionError, *, maybe_sent: bool) -> None:
        super().__init__(str(error))
        self.error = error
        self.maybe_sent = maybe_sent


def not_sent(message: str, *, timeout: bool = False) -> TransportFailure:
    """A failure before any byte of the request could have reached the gateway."""
    kind = APITimeoutError if timeout else APIConnectionError
    return TransportFailure(kind(f"could not reach Paypro: {message}"), maybe_sent=False)


def maybe_sent(message: str, *, timeout: bool = False) -> TransportFailure:
    """A failure after the request may have reached the gateway."""
    if timeout:
        return TransportFailure(APITimeoutError(f"Paypro did not answer in time: {message}"), maybe_sent=True)
    return TransportFailure(APIConnectionError(f"connection to Paypro failed: {message}"), maybe_sent=True)


class FairLimiter:
    """At most ``limit`` holders at once; waiters get a slot strictly first come, first served.

    A released slot is handed straight to the oldest waiter, so a task that releases and
    re-acquires cannot jump the queue (``asyncio.Semaphore`` gives no such promise on 3.10).
    """

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError("limit must be >= 1")
        self.limit = limit
        self._free = limit
        self._waiters: collections.deque[asyncio.Future[None]] = collections.deque()

    @property
    def in_use(self) -> int:
        """Slots currently held."""
        return self.limit - self._free

    @property
    def waiting(self) -> int:
        """Callers queued for a slot."""
        return sum(not waiter.done() for waiter in self._waiters)

    async def acquire(self, timeout: float | None = None) -> None:
        """Take a slot, waiting in line; ``asyncio.TimeoutError`` after ``timeout`` seconds."""
        if self._free and not self._waiters:
            self._free -= 1
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await asyncio.wait_for(waiter, timeout)
        except BaseException:
            if waiter.done() and not waiter.cancelled():
                self.release()  # handed a slot just as we gave up: pass it on
            raise

    def release(self) -> None:
        """Give the slot to the oldest live waiter, or back to the pool."""
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
        self._free += 1


_T = TypeVar("_T", bound="Transport")


class Transport(abc.ABC):
    """Moves one POST and classifies its failure; the SDK's retry policy does the rest.

    ``post`` returns the whole response or raises :class:`TransportFailure`. Two ship with the SDK:
    httpx (the default, or the ``httpx.AsyncClient`` you lend as ``http_client=``) and
    :class:`~paypro_async.AiohttpTransport` (``transport="aiohttp"``).
    """

    @abc.abstractmethod
    async def post(
        self, url: str, headers: Mapping[str, str], content: bytes, timeout: httpx.Timeout
    ) -> WireResponse:
        """Send ``content`` to ``url``; raise :class:`TransportFailure` when no answer came."""

    @abc.abstractmethod
    async def aclose(self) -> None:
        """Release the connections this transport opened. Safe to call more than once."""

    @property
    @abc.abstractmethod
    def is_closed(self) -> bool:
        """True once closed."""

    async def __aenter__(self: _T) -> _T:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


# Raised before any byte of the request could have reached the gateway.
_HTTPX_NOT_SENT = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.UnsupportedProtocol,
    httpx.LocalProtocolError,
    httpx.ProxyError,
)


class HttpxTransport(Transport):
    """httpx: the SDK's default, and the home of a lent ``httpx.AsyncClient`` (never closed by us).

    The SDK's own client gets a :class:`FairLimiter` sized to its pool, and a pool made of
    five-connection shards (:mod:`._shards`: httpcore's cost per request grows with its pool's
    size). A lent client keeps the limits and pool its owner gave it, so it is not limited here.
    """

    def __init__(self, http_client: httpx.AsyncClient | None = None, *, limit: int | None = None) -> None:
        self.owned = http_client is None
        if http_client is None:
            size = limit or DEFAULT_POOL_SIZE
            http_client = httpx.AsyncClient(transport=ShardedPool(size), headers={"User-Agent": USER_AGENT})
            limit = size
        self.http = http_client
        self.limiter = FairLimiter(limit) if limit else None

    async def post(
        self, url: str, headers: Mapping[str, str], content: bytes, timeout: httpx.Timeout
    ) -> WireResponse:
        limiter = self.limiter
        if limiter is not None:
            try:
                await limiter.acquire(timeout.pool)
            except asyncio.TimeoutError:
                raise not_sent("timed out waiting for a pooled connection", timeout=True) from None
        try:
            response = await self.http.post(url, content=content, headers=headers, timeout=timeout)
        except _HTTPX_NOT_SENT as exc:
            raise not_sent(repr(exc), timeout=isinstance(exc, httpx.TimeoutException)) from exc
        except httpx.TimeoutException as exc:
            raise maybe_sent(repr(exc), timeout=True) from exc
        except httpx.TransportError as exc:
            raise maybe_sent(repr(exc)) from exc
        finally:
            if limiter is not None:
                limiter.release()
        return WireResponse(response.status_code, response.headers, response.content)

    async def aclose(self) -> None:
        if self.owned:
            await self.http.aclose()

    @property
    def is_closed(self) -> bool:
        return self.http.is_closed
