"""Peak memory of streaming many orders through ``create_many`` (issue: bounded memory for bulk).

Run: ``.venv/bin/python benchmarks/bulk_memory.py --orders 1000000``. The gateway is an in-process
httpx transport that answers every create at once and keeps no ledger, so the figure is the SDK's:
lazy input, bounded in-flight work, outcomes consumed as they arrive. ``--transport aiohttp`` (or
``httpx``) sends them over loopback sockets to ``server.py`` in its own process instead, so the
figure includes the real connection pool.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import time
from collections.abc import Iterator
from typing import Any

import httpx

import paypro_async as paypro

ANSWER = json.dumps(
    {"msg": "success", "code": "0000", "success": True, "data": {"platFormTradeNo": "P", "status": "0015"}}
).encode()


def handler(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=ANSWER, headers={"content-type": "application/json"})


def orders(count: int) -> Iterator[dict[str, Any]]:
    for i in range(count):
        yield {
            "trade_no": f"M{i:010d}",
            "amount": 10000,
            "name": "Ali Raza",
            "mobile": "3115112345",
            "email": "ali@gmail.com",
            "notify_url": "https://shop.example/notify",
        }


def peak_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


async def run(count: int, concurrency: int, transport: str, port: int | None) -> None:
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    if port is None:
        client = paypro.PayproClient(
            "4610351925", "bench-secret", "PK", "http://sandbox/PK", http_client=http
        )
    else:
        base_url = f"http://127.0.0.1:{port}"
        client = paypro.PayproClient("4610351925", "bench-secret", "PK", base_url, transport=transport)  # type: ignore[arg-type]
    ok = done = 0
    started = time.perf_counter()
    async with client:
        async for outcome in client.payins.create_many(orders(count), concurrency=concurrency):
            done += 1
            ok += outcome.ok
            if done % 100_000 == 0:
                print(f"{done:>9} orders  peak RSS {peak_rss_mb():6.1f} MB", file=sys.stderr, flush=True)
    await http.aclose()
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {"orders": done, "ok": ok, "seconds": round(seconds, 1), "orders_per_s": round(done / seconds),
             "peak_rss_mb": round(peak_rss_mb(), 1), "concurrency": concurrency, "transport": transport}
        )
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--transport", choices=("mock", "aiohttp", "httpx"), default="mock")
    args = parser.parse_args()
    if args.transport == "mock":
        asyncio.run(run(args.orders, args.concurrency, "mock", None))
        return
    from transports import running_server  # benchmarks/ is on sys.path when run as a script

    with running_server(0.0) as (port, _):
        asyncio.run(run(args.orders, args.concurrency, args.transport, port))


if __name__ == "__main__":
    main()
