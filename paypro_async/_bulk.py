"""Bulk creation where every order gets exactly one definite outcome and none is created twice.

A create that may have reached the gateway is *reconciled*: the trade number is queried; found means
created (never create it again), a definite "not found" means it is safe to send the same trade
number again (Paypro refuses a duplicate ``tradeNo``, and such a refusal sends us back to the query).
A query that itself failed is retried, never read as "not found".
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ._errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    OutcomeUnknownError,
    PayproError,
    ResponseFormatError,
)
from ._models import Payment, PaymentDetails

if TYPE_CHECKING:
    from ._client import PayproClient

__all__ = ["BulkProgress", "Outcome", "run_bulk"]

Order = Mapping[str, Any]


@attrs.frozen
class Outcome:
    """The one outcome of one order.

    ``ok``: the order definitely exists at the gateway (whatever its business status). ``result``: the
    create's result, or the query's when reconciliation found it. ``error``: why not ``ok``; an
    :class:`OutcomeUnknownError` means unresolved after every attempt (query it later).
    """

    trade_no: str
    ok: bool
    result: Payment | PaymentDetails | None = None
    error: PayproError | None = None
    index: int = -1
    reconciled: bool = False
    #: Wall-clock seconds from the first create request to this outcome (reconciliation included).
    seconds: float = 0.0

    @property
    def unknown(self) -> bool:
        """True when the order may or may not exist."""
        return isinstance(self.error, OutcomeUnknownError)


@attrs.frozen
class BulkProgress:
    """Counts passed to ``on_progress``; ``rate`` is finished orders per second."""

    done: int
    ok: int
    failed: int
    unknown: int
    in_flight: int
    rate: float


def _ambiguous(exc: PayproError) -> bool:
    """Did this create failure leave the order's existence unknown?"""
    if isinstance(exc, (OutcomeUnknownError, ResponseFormatError)):
        return True
    if isinstance(exc, APIStatusError):
        return exc.status_code >= 500 or exc.status_code in (408, 429)
    # A connection failure the transport classified as "not sent" is definite: nothing arrived.
    return False


class _Reconciler:
    def __init__(
        self,
        client: PayproClient,
        create: Callable[..., Awaitable[Payment]],
        query: Callable[[str], Awaitable[PaymentDetails]],
        max_attempts: int,
    ) -> None:
        self.client = client
        self.create = create
        self.query = query
        self.max_attempts = max_attempts
        self.backoff = client._config.backoff

    async def _lookup(self, trade_no: str) -> PaymentDetails | None:
        """The order as the gateway knows it; None when definitely not found."""
        attempt = 0
        while True:
            try:
                details = await self.query(trade_no)
            except APIError:
                return None  # the gateway answered and refused: no such order
            except (APIConnectionError, APIStatusError, ResponseFormatError):
                if attempt + 1 >= self.max_attempts:
                    raise
                await self.backoff.sleep(self.backoff.delay(attempt))
                attempt += 1
                continue
            # A valid envelope with no order in it also means "not found".
            if details.status_code is None and details.platform_trade_no is None:
                return None
            return details

    async def settle(self, index: int, order: Order) -> Outcome:
        started = time.perf_counter()
        outcome = await self._settle(index, order)
        return attrs.evolve(outcome, seconds=time.perf_counter() - started)

    async def _settle(self, index: int, order: Order) -> Outcome:
        trade_no = str(order.get("trade_no", ""))
        fields = dict(order)
        last: PayproError | None = None
        ambiguous = False
        for attempt in range(self.max_attempts):
            try:
                result = await self.create(**fields)
            except PayproError as exc:
                if isinstance(exc, APIError) and ambiguous:
                    pass  # e.g. "duplicate tradeNo" after an ambiguous attempt: ask the gateway
                elif not _ambiguous(exc):
                    return Outcome(trade_no, False, error=exc, index=index)
                ambiguous, last = True, exc
            else:
                return Outcome(trade_no, True, result=result, index=index, reconciled=attempt > 0)
            try:
                found = await self._lookup(trade_no)
            except PayproError as exc:
                last = exc
                break  # the query kept failing: unknown, never "not found"
            if found is not None:
                return Outcome(trade_no, True, result=found, index=index, reconciled=True)
            await self.backoff.sleep(self.backoff.delay(attempt))
        error = OutcomeUnknownError(trade_no, f"unresolved after {self.max_attempts} attempts: {last}")
        error.__cause__ = last
        return Outcome(trade_no, False, error=error, index=index)


async def _aiter(orders: Iterable[Order] | AsyncIterable[Order]) -> AsyncIterator[Order]:
    if isinstance(orders, AsyncIterable):
        async for order in orders:
            yield order
    else:
        for order in orders:
            yield order


async def run_bulk(
    client: PayproClient,
    create: Callable[..., Awaitable[Payment]],
    query: Callable[[str], Awaitable[PaymentDetails]],
    orders: Iterable[Order] | AsyncIterable[Order],
    *,
    concurrency: int,
    max_attempts: int,
    on_progress: Callable[[BulkProgress], None] | None,
) -> AsyncIterator[Outcome]:
    """Run ``orders`` with at most ``concurrency`` in flight; yield outcomes as they finish."""
    if concurrency < 1:
        raise ValueError("concurrency must be >= 1")
    reconciler = _Reconciler(client, create, query, max_attempts)
    source = _aiter(orders)
    take = asyncio.Lock()
    results: asyncio.Queue[Outcome | None] = asyncio.Queue(maxsize=concurrency)
    counts = {"done": 0, "ok": 0, "failed": 0, "unknown": 0, "in_flight": 0, "next": 0}
    started = time.monotonic()

    def report(outcome: Outcome) -> None:
        counts["done"] += 1
        key = "ok" if outcome.ok else "unknown" if outcome.unknown else "failed"
        counts[key] += 1
        if on_progress is not None:
            elapsed = max(time.monotonic() - started, 1e-9)
            on_progress(
                BulkProgress(
                    counts["done"], counts["ok"], counts["failed"], counts["unknown"],
                    counts["in_flight"], counts["done"] / elapsed,
                )
            )  # fmt: skip

    async def worker() -> None:
        while True:
            async with take:  # one reader at a time: input is consumed lazily, in order
                try:
                    order = await source.__anext__()
                except StopAsyncIteration:
                    return
                index = counts["next"]
                counts["next"] += 1
                counts["in_flight"] += 1
            # Shielded: cancelling the run stops new orders but lets this one reach an outcome.
            outcome = await asyncio.shield(reconciler.settle(index, order))
            counts["in_flight"] -= 1
            report(outcome)
            await results.put(outcome)

    async def supervise(workers: list[asyncio.Task[None]]) -> None:
        try:
            await asyncio.gather(*workers)
        finally:
            await results.put(None)

    workers = [asyncio.create_task(worker()) for _ in range(concurrency)]
    supervisor = asyncio.create_task(supervise(workers))
    try:
        while (outcome := await results.get()) is not None:
            yield outcome
        await supervisor  # re-raise a failure of the input iterator
    finally:
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, supervisor, return_exceptions=True)
