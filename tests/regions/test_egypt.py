"""Egypt (EG): paths, wire names, signing, rules and response examples (paypro-api.md §6.6)."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import respx

import paypro_async as paypro

from ..conftest import MERCHANT, NOW_MS, SECRET, envelope
from ._shared import CALLS, MakeClient, assert_rejected, send_valid

CODE = "EG"
BASE = "https://gateway.test/EG"  # no published sandbox: conftest's make_client sets this base_url


# operation -> (path, keyword arguments, the wire body they must produce without timestamp and sign)
OPS: dict[str, tuple[str, dict[str, Any], dict[str, str]]] = {
    # The Payment page's example (cut off after "mobile" in our copy; the rest per its table).
    "payin.create": (
        "/v1/paypro/payIn",
        {
            "trade_no": "test_00000008",
            "payer": "kevin zhang",
            "amount": "300",
            "mobile": "01012345678",
            "email": "kevin@example.com",
            "remark": "test",
            "notify_url": "https://google.com",
            "return_url": "http://abc.com/callback_page",
        },
        {
            "tradeNo": "test_00000008",
            "payer": "kevin zhang",
            "amount": "300",
            "mobile": "01012345678",
            "email": "kevin@example.com",
            "remark": "test",
            "notifyUrl": "https://google.com",
            "returnUrl": "http://abc.com/callback_page",
        },
    ),
    # The Payout page's example.
    "payout.create": (
        "/v1/paypro/payOut",
        {
            "trade_no": "test_00000001",
            "wallet_id": "01123456789",
            "customer_name": "kevin",
            "amount": "300",
            "notify_url": "https://google.com",
            "remark": "test",
        },
        {
            "tradeNo": "test_00000001",
            "walletId": "01123456789",
            "customerName": "kevin",
            "amount": "300",
            "notifyUrl": "https://google.com",
            "remark": "test",
        },
    ),
    "payin.query": (
        "/v1/paypro/queryPayInResult",
        {"trade_no": "test_00000008"},
        {"tradeNo": "test_00000008"},
    ),
    "payout.query": (
        "/v1/paypro/queryPayOutResult",
        {"trade_no": "test_00000001"},
        {"tradeNo": "test_00000001"},
    ),
    "balance": ("/v1/paypro/queryBalance", {}, {}),
}

WIRE = {
    "trade_no": "tradeNo",
    "payer": "payer",
    "amount": "amount",
    "remark": "remark",
    "mobile": "mobile",
    "email": "email",
    "notify_url": "notifyUrl",
    "return_url": "returnUrl",
    "customer_name": "customerName",
    "wallet_id": "walletId",
}


def sent(route: respx.Route, url: str) -> dict[str, Any]:
    """The one request ``route`` saw, checked for what every EG call shares; returns its JSON body."""
    assert route.call_count == 1
    request = route.calls.last.request
    assert request.method == "POST"
    assert str(request.url) == url
    assert request.headers["merchantNo"] == MERCHANT
    assert request.headers["Content-Type"] == "application/json"
    assert "sign" not in request.headers  # EG signs in the body
    body: dict[str, Any] = json.loads(request.content)
    assert all(isinstance(v, str) for v in body.values()), body
    assert body["timestamp"] == str(NOW_MS)
    assert paypro.verify_sign(body, SECRET)
    return body


def test_profile_declares_the_documented_operations() -> None:
    profile = paypro.regions.get(CODE)
    assert set(profile.operation_names()) == set(OPS)
    # Only the balance page is unpublished (§6.6).
    assert {n for n in OPS if profile.operation(n).inferred} == {"balance"}
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
    *[
        (op, "amount", amount)
        for op in ("payin.create", "payout.create")
        for amount in (100, "10000", 5000)  # 100 to 10,000, no decimals
    ],
    *[("payin.create", "mobile", f"01{d}12345678") for d in "012345678"],  # 11 digits, 010 ... 018
    ("payin.create", "return_url", None),  # N
]

# (operation, field, a value the page forbids); None = a required field left out.
REJECTED = [
    *[
        (op, "amount", amount)
        for op in ("payin.create", "payout.create")
        for amount in (99, "10001", "300.5")
    ],
    ("payin.create", "mobile", "01912345678"),  # 019
    ("payin.create", "mobile", "0101234567"),  # 10 digits
    ("payin.create", "mobile", "201012345678"),  # country code
    ("payin.create", "mobile", "1012345678"),
    ("payin.create", "remark", None),  # Y
    ("payin.create", "payer", None),  # Y
    ("payin.create", "mobile", None),  # Y
    ("payin.create", "email", None),  # Y
    ("payin.create", "notify_url", None),  # Y
    ("payin.create", "trade_no", None),
    ("payin.create", "amount", None),
    ("payout.create", "remark", None),  # Y
    ("payout.create", "customer_name", None),  # Y
    ("payout.create", "wallet_id", None),  # Y
    ("payout.create", "notify_url", None),  # Y
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
async def test_payment_query_response_fields(make_client: MakeClient) -> None:
    # The Payment Query page's data: platFormTradeNo, amount, status, message, successTime,
    # receivedAmount, createTime (local time).
    respx.post(BASE + "/v1/paypro/queryPayInResult").respond(
        json=envelope(
            {
                "tradeNo": "test_00000008",
                "platFormTradeNo": "eg68o0uwogz7mnzu",
                "amount": "300",
                "receivedAmount": "300",
                "status": "0000",
                "message": "SUCCESS",
                "createTime": "2024-01-15 9:05:00",
                "successTime": "2024-01-15 09:07:41",
            }
        )
    )
    async with make_client(CODE) as client:
        details = await client.payins.retrieve("test_00000008")
    cairo = ZoneInfo("Africa/Cairo")
    assert details.platform_trade_no == "eg68o0uwogz7mnzu"
    assert details.status is paypro.PaymentStatus.SUCCESS and details.message == "SUCCESS"
    assert details.amount == Decimal("300") and details.received_amount == Decimal("300")
    assert details.create_time == datetime(2024, 1, 15, 9, 5, 0, tzinfo=cairo)
    assert details.success_time == datetime(2024, 1, 15, 9, 7, 41, tzinfo=cairo)
    assert getattr(details.success_time.tzinfo, "key", None) == "Africa/Cairo"


@respx.mock
async def test_payout_response(make_client: MakeClient) -> None:
    path, args, _ = OPS["payout.create"]
    respx.post(BASE + path).respond(
        json=envelope(
            {"tradeNo": "test_00000001", "platFormTradeNo": "egout1", "status": "0015", "desc": "CREATED"}
        )
    )
    async with make_client(CODE) as client:
        payout = await client.payouts.create(**args)
    assert payout.trade_no == "test_00000001" and payout.platform_trade_no == "egout1"
    assert payout.status is paypro.PaymentStatus.PROCESSING and payout.message == "CREATED"
