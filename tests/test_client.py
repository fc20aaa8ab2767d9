"""The client: configuration, pool ownership, with_options, environment fallbacks, concurrency."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
import respx

import paypro_async as paypro

from .conftest import MERCHANT, SECRET, envelope

PK_PAYIN = "https://sandbox-api.paypro.tech/pak-pay/v1/payproPK/payinApi"
PAYIN = {
    "name": "Ali Raza",
    "mobile": "3115112345",
    "email": "ali@gmail.com",
    "notify_url": "https://shop.example/paypro/notify",
}


def test_unknown_region_refused_at_construction() -> None:
    with pytest.raises(paypro.UnknownRegionError, match="XX"):
        paypro.PayproClient(merchant_no=MERCHANT, app_secret=SECRET, region="XX")


def test_missing_credentials_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PAYPRO_MERCHANT_NO", "PAYPRO_APP_SECRET", "PAYPRO_REGION", "PAYPRO_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ValueError, match="app_secret"):
        paypro.PayproClient(merchant_no=MERCHANT, region="PK")
    with pytest.raises(ValueError, match="merchant_no"):
        paypro.PayproClient(app_secret=SECRET, region="PK")


async def test_environment_fallbacks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAYPRO_MERCHANT_NO", "1234567890")
    monkeypatch.setenv("PAYPRO_APP_SECRET", SECRET)
    monkeypatch.setenv("PAYPRO_REGION", "mx")
    monkeypatch.setenv("PAYPRO_BASE_URL", "http://127.0.0.1:9/MX/")
    async with paypro.PayproClient() as client:
        assert client.merchant_no == "1234567890"
        assert client.region.code == "MX"
        assert client.base_url == "http://127.0.0.1:9/MX"


async def test_default_timeout_is_finite(make_client) -> None:  # type: ignore[no-untyped-def]
    async with make_client() as client:
        assert client.timeout.read == paypro.DEFAULT_TIMEOUT
        assert client.timeout.connect is not None


async def test_region_without_sandbox_needs_base_url() -> None:
    with pytest.raises(ValueError, match="base_url"):
        paypro.PayproClient(merchant_no=MERCHANT, app_secret=SECRET, region="KE")


async def test_with_options_shares_pool_and_takes_region_default(make_client) -> None:  # type: ignore[no-untyped-def]
    async with make_client("PK") as client:
        mx = client.with_options(region="MX", timeout=3.0, max_retries=0)
        assert mx.http_client is client.http_client
        assert mx.region.code == "MX"
        assert mx.base_url == "https://openapi-sa-test.paypro.tech/mex-pay"
        assert mx.timeout.read == 3.0 and mx.max_retries == 0
        other = client.with_options(merchant_no="9999999999")
        assert other.merchant_no == "9999999999" and other.base_url == client.base_url
        await mx.aclose()  # a derived client never closes the shared pool
        assert not client.http_client.is_closed
    assert client.http_client.is_closed


async def test_borrowed_http_client_is_never_closed() -> None:
    http = httpx.AsyncClient()
    client = paypro.PayproClient(merchant_no=MERCHANT, app_secret=SECRET, region="PK", http_client=http)
    async with client:
        assert client.http_client is http
    assert not http.is_closed
    await http.aclose()


async def test_aclose_is_idempotent_and_closed_client_refuses(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client()
    await client.aclose()
    await client.aclose()
    assert client.is_closed
    with pytest.raises(RuntimeError, match="closed"):
        await client.balance.retrieve()


@respx.mock
async def test_merchant_header_on_every_call(make_client) -> None:  # type: ignore[no-untyped-def]
    route = respx.post("https://sandbox-api.paypro.tech/pak-pay/v1/payproPK/queryBalance").respond(
        json=envelope({"availableAmount": "10.5000", "freezeAmount": 0, "unsettledAmount": "0"})
    )
    async with make_client() as client:
        balance = await client.balance.retrieve()
    request = route.calls.last.request
    assert request.headers["merchantNo"] == MERCHANT
    assert request.headers["Content-Type"] == "application/json"
    body = json.loads(request.content)
    assert set(body) == {"timestamp", "sign"}
    assert paypro.verify_sign(body, SECRET)
    assert str(balance.available) == "10.5000"


async def test_500_concurrent_creates_share_one_pool(make_client) -> None:  # type: ignore[no-untyped-def]
    seen: list[dict[str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        seen.append(body)
        data = {"platFormTradeNo": "P" + body["tradeNo"], "status": "0015", "desc": "CREATED"}
        return httpx.Response(200, json=envelope(data))

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    async with make_client(http_client=http) as client:
        results = await asyncio.gather(
            *(client.payins.create(trade_no=f"T{i:04d}", amount=100 + i, **PAYIN) for i in range(500))
        )
    await http.aclose()
    assert len(seen) == 500
    assert all(paypro.verify_sign(body, SECRET) for body in seen)
    assert {r.trade_no for r in results} == {f"T{i:04d}" for i in range(500)}
    assert all(r.platform_trade_no == "P" + r.trade_no for r in results)
    assert http.is_closed
    pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    assert pending == []


def test_unknown_region_is_value_and_key_error() -> None:
    with pytest.raises(ValueError, match=r"available: .*PK"):
        paypro.regions.get("TH")
    with pytest.raises(KeyError):
        paypro.regions.get("TH")


def test_register_overrides_a_region_in_one_line() -> None:
    original = paypro.regions.get("PK")
    try:
        paypro.regions.register(original.with_path("payin.query", "/v1/payproPK/queryPayinResult"))
        client = paypro.PayproClient(merchant_no=MERCHANT, app_secret=SECRET, region="PK")
        op = client.region.operation("payin.query")
        assert op.path == "/v1/payproPK/queryPayinResult" and not op.inferred
    finally:
        paypro.regions.register(original)
    assert paypro.regions.get("PK") is original
    assert "PK" in paypro.regions.available() and len(paypro.regions.available()) == 12


def test_profile_options_for_contradicting_pages() -> None:
    pk = paypro.regions.get("PK").with_field("payin.create", "payment_type", required=True)
    assert pk.operation("payin.create").field("payment_type").required
    assert not paypro.regions.get("PK").operation("payin.create").field("payment_type").required
    br = paypro.regions.get("BR").with_sign_in("header")
    assert {op.sign_in for op in br.operations.values()} == {"header"}
    with pytest.raises(KeyError):
        paypro.regions.get("PK").with_field("payin.create", "nope", required=True)
