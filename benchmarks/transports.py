"""Side-by-side transport benchmark: hand-written httpx and aiohttp vs the SDK, over loopback.

Run: ``make bench`` or ``.venv/bin/python benchmarks/transports.py [--quick]``. Every client does the
same work per request (build the Pakistan payin body with a unique tradeNo, sign, JSON-encode, POST,
read, JSON-decode) against ``benchmarks/server.py`` in its own process, at each concurrency and
server latency. Each cell (client x concurrency x latency) runs in a fresh subprocess of this script,
so ``time.process_time()`` there is that client's CPU and nothing else's. Results go to
``benchmarks/results/transports.json`` and ``.md``; see ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import hashlib
import importlib.metadata
import itertools
import json
import math
import operator
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # micro.py sits next to this file, also when imported from elsewhere

from micro import ARGS  # noqa: E402 - needs the path above

import paypro_async as paypro  # noqa: E402

MERCHANT_NO = "4610351925"
SECRET = "bench-secret"
#: The Pakistan H2H payin path; check_same_wire() proves the SDK posts to the same one.
PATH = "/v1/payproPK/payinApi"
HEADERS = {"merchantNo": MERCHANT_NO, "Content-Type": "application/json"}
#: The wire names of micro.ARGS, in the SDK's order (the order only changes the JSON bytes' layout).
WIRE_NAMES = {
    "trade_no": "tradeNo",
    "payment_type": "paymentType",
    "amount": "amount",
    "name": "name",
    "mobile": "mobile",
    "email": "email",
    "customer_cert": "customerCert",
    "notify_url": "notifyUrl",
}
#: The SDK's own default request deadline, given to the hand-written httpx client too.
TIMEOUT = 10.0

CLIENTS = ("httpx", "aiohttp", "sdk", "sdk-fast", "create_many", "create_many-httpx")
#: Each client's ratio is taken against the hand-written client on the same transport.
BASELINE = {"sdk": "httpx", "sdk-fast": "aiohttp", "create_many": "aiohttp", "create_many-httpx": "httpx"}
PACKAGES = ("httpx", "httpcore", "aiohttp", "sniffio", "anyio", "h11", "multidict", "yarl", "paypro-async")

Send = Callable[[str], Awaitable[None]]


class Skipped(Exception):
    """The cell cannot run on this checkout (e.g. the SDK has no aiohttp transport yet)."""


# -- the work every hand-written client does per request ----------------------------------------


def sign(fields: dict[str, str]) -> str:
    """The SDK's scheme, written out: sorted non-empty ``key=value`` pairs, the secret, MD5 hex."""
    canonical = "".join(f"{key}={value}" for key, value in sorted(fields.items()) if value != "")
    return hashlib.md5((canonical + SECRET).encode("utf-8")).hexdigest()


def wire_fields(trade_no: str, now_ms: int) -> dict[str, str]:
    """The signed Pakistan payin body the SDK would send for ``micro.ARGS`` with ``trade_no``."""
    fields = {wire: str(ARGS[name]) for name, wire in WIRE_NAMES.items()}
    fields["tradeNo"] = trade_no
    fields["timestamp"] = str(now_ms)
    fields["sign"] = sign(fields)
    return fields


def wire_body(trade_no: str) -> bytes:
    """The request bytes, JSON-encoded the way the SDK encodes them."""
    fields = wire_fields(trade_no, int(time.time() * 1000))
    return json.dumps(fields, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def check_reply(status: int, envelope: Any) -> None:
    """The minimum the SDK checks too: a 2xx carrying Paypro's success code."""
    if not 200 <= status < 300 or envelope.get("code") != "0000":
        raise RuntimeError(f"unexpected reply: HTTP {status} {envelope!r}")


def check_same_wire() -> None:
    """Exit unless the hand-written body equals the SDK's: otherwise the comparison is unfair."""
    now_ms = 1731653732177
    client = paypro.PayproClient(
        merchant_no=MERCHANT_NO,
        app_secret=SECRET,
        region="PK",
        base_url="http://127.0.0.1:1",
        clock=lambda: now_ms / 1000,
    )
    url, headers, body = client._signed_request("payin.create", ARGS, ARGS["trade_no"])
    ours = wire_fields(ARGS["trade_no"], now_ms)
    if (url, headers, body) != ("http://127.0.0.1:1" + PATH, HEADERS, ours):
        sys.exit(
            f"hand-written request differs from the SDK's:\n  sdk:  {url} {headers} {body}\n  ours: {ours}"
        )


# -- clients: each yields a send(trade_no) coroutine function -----------------------------------


@asynccontextmanager
async def httpx_sender(base_url: str) -> AsyncIterator[Send]:
    """Plain httpx with the SDK's pool limits."""
    import httpx

    limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
    async with httpx.AsyncClient(limits=limits, timeout=TIMEOUT) as http:
        url = base_url + PATH

        async def send(trade_no: str) -> None:
            response = await http.post(url, content=wire_body(trade_no), headers=HEADERS)
            check_reply(response.status_code, json.loads(response.content))

        yield send


@asynccontextmanager
async def aiohttp_sender(base_url: str) -> AsyncIterator[Send]:
    """Plain aiohttp with the same connection limit."""
    import aiohttp

    # trust_env stays False (aiohttp's default): True costs two thread-pool hops per request
    # (netrc and proxy lookups), which is the environment's price, not the transport's.
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=100)) as session:
        url = base_url + PATH

        async def send(trade_no: str) -> None:
            async with session.post(url, data=wire_body(trade_no), headers=HEADERS) as response:
                check_reply(response.status, json.loads(await response.read()))

        yield send


@asynccontextmanager
async def sdk_client(base_url: str, transport: str | None) -> AsyncIterator[paypro.PayproClient]:
    """A PayproClient on ``transport`` (None: the default), or Skipped if this SDK lacks it."""
    options: dict[str, Any] = {} if transport is None else {"transport": transport}
    try:
        client = paypro.PayproClient(
            merchant_no=MERCHANT_NO, app_secret=SECRET, region="PK", base_url=base_url, **options
        )
    except TypeError as exc:  # the constructor argument does not exist on this branch yet
        raise Skipped(f"this SDK has no transport= argument ({exc})") from exc
    except ImportError as exc:  # it exists, but its package is not installed
        raise Skipped(f"transport={transport!r} unavailable: {exc}") from exc
    async with client:
        yield client


@asynccontextmanager
async def sdk_sender(base_url: str, transport: str | None) -> AsyncIterator[Send]:
    """``client.payins.create`` with micro.ARGS and a fresh trade number."""
    async with sdk_client(base_url, transport) as client:

        async def send(trade_no: str) -> None:
            await client.payins.create(**{**ARGS, "trade_no": trade_no})

        yield send


def sender(name: str, base_url: str) -> Any:
    """The async context manager of a per-request client."""
    if name == "httpx":
        return httpx_sender(base_url)
    if name == "aiohttp":
        return aiohttp_sender(base_url)
    return sdk_sender(base_url, "aiohttp" if name == "sdk-fast" else None)


# -- measuring one cell (runs in its own subprocess) ---------------------------------------------


class Tally:
    """What one phase produced: per-request latencies of the successes, failures, CPU and wall time."""

    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.errors = 0
        self.first_error: str | None = None
        self.cpu = 0.0
        self.wall = 0.0

    def fail(self, exc: BaseException | str) -> None:
        self.errors += 1
        if self.first_error is None:
            self.first_error = exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"

    @contextmanager
    def clocked(self) -> Iterator[None]:
        cpu, wall = time.process_time(), time.perf_counter()
        yield
        self.cpu, self.wall = time.process_time() - cpu, time.perf_counter() - wall


def budget(count: int) -> Callable[[], bool]:
    """A stop() that says "stop" after ``count`` calls: warm-up is a number of requests."""
    remaining = iter(range(count))
    return lambda: next(remaining, None) is None


def deadline(seconds: float) -> Callable[[], bool]:
    """A stop() that says "stop" after ``seconds``: the window bounds slow cells, not a count."""
    end = time.perf_counter() + seconds
    return lambda: time.perf_counter() >= end


async def drive_workers(
    send: Send, concurrency: int, stop: Callable[[], bool], trade_nos: Iterator[str]
) -> Tally:
    """``concurrency`` tasks each loop send() until stop(); in-flight requests finish and count."""
    tally = Tally()

    async def worker() -> None:
        while not stop():
            started = time.perf_counter()
            try:
                await send(next(trade_nos))
            except Exception as exc:  # a benchmark counts failures, it does not stop on them
                tally.fail(exc)
            else:
                tally.latencies.append(time.perf_counter() - started)

    with tally.clocked():
        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return tally


async def drive_bulk(
    client: paypro.PayproClient, concurrency: int, stop: Callable[[], bool], trade_nos: Iterator[str]
) -> Tally:
    """``create_many`` fed lazily until stop(); latency is each outcome's own ``seconds``."""
    tally = Tally()

    def orders() -> Iterator[dict[str, Any]]:
        while not stop():
            yield {**ARGS, "trade_no": next(trade_nos)}

    with tally.clocked():
        async for outcome in client.payins.create_many(orders(), concurrency=concurrency):
            if outcome.ok:
                tally.latencies.append(outcome.seconds)
            else:
                tally.fail(f"{type(outcome.error).__name__}: {outcome.error}")
    return tally


async def measure_cell(name: str, concurrency: int, port: int, duration: float) -> dict[str, Any]:
    """Warm up (2xC requests, at least 20), then measure a ``duration`` window; return the figures."""
    base_url = f"http://127.0.0.1:{port}"
    warmup = max(2 * concurrency, 20)
    prefix = f"B{os.getpid()}"
    trade_nos = (f"{prefix}{n:012d}" for n in itertools.count())
    try:
        if name.startswith("create_many"):
            transport = "aiohttp" if name == "create_many" else None
            async with sdk_client(base_url, transport) as client:
                warm = await drive_bulk(client, concurrency, budget(warmup), trade_nos)
                tally = await drive_bulk(client, concurrency, deadline(duration), trade_nos)
        else:
            async with sender(name, base_url) as send:
                warm = await drive_workers(send, concurrency, budget(warmup), trade_nos)
                tally = await drive_workers(send, concurrency, deadline(duration), trade_nos)
    except Skipped as exc:
        return {"skipped": str(exc)}
    return summarize(tally, warmup_requests=len(warm.latencies) + warm.errors, warmup_errors=warm.errors)


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    return sorted_values[max(0, math.ceil(q * len(sorted_values)) - 1)]


def summarize(tally: Tally, **extra: Any) -> dict[str, Any]:
    ok = len(tally.latencies)
    latencies = sorted(tally.latencies)
    figures: dict[str, Any] = {
        "requests": ok,
        "errors": tally.errors,
        "first_error": tally.first_error,
        "seconds": tally.wall,
        "cpu_seconds": tally.cpu,
        "rps": ok / tally.wall if tally.wall else 0.0,
        # Per successful request: a client that fails fast must not look cheap.
        "cpu_us_per_req": tally.cpu / ok * 1e6 if ok else None,
        "cpu_util": tally.cpu / tally.wall if tally.wall else None,
        "p50_ms": percentile(latencies, 0.50) * 1e3 if ok else None,
        "p99_ms": percentile(latencies, 0.99) * 1e3 if ok else None,
        "mean_ms": sum(latencies) / ok * 1e3 if ok else None,
    }
    return {**figures, **extra}


# -- the orchestrator: servers, one subprocess per cell, the report -----------------------------


def process_cpu_seconds(pid: int) -> float | None:
    """utime + stime of ``pid`` from /proc (Linux), to show how much the server cost; else None."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def running_server(latency_ms: float) -> Iterator[tuple[int, int]]:
    """Start benchmarks/server.py; yield ``(port, pid)``; stop it with SIGTERM."""
    command = [sys.executable, str(HERE / "server.py"), "--port", "0", "--latency-ms", str(latency_ms)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        if not line.startswith("PORT "):
            raise RuntimeError(f"server did not start (said {line!r})")
        yield int(line.split()[1]), server.pid
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def run_cell(
    name: str, concurrency: int, latency_ms: float, port: int, server_pid: int, duration: float
) -> dict[str, Any]:
    """Run one cell in a fresh interpreter and return its figures (or why it has none)."""
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--one",
        name,
        str(concurrency),
        str(latency_ms),
        str(port),
        "--duration",
        str(duration),
    ]
    server_cpu, started = process_cpu_seconds(server_pid), time.perf_counter()
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE, text=True, timeout=120 + 5 * duration)
    except subprocess.TimeoutExpired:
        return {"failed": "cell timed out"}
    if done.returncode != 0 or not done.stdout.strip():
        return {"failed": f"exit status {done.returncode}"}
    cell: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    server_after, elapsed = process_cpu_seconds(server_pid), time.perf_counter() - started
    served = cell.get("requests", 0) + cell.get("errors", 0) + cell.get("warmup_requests", 0)
    if server_cpu is not None and server_after is not None and served:
        # Over the whole cell (start-up and warm-up included: the server cannot tell them apart), in
        # /proc's 10 ms ticks. The share of a core shows the server was never the bottleneck.
        cell["server_cpu_share"] = (server_after - server_cpu) / elapsed
        cell["server_cpu_us_per_req"] = (server_after - server_cpu) / served * 1e6
    return cell


def run_micro(quick: bool) -> dict[str, float]:
    """micro.py's figures, measured in this (otherwise idle) process before any server runs."""
    from micro import measure

    return measure(n=2_000, repeat=3) if quick else measure()


def package_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def git_revision(path: Path) -> str | None:
    """The commit the SDK under ``path`` was checked out at, ``+dirty`` if edited; None outside git."""
    try:
        head = subprocess.run(
            ["git", "-C", str(path), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(path), "status", "--porcelain", "--", "."],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + ("+dirty" if dirty else "")


def machine_info() -> dict[str, Any]:
    packages = {name: package_version(name) for name in PACKAGES}
    sdk_path = Path(paypro.__file__).resolve().parent
    return {
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "loadavg_at_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "event_loop": "asyncio (default policy)",
        "packages": packages,
        # Where paypro_async came from: PYTHONPATH can point this script at another checkout.
        "sdk_path": str(sdk_path),
        "sdk_revision": git_revision(sdk_path),
        "notes": environment_notes(packages),
        "timestamp": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }


def environment_notes(packages: dict[str, str]) -> list[str]:
    """Known environment effects that move the numbers, so a reader does not blame the SDK for them."""
    notes = []
    if packages.get("sniffio") == "not installed" and packages.get("httpcore") != "not installed":
        notes.append(
            "sniffio is not installed (anyio no longer requires it): httpcore then runs a failing "
            "`import sniffio` on every lock/event setup, several per request, and Python does not cache "
            "failed imports; every httpx-based row pays for it (encode/httpcore#1103)."
        )
    return notes


def add_comparisons(cells: list[dict[str, Any]]) -> None:
    """Ratios against each client's baseline, and the C/latency bound, written into each cell."""
    index = {(c["client"], c["concurrency"], c["latency_ms"]): c for c in cells}
    for cell in cells:
        if cell.get("rps") is None:
            continue
        if cell["latency_ms"] > 0:
            # C requests in flight, each taking at least the server's latency: the best possible rate.
            bound = cell["concurrency"] / (cell["latency_ms"] / 1000)
            cell["bound_fraction"] = cell["rps"] / bound
        if cell.get("p50_ms"):
            cell["p99_over_p50"] = cell["p99_ms"] / cell["p50_ms"]
        base = index.get((BASELINE.get(cell["client"]), cell["concurrency"], cell["latency_ms"]))
        if base is None or not base.get("rps"):
            continue
        cell["baseline"] = base["client"]
        cell["ratio"] = paired_median(cell, base, "rps", operator.truediv)
        delta = paired_median(cell, base, "cpu_us_per_req", operator.sub)
        if delta is not None:
            cell["cpu_delta_us"] = delta


# -- targets (issue #6) --------------------------------------------------------------------------


def _verdict(name: str, ok: bool | None, number: str) -> dict[str, str]:
    status = "NOT RUN" if ok is None else "PASS" if ok else "MISS"
    return {"target": name, "number": number, "status": status}


def _where(cell: dict[str, Any]) -> str:
    return f"C={cell['concurrency']}, {cell['latency_ms']:g} ms"


def _target_sdk(cells: list[dict[str, Any]]) -> list[dict[str, str]]:
    """sdk vs plain httpx: throughput ratio and extra CPU, each judged on its worst cell."""
    rate, cpu = "sdk ≥ 0.95x httpx req/s at every C", "sdk CPU - httpx CPU ≤ 30 µs/req"
    sdk = [c for c in cells if c["client"] == "sdk" and c.get("cpu_delta_us") is not None]
    if not sdk:
        return [_verdict(rate, None, _missing(cells, "sdk")), _verdict(cpu, None, _missing(cells, "sdk"))]
    slowest = min(sdk, key=lambda c: c["ratio"])
    costliest = max(sdk, key=lambda c: c["cpu_delta_us"])
    return [
        _verdict(rate, slowest["ratio"] >= 0.95, f"worst {slowest['ratio']:.2f}x ({_where(slowest)})"),
        _verdict(
            cpu,
            costliest["cpu_delta_us"] <= 30,
            f"worst {costliest['cpu_delta_us']:+.0f} µs ({_where(costliest)})",
        ),
    ]


def _target_sdk_fast(cells: list[dict[str, Any]]) -> list[dict[str, str]]:
    """sdk-fast vs plain aiohttp where bulk work lives: C=100 and 500 at 20 ms."""
    name = "sdk-fast ≥ 0.9x aiohttp at C=100 and 500, 20 ms"
    fast = [
        c
        for c in cells
        if c["client"] == "sdk-fast"
        and c["latency_ms"] == 20
        and c["concurrency"] in (100, 500)
        and "ratio" in c
    ]
    if len(fast) < 2:
        return [_verdict(name, None, _missing(cells, "sdk-fast"))]
    worst = min(fast, key=lambda c: c["ratio"])
    return [_verdict(name, worst["ratio"] >= 0.9, f"worst {worst['ratio']:.2f}x ({_where(worst)})")]


def _target_bulk(cells: list[dict[str, Any]]) -> list[dict[str, str]]:
    """create_many on the fast transport at 20 ms, C=100: near the C/latency bound, with a tight tail."""
    rate = "create_many (fast), 20 ms, C=100: ≥ 80% of C/latency"
    tail = "create_many (fast), 20 ms, C=100: p99 < 3x p50"
    match = [
        c for c in cells if c["client"] == "create_many" and c["latency_ms"] == 20 and c["concurrency"] == 100
    ]
    bulk = next((c for c in match if c.get("p99_over_p50") is not None), None)
    if bulk is None:
        why = _missing(cells, "create_many")
        return [_verdict(rate, None, why), _verdict(tail, None, why)]
    share = f"{bulk['bound_fraction']:.0%} ({bulk['rps']:.0f} of {100 / 0.020:.0f} req/s)"
    spread = f"{bulk['p99_over_p50']:.2f}x ({bulk['p99_ms']:.1f} / {bulk['p50_ms']:.1f} ms)"
    return [
        _verdict(rate, bulk["bound_fraction"] >= 0.8, share),
        _verdict(tail, bulk["p99_over_p50"] < 3, spread),
    ]


def evaluate_targets(cells: list[dict[str, Any]], micro: dict[str, float] | None) -> list[dict[str, str]]:
    """Issue #6's targets, each PASS/MISS with the number behind it (NOT RUN when cells are missing)."""
    name = "micro total < 40 µs"
    if micro is None:
        micro_verdict = _verdict(name, None, "not measured")
    else:
        micro_verdict = _verdict(name, micro["total"] < 40, f"{micro['total']:.1f} µs")
    return [*_target_sdk(cells), *_target_sdk_fast(cells), *_target_bulk(cells), micro_verdict]


def _missing(cells: list[dict[str, Any]], client: str) -> str:
    """Why a target has no number: the client's skip or failure reason if it had one, else 'not measured'."""
    for cell in cells:
        if cell["client"] == client and (cell.get("skipped") or cell.get("failed")):
            return (
                f"{'skipped' if cell.get('skipped') else 'failed'}: {cell.get('skipped') or cell['failed']}"
            )
    return "not measured (or its baseline was not)"


# -- Markdown ------------------------------------------------------------------------------------


def _num(value: float | None, spec: str, suffix: str = "") -> str:
    return "-" if value is None else f"{value:{spec}}{suffix}"


COLUMNS = (
    "client",
    "C",
    "req/s",
    "CPU µs/req",
    "CPU %",
    "p50 ms",
    "p99 ms",
    "p99/p50",
    "errors",
    "of C/lat",
    "vs base",
    "Δ CPU µs",
)


def _row(cell: dict[str, Any]) -> list[str]:
    head = [cell["client"], str(cell["concurrency"])]
    if "rps" not in cell:
        reason = cell.get("skipped") or cell.get("failed") or "?"
        word = "skipped" if cell.get("skipped") else "FAILED"
        return head + [f"{word}: {reason}"] + [""] * (len(COLUMNS) - 3)
    base = cell.get("baseline")
    return [
        *head,
        _num(cell["rps"], ",.0f"),
        _num(cell["cpu_us_per_req"], ".0f"),
        _num(None if cell["cpu_util"] is None else cell["cpu_util"] * 100, ".0f"),
        _num(cell["p50_ms"], ".2f"),
        _num(cell["p99_ms"], ".2f"),
        _num(cell.get("p99_over_p50"), ".1f", "x"),
        str(cell["errors"]),
        _num(None if "bound_fraction" not in cell else cell["bound_fraction"] * 100, ".0f", "%"),
        "" if base is None else f"{cell['ratio']:.2f}x {base}",
        "" if cell.get("cpu_delta_us") is None else f"{cell['cpu_delta_us']:+.0f}",
    ]


def _table(rows: list[list[str]], header: tuple[str, ...] | list[str]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def render_markdown(report: dict[str, Any]) -> str:
    """The report as Markdown: machine, micro, one table per latency, targets."""
    machine, config = report["machine"], report["config"]
    packages = ", ".join(f"{k} {v}" for k, v in machine["packages"].items())
    out = [
        "# Transport benchmark",
        "",
        f"{machine['timestamp']} · Python {machine['python']} · {machine['cpu_count']} CPUs · "
        f"{machine['platform']} · SDK {machine['sdk_revision'] or machine['sdk_path']}",
        "",
        f"Packages: {packages}.",
        "",
        f"Window {config['duration']:g} s per cell, median of {config['repeat']} run(s), after a warm-up "
        "of max(2xC, 20) requests; each run in a fresh process; server: benchmarks/server.py in its own "
        "process."
        + (" **Quick run: short windows, fewer cells; not for comparison.**" if config["quick"] else ""),
        "",
        "CPU µs/req: the client process's CPU time over the window / successful requests. CPU %: that "
        "CPU time / wall time (100% = one core saturated). of C/lat: req/s / (C / latency), the best "
        "possible rate. vs base: req/s ratio against the hand-written client on the same transport; "
        "Δ CPU µs: CPU µs/req minus that client's. With several runs, req/s and the latencies are the "
        "median-req/s run's, CPU µs/req the median over runs, and vs base and Δ CPU the median of "
        "the round-by-round ratios and differences (each pair ran minutes apart at most).",
    ]
    busiest = max(report["cells"], key=lambda c: c.get("server_cpu_share", -1.0))
    if "server_cpu_share" in busiest:
        out += [
            "",
            f"Server (benchmarks/server.py): at most {busiest['server_cpu_share']:.0%} of one core over a "
            f"cell ({busiest['client']}, {_where(busiest)}; {busiest['server_cpu_us_per_req']:.0f} µs per "
            "request), from /proc, start-up and warm-up included.",
        ]
    if machine["notes"]:
        out += ["", "Notes:", ""] + [f"- {note}" for note in machine["notes"]]
    if report.get("micro"):
        out += ["", "## Microbenchmark (benchmarks/micro.py)", ""]
        out += _table(
            [[name, f"{value:.1f}"] for name, value in report["micro"].items()], ["stage", "µs/request"]
        )
    for latency in config["latencies"]:
        cells = [c for c in report["cells"] if c["latency_ms"] == latency]
        out += ["", f"## Server latency {latency:g} ms", ""]
        out += _table([_row(c) for c in cells], COLUMNS)
    out += ["", "## Targets", ""]
    out += _table(
        [[t["target"], t["number"], t["status"]] for t in report["targets"]], ["target", "number", "result"]
    )
    return "\n".join(out) + "\n"


# -- command line --------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, help="measuring window per cell, s (default 2; quick 0.5)")
    parser.add_argument("--concurrency", help="comma list (default 1,10,100,500; quick 1,100,500)")
    parser.add_argument("--latency", help="server latencies in ms, comma list (default 0,20)")
    parser.add_argument("--clients", default=",".join(CLIENTS), help=f"comma list of {', '.join(CLIENTS)}")
    parser.add_argument("--repeat", type=int, default=1, help="runs per cell, interleaved; medians kept")
    parser.add_argument("--quick", action="store_true", help="short windows and fewer cells: a smoke run")
    parser.add_argument(
        "--out", type=Path, default=HERE / "results", help="directory for transports.json/.md"
    )
    parser.add_argument("--one", nargs=4, metavar=("CLIENT", "C", "LATENCY", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.duration = args.duration or (0.5 if args.quick else 2.0)
    args.concurrency = [
        int(c) for c in (args.concurrency or ("1,100,500" if args.quick else "1,10,100,500")).split(",")
    ]
    args.latency = [float(x) for x in (args.latency or "0,20").split(",")]
    args.clients = [c.strip() for c in args.clients.split(",") if c.strip()]
    unknown = set(args.clients) - set(CLIENTS)
    if unknown:
        parser.error(f"unknown clients: {', '.join(sorted(unknown))}")
    return args


def one(args: argparse.Namespace) -> None:
    """The subprocess side: measure one cell and print its figures as one JSON line."""
    name, concurrency, latency_ms, port = args.one
    figures = asyncio.run(measure_cell(name, int(concurrency), int(port), args.duration))
    figures.update(client=name, concurrency=int(concurrency), latency_ms=float(latency_ms))
    print(json.dumps(figures), flush=True)


def progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def describe(cell: dict[str, Any]) -> str:
    if cell.get("skipped"):
        return f"skipped ({cell['skipped']})"
    if "rps" not in cell:
        return f"FAILED ({cell.get('failed')})"
    return (
        f"{cell['rps']:8,.0f} req/s  {_num(cell['cpu_us_per_req'], '6.0f')} µs/req  "
        f"p50 {_num(cell['p50_ms'], '7.2f')} ms  p99 {_num(cell['p99_ms'], '7.2f')} ms  "
        f"errors {cell['errors']}" + (f" ({cell['first_error']})" if cell["first_error"] else "")
    )


def run_cells(args: argparse.Namespace) -> list[dict[str, Any]]:
    """Every cell, ``--repeat`` times; the server runs once per latency."""
    keys = [(c, name) for c in args.concurrency for name in args.clients]
    total, done = len(args.latency) * len(keys) * args.repeat, 0
    cells = []
    for latency in args.latency:
        runs: dict[tuple[int, str], list[dict[str, Any]]] = {key: [] for key in keys}
        with running_server(latency) as (port, server_pid):
            # Rounds outermost and clients interleaved, so drift over the run hits every client alike.
            for _ in range(args.repeat):
                for concurrency, name in keys:
                    run = run_cell(name, concurrency, latency, port, server_pid, args.duration)
                    runs[concurrency, name].append(run)
                    done += 1
                    where = f"[{done:>2}/{total}] {latency:g} ms  C={concurrency:<4} {name:<18}"
                    progress(f"{where} {describe(run)}")
        for (concurrency, name), tries in runs.items():
            cells.append(
                {"client": name, "concurrency": concurrency, "latency_ms": latency, **median_run(tries)}
            )
    return cells


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median req/s stands for the cell (its latencies come with it); CPU per
    request is the median over runs on its own, since at low load req/s is latency-bound and says
    nothing about which run's CPU is typical. ``runs_rps`` and ``runs_cpu_us_per_req`` keep every
    run in round order (``None`` where one failed), so ratios can be taken round by round."""
    measured = sorted((run for run in runs if "rps" in run), key=lambda run: run["rps"])
    if not measured:
        return runs[0]  # skipped or failed every time: say why
    cell = dict(measured[(len(measured) - 1) // 2])
    if len(runs) > 1:
        cell["runs_rps"] = [run.get("rps") for run in runs]
        cell["runs_cpu_us_per_req"] = [run.get("cpu_us_per_req") for run in runs]
        cell["cpu_us_per_req"] = statistics.median(run["cpu_us_per_req"] for run in measured)
    return cell


def paired_median(
    cell: dict[str, Any], base: dict[str, Any], key: str, combine: Callable[[float, float], float]
) -> float | None:
    """The median over rounds of ``combine(cell's run, baseline's run)``: both ran in the same round,
    minutes apart at most, so machine drift between rounds cancels out of each pair. A single run
    (no ``runs_`` lists) is one pair of the cells' own figures."""
    mine_runs = cell.get(f"runs_{key}") or [cell.get(key)]
    their_runs = base.get(f"runs_{key}") or [base.get(key)]
    pairs = [
        combine(mine, theirs)
        # Not strict: a client that failed every round has one figure (None), not one per round.
        for mine, theirs in zip(mine_runs, their_runs, strict=False)
        if mine is not None and theirs is not None
    ]
    return statistics.median(pairs) if pairs else None


def main() -> None:
    args = parse_args()
    if args.one:
        one(args)
        return
    check_same_wire()
    machine = machine_info()  # before the run: the load average is the one the run started under
    progress("micro.py ...")
    micro = run_micro(args.quick)
    progress(f"micro.py: total {micro['total']:.1f} µs/request")
    cells = run_cells(args)
    add_comparisons(cells)
    report = {
        "machine": machine,
        "config": {
            "duration": args.duration,
            "concurrency": args.concurrency,
            "latencies": args.latency,
            "clients": args.clients,
            "quick": args.quick,
            "repeat": args.repeat,
        },
        "micro": micro,
        "cells": cells,
    }
    report["targets"] = evaluate_targets(cells, micro)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "transports.json").write_text(json.dumps(report, indent=2) + "\n")
    markdown = render_markdown(report)
    (args.out / "transports.md").write_text(markdown)
    print(markdown)


if __name__ == "__main__":
    main()
