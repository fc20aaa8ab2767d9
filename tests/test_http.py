"""Failure paths and the retry policy, with respx and an injected sleep."""

from __future__ import annotations

import httpx
import pytest
import respx

import paypro_async as paypro
from paypro_async._http import Backoff, retry_after_seconds

from .conftest import envelope
from .test_client import PAYIN, PK_PAYIN

BALANCE = "https://sandbox-api.paypro.tech/pak-pay/v1/payproPK/queryBalance"
QUERY = "https://sandbox-api.paypro.tech/pak-pay/v1/payproPK/queryPayInResult"
CREATED = envelope({"platFormTradeNo": "X1", "status": "0015", "desc": "CREATED"})


async def create(client: paypro.PayproClient, trade_no: str = "T1") -> paypro.Payment:
    return await client.payins.create(trade_no=trade_no, amount=10000, **PAYIN)


@respx.mock
async def test_envelope_error_is_api_error(pk: paypro.PayproClient) -> None:
    respx.post(PK_PAYIN).respond(json={"msg": "sign error", "code": "00029", "success": False})
    with pytest.raises(paypro.APIError) as info:
        await create(pk)
    assert info.value.code == "00029" and info.value.msg == "sign error"
    assert info.value.body["success"] is False and info.value.trade_no == "T1"


@respx.mock
async def test_http_500_with_html_is_status_error_not_retried(pk: paypro.PayproClient, fake_sleep) -> None:  # type: ignore[no-untyped-def]
    route = respx.post(PK_PAYIN).respond(500, text="<html><body>Internal Error</body></html>")
    with pytest.raises(paypro.APIStatusError) as info:
        await create(pk)
    assert info.value.status_code == 500 and "Internal Error" in info.value.body
    assert route.call_count == 1 and fake_sleep.delays == []


@respx.mock
async def test_status_checked_before_body(pk: paypro.PayproClient) -> None:
    respx.post(PK_PAYIN).respond(400, json=CREATED)
    with pytest.raises(paypro.APIStatusError):
        await create(pk)


@respx.mock
async def test_truncated_json_is_format_error(pk: paypro.PayproClient) -> None:
    respx.post(PK_PAYIN).respond(200, text='{"msg":"success","code":"00')
    with pytest.raises(paypro.ResponseFormatError, match="not JSON"):
        await create(pk)


@respx.mock
async def test_json_without_envelope_is_format_error(pk: paypro.PayproClient) -> None:
    respx.post(PK_PAYIN).respond(200, json=["not", "an", "envelope"])
    with pytest.raises(paypro.ResponseFormatError):
        await create(pk)


@respx.mock
async def test_connection_refused_is_retried_then_raised(pk: paypro.PayproClient, fake_sleep) -> None:  # type: ignore[no-untyped-def]
    route = respx.post(PK_PAYIN).mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(paypro.APIConnectionError) as info:
        await create(pk)
    assert not isinstance(info.value, paypro.OutcomeUnknownError)
    assert route.call_count == 3  # nothing was sent, so retrying cannot duplicate
    assert fake_sleep.delays == [0.25, 0.5]


@respx.mock
async def test_read_timeout_on_create_is_outcome_unknown_after_one_request(pk: paypro.PayproClient) -> None:
    route = respx.post(PK_PAYIN).mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(paypro.OutcomeUnknownError) as info:
        await create(pk, "ORDER-42")
    assert route.call_count == 1
    assert info.value.trade_no == "ORDER-42"
    assert isinstance(info.value.__cause__, paypro.APITimeoutError)


@respx.mock
async def test_dropped_connection_on_create_is_outcome_unknown(pk: paypro.PayproClient) -> None:
    route = respx.post(PK_PAYIN).mock(side_effect=httpx.RemoteProtocolError("disconnected"))
    with pytest.raises(paypro.OutcomeUnknownError):
        await create(pk)
    assert route.call_count == 1


@respx.mock
async def test_read_timeout_on_query_is_retried(pk: paypro.PayproClient) -> None:
    route = respx.post(QUERY).mock(
        side_effect=[httpx.ReadTimeout("slow"), httpx.Response(200, json=envelope({"status": "0000"}))]
    )
    details = await pk.payins.retrieve("T1")
    assert route.call_count == 2 and details.status is paypro.PaymentStatus.SUCCESS


@respx.mock
async def test_read_timeout_on_query_exhausted_is_timeout_error(pk: paypro.PayproClient) -> None:
    respx.post(BALANCE).mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(paypro.APITimeoutError):
        await pk.balance.retrieve()


@respx.mock
async def test_503_then_success_is_retried(pk: paypro.PayproClient, fake_sleep) -> None:  # type: ignore[no-untyped-def]
    route = respx.post(PK_PAYIN).mock(
        side_effect=[httpx.Response(503, text="busy"), httpx.Response(200, json=CREATED)]
    )
    payin = await create(pk)
    assert route.call_count == 2 and payin.platform_trade_no == "X1"
    assert len(fake_sleep.delays) == 1


@respx.mock
async def test_429_honours_retry_after(pk: paypro.PayproClient, fake_sleep) -> None:  # type: ignore[no-untyped-def]
    respx.post(PK_PAYIN).mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "7"}),
            httpx.Response(429, headers={"Retry-After": "0"}),
            httpx.Response(200, json=CREATED),
        ]
    )
    await create(pk)
    assert fake_sleep.delays == [7.0, 0.0]


@respx.mock
async def test_retry_after_is_capped_and_max_retries_respected(make_client, fake_sleep) -> None:  # type: ignore[no-untyped-def]
    route = respx.post(PK_PAYIN).respond(429, headers={"Retry-After": "3600"})
    async with make_client(max_retries=1) as client:
        with pytest.raises(paypro.APIStatusError) as info:
            await create(client)
    assert info.value.status_code == 429 and route.call_count == 2
    assert fake_sleep.delays == [60.0]


@respx.mock
async def test_max_retries_zero_per_with_options(pk: paypro.PayproClient) -> None:
    route = respx.post(PK_PAYIN).respond(503)
    with pytest.raises(paypro.APIStatusError):
        await create(pk.with_options(max_retries=0))
    assert route.call_count == 1


def test_backoff_is_capped_exponential_with_jitter() -> None:
    b = Backoff(initial=0.5, maximum=4.0, jitter=lambda: 1.0)
    assert [b.delay(i) for i in range(5)] == [0.5, 1.0, 2.0, 4.0, 4.0]
    assert Backoff(jitter=lambda: 0.0).delay(0) == 0.25


def test_retry_after_http_date() -> None:
    assert (
        retry_after_seconds({"retry-after": "Wed, 21 Oct 2015 07:28:10 GMT"}, now=lambda: 1445412480.0)
        == 10.0
    )
    assert retry_after_seconds({"retry-after": "soon"}) is None
    assert retry_after_seconds({}) is None


@respx.mock
async def test_create_refused_after_504_retry_is_outcome_unknown(pk: paypro.PayproClient) -> None:
    route = respx.post(PK_PAYIN).mock(
        side_effect=[
            httpx.Response(504, text="gateway timeout"),
            httpx.Response(200, json={"msg": "duplicate tradeNo", "code": "1003"}),
        ]
    )
    with pytest.raises(paypro.OutcomeUnknownError) as info:
        await create(pk, "DUP-1")
    assert route.call_count == 2 and info.value.trade_no == "DUP-1"
    assert isinstance(info.value.__cause__, paypro.APIError)


@respx.mock
async def test_create_refused_after_503_retry_is_plain_api_error(pk: paypro.PayproClient) -> None:
    respx.post(PK_PAYIN).mock(
        side_effect=[httpx.Response(503), httpx.Response(200, json={"msg": "bad", "code": "1002"})]
    )
    with pytest.raises(paypro.APIError) as info:
        await create(pk)
    assert not isinstance(info.value, paypro.OutcomeUnknownError)
