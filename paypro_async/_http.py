"""The retry policy, in one place, over any transport (``_transport``: httpx or aiohttp).

* A failure *before* the request left (connect error, connect or pool timeout) is retried for every
  operation: nothing reached the gateway, so no second order can result.
* HTTP 429, 502, 503 and 504 are retried, honouring ``Retry-After`` up to a cap.
* A failure *after* the request may have left (read/write timeout, connection dropped mid-exchange)
  is retried only for read-only operations. For a create it is reported as
  :class:`~paypro_async.OutcomeUnknownError`, carrying the ``trade_no`` to query.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping

import attrs
import httpx

from ._errors import OutcomeUnknownError
from ._transport import Transport, TransportFailure, WireResponse

__all__ = ["Backoff", "WireResponse", "send_with_retries"]

log = logging.getLogger("paypro_async")

RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})
#: A proxy answers these after forwarding the request: the gateway may have processed it.
MAYBE_PROCESSED_STATUSES = frozenset({502, 504})


async def _sleep(seconds: float) -> None:
    # Looked up at call time, so a test that patches asyncio.sleep is honoured.
    await asyncio.sleep(seconds)


@attrs.frozen
class Backoff:
    """Capped exponential backoff with jitter.

    ``sleep`` and ``jitter`` are injectable so tests never really wait: pass
    ``Backoff(sleep=fake_sleep)``. ``Retry-After`` is honoured up to ``max_retry_after`` seconds.
    """

    initial: float = 0.5
    maximum: float = 8.0
    max_retry_after: float = 60.0
    sleep: Callable[[float], Awaitable[None]] = attrs.field(default=_sleep, repr=False)
    jitter: Callable[[], float] = attrs.field(default=random.random, repr=False)

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number ``attempt + 1``."""
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_retry_after)
        base = min(self.maximum, self.initial * (2**attempt))
        return float(base * (0.5 + self.jitter() / 2))  # "equal jitter": spreads a herd, keeps a floor


def retry_after_seconds(headers: Mapping[str, str], now: Callable[[], float] = time.time) -> float | None:
    """``Retry-After`` as seconds (delta-seconds or an HTTP date), or None."""
    value = headers.get("retry-after") or headers.get("Retry-After")
    if value is None:
        return None
    value = value.strip()
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - now(), 0.0)


async def send_with_retries(
    transport: Transport,
    url: str,
    headers: Mapping[str, str],
    content: bytes,
    *,
    timeout: httpx.Timeout,
    max_retries: int,
    backoff: Backoff,
    creates: bool,
    trade_no: str | None,
    label: str,
) -> WireResponse:
    """POST ``content`` to ``url`` under the retry policy above; return the final response."""
    attempt = 0
    maybe_processed = False
    while True:
        try:
            response = await transport.post(url, headers, content, timeout)
        except TransportFailure as failure:
            if failure.maybe_sent and creates:
                # The gateway may have created the order: re-sending blindly risks a duplicate
                # charge, giving up silently risks a lost one. Hand the caller the trade number.
                raise OutcomeUnknownError(
                    trade_no or "", f"{label}: {failure.error.message}"
                ) from failure.error
            if attempt >= max_retries:
                failure.error.trade_no = trade_no
                raise failure.error from failure.__cause__
            delay = backoff.delay(attempt)
            log.info("%s: %s; retry %d in %.2fs", label, failure.error, attempt + 1, delay)
        else:
            if response.status_code not in RETRYABLE_STATUSES or attempt >= max_retries:
                if maybe_processed:
                    return attrs.evolve(response, after_maybe_processed=True)
                return response
            maybe_processed = maybe_processed or response.status_code in MAYBE_PROCESSED_STATUSES
            delay = backoff.delay(attempt, retry_after_seconds(response.headers))
            log.info("%s: HTTP %d; retry %d in %.2fs", label, response.status_code, attempt + 1, delay)
        await backoff.sleep(delay)
        attempt += 1
