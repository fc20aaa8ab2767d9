"""Bulk creation where every order gets exactly one definite outcome and none is created twice.

A create that may have reached the gateway is *reconciled*: the trade number is queried; found means
created (never create it again), a definite "not found" means it is safe to send the same trade
number again (Paypro refuses a duplicate ``tradeNo``, and such a refusal sends us back to the query).
A query that itself failed is retried, never read as "not found".
"""

from __future__ import annotations

import asyncio
import json
import os
import time
import types
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Iterable, Iterator, Mapping
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

__all__ = ["BulkProgress", "Journal", "Outcome", "run_bulk"]

#: How long a cancelled run waits for orders already in flight to reach an outcome.
CANCEL_GRACE_SECONDS = 30.0

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


class Journal:
    """An append-only JSON Lines record of every order's progress, for resuming a killed run.

    ``started`` is written before the first create is sent and the outcome after, each line
    flushed to the OS: after a crash, an order with ``started`` and no outcome may exist, so the next
    run reconciles it by query instead of creating it blindly.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        #: trade_no -> last recorded state: "started", "ok", "failed" or "unknown".
        self.states: dict[str, str] = {}
        if os.path.exists(self.path):
            with open(self.path, encoding="utf-8") as existing:
                for line in existing:
                    try:
                        entry = json.loads(line)
                    except ValueError:
                        continue  # a line torn by a crash mid-write
                    self.states[str(entry["trade_no"])] = str(entry["state"])
        self._file = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - closed by close()

    def write(self, trade_no: str, state: str, **extra: object) -> None:
        """Append one line and flush it."""
        self.states[trade_no] = state
        self._file.write(json.dumps({"trade_no": trade_no, "state": state, **extra}) + "\n")
        self._file.flush()

    def record(self, outcome: Outcome) -> None:
        """Append ``outcome``."""
        state = "ok" if outcome.ok else "unknown" if outcome.unknown else "failed"
        platform = getattr(outcome.result, "platform_trade_no", None)
        error = None if outcome.error is None else f"{type(outcome.error).__name__}: {outcome.error}"
        self.write(outcome.trade_no, state, platform_trade_no=platform, error=error)

    def close(self) -> None:
        """Close the file."""
        self._file.close()


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

    async def settle(self, index: int, order: Order, *, suspect: bool = False) -> Outcome:
        started = time.perf_counter()
        trade_no = str(order.get("trade_no", ""))

        def outcome(ok: bool, **details: Any) -> Outcome:
            return Outcome(trade_no, ok, index=index, seconds=time.perf_counter() - started, **details)

        return await self._settle(trade_no, order, suspect, outcome)

    async def _settle(
        self, trade_no: str, order: Order, suspect: bool, outcome: Callable[..., Outcome]
    ) -> Outcome:
        fields = dict(order)
        last: PayproError | None = None
        ambiguous = suspect
        if suspect:  # an earlier run may have created it: ask before sending anything
            try:
                found = await self._lookup(trade_no)
            except PayproError as exc:
                error = OutcomeUnknownError(trade_no, f"still unresolved: {exc}")
                error.__cause__ = exc
                return outcome(False, error=error)
            if found is not None:
                return outcome(True, result=found, reconciled=True)
        for attempt in range(self.max_attempts):
            try:
                result = await self.create(**fields)
            except PayproError as exc:
                if isinstance(exc, APIError) and ambiguous:
                    pass  # e.g. "duplicate tradeNo" after an ambiguous attempt: ask the gateway
                elif not ambiguous and not _ambiguous(exc):  # after an ambiguity, only a query can tell
                    return outcome(False, error=exc)
                ambiguous, last = True, exc
            else:
                return outcome(True, result=result, reconciled=attempt > 0)
            try:
                found = await self._lookup(trade_no)
            except PayproError as exc:
                last = exc
                break  # the query kept failing: unknown, never "not found"
            if found is not None:
                return outcome(True, result=found, reconciled=True)
            await self.backoff.sleep(self.backoff.delay(attempt))
        error = OutcomeUnknownError(trade_no, f"unresolved after {self.max_attempts} attempts: {last}")
        error.__cause__ = last
        return outcome(False, error=error)


#: The input is exhausted (compared by identity: no real order is this object).
_END: Order = types.MappingProxyType({})


class _Source:
    """The input, handed out one order at a time, in input order, to any number of workers."""

    def __init__(self, orders: Iterable[Order] | AsyncIterable[Order]) -> None:
        self._sync: Iterator[Order] | None = None
        self._async: AsyncIterator[Order] | None = None
        if isinstance(orders, AsyncIterable):
            self._async = orders.__aiter__()
        else:
            self._sync = iter(orders)
        self._lock = asyncio.Lock()

    async def next(self) -> Order:
        """The next order, or ``_END``."""
        if self._sync is not None:
            return next(self._sync, _END)  # no await in between: a plain iterator needs no lock
        assert self._async is not None
        async with self._lock:  # one reader at a time: an async input is consumed lazily, in order
            try:
                return await self._async.__anext__()
            except StopAsyncIteration:
                return _END


async def run_bulk(
    client: PayproClient,
    create: Callable[..., Awaitable[Payment]],
    query: Callable[[str], Awaitable[PaymentDetails]],
    orders: Iterable[Order] | AsyncIterable[Order],
    *,
    concurrency: int,
    max_attempts: int,
    on_progress: Callable[[BulkProgress], None] | None,
    journal: str | os.PathLike[str] | None = None,
) -> AsyncIterator[Outcome]:
    """Run ``orders`` with at most ``concurrency`` in flight; yield outcomes as they finish.

    With ``journal``, orders it records as created are skipped, and orders it records as started or
    unknown are reconciled by query first. Cancelling the run (or closing the iterator) stops taking
    new orders and lets those in flight finish (up to ``CANCEL_GRACE_SECONDS``); their outcomes reach
    the journal and ``on_progress`` even though they can no longer be yielded.
    """
    if concurrency < 1:
        raise ValueError("concurrency must be >= 1")
    book = Journal(journal) if journal is not None else None
    reconciler = _Reconciler(client, create, query, max_attempts)
    source = _Source(orders)
    stopping = False
    settling: set[asyncio.Task[Any]] = set()  # workers inside settle(): never cancelled mid-order
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

    async def settle(index: int, order: Order, suspect: bool) -> Outcome:
        trade_no = str(order.get("trade_no", ""))
        if book is not None and not suspect:
            book.write(trade_no, "started")
        outcome = await reconciler.settle(index, order, suspect=suspect)
        counts["in_flight"] -= 1
        if book is not None:
            book.record(outcome)
        report(outcome)
        return outcome

    async def worker() -> None:
        # Each order settles inside its worker: one task per worker, not per order. Stopping the
        # run cancels only workers that are not settling, so a started order always finishes.
        me = asyncio.current_task()
        assert me is not None
        while not stopping:
            order = await source.next()
            if order is _END:
                return
            state = book.states.get(str(order.get("trade_no", ""))) if book is not None else None
            if state == "ok":
                continue  # definitely created by an earlier run: never again
            index = counts["next"]
            counts["next"] += 1
            counts["in_flight"] += 1
            settling.add(me)
            try:
                outcome = await settle(index, order, suspect=state in ("started", "unknown"))
            finally:
                settling.discard(me)
            if stopping:
                return  # recorded by settle(); nobody is left to yield it to
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
        stopping = True
        busy = set(settling)
        for task in workers:
            if task not in busy:
                task.cancel()
        if busy:  # started orders still settle, within a bound, and reach the journal
            await asyncio.wait(busy, timeout=CANCEL_GRACE_SECONDS)
            for task in busy:
                task.cancel()  # past the bound: the journal keeps them "started", resumed by query
        await asyncio.gather(*workers, supervisor, return_exceptions=True)
        if book is not None:
            book.close()
