"""End-to-end demo on the built-in sandbox gateway, served on 127.0.0.1: no credentials, no internet.

Run: ``make demo`` (or ``.venv/bin/python benchmarks/demo.py --help``). It creates ~3000 payins over
every region that declares ``payin.create``, with at most 100 in flight on one shared pool of the
fast transport (``--transport aiohttp``; ``httpx`` or ``in-process`` to compare) and a few injected
network faults (dropped connections, truncated answers, hangs), through ``create_many`` (every
ambiguous create reconciled through the payment query, never a second order), settles them,
delivers each order's signed notification to a webhook receiver on 127.0.0.1 (Paypro's retry
schedule, waits skipped), queries each one, prints a per-region summary and writes one line per
order to ``benchmarks/results/demo-results.jsonl``.

Exit code 0 only if every order got exactly one outcome and the gateway agrees with it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.util
import json
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import httpx

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
from paypro_async.sandbox._notifier import Notifier

T = TypeVar("T")

MERCHANT = "4610351925"
SECRET = "sandbox-secret"
RESULTS = Path(__file__).resolve().parent / "results" / "demo-results.jsonl"
#: What a bad exchange looks like to the caller; each is resolved by asking the gateway again.
TRANSIENT = (paypro.APIConnectionError, paypro.APIStatusError, paypro.ResponseFormatError)
OUTCOMES = {"0000": "success", "0001": "partial"}


class Progress:
    """A one-line live display on stderr."""

    def __init__(self) -> None:
        self.phase = ""
        self.total = 0
        self.done = 0
        self.reconciled = 0
        self.started = time.perf_counter()

    def start(self, phase: str, total: int) -> None:
        self.phase, self.total, self.done, self.started = phase, total, 0, time.perf_counter()

    def line(self) -> str:
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        return (
            f"\r{self.phase:<8} {self.done:>5}/{self.total:<5} {self.done / elapsed:7.0f}/s  "
            f"reconciled {self.reconciled:<4}"
        )

    async def show(self) -> None:
        while True:
            sys.stderr.write(self.line())
            sys.stderr.flush()
            await asyncio.sleep(0.1)

    def finish(self) -> None:
        sys.stderr.write(self.line() + "\n")
        sys.stderr.flush()


class WebhookReceiver:
    """The merchant's notify endpoint on 127.0.0.1: verifies each POST with the SDK, answers OK."""

    def __init__(self, gateway: Gateway, clients: dict[str, paypro.PayproClient]) -> None:
        self.gateway = gateway
        self.clients = clients
        self.notes: dict[str, paypro.Notification] = {}
        self.rejected = 0
        self.url = ""

    async def start(self) -> asyncio.Server:
        server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/paypro/notify"
        return server

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:  # keep-alive: one connection carries many notifications
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                body = await reader.readexactly(length)
                answer = self._receive(body)
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(answer), answer))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    def _receive(self, body: bytes) -> bytes:
        trade_no = json.loads(body).get("tradeNo", "")
        order = self.gateway.orders.get(trade_no)
        try:
            if order is None:
                raise paypro.SignatureError("unknown order")
            note = self.clients[order.region].notifications.parse(body)
        except paypro.PayproError:
            self.rejected += 1
            return b"rejected"  # Paypro would re-deliver later
        self.notes[trade_no] = note
        return paypro.NOTIFY_ACK.encode()


async def _patiently(call: Callable[[], Awaitable[T]], attempts: int = 6) -> T:
    """A read-only call, asked again after a transient failure (the SDK already retried some)."""
    for attempt in range(attempts):
        try:
            return await call()
        except TRANSIENT:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def run(args: argparse.Namespace) -> int:
    gateway = Gateway(merchant_no=MERCHANT, app_secret=SECRET, seed=args.seed)
    if args.faults > 0:
        gateway.faults = Faults(rate=args.faults, kinds=FAULT_KINDS, seed=args.seed)
    low, high = args.latency_ms
    latency = (low / 1000, high / 1000)
    codes = [c for c in paypro.regions.available() if paypro.regions.get(c).supports("payin.create")]
    rng = random.Random(args.seed)
    backoff = paypro.Backoff(initial=0.01, maximum=0.1)

    async with contextlib.AsyncExitStack() as stack:
        if args.transport == "in-process":
            sandbox = SandboxTransport(gateway, latency=latency)
            http = await stack.enter_async_context(
                httpx.AsyncClient(
                    transport=sandbox, limits=httpx.Limits(max_connections=100, max_keepalive_connections=100)
                )
            )
            base = paypro.PayproClient(
                MERCHANT, SECRET, codes[0], f"http://sandbox/{codes[0]}", http_client=http, backoff=backoff
            )
            counter: SandboxTransport | SandboxApp = sandbox
            root = "http://sandbox"
        else:
            # The gateway over real sockets on 127.0.0.1, in this process; a hang outlasts the read timeout.
            app = SandboxApp(gateway, settle_after=None, hang=2.0, latency=latency)
            server = await stack.enter_async_context(SandboxServer(app))
            base = paypro.PayproClient(
                MERCHANT, SECRET, codes[0], f"{server.url}/{codes[0]}", transport=args.transport,
                timeout=httpx.Timeout(10.0, read=1.0), backoff=backoff,
            )  # fmt: skip
            counter, root = app, server.url
        await stack.enter_async_context(base)
        clients = {c: base.with_options(region=c, base_url=f"{root}/{c}") for c in codes}
        receiver = WebhookReceiver(gateway, clients)
        webhook = await receiver.start()
        orders = [
            (code, {**sample_payin(code, f"DEMO{code}{i:06d}", rng), "notify_url": receiver.url})
            for i in range(-(-args.orders // len(codes)))
            for code in codes
        ][: args.orders]

        semaphore = asyncio.Semaphore(args.concurrency)
        progress = Progress()
        display = asyncio.create_task(progress.show())
        latencies: dict[str, list[float]] = defaultdict(list)
        failures: list[str] = []
        per_region = max(1, args.concurrency // len(codes))

        async def create_region(code: str) -> None:
            """The SDK's own bulk machinery: bounded, reconciled, one outcome per order."""
            batch = (kwargs for c, kwargs in orders if c == code)
            async for outcome in clients[code].payins.create_many(batch, concurrency=per_region):
                latencies[code].append(outcome.seconds * 1000)
                progress.reconciled += outcome.reconciled
                progress.done += 1
                if not outcome.ok:
                    failures.append(f"{outcome.trade_no}: create: {outcome.error}")

        progress.start("create", len(orders))
        t0 = time.perf_counter()
        await asyncio.gather(*(create_region(code) for code in codes))
        create_seconds = time.perf_counter() - t0
        progress.finish()

        settled = gateway.settle_all()
        notifier = Notifier(gateway, time_factor=0.0)  # Paypro's retry schedule, without the waiting

        async def notify(trade_no: str) -> None:
            async with semaphore:
                delivery = await notifier.deliver(trade_no)
                progress.done += 1
            if not delivery.acknowledged:
                failures.append(f"{trade_no}: notification not acknowledged")

        progress.start("notify", len(orders))
        await asyncio.gather(*(notify(str(kwargs["trade_no"])) for _, kwargs in orders))
        progress.finish()
        await notifier.aclose()
        webhook.close()

        outcomes: dict[str, dict[str, Any]] = {}

        async def verify(code: str, kwargs: dict[str, Any]) -> None:
            trade_no = str(kwargs["trade_no"])
            client = clients[code]
            async with semaphore:
                try:
                    details = await _patiently(lambda: client.payins.retrieve(trade_no))
                    note = receiver.notes[trade_no]
                except (paypro.PayproError, KeyError) as exc:
                    failures.append(f"{trade_no}: query/notify: {exc!r}")
                    return
                finally:
                    progress.done += 1
            order = gateway.orders[trade_no]
            agreed = details.status_code == note.status_code == order.status and note.amount == details.amount
            if not agreed:
                failures.append(f"{trade_no}: query {details.status_code}, notify {note.status_code}")
            if trade_no in outcomes:
                failures.append(f"{trade_no}: a second outcome")
            outcomes[trade_no] = {
                "trade_no": trade_no,
                "region": code,
                "amount": str(order.amount),
                "reported_amount": str(details.amount),
                "status_code": details.status_code,
                "outcome": OUTCOMES.get(details.status_code or "", "failed"),
                "platform_trade_no": details.platform_trade_no,
                "create_requests": gateway.submissions(trade_no),
                "notification_verified": note.signed and agreed,
            }

        progress.start("verify", len(orders))
        await asyncio.gather(*(verify(code, kwargs) for code, kwargs in orders))
        progress.finish()
        display.cancel()

        # Balances: each region's available amount is what its payins actually brought in.
        for code in codes:
            expected = sum(
                (
                    o.reported_amount
                    for o in gateway.orders.values()
                    if o.region == code and o.status in OUTCOMES
                ),
                Decimal(0),
            )
            balance = await _patiently(clients[code].balance.retrieve)
            if balance.available != expected:
                failures.append(f"{code}: balance {balance.available} != {expected}")

    # -- checks, table, results ------------------------------------------------------------------
    expected_ids = {str(kwargs["trade_no"]) for _, kwargs in orders}
    if set(outcomes) != expected_ids:
        failures.append(f"{len(expected_ids - set(outcomes))} orders without an outcome")
    if set(gateway.orders) != expected_ids or len(settled) != len(expected_ids):
        failures.append("the gateway's ledger does not hold exactly the demo's orders")

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("w", encoding="utf-8") as out:
        for _, kwargs in orders:
            row = outcomes.get(str(kwargs["trade_no"]))
            if row is not None:
                out.write(json.dumps(row) + "\n")

    by_region: dict[str, Counter[str]] = defaultdict(Counter)
    for row in outcomes.values():
        by_region[row["region"]][row["outcome"]] += 1
    header = (
        f"{'region':<7}{'created':>8}{'success':>9}{'partial':>9}{'failed':>8}"
        f"{'orders/s':>10}{'p50 ms':>9}{'p99 ms':>9}"
    )
    print(header)
    print("-" * len(header))
    for code in codes:
        counts = by_region[code]
        created = sum(counts.values())
        lat = latencies[code]
        print(
            f"{code:<7}{created:>8}{counts['success']:>9}{counts['partial']:>9}{counts['failed']:>8}"
            f"{created / create_seconds:>10.0f}{_percentile(lat, 0.5):>9.1f}{_percentile(lat, 0.99):>9.1f}"
        )
    totals: Counter[str] = sum(by_region.values(), Counter())
    everything = [v for values in latencies.values() for v in values]
    print("-" * len(header))
    print(
        f"{'all':<7}{sum(totals.values()):>8}{totals['success']:>9}{totals['partial']:>9}{totals['failed']:>8}"
        f"{len(outcomes) / create_seconds:>10.0f}{_percentile(everything, 0.5):>9.1f}"
        f"{_percentile(everything, 0.99):>9.1f}"
    )
    injected = gateway.faults.injected if gateway.faults else {}
    resent = sum(1 for t in gateway.orders if gateway.submissions(t) > 1)
    print(
        f"\n{len(orders)} orders over {len(codes)} regions, {args.concurrency} in flight; "
        f"{counter.requests} HTTP requests over {args.transport}; faults injected: {sum(injected.values())} "
        f"{dict(sorted(injected.items()))}; reconciled by query: {progress.reconciled}; "
        f"re-sent after a definite 'not found': {resent}; ledger: {len(gateway.orders)} orders, "
        f"at most {max((gateway.submissions(t) for t in gateway.orders), default=0)} create(s) per tradeNo"
    )
    verified, rejected = len(receiver.notes), receiver.rejected
    print(f"notifications: {verified} verified by the webhook receiver, {rejected} rejected")
    print(f"results: {RESULTS.relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS}")
    if failures:
        print(f"\nFAILED: {len(failures)} problems", file=sys.stderr)
        for line in failures[:20]:
            print("  " + line, file=sys.stderr)
        return 1
    print("OK: every order has exactly one outcome, and the query, the notification and the ledger agree")
    return 0


def _latency(text: str) -> tuple[float, float]:
    low, _, high = text.partition(",")
    return float(low), float(high or low)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--faults", type=float, default=0.01, help="share of requests with a fault (0: none)")
    parser.add_argument("--latency-ms", type=_latency, default=(2.0, 20.0), help="simulated latency range")
    fast = importlib.util.find_spec("aiohttp") is not None
    parser.add_argument(
        "--transport",
        choices=("aiohttp", "httpx", "in-process"),
        default="aiohttp" if fast else "httpx",
        help="the SDK's transport to a sandbox served on 127.0.0.1, or httpx straight into the "
        "gateway with no sockets (default: aiohttp, the fast transport, when installed)",
    )
    sys.exit(asyncio.run(run(parser.parse_args())))


if __name__ == "__main__":
    main()
