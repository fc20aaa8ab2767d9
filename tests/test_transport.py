"""Both transports, httpx and aiohttp, against a scripted server on 127.0.0.1: the same requests on
the wire, the same errors, the same retry policy. And the FIFO limiter that keeps them fair."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

import paypro_async as paypro
from paypro_async._aiohttp import AiohttpTransport
from paypro_async._shards import ShardedPool
from paypro_async._transport import FairLimiter, HttpxTransport

from .conftest import FakeSleep, envelope
from .test_client import PAYIN

TRANSPORTS = ["httpx", "aiohttp"]
CREATED = json.dumps(envelope({"platFormTradeNo": "X1", "status": "0015", "desc": "CREATED"})).encode()
BALANCE = json.dumps(envelope({"availableAmount": "5.00", "frozenAmount": "0"})).encode()


def reply(
    status: int = 200, body: bytes = CREATED, *extra: str, content_type: str = "application/json"
) -> bytes:
    head = [f"HTTP/1.1 {status} X", f"Content-Type: {content_type}", f"Content-Length: {len(body)}", *extra]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


class Scripted:
    """Answers the n-th request with the n-th action (the last one repeats).

    An action is the raw bytes of a response, or ``"close"`` (read the request, hang up),
    ``"truncated"`` (promise 100 bytes, send 10, hang up) or ``"hang"`` (never answer).
    """

    def __init__(self, *actions: bytes | str) -> None:
        self.actions = list(actions)
        self.requests: list[tuple[str, dict[str, str], bytes]] = []
        self.url = ""
        self._release = asyncio.Event()

    def next_action(self) -> bytes | str:
        return self.actions.pop(0) if len(self.actions) > 1 else self.actions[0]

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                line, *fields = head.decode().split("\r\n")
                headers = {k.lower(): v.strip() for k, _, v in (f.partition(":") for f in fields if f)}
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                self.requests.append((line.split()[1], headers, body))
                action = self.next_action()
                if action == "hang":
                    await self._release.wait()
                    return
                if action == "truncated":
                    writer.write(reply(200, b"x" * 100)[:-90])
                if isinstance(action, bytes):
                    writer.write(action)
                    await writer.drain()
                    continue
                return
        except (asyncio.IncompleteReadError, ConnectionError):
            return
        finally:
            writer.close()

    def release(self) -> None:
        self._release.set()


@pytest.fixture
async def serve() -> AsyncIterator[Callable[..., Any]]:
    servers: list[tuple[asyncio.Server, Scripted]] = []

    async def start(*actions: bytes | str) -> Scripted:
        script = Scripted(*actions)
        server = await asyncio.start_server(script.handle, "127.0.0.1", 0)
        script.url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
        servers.append((server, script))
        return script

    yield start
    for server, script in servers:
        script.release()
        server.close()
        await server.wait_closed()


@pytest.fixture(params=TRANSPORTS)
def transport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def create(client: paypro.PayproClient, trade_no: str = "T1") -> paypro.Payment:
    return await client.payins.create(trade_no=trade_no, amount=10000, **PAYIN)


async def test_both_transports_put_the_same_request_on_the_wire(serve, make_client) -> None:  # type: ignore[no-untyped-def]
    seen = []
    for name in TRANSPORTS:
        script = await serve(reply())
        async with make_client(base_url=script.url, transport=name) as client:
            payin = await create(client)
        assert payin.platform_trade_no == "X1" and payin.trade_no == "T1"
        path, headers, body = script.requests[0]
        seen.append((path, headers["merchantno"], headers["content-type"], body))
        assert headers["user-agent"].startswith("paypro-async/")
    assert seen[0] == seen[1]
    assert seen[0][0] == "/v1/payproPK/payinApi" and len(json.loads(seen[0][3])["sign"]) == 32


async def test_dropped_after_sending_a_create_is_outcome_unknown_after_one_request(
    serve, make_client, transport: str
) -> None:  # type: ignore[no-untyped-def]
    script = await serve("close")
    async with make_client(base_url=script.url, transport=transport) as client:
        with pytest.raises(paypro.OutcomeUnknownError) as info:
            await create(client, "ORDER-42")
    assert len(script.requests) == 1 and info.value.trade_no == "ORDER-42"
    assert type(info.value.__cause__) is paypro.APIConnectionError


async def test_dropped_read_is_retried_then_raised(
    serve, make_client, transport: str, fake_sleep: FakeSleep
) -> None:  # type: ignore[no-untyped-def]
    script = await serve("close")
    async with make_client(base_url=script.url, transport=transport, max_retries=2) as client:
        with pytest.raises(paypro.APIConnectionError) as info:
            await client.balance.retrieve()
    assert not isinstance(info.value, paypro.OutcomeUnknownError)
    assert len(script.requests) == 3 and fake_sleep.delays == [0.25, 0.5]


async def test_truncated_body_on_a_create_is_outcome_unknown(serve, make_client, transport: str) -> None:  # type: ignore[no-untyped-def]
    script = await serve("truncated")
    async with make_client(base_url=script.url, transport=transport) as client:
        with pytest.raises(paypro.OutcomeUnknownError):
            await create(client)
    assert len(script.requests) == 1


async def test_refused_connection_is_retried_as_never_sent(
    make_client, transport: str, fake_sleep: FakeSleep
) -> None:  # type: ignore[no-untyped-def]
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    server.close()
    await server.wait_closed()  # the port is now closed: connecting is refused
    async with make_client(base_url=url, transport=transport, max_retries=2) as client:
        with pytest.raises(paypro.APIConnectionError) as info:
            await create(client)
    assert not isinstance(info.value, paypro.OutcomeUnknownError)
    assert "could not reach Paypro" in str(info.value) and info.value.trade_no == "T1"
    assert fake_sleep.delays == [0.25, 0.5]  # nothing was sent, so retrying cannot duplicate


async def test_read_timeout_on_a_create_is_outcome_unknown(serve, make_client, transport: str) -> None:  # type: ignore[no-untyped-def]
    script = await serve("hang")
    timeout = httpx.Timeout(5.0, read=0.05)
    async with make_client(base_url=script.url, transport=transport, timeout=timeout) as client:
        with pytest.raises(paypro.OutcomeUnknownError) as info:
            await create(client)
    assert isinstance(info.value.__cause__, paypro.APITimeoutError) and len(script.requests) == 1


async def test_busy_pool_times_out_as_never_sent(serve, make_client, transport: str) -> None:  # type: ignore[no-untyped-def]
    script = await serve("hang", reply())
    lent: paypro.Transport = (
        paypro.AiohttpTransport(limit=1)
        if transport == "aiohttp"
        else paypro._transport.HttpxTransport(limit=1)  # type: ignore[attr-defined]
    )
    timeout = httpx.Timeout(5.0, pool=0.05)
    client = make_client(base_url=script.url, transport=lent, timeout=timeout, max_retries=0)
    stuck = asyncio.ensure_future(create(client, "STUCK"))
    await asyncio.sleep(0)  # let it take the only connection
    with pytest.raises(paypro.APITimeoutError) as info:
        await create(client, "QUEUED")
    assert not isinstance(info.value, paypro.OutcomeUnknownError)
    assert "pooled connection" in str(info.value)
    stuck.cancel()
    await client.aclose()
    assert not lent.is_closed  # lent: the client never closes it
    await lent.aclose()
    assert lent.is_closed and [r[2] for r in script.requests if b"QUEUED" in r[2]] == []


async def test_retry_after_is_honoured(serve, make_client, transport: str, fake_sleep: FakeSleep) -> None:  # type: ignore[no-untyped-def]
    script = await serve(
        reply(503, b"busy", "Retry-After: 7", content_type="text/plain"), reply(body=BALANCE)
    )
    async with make_client(base_url=script.url, transport=transport) as client:
        balance = await client.balance.retrieve()
    assert str(balance.available) == "5.00" and fake_sleep.delays == [7.0]


async def test_html_500_is_a_status_error_not_retried(
    serve, make_client, transport: str, fake_sleep: FakeSleep
) -> None:  # type: ignore[no-untyped-def]
    script = await serve(reply(500, b"<html>nginx</html>", content_type="text/html"))
    async with make_client(base_url=script.url, transport=transport) as client:
        with pytest.raises(paypro.APIStatusError) as info:
            await create(client)
    assert info.value.status_code == 500 and "nginx" in info.value.body
    assert len(script.requests) == 1 and fake_sleep.delays == []


async def test_requests_beyond_the_pool_are_served_first_come_first_served(
    serve, make_client, transport: str
) -> None:  # type: ignore[no-untyped-def]
    script = await serve(reply())
    # One connection: the order requests reach the server is the order the limiter let them go.
    lent: paypro.Transport = AiohttpTransport(limit=1) if transport == "aiohttp" else HttpxTransport(limit=1)
    async with lent, make_client(base_url=script.url, transport=lent) as client:
        names = [f"T{i:03d}" for i in range(40)]
        await asyncio.gather(*(create(client, name) for name in names))
    arrived = [json.loads(body)["tradeNo"] for _, _, body in script.requests]
    assert arrived == names


# -- the client's choice of transport --------------------------------------------------------------


async def test_aiohttp_by_name_is_owned_and_closed(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(transport="aiohttp")
    assert isinstance(client.transport, paypro.AiohttpTransport)
    copy = client.with_options(region="BD", base_url="http://127.0.0.1:9")
    assert copy.transport is client.transport
    await copy.aclose()
    assert not client.transport.is_closed  # the copy does not own it
    await client.aclose()
    assert client.is_closed and client.transport.is_closed
    with pytest.raises(RuntimeError, match="closed"):
        await create(client)


def test_http_client_is_httpx_only(make_client) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuntimeError, match=r"not an httpx\.AsyncClient"):
        _ = make_client(transport="aiohttp").http_client
    with pytest.raises(ValueError, match=r"cannot be used with transport=.aiohttp."):
        make_client(transport="aiohttp", http_client=httpx.AsyncClient())
    with pytest.raises(ValueError, match="transport must be"):
        make_client(transport="requests")
    assert "secret" not in repr(paypro.AiohttpTransport()).lower()


def test_missing_aiohttp_names_the_extra(make_client, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "paypro_async._aiohttp", None)
    with pytest.raises(ImportError, match=r"paypro-async\[fast\]"):
        make_client(transport="aiohttp")


# -- FairLimiter --------------------------------------------------------------------------------


async def test_limiter_hands_slots_over_in_arrival_order() -> None:
    limiter = FairLimiter(1)
    await limiter.acquire()
    order: list[int] = []

    async def take(i: int) -> None:
        await limiter.acquire()
        order.append(i)

    waiters = [asyncio.ensure_future(take(i)) for i in range(5)]
    await asyncio.sleep(0)
    assert limiter.waiting == 5 and limiter.in_use == 1
    for _ in range(5):
        limiter.release()
        late = asyncio.ensure_future(take(99))  # arrives after the release: must not jump the queue
        await asyncio.sleep(0)
        late.cancel()
    await asyncio.gather(*waiters)
    assert order == [0, 1, 2, 3, 4]


async def test_limiter_timeout_and_cancel_leave_no_slot_behind() -> None:
    limiter = FairLimiter(1)
    await limiter.acquire()
    with pytest.raises(asyncio.TimeoutError):
        await limiter.acquire(timeout=0)
    cancelled = asyncio.ensure_future(limiter.acquire())
    await asyncio.sleep(0)
    cancelled.cancel()
    await asyncio.gather(cancelled, return_exceptions=True)
    limiter.release()
    assert limiter.in_use == 0 and limiter.waiting == 0
    await limiter.acquire(timeout=0)  # the slot came back
    assert limiter.in_use == 1
    with pytest.raises(ValueError):
        FairLimiter(0)


async def test_the_environment_proxy_is_used(
    serve, make_client, transport: str, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    proxy = await serve(reply())
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    async with make_client(base_url="http://gateway.paypro.test", transport=transport) as client:
        await create(client)
        await create(client, "T2")
    # A proxy is sent the absolute URL.
    assert [path for path, _, _ in proxy.requests] == ["http://gateway.paypro.test/v1/payproPK/payinApi"] * 2


async def test_no_proxy_hosts_go_direct(
    serve, make_client, transport: str, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    proxy = await serve(reply())
    direct = await serve(reply())
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    async with make_client(base_url=direct.url, transport=transport) as client:
        await create(client)
    assert proxy.requests == [] and [path for path, _, _ in direct.requests] == ["/v1/payproPK/payinApi"]


async def test_the_environment_is_ignored_when_told(
    serve, transport: str, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    proxy = await serve(reply())
    direct = await serve(reply())
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    url, timeout = direct.url + "/x", httpx.Timeout(5.0)
    if transport == "aiohttp":
        async with AiohttpTransport(trust_env=False) as fast:
            response = await fast.post(url, {}, b"{}", timeout)
    else:  # the pool under the SDK's own httpx client
        async with httpx.AsyncClient(transport=ShardedPool(2, trust_env=False)) as http:
            response = await HttpxTransport(http).post(url, {}, b"{}", timeout)
    assert response.status_code == 200 and proxy.requests == [] and len(direct.requests) == 1
