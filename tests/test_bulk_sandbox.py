"""create_many against the sandbox with ~10% faults of every kind: exactly one outcome per order,
no tradeNo created twice, ``ok`` exactly the ledger; cancelled and resumed from a journal."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

import paypro_async as paypro
from paypro_async.sandbox import (
    FAULT_KINDS,
    Faults,
    Gateway,
    SandboxApp,
    SandboxServer,
    SandboxTransport,
    sample_payin,
)


async def _no_wait(_: float) -> None:
    return None


def setup(rate: float = 0.1, seed: int = 3) -> tuple[Gateway, httpx.AsyncClient, paypro.PayproClient]:
    gateway = Gateway(app_secret="sandbox-secret", seed=seed)
    gateway.faults = Faults(rate=rate, kinds=FAULT_KINDS, seed=seed)
    http = httpx.AsyncClient(transport=SandboxTransport(gateway))
    client = paypro.PayproClient(
        "4610351925", "sandbox-secret", "PK", "http://sandbox/PK", http_client=http,
        backoff=paypro.Backoff(sleep=_no_wait),
    )  # fmt: skip
    return gateway, http, client


def orders(count: int) -> list[dict[str, Any]]:
    return [sample_payin("PK", f"K{i:06d}") for i in range(count)]


def check_union(outcomes: list[paypro.Outcome], inputs: list[dict[str, Any]], gateway: Gateway) -> None:
    finals = {o.trade_no: o for o in outcomes}
    assert set(finals) == {o["trade_no"] for o in inputs}  # every input has an outcome
    assert all(gateway.submissions(t) >= 1 for t in gateway.orders)
    assert len(gateway.orders) == len(set(gateway.orders))  # the ledger holds each tradeNo once
    assert {t for t, o in finals.items() if o.ok} == set(gateway.orders)  # ok <=> created


async def test_ten_thousand_orders_with_ten_percent_faults() -> None:
    gateway, http, client = setup()
    inputs = orders(10_000)
    async with client:
        outcomes = [o async for o in client.payins.create_many(iter(inputs), concurrency=100, max_attempts=8)]
    await http.aclose()
    counts = Counter(o.trade_no for o in outcomes)
    assert len(outcomes) == 10_000 and max(counts.values()) == 1
    check_union(outcomes, inputs, gateway)
    assert all(o.ok for o in outcomes)  # every order eventually resolves against a live gateway
    injected = gateway.faults.injected if gateway.faults else {}
    assert set(injected) == set(FAULT_KINDS) and sum(injected.values()) > 800  # ~10% of ~11k requests
    assert sum(o.reconciled for o in outcomes) > 100


async def test_cancelled_halfway_then_resumed_from_journal(tmp_path: Path) -> None:
    journal = tmp_path / "journal.jsonl"
    gateway, http, client = setup(seed=11)
    inputs = orders(2_000)
    first: list[paypro.Outcome] = []
    async with client:
        stream = client.payins.create_many(iter(inputs), concurrency=50, journal=journal)
        async for outcome in stream:
            first.append(outcome)
            if len(first) == 1_000:
                break
        await stream.aclose()  # type: ignore[attr-defined]
        recorded = {json.loads(line)["trade_no"] for line in journal.read_text().splitlines()}
        assert len(recorded) >= 1_000  # in-flight orders were settled and journaled too
        second = [o async for o in client.payins.create_many(iter(inputs), concurrency=50, journal=journal)]
    await http.aclose()
    # The union is the journal: orders settled after the cancel were recorded, not yielded.
    states: dict[str, str] = {}
    for line in journal.read_text().splitlines():
        entry = json.loads(line)
        states[entry["trade_no"]] = entry["state"]
    assert set(states) == {o["trade_no"] for o in inputs}
    assert all(state in ("ok", "failed", "unknown") for state in states.values())  # none left "started"
    assert {t for t, state in states.items() if state == "ok"} == set(gateway.orders)
    yielded = Counter(o.trade_no for o in first + second)
    assert max(yielded.values()) == 1  # no order reported twice across the two runs
    assert {o.trade_no for o in first + second if o.ok} <= set(gateway.orders)
    assert max(gateway.submissions(t) for t in gateway.orders) <= 8


async def test_killed_run_started_entries_are_reconciled_not_recreated(tmp_path: Path) -> None:
    journal = tmp_path / "journal.jsonl"
    gateway, http, client = setup(rate=0.0)
    inputs = orders(3)
    async with client:
        await client.payins.create(**inputs[0])  # created, then the process died before recording
        journal.write_text(
            json.dumps({"trade_no": inputs[0]["trade_no"], "state": "started"}) + "\n"
            + json.dumps({"trade_no": inputs[1]["trade_no"], "state": "started"}) + "\n"
        )  # fmt: skip
        outcomes = {o.trade_no: o async for o in client.payins.create_many(inputs, journal=journal)}
        again = [o async for o in client.payins.create_many(inputs, journal=journal)]
    await http.aclose()
    assert outcomes[inputs[0]["trade_no"]].reconciled and gateway.submissions(inputs[0]["trade_no"]) == 1
    assert outcomes[inputs[1]["trade_no"]].ok and gateway.submissions(inputs[1]["trade_no"]) == 1
    assert all(o.ok for o in outcomes.values())
    assert again == []  # everything is in the journal as created: nothing is sent again
    assert sum(gateway.submissions(t) for t in gateway.orders) == 3


@pytest.mark.parametrize("transport", ["aiohttp", "httpx"])
async def test_over_real_http_with_ten_percent_faults(transport: str) -> None:
    """The same exactly-once promise over sockets: drops, truncations and hangs are real here."""
    gateway = Gateway(app_secret="sandbox-secret", seed=5)
    gateway.faults = Faults(rate=0.1, kinds=FAULT_KINDS, seed=5)
    app = SandboxApp(gateway, settle_after=None, hang=0.3)  # a hang outlasts the 0.1 s read timeout
    inputs = orders(1_500)
    async with SandboxServer(app) as server:
        client = paypro.PayproClient(
            "4610351925", "sandbox-secret", "PK", f"{server.url}/PK", transport=transport,
            timeout=httpx.Timeout(5.0, read=0.1), backoff=paypro.Backoff(sleep=_no_wait),
        )  # fmt: skip
        async with client:
            outcomes = [
                o async for o in client.payins.create_many(iter(inputs), concurrency=50, max_attempts=8)
            ]
    assert len(outcomes) == 1_500 and max(Counter(o.trade_no for o in outcomes).values()) == 1
    check_union(outcomes, inputs, gateway)
    assert all(o.ok for o in outcomes)
    injected = gateway.faults.injected if gateway.faults else {}
    assert set(injected) == set(FAULT_KINDS) and app.requests > 1_500
    assert sum(o.reconciled for o in outcomes) > 20  # ambiguous creates were settled by the query
