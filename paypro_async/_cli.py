"""The ``paypro`` command: sign, create, query, balance and notification checks from a shell.

Credentials come from ``--merchant-no`` / ``--app-secret`` / ``--region`` / ``--base-url`` or the
``PAYPRO_*`` environment. Human-readable output by default, ``--json`` for scripts. Exit codes:
0 success, 1 the gateway or network failed, 2 bad input (nothing sent), 3 outcome unknown (query it).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import enum
import importlib.util
import json
import os
import sys
import time
from collections.abc import Callable, Coroutine, Iterator, Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from . import regions
from ._bulk import BulkProgress
from ._client import PayproClient
from ._errors import OutcomeUnknownError, PayproError, ValidationError
from ._signing import canonical_string, sign

__all__ = ["main"]

EXIT_OK, EXIT_FAILED, EXIT_INPUT, EXIT_UNKNOWN = 0, 1, 2, 3


class _InputError(Exception):
    """Bad command-line input: reported on one line, exit code 2."""


def _pairs(items: Sequence[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise _InputError(f"expected KEY=VALUE, got {item!r}")
        values[key] = value
    return values


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _emit(result: Any, as_json: bool) -> None:
    data = _plain(attrs.asdict(result, recurse=False)) if attrs.has(type(result)) else _plain(result)
    if as_json:
        print(json.dumps(data, ensure_ascii=False, sort_keys=True))
        return
    for key, value in data.items():
        if key != "raw" and value is not None:
            print(f"{key:>18}: {value}")


def _client(args: argparse.Namespace) -> PayproClient:
    return PayproClient(
        merchant_no=args.merchant_no,
        app_secret=args.app_secret,
        region=args.region,
        base_url=args.base_url,
        timeout=args.timeout,
        transport=getattr(args, "transport", "httpx"),
    )


def _bulk_transport(choice: str) -> str:
    """``auto``: the fast transport when its extra is installed, else httpx (and say so)."""
    if choice != "auto":
        return choice
    if importlib.util.find_spec("aiohttp") is not None:
        return "aiohttp"
    print("paypro: aiohttp not installed (pip install 'paypro-async[fast]'); using httpx", file=sys.stderr)
    return "httpx"


async def _with_client(
    args: argparse.Namespace, call: Callable[[PayproClient], Coroutine[Any, Any, Any]]
) -> Any:
    async with _client(args) as client:
        return await call(client)


def _run_create(args: argparse.Namespace) -> Any:
    fields = _pairs(args.fields)
    trade_no = fields.pop("trade_no", None)
    amount = fields.pop("amount", None)
    if not trade_no or not amount:
        raise _InputError("trade_no=... and amount=... are required")
    resource = {"payin": "payins", "cashier": "cashier", "payout": "payouts"}[args.kind]
    return asyncio.run(
        _with_client(
            args,
            lambda c: getattr(c, resource).create(trade_no=trade_no, amount=amount, **fields),
        )
    )


def _run_query(args: argparse.Namespace) -> Any:
    resource = "payins" if args.kind == "payin" else "payouts"
    return asyncio.run(_with_client(args, lambda c: getattr(c, resource).retrieve(args.trade_no)))


def _run_balance(args: argparse.Namespace) -> Any:
    return asyncio.run(_with_client(args, lambda c: c.balance.retrieve()))


def _run_notify_verify(args: argparse.Namespace) -> Any:
    try:
        body = Path(args.file).read_bytes() if args.file != "-" else sys.stdin.buffer.read()
    except OSError as exc:
        raise _InputError(f"cannot read {args.file}: {exc.strerror}") from None
    client = _client(args)
    try:
        return client.notifications.parse(body, allow_unsigned=args.allow_unsigned)
    finally:
        asyncio.run(client.aclose())


def _read_orders(path: str) -> Iterator[dict[str, Any]]:
    """Orders from a CSV (header = field names) or JSON Lines file, read lazily."""
    try:
        handle = open(path, encoding="utf-8", newline="")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise _InputError(f"cannot read {path}: {exc.strerror}") from None
    with handle:
        if path.endswith((".csv", ".CSV")):
            for row in csv.DictReader(handle):
                yield {k: v for k, v in row.items() if k and v not in (None, "")}
            return
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                order = json.loads(line)
            except ValueError:
                raise _InputError(f"{path}:{number}: not JSON") from None
            if not isinstance(order, dict):
                raise _InputError(f"{path}:{number}: expected a JSON object")
            yield {k: (v if isinstance(v, str) or v is None else str(v)) for k, v in order.items()}


class _BulkFailed(Exception):
    """Some orders were not definitely created: exit code 1 (3 when some are unknown)."""

    def __init__(self, summary: dict[str, int]) -> None:
        super().__init__(f"{summary['failed']} failed, {summary['unknown']} unknown")
        self.summary = summary


def _run_bulk(args: argparse.Namespace) -> Any:
    resource = {"payins": "payins", "cashier": "cashier", "payouts": "payouts"}[args.kind]
    args.transport = _bulk_transport(args.transport)
    interactive = sys.stderr.isatty()
    last_draw = [0.0]

    def progress(p: BulkProgress) -> None:
        now = time.monotonic()
        if now - last_draw[0] < 0.1 and p.in_flight:
            return
        last_draw[0] = now
        line = (
            f"{p.done} done  {p.ok} ok  {p.failed} failed  {p.unknown} unknown  "
            f"{p.in_flight} in flight  {p.rate:.0f}/s"
        )
        sys.stderr.write(("\r" + line) if interactive else line + "\n")
        sys.stderr.flush()

    async def run(client: PayproClient) -> dict[str, int]:
        summary = {"orders": 0, "ok": 0, "failed": 0, "unknown": 0}
        stream = getattr(client, resource).create_many(
            _read_orders(args.file), concurrency=args.concurrency, on_progress=progress, journal=args.journal
        )
        async for outcome in stream:
            summary["orders"] += 1
            key = "ok" if outcome.ok else "unknown" if outcome.unknown else "failed"
            summary[key] += 1
            if not outcome.ok:
                print(f"paypro: {outcome.trade_no}: {outcome.error}", file=sys.stderr)
        return summary

    summary = asyncio.run(_with_client(args, run))
    if interactive:
        sys.stderr.write("\n")
    if summary["failed"] or summary["unknown"]:
        raise _BulkFailed(summary)
    return summary


def _run_sign(args: argparse.Namespace) -> Any:
    secret = args.app_secret or os.environ.get("PAYPRO_APP_SECRET")
    if not secret:
        raise _InputError("an app secret is required: --app-secret or PAYPRO_APP_SECRET")
    params = _pairs(args.pairs)
    return {"canonical": canonical_string(params), "sign": sign(params, secret)}


def _common(parser: argparse.ArgumentParser, *, full: bool = True) -> None:
    parser.add_argument("--app-secret", help="app secret (default: $PAYPRO_APP_SECRET)")
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    if not full:
        return
    parser.add_argument("--merchant-no", help="merchant number (default: $PAYPRO_MERCHANT_NO)")
    parser.add_argument("--region", help=f"region code {regions.available()} (default: $PAYPRO_REGION)")
    parser.add_argument("--base-url", help="gateway base URL (default: the region's sandbox)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds (default: 10)")


def build_parser() -> argparse.ArgumentParser:
    """The ``paypro`` argument parser."""
    parser = argparse.ArgumentParser(prog="paypro", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("sign", help="print the canonical string and sign of KEY=VALUE pairs")
    p.add_argument("pairs", nargs="+", metavar="KEY=VALUE")
    _common(p, full=False)
    p.set_defaults(run=_run_sign)

    for kind in ("payin", "cashier", "payout"):
        group = sub.add_parser(kind, help=f"{kind} operations")
        actions = group.add_subparsers(dest="action", required=True)
        p = actions.add_parser("create", help=f"create a {kind}: trade_no=... amount=... FIELD=VALUE...")
        p.add_argument("fields", nargs="+", metavar="FIELD=VALUE")
        _common(p)
        p.set_defaults(run=_run_create, kind=kind)

    p = sub.add_parser("query", help="query a payin or payout by trade number")
    p.add_argument("kind", choices=("payin", "payout"))
    p.add_argument("trade_no")
    _common(p)
    p.set_defaults(run=_run_query)

    p = sub.add_parser("balance", help="the merchant's balance")
    _common(p)
    p.set_defaults(run=_run_balance)

    notify = sub.add_parser("notify", help="notification tools")
    notify_actions = notify.add_subparsers(dest="action", required=True)
    p = notify_actions.add_parser("verify", help="verify a notification body saved in FILE (- for stdin)")
    p.add_argument("file")
    p.add_argument("--allow-unsigned", action="store_true", help="accept a payload with no sign (Kenya)")
    _common(p)
    p.set_defaults(run=_run_notify_verify)

    p = sub.add_parser("bulk", help="create many orders from a CSV or JSON Lines FILE")
    p.add_argument("kind", choices=("payins", "cashier", "payouts"))
    p.add_argument("file", help="CSV with a header of field names, or JSON Lines of objects")
    p.add_argument("--concurrency", type=int, default=50, help="orders in flight (default: 50)")
    p.add_argument("--journal", help="JSON Lines journal: re-run with it to resume without duplicates")
    p.add_argument(
        "--transport",
        choices=("auto", "aiohttp", "httpx"),
        default="auto",
        help="HTTP library (default: aiohttp when the 'fast' extra is installed, else httpx)",
    )
    _common(p)
    p.set_defaults(run=_run_bulk)

    sandbox = sub.add_parser("sandbox", help="the built-in fake Paypro gateway")
    sandbox_actions = sandbox.add_subparsers(dest="action", required=True)
    p = sandbox_actions.add_parser("serve", help="serve every region on 127.0.0.1 under /<REGION>")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--merchant-no", help="accepted merchant (default: $PAYPRO_MERCHANT_NO or 4610351925)")
    p.add_argument("--app-secret", help="secret (default: $PAYPRO_APP_SECRET or sandbox-secret)")
    p.add_argument("--seed", type=int, default=0, help="seed for ids, settlement and faults")
    p.add_argument("--fault-rate", type=float, default=0.0, help="share of requests given a fault")
    p.add_argument("--faults", help="comma-separated fault kinds (default: all)")
    p.add_argument("--fault-operations", help="comma-separated operations to fault (default: all)")
    p.add_argument("--settle-after", type=float, default=1.0, help="seconds before an order settles")
    p.add_argument("--time-factor", type=float, default=1.0, help="scales the notify retry schedule")
    p.set_defaults(run=_run_sandbox_serve)
    return parser


def _run_sandbox_serve(args: argparse.Namespace) -> None:
    from .sandbox import Faults, Gateway
    from .sandbox._notifier import Notifier
    from .sandbox._server import SandboxApp, serve

    gateway = Gateway(
        merchant_no=args.merchant_no or os.environ.get("PAYPRO_MERCHANT_NO") or "4610351925",
        app_secret=args.app_secret or os.environ.get("PAYPRO_APP_SECRET") or "sandbox-secret",
        seed=args.seed,
    )
    if args.fault_rate > 0:
        kinds = {"kinds": args.faults.split(",")} if args.faults else {}
        ops = args.fault_operations.split(",") if args.fault_operations else None
        gateway.faults = Faults(rate=args.fault_rate, seed=args.seed, operations=ops, **kinds)
    app = SandboxApp(
        gateway, notifier=Notifier(gateway, time_factor=args.time_factor), settle_after=args.settle_after
    )
    serve(app, host=args.host, port=args.port)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``paypro`` command; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        result = args.run(args)
    except (ValidationError, _InputError, ValueError) as exc:
        print(f"paypro: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except _BulkFailed as exc:
        print(f"paypro: bulk: {json.dumps(exc.summary)}", file=sys.stderr)
        return EXIT_UNKNOWN if exc.summary["unknown"] else EXIT_FAILED
    except OutcomeUnknownError as exc:
        print(f"paypro: error: {exc}", file=sys.stderr)
        return EXIT_UNKNOWN
    except PayproError as exc:
        print(f"paypro: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    if result is not None:
        _emit(result, getattr(args, "json", False))
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
