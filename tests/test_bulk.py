"""create_many: one outcome per order, no duplicates, reconciliation under injected faults."""

from __future__ import annotations

import asyncio
import json
import random
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

import paypro_async as paypro
import paypro_async._bulk as paypro_bulk

from .conftest import envelope
from .test_client import PAYIN

CREATE_FAULTS = ("drop_after", "timeout_after", "drop_before", "status_503", "status_500", "truncated")
QUERY_FAULTS = ("status_503", "timeout", "status_500")


class FaultyGateway:
    """Records orders by tradeNo; fails ~rate of requests, some *after* recording the order."""

    def __init__(self, rate: float, seed: int = 7) -> None:
        self.rate = rate
        self.rng = random.Random(seed)
        self.ledger: dict[str, str] = {}
        self.submissions: Counter[str] = Counter()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        trade_no = body["tradeNo"]
        fault = self.rng.random() < self.rate
        if request.url.path.endswith("payinApi"):
            self.submissions[trade_no] += 1
            kind = self.rng.choice(CREATE_FAULTS) if fault else None
            if kind == "drop_before":
                raise httpx.ConnectError("refused")
            if kind == "status_503":
                return httpx.Response(503, text="busy")
            if trade_no in self.ledger:
                return httpx.Response(200, json=envelope(None, code="1003", msg="duplicate tradeNo"))
            self.ledger[trade_no] = "P" + trade_no
            if kind == "drop_after":
                raise httpx.RemoteProtocolError("peer closed connection")
            if kind == "timeout_after":
                raise httpx.ReadTimeout("slow")
            if kind == "status_500":
                return httpx.Response(500, text="<html>oops</html>")
            if kind == "truncated":
                return httpx.Response(200, text='{"msg":"success","co')
            data = {"platFormTradeNo": self.ledger[trade_no], "status": "0015", "desc": "CREATED"}
            return httpx.Response(200, json=envelope(data))
        kind = self.rng.choice(QUERY_FAULTS) if fault else None
        if kind == "timeout":
            raise httpx.ReadTimeout("slow")
        if kind is not None:
            return httpx.Response(int(kind[-3:]), text="busy")
        if trade_no not in self.ledger:
            return httpx.Response(200, json=envelope(None, code="1004", msg="order not found"))
        data = {"tradeNo": trade_no, "platFormTradeNo": self.ledger[trade_no], "status": "0015"}
        return httpx.Response(200, json=envelope(data))


def orders(count: int, prefix: str = "B") -> list[dict[str, object]]:
    return [{"trade_no": f"{prefix}{i:05d}", "amount": 100 + i, **PAYIN} for i in range(count)]


async def test_every_order_one_outcome_no_duplicates_under_faults(
    make_client: Callable[..., paypro.PayproClient],
) -> None:
    gateway = FaultyGateway(rate=0.1)
    http = httpx.AsyncClient(transport=httpx.MockTransport(gateway))
    progress: list[paypro.BulkProgress] = []
    inputs = orders(2000)
    async with make_client(http_client=http, max_retries=2) as client:
        outcomes = [
            o
            async for o in client.payins.create_many(
                iter(inputs), concurrency=64, on_progress=progress.append
            )
        ]
    await http.aclose()
    by_trade = Counter(o.trade_no for o in outcomes)
    assert len(outcomes) == len(inputs) and set(by_trade) == {o["trade_no"] for o in inputs}
    assert max(by_trade.values()) == 1
    ok = {o.trade_no for o in outcomes if o.ok}
    assert ok == set(gateway.ledger)  # ok <=> exists at the gateway, and nothing created twice
    assert any(o.reconciled for o in outcomes)  # faults really happened and were reconciled
    assert all(o.error is None and o.result is not None for o in outcomes if o.ok)
    assert progress[-1].done == 2000 and progress[-1].in_flight == 0


async def test_validation_and_refusals_are_per_order(make_client: Callable[..., paypro.PayproClient]) -> None:
    gateway = FaultyGateway(rate=0.0)
    gateway.ledger["B00001"] = "PB00001"  # already exists: the create is refused as a duplicate
    http = httpx.AsyncClient(transport=httpx.MockTransport(gateway))
    inputs = orders(3)
    inputs[2] = {**inputs[2], "mobile": "12"}
    async with make_client(http_client=http) as client:
        outcomes = {o.trade_no: o async for o in client.payins.create_many(inputs)}
    await http.aclose()
    assert outcomes["B00000"].ok
    assert not outcomes["B00001"].ok and isinstance(outcomes["B00001"].error, paypro.APIError)
    assert isinstance(outcomes["B00002"].error, paypro.ValidationError)
    assert gateway.submissions["B00002"] == 0


async def test_unresolvable_order_is_reported_unknown_not_dropped(
    make_client: Callable[..., paypro.PayproClient],
) -> None:
    def always_timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow")

    http = httpx.AsyncClient(transport=httpx.MockTransport(always_timeout))
    async with make_client(http_client=http, max_retries=0) as client:
        outcomes = [o async for o in client.payins.create_many(orders(2), max_attempts=2)]
    await http.aclose()
    assert len(outcomes) == 2
    assert all(o.unknown and not o.ok and isinstance(o.error, paypro.OutcomeUnknownError) for o in outcomes)


async def test_async_iterable_input_is_consumed_lazily(
    make_client: Callable[..., paypro.PayproClient],
) -> None:
    gateway = FaultyGateway(rate=0.0)
    http = httpx.AsyncClient(transport=httpx.MockTransport(gateway))
    pulled = 0

    async def source():  # type: ignore[no-untyped-def]
        nonlocal pulled
        for order in orders(1000):
            pulled += 1
            yield order

    async with make_client(http_client=http) as client:
        stream = client.payins.create_many(source(), concurrency=4)
        first = await stream.__anext__()
        assert first.ok and pulled <= 4 + 4 + 1  # in flight + queued, not the whole input
        await stream.aclose()  # type: ignore[attr-defined]
    await http.aclose()


async def test_connect_failure_after_an_ambiguous_attempt_still_reconciles(
    make_client: Callable[..., paypro.PayproClient],
) -> None:
    ledger: set[str] = set()
    creates = 0

    def gateway(request: httpx.Request) -> httpx.Response:
        nonlocal creates
        body = json.loads(request.content)
        if request.url.path.endswith("payinApi"):
            creates += 1
            if creates == 1:
                ledger.add(body["tradeNo"])
                raise httpx.ReadTimeout("created, then slow")
            raise httpx.ConnectError("refused")  # the retry never reaches the gateway
        if creates < 3:  # the first query finds nothing yet (replication lag), forcing a resend
            return httpx.Response(200, json=envelope(None, code="1004", msg="order not found"))
        data = {"tradeNo": body["tradeNo"], "platFormTradeNo": "P1", "status": "0015"}
        return httpx.Response(200, json=envelope(data if body["tradeNo"] in ledger else None))

    http = httpx.AsyncClient(transport=httpx.MockTransport(gateway))
    async with make_client(http_client=http, max_retries=0) as client:
        outcomes = [o async for o in client.payins.create_many(orders(1), max_attempts=4)]
    await http.aclose()
    assert len(outcomes) == 1 and outcomes[0].ok and outcomes[0].reconciled
    assert creates >= 2


async def test_stopping_lets_started_orders_finish_and_takes_no_new_ones(
    make_client: Callable[..., paypro.PayproClient], tmp_path: Path
) -> None:
    gateway = FaultyGateway(rate=0.0)
    release = asyncio.Event()
    arrived: list[str] = []

    async def slow(request: httpx.Request) -> httpx.Response:
        arrived.append(json.loads(request.content)["tradeNo"])
        if len(arrived) > 1:
            await release.wait()  # every order after the first is still in flight at the break
        return gateway(request)

    http = httpx.AsyncClient(transport=httpx.MockTransport(slow))
    journal = tmp_path / "journal.jsonl"
    async with make_client(http_client=http) as client:
        stream = client.payins.create_many(iter(orders(50)), concurrency=4, journal=journal)
        first = await stream.__anext__()  # type: ignore[attr-defined]
        closing = asyncio.create_task(stream.aclose())  # type: ignore[attr-defined]
        await asyncio.sleep(0)
        release.set()
        await closing
    await http.aclose()
    states = [json.loads(line) for line in journal.read_text().splitlines()]
    assert first.ok and len(arrived) == 5  # the first, then one in flight per worker; none after
    assert {e["trade_no"] for e in states if e["state"] == "ok"} == set(arrived) == set(gateway.ledger)


async def test_orders_stuck_past_the_grace_stay_started_and_resume_by_query(
    make_client: Callable[..., paypro.PayproClient], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paypro_bulk, "CANCEL_GRACE_SECONDS", 0.0)
    gateway = FaultyGateway(rate=0.0)
    stuck = asyncio.Event()

    async def hangs_after_recording(request: httpx.Request) -> httpx.Response:
        answer = gateway(request)
        if len(gateway.ledger) > 1:
            await stuck.wait()  # never set: the order exists, the answer never comes
        return answer

    http = httpx.AsyncClient(transport=httpx.MockTransport(hangs_after_recording))
    journal = tmp_path / "journal.jsonl"
    inputs = orders(2)
    async with make_client(http_client=http) as client:
        stream = client.payins.create_many(iter(inputs), concurrency=2, journal=journal)
        assert (await stream.__anext__()).ok  # type: ignore[attr-defined]
        await stream.aclose()  # type: ignore[attr-defined]
    await http.aclose()
    second = inputs[1]["trade_no"]
    last_state = {
        json.loads(line)["trade_no"]: json.loads(line)["state"] for line in journal.read_text().splitlines()
    }
    assert last_state[second] == "started" and second in gateway.ledger

    http = httpx.AsyncClient(transport=httpx.MockTransport(gateway))
    async with make_client(http_client=http) as client:
        again = [o async for o in client.payins.create_many(iter(inputs), journal=journal)]
    await http.aclose()
    assert [(o.trade_no, o.ok, o.reconciled) for o in again] == [(second, True, True)]
    assert gateway.submissions[second] == 1  # found by the query, never sent twice
