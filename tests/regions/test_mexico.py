"""Mexico (MX): paths, wire names, signing, rules and response examples (paypro-api.md §6.8, seed 002)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import respx

import paypro_async as paypro

from ..conftest import MERCHANT, NOW_MS, SECRET, envelope
from ._shared import CALLS, MakeClient, assert_rejected, send_valid

CODE = "MX"
BASE = "https://openapi-sa-test.paypro.tech/mex-pay"


def _payin(way_code: str) -> tuple[dict[str, Any], dict[str, str]]:
    args = {
        "trade_no": "test_00000008",
        "amount": "300",
        "mobile": "15745896325",
        "email": "kevin@example.com",
        "payer": "kevin zhang",
        "way_code": way_code,
        "notify_url": "https://google.com",
        "return_url": "http://abc.com/callback_page",
        "remark": "test",
    }
    wire = {
        "tradeNo": "test_00000008",
        "amount": "300",
        "mobile": "15745896325",
        "email": "kevin@example.com",
        "payer": "kevin zhang",
        "wayCode": way_code,
        "notifyUrl": "https://google.com",
        "returnUrl": "http://abc.com/callback_page",
        "remark": "test",
    }
    return args, wire


# operation -> (path, keyword arguments, the wire body they must produce without timestamp and sign)
OPS: dict[str, tuple[str, dict[str, Any], dict[str, str]]] = {
    "payin.create": ("/v1/paypro/payInApi", *_payin("store")),
    "cashier.create": ("/v1/paypro/paymentLink", *_payin("va")),
    # The Payout page's example (its customerEmail is elided in our copy).
    "payout.create": (
        "/v1/paypro/payOut",
        {
            "trade_no": "test_00000001",
            "way_code": "BANXICO",
            "amount": "200",
            "customer_name": "kevin zhang",
            "customer_mobile": "18956325478",
            "customer_email": "kevin@example.com",
            "customer_account_type": "DebitCard",
            "customer_account": "kevin_zhang_account",
            "identity": "58452586558",
            "notify_url": "https://google.com",
            "remark": "test",
        },
        {
            "tradeNo": "test_00000001",
            "wayCode": "BANXICO",
            "amount": "200",
            "customerName": "kevin zhang",
            "customerMobile": "18956325478",
            "customerEmail": "kevin@example.com",
            "customerAccountType": "DebitCard",
            "customerAccount": "kevin_zhang_account",
            "identity": "58452586558",
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
    "amount": "amount",
    "mobile": "mobile",
    "email": "email",
    "payer": "payer",
    "way_code": "wayCode",
    "notify_url": "notifyUrl",
    "return_url": "returnUrl",
    "remark": "remark",
    "customer_name": "customerName",
    "customer_mobile": "customerMobile",
    "customer_email": "customerEmail",
    "customer_account_type": "customerAccountType",
    "customer_account": "customerAccount",
    "identity": "identity",
}


def sent(route: respx.Route, url: str) -> dict[str, Any]:
    """The one request ``route`` saw, checked for what every MX call shares; returns its JSON body."""
    assert route.call_count == 1
    request = route.calls.last.request
    assert request.method == "POST"
    assert str(request.url) == url
    assert request.headers["merchantNo"] == MERCHANT
    assert request.headers["Content-Type"] == "application/json"
    assert "sign" not in request.headers  # MX signs in the body
    body: dict[str, Any] = json.loads(request.content)
    assert all(isinstance(v, str) for v in body.values()), body
    assert body["timestamp"] == str(NOW_MS)
    assert paypro.verify_sign(body, SECRET)
    return body


def test_profile_declares_the_documented_operations() -> None:
    profile = paypro.regions.get(CODE)
    assert set(profile.operation_names()) == set(OPS)
    assert {n for n in OPS if profile.operation(n).inferred} == set()  # every Mexico page is published
    assert profile.sandbox_url == BASE


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
    ("payin.create", "way_code", "store"),
    ("payin.create", "way_code", "va"),
    ("payin.create", "amount", 300),
    ("payin.create", "mobile", None),  # N
    ("payin.create", "email", None),  # N
    ("payin.create", "payer", None),  # N
    ("payin.create", "return_url", None),  # N
    ("payin.create", "remark", None),  # N
    ("cashier.create", "way_code", None),  # optional on the PaymentPage (seed 002)
    ("cashier.create", "way_code", "store"),
    ("cashier.create", "mobile", None),
    ("cashier.create", "email", None),
    ("cashier.create", "payer", None),
    ("cashier.create", "return_url", None),
    ("payout.create", "customer_account_type", "CLABE"),
    ("payout.create", "customer_account_type", "DebitCard"),
    ("payout.create", "amount", 200),
    ("payout.create", "notify_url", None),  # "the backend-configured URL is used if not passed"
    ("payout.create", "customer_mobile", None),  # N
    ("payout.create", "customer_email", None),  # N
    ("payout.create", "identity", None),  # N
    ("payout.create", "remark", None),  # N
]

# (operation, field, a value the page forbids); None = a required field left out.
REJECTED = [
    ("payin.create", "way_code", None),  # Y on the H2H page
    ("payin.create", "way_code", "oxxo"),
    ("payin.create", "way_code", "STORE"),
    ("payin.create", "amount", "300.50"),  # no decimals
    ("payin.create", "notify_url", None),
    ("payin.create", "trade_no", None),
    ("payin.create", "amount", None),
    ("cashier.create", "way_code", "card"),
    ("cashier.create", "amount", "300.5"),
    ("cashier.create", "notify_url", None),
    ("payout.create", "customer_account_type", "IBAN"),
    ("payout.create", "customer_account_type", "clabe"),
    ("payout.create", "amount", "200.25"),
    ("payout.create", "way_code", None),
    ("payout.create", "customer_name", None),
    ("payout.create", "customer_account_type", None),
    ("payout.create", "customer_account", None),
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
async def test_payment_page_response_example(make_client: MakeClient) -> None:
    # Seed 002's "Successful Response Example", verbatim.
    response = {
        "msg": "success",
        "code": "0000",
        "timestamp": 1728609277476,
        "success": True,
        "data": {
            "tradeNo": "test_00000008",
            "platFormTradeNo": "68o0uwogz7mnzutt",
            "status": "0015",
            "desc": "Create",
            "remark": "test",
            "paymentUrl": "https://checkout.tpservice.vip/#/order/bd/P1844547116046675970",
        },
    }
    path, args, _ = OPS["cashier.create"]
    respx.post(BASE + path).respond(json=response)
    async with make_client(CODE) as client:
        page = await client.cashier.create(**args)
    assert page.trade_no == "test_00000008" and page.platform_trade_no == "68o0uwogz7mnzutt"
    assert page.status is paypro.PaymentStatus.PROCESSING
    assert page.message == "Create" and page.remark == "test"
    assert page.payment_url == "https://checkout.tpservice.vip/#/order/bd/P1844547116046675970"


@respx.mock
async def test_payment_query_response_example(make_client: MakeClient) -> None:
    # The Payment Query page's example, verbatim: payproTradeNo (not platFormTradeNo), receivedAmount,
    # and createTime with a one-digit hour.
    response = {
        "msg": "success",
        "code": "0000",
        "timestamp": 1728613513280,
        "success": True,
        "data": {
            "tradeNo": "test_00000008",
            "payproTradeNo": "68o0uwogz7mnzutt",
            "status": "00029",
            "amount": "300",
            "receivedAmount": "230",
            "createTime": "2024-10-11 9:30:13",
            "successTime": "2024-10-11 10:30:13",
            "message": "Collection order timed out without payment",
        },
    }
    respx.post(BASE + "/v1/paypro/queryPayInResult").respond(json=response)
    async with make_client(CODE) as client:
        details = await client.payins.retrieve("test_00000008")
    mexico_city = ZoneInfo("America/Mexico_City")
    assert details.trade_no == "test_00000008"
    assert details.platform_trade_no == "68o0uwogz7mnzutt"
    assert details.status is paypro.PaymentStatus.FAILED and details.status_code == "00029"
    assert details.amount == Decimal("300") and details.received_amount == Decimal("230")
    assert details.message == "Collection order timed out without payment"
    assert details.create_time == datetime(2024, 10, 11, 9, 30, 13, tzinfo=mexico_city)
    assert details.create_time.tzinfo is not None
    assert getattr(details.create_time.tzinfo, "key", None) == "America/Mexico_City"
    assert details.create_time.utcoffset() == timedelta(hours=-6)  # no DST in Mexico since 2022
    assert details.success_time == datetime(2024, 10, 11, 10, 30, 13, tzinfo=mexico_city)
    assert details.raw == response


@respx.mock
async def test_partial_payment_status(make_client: MakeClient) -> None:
    # Mexico documents 0001 (partial payment): amount is what was actually paid.
    respx.post(BASE + "/v1/paypro/queryPayInResult").respond(
        json=envelope(
            {"tradeNo": "test_00000008", "status": "0001", "amount": "150", "receivedAmount": "150"}
        )
    )
    async with make_client(CODE) as client:
        details = await client.payins.retrieve("test_00000008")
    assert details.status is paypro.PaymentStatus.PARTIAL and details.status.is_final
    assert details.amount == Decimal("150")


@respx.mock
async def test_balance_response_availabl_amount(make_client: MakeClient) -> None:
    # The Balance page spells it availablAmount (sic) and returns numbers with 4 decimals.
    respx.post(BASE + "/v1/paypro/queryBalance").respond(
        text=(
            '{"msg":"success","code":"0000","timestamp":1719830171485,"success":true,'
            '"data":{"availablAmount":9998989.0000,"freezeAmount":0.0000,"unsettledAmount":1200.5000}}'
        )
    )
    async with make_client(CODE) as client:
        balance = await client.balance.retrieve()
    assert balance.available == Decimal("9998989.0000")
    assert str(balance.available) == "9998989.0000"  # no float on the way
    assert balance.frozen == Decimal("0.0000")
    assert balance.unsettled == Decimal("1200.5000")
