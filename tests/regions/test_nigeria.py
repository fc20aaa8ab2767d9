"""Nigeria (NG): paths, wire names, signing, rules and response examples (paypro-api.md §6.10)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
import respx

import paypro_async as paypro

from ..conftest import MERCHANT, NOW_MS, SECRET, envelope
from ._shared import CALLS, MakeClient, assert_rejected, send_valid

CODE = "NG"
BASE = "https://gateway.test/NG"  # no published sandbox: conftest's make_client sets this base_url


# The Payment page's full example: {"sign":"f5b02d1e...","timestamp":1748247671673, ...the rest below}
PAYMENT_EXAMPLE = {
    "tradeNo": "pSPqrzJJ3MHkdyzS",
    "amount": "500",
    "mobile": "15875595997",
    "email": "jack@gmail.com",
    "username": "jack",
    "channelCode": "EWALLET",
    "wayCode": "PALMPAY",
    "notifyUrl": "http://www.google.com",
    "returnUrl": "http://www.google.com",
    "remark": "test",
}

# operation -> (path, keyword arguments, the wire body they must produce without timestamp and sign)
OPS: dict[str, tuple[str, dict[str, Any], dict[str, str]]] = {
    "payin.create": (
        "/v1/paypro/payIn",
        {
            "trade_no": "pSPqrzJJ3MHkdyzS",
            "amount": "500",
            "mobile": "15875595997",
            "email": "jack@gmail.com",
            "username": "jack",
            "channel_code": "EWALLET",
            "way_code": "PALMPAY",
            "notify_url": "http://www.google.com",
            "return_url": "http://www.google.com",
            "remark": "test",
        },
        PAYMENT_EXAMPLE,
    ),
    "payin.query": (
        "/v1/paypro/queryPayInResult",
        {"trade_no": "pSPqrzJJ3MHkdyzS"},
        {"tradeNo": "pSPqrzJJ3MHkdyzS"},
    ),
    # The Payout Query page's example: {"tradeNo":"133323392",...}
    "payout.query": ("/v1/paypro/queryPayOutResult", {"trade_no": "133323392"}, {"tradeNo": "133323392"}),
    "balance": ("/v1/paypro/queryBalance", {}, {}),
}

WIRE = {
    "trade_no": "tradeNo",
    "amount": "amount",
    "username": "username",
    "mobile": "mobile",
    "email": "email",
    "channel_code": "channelCode",
    "way_code": "wayCode",
    "notify_url": "notifyUrl",
    "return_url": "returnUrl",
    "remark": "remark",
}


def sent(route: respx.Route, url: str) -> dict[str, Any]:
    """The one request ``route`` saw, checked for what every NG call shares; returns its JSON body."""
    assert route.call_count == 1
    request = route.calls.last.request
    assert request.method == "POST"
    assert str(request.url) == url
    assert request.headers["merchantNo"] == MERCHANT
    assert request.headers["Content-Type"] == "application/json"
    assert "sign" not in request.headers  # NG signs in the body
    body: dict[str, Any] = json.loads(request.content)
    assert all(isinstance(v, str) for v in body.values()), body
    assert body["timestamp"] == str(NOW_MS)  # a string, although the example sends a JSON number
    assert paypro.verify_sign(body, SECRET)
    return body


def test_profile_declares_the_documented_operations() -> None:
    profile = paypro.regions.get(CODE)
    assert set(profile.operation_names()) == set(OPS)
    # The Payment Query page is not published (§6.10); the payout page's fields neither (no payout.create).
    assert {n for n in OPS if profile.operation(n).inferred} == {"payin.query"}
    assert profile.sandbox_url is None


@pytest.mark.parametrize("op", list(OPS))
@respx.mock
async def test_request_on_the_wire(make_client: MakeClient, op: str) -> None:
    path, args, wire = OPS[op]
    route = respx.post(BASE + path).respond(json=envelope({"status": "0015"}))
    async with make_client(CODE) as client:
        await CALLS[op](client, args)
    body = sent(route, BASE + path)
    assert set(body) == {*wire, "timestamp", "sign"}
    assert {k: v for k, v in body.items() if k not in ("timestamp", "sign")} == wire


# (operation, field, a value the page allows); None = the field is not given.
ACCEPTED = [
    ("payin.create", "channel_code", "EWALLET"),
    ("payin.create", "channel_code", "VA"),
    ("payin.create", "way_code", "PALMPAY"),  # EWALLET -> PALMPAY
    ("payin.create", "way_code", "VA"),  # VA -> VA
    ("payin.create", "way_code", None),  # N
    ("payin.create", "return_url", None),  # N
    ("payin.create", "remark", None),  # N
]

# (operation, field, a value the page forbids); None = a required field left out.
REJECTED = [
    ("payin.create", "channel_code", "QRIS"),
    ("payin.create", "channel_code", "ewallet"),
    ("payin.create", "way_code", "OPAY"),
    ("payin.create", "channel_code", None),  # Y
    ("payin.create", "username", None),  # Y
    ("payin.create", "mobile", None),  # Y
    ("payin.create", "email", None),  # Y
    ("payin.create", "notify_url", None),  # Y
    ("payin.create", "trade_no", None),
    ("payin.create", "amount", None),
    ("payin.query", "trade_no", None),
    ("payout.query", "trade_no", None),
]


@pytest.mark.parametrize(("op", "field", "value"), ACCEPTED)
@respx.mock
async def test_rule_accepts(make_client: MakeClient, op: str, field: str, value: Any) -> None:
    path, args, _ = OPS[op]
    route = await send_valid(make_client, CODE, BASE + path, CALLS[op], {**args, field: value})
    body = sent(route, BASE + path)
    if value is None:
        assert WIRE[field] not in body
    else:
        assert body[WIRE[field]] == str(value)


@pytest.mark.parametrize(("op", "field", "value"), REJECTED)
@respx.mock
async def test_rule_rejects(make_client: MakeClient, op: str, field: str, value: Any) -> None:
    path, args, _ = OPS[op]
    await assert_rejected(make_client, CODE, BASE + path, CALLS[op], {**args, field: value}, field)


@respx.mock
async def test_payout_create_is_unsupported(make_client: MakeClient) -> None:
    async with make_client(CODE) as client:
        with pytest.raises(paypro.UnsupportedOperationError) as info:
            await client.payouts.create(trade_no="NGOUT0001", amount=5000)
    assert info.value.region == "NG (Nigeria)" and info.value.operation == "payout.create"
    assert "Nigeria" in str(info.value) and "payout.create" in str(info.value)


@respx.mock
async def test_payin_response(make_client: MakeClient) -> None:
    path, args, _ = OPS["payin.create"]
    respx.post(BASE + path).respond(
        json=envelope(
            {
                "tradeNo": "pSPqrzJJ3MHkdyzS",
                "platFormTradeNo": "7gwtljttc64lu4e2",
                "status": "0015",
                "message": "PAYING",
                "remark": "test",
            }
        )
    )
    async with make_client(CODE) as client:
        payin = await client.payins.create(**args)
    assert payin.trade_no == "pSPqrzJJ3MHkdyzS" and payin.platform_trade_no == "7gwtljttc64lu4e2"
    assert payin.status is paypro.PaymentStatus.PROCESSING and payin.message == "PAYING"


@respx.mock
async def test_balance_response_string_amounts(make_client: MakeClient) -> None:
    # The Balance page returns the values as strings.
    respx.post(BASE + "/v1/paypro/queryBalance").respond(
        json=envelope(
            {"availableAmount": "9998989.0000", "freezeAmount": "0.0000", "unsettledAmount": "500.0000"}
        )
    )
    async with make_client(CODE) as client:
        balance = await client.balance.retrieve()
    assert balance.available == Decimal("9998989.0000")
    assert balance.frozen == Decimal("0.0000")
    assert balance.unsettled == Decimal("500.0000")


@respx.mock
async def test_payout_query_response(make_client: MakeClient) -> None:
    respx.post(BASE + "/v1/paypro/queryPayOutResult").respond(
        json=envelope(
            {"platFormTradeNo": "ngout1", "tradeNo": "133323392", "amount": "5000", "status": "00029"}
        )
    )
    async with make_client(CODE) as client:
        details = await client.payouts.retrieve("133323392")
    assert details.trade_no == "133323392" and details.platform_trade_no == "ngout1"
    assert details.amount == Decimal("5000")
    assert details.status is paypro.PaymentStatus.FAILED and details.status_code == "00029"
