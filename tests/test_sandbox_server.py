"""The sandbox over real HTTP on 127.0.0.1 (uvicorn), the CLI against it, notify delivery, the fixture."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

import paypro_async as paypro
from paypro_async.sandbox import Gateway, SandboxTransport, sample_payin
from paypro_async.sandbox._notifier import PAYPRO_RETRY_SCHEDULE, Notifier
from paypro_async.sandbox._pytest_plugin import SandboxSession

SECRET = "sandbox-secret"
CREDS = ["--merchant-no", "4610351925", "--app-secret", SECRET]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "paypro_async._cli", *args], capture_output=True, text=True, timeout=60
    )


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "paypro_async._cli",
            "sandbox",
            "serve",
            "--port",
            str(port),
            "--settle-after",
            "0.2",
            *CREDS,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    else:  # pragma: no cover - diagnostics only
        proc.kill()
        raise RuntimeError(proc.stderr.read().decode() if proc.stderr else "sandbox did not start")
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()


class Receiver:
    """A merchant's notify endpoint on loopback that answers OK and records bodies."""

    def __init__(self) -> None:
        self.bodies: list[dict[str, str]] = []
        self.got = asyncio.Event()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            int(line.split(b":")[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length")
        )
        self.bodies.append(json.loads(await reader.readexactly(length)))
        self.got.set()
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK")
        await writer.drain()
        writer.close()


@pytest.fixture
async def receiver() -> AsyncIterator[tuple[Receiver, str]]:
    recv = Receiver()
    srv = await asyncio.start_server(recv.handle, "127.0.0.1", 0)
    port = srv.sockets[0].getsockname()[1]
    yield recv, f"http://127.0.0.1:{port}/notify"
    srv.close()
    await srv.wait_closed()


def test_cli_against_loopback_server(server: str) -> None:
    base = ["--region", "PK", "--base-url", f"{server}/PK", *CREDS]
    created = cli("payin", "create", "trade_no=CLI0001", "amount=10000", "name=Ali", "mobile=3115112345",
                  "email=ali@gmail.com", "notify_url=http://127.0.0.1:9/n", "--json", *base)  # fmt: skip
    assert created.returncode == 0, created.stderr
    assert json.loads(created.stdout)["trade_no"] == "CLI0001"
    queried = cli("query", "payin", "CLI0001", "--json", *base)
    assert queried.returncode == 0 and json.loads(queried.stdout)["platform_trade_no"]
    assert cli("balance", *base).returncode == 0
    duplicate = cli("payin", "create", "trade_no=CLI0001", "amount=10000", "name=Ali", "mobile=3115112345",
                    "email=ali@gmail.com", "notify_url=http://127.0.0.1:9/n", *base)  # fmt: skip
    assert duplicate.returncode == 1 and "duplicate" in duplicate.stderr


def test_cli_wrong_secret_is_clear_and_nonzero(server: str) -> None:
    done = cli(
        "balance",
        "--region",
        "MX",
        "--base-url",
        f"{server}/MX",
        "--merchant-no",
        "4610351925",
        "--app-secret",
        "wrong",
    )
    assert done.returncode == 1
    assert "sign error" in done.stderr and "Traceback" not in done.stderr


async def test_http_end_to_end_with_notification(server: str, receiver: tuple[Receiver, str]) -> None:
    recv, url = receiver
    async with paypro.PayproClient("4610351925", SECRET, "BD", f"{server}/BD") as client:
        args = {**sample_payin("BD", "HTTP0001"), "notify_url": url}
        payin = await client.payins.create(**args)
        assert payin.platform_trade_no and payin.payment_url
        await asyncio.wait_for(recv.got.wait(), timeout=10)
        note = client.notifications.parse(recv.bodies[0])
        details = await client.payins.retrieve("HTTP0001")
    assert note.trade_no == "HTTP0001" and note.status_code == details.status_code
    assert details.status.is_final


async def test_notifier_follows_paypro_schedule_until_ok() -> None:
    gateway = Gateway(app_secret=SECRET)
    http = httpx.AsyncClient(transport=SandboxTransport(gateway))
    async with paypro.PayproClient(
        "4610351925", SECRET, "PK", "http://sandbox/PK", http_client=http
    ) as client:
        await client.payins.create(**{**sample_payin("PK", "N1"), "notify_url": "http://merchant.test/n"})
        await client.payins.create(**{**sample_payin("PK", "N2"), "notify_url": "http://merchant.test/never"})
    gateway.settle("N1")
    gateway.settle("N2", "00029")
    answers = iter([httpx.Response(500), httpx.Response(200, text="success"), httpx.Response(200, text="OK")])

    def merchant(request: httpx.Request) -> httpx.Response:
        assert paypro.verify_sign(json.loads(request.content), SECRET)
        return next(answers) if request.url.path == "/n" else httpx.Response(503)

    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    notifier = Notifier(
        gateway,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(merchant)),
        time_factor=0.5,
        sleep=record,
    )
    ok = await notifier.deliver("N1")
    assert (ok.attempts, ok.acknowledged) == (3, True) and waits == [1.0, 2.5]
    waits.clear()
    never = await notifier.deliver("N2")
    assert (never.attempts, never.acknowledged) == (9, False)
    assert waits == [w * 0.5 for w in PAYPRO_RETRY_SCHEDULE]
    await notifier.http.aclose()
    await http.aclose()


async def test_pytest_fixture(paypro_sandbox: SandboxSession) -> None:
    india = paypro_sandbox.for_region("IN")
    assert india.region.code == "IN" and india.http_client is paypro_sandbox.client.http_client
    await india.cashier.create(**sample_payin("IN", "FIX1"))
    assert paypro_sandbox.gateway.orders["FIX1"].region == "IN"
    pk = paypro_sandbox.client
    await pk.payins.create(**sample_payin("PK", "FIX2"))
    paypro_sandbox.gateway.settle("FIX2")
    assert (await pk.payins.retrieve("FIX2")).status is paypro.PaymentStatus.SUCCESS
    assert paypro_sandbox.gateway.submissions("FIX2") == 1


def test_cli_bulk_jsonl_and_csv_with_journal(server: str, tmp_path: Path) -> None:
    base = ["--region", "PK", "--base-url", f"{server}/PK", *CREDS]
    lines = [json.dumps(sample_payin("PK", f"BULK{i:04d}")) for i in range(40)]
    jsonl = tmp_path / "orders.jsonl"
    jsonl.write_text("\n".join(lines) + "\n")
    journal = tmp_path / "journal.jsonl"
    done = cli("bulk", "payins", str(jsonl), "--journal", str(journal), "--concurrency", "8", "--json", *base)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"orders": 40, "ok": 40, "failed": 0, "unknown": 0}
    again = cli("bulk", "payins", str(jsonl), "--journal", str(journal), "--json", *base)
    assert again.returncode == 0 and json.loads(again.stdout)["orders"] == 0  # resumed: nothing re-sent

    rows = [sample_payin("PK", "CSV0001"), {**sample_payin("PK", "CSV0002"), "mobile": "12"}]
    csv_file = tmp_path / "orders.csv"
    header = sorted({k for row in rows for k in row})
    csv_file.write_text(
        ",".join(header) + "\n" + "\n".join(",".join(str(r.get(k, "")) for k in header) for r in rows) + "\n"
    )
    mixed = cli("bulk", "payins", str(csv_file), *base)
    assert mixed.returncode == 1
    assert "CSV0002" in mixed.stderr and "mobile" in mixed.stderr and '"ok": 1' in mixed.stderr


def test_cli_bulk_on_each_transport(server: str, tmp_path: Path) -> None:
    base = ["--region", "PK", "--base-url", f"{server}/PK", *CREDS]
    for name in ("httpx", "aiohttp"):
        orders = tmp_path / f"{name}.jsonl"
        orders.write_text(
            "".join(json.dumps(sample_payin("PK", f"{name.upper()}{i:03d}")) + "\n" for i in range(20))
        )
        done = cli("bulk", "payins", str(orders), "--transport", name, "--json", *base)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == {"orders": 20, "ok": 20, "failed": 0, "unknown": 0}


def test_cli_bulk_falls_back_to_httpx_without_aiohttp(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from paypro_async import _cli

    assert _cli._bulk_transport("auto") == "aiohttp"  # the test extra installs it
    monkeypatch.setattr(_cli.importlib.util, "find_spec", lambda name: None)
    assert _cli._bulk_transport("auto") == "httpx" and _cli._bulk_transport("aiohttp") == "aiohttp"
    assert "paypro-async[fast]" in capsys.readouterr().err
