"""Philippines (PH): paths, wire names, signing, rules and response examples (paypro-api.md §6.4)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
import respx

import paypro_async as paypro

from ..conftest import MERCHANT, NOW_MS, SECRET, envelope
from ._shared import CALLS, MakeClient, assert_rejected, send_valid

CODE = "PH"
BASE = "https://gateway.test/PH"  # no published sandbox: conftest's make_client sets this base_url


PAY_TYPES = [
    "GCash",
    "GrabPay",
    "Maya",
    "QRPH",
    "GCash QR",
    "Maya QR",
    "Gotyme QR",
    "UnionBank",
    "BPI",
    "RCBC",
]

# operation -> (path, keyword arguments, the wire body they must produce without timestamp and sign)
OPS: dict[str, tuple[str, dict[str, Any], dict[str, str]]] = {
    # The Payment page's example, plus the optional remark.
    "payin.create": (
        "/v1/paypro/payIn",
        {
            "amount": "200",
            "pay_type": "GrabPay",
            "trade_no": "99333213852",
            "notify_url": "https://www.111.com/",
            "return_url": "www.google.com",
            "remark": "test",
        },
        {
            "amount": "200",
            "payType": "GrabPay",
            "tradeNo": "99333213852",
            "notifyUrl": "https://www.111.com/",
            "returnUrl": "www.google.com",
            "remark": "test",
        },
    ),
    # The Payment Casher page: same fields, its example sends payType "3".
    "cashier.create": (
        "/v1/paypro/paymentLink",
        {
            "amount": "200",
            "pay_type": "3",
            "trade_no": "99333213853",
            "notify_url": "https://www.111.com/",
            "return_url": "www.google.com",
            "remark": "test",
        },
        {
            "amount": "200",
            "payType": "3",
            "tradeNo": "99333213853",
            "notifyUrl": "https://www.111.com/",
            "returnUrl": "www.google.com",
            "remark": "test",
        },
    ),
    # The Payout page's example, plus the optional remark.
    "payout.create": (
        "/v1/paypro/payOut",
        {
            "amount": "100",
            "bank_name": "Maya",
            "bank_number": "09539077075",
            "account_name": "09539077075",
            "trade_no": "993332112131",
            "notify_url": "https://www.111.com/",
            "remark": "payout",
        },
        {
            "amount": "100",
            "bankName": "Maya",
            "bankNumber": "09539077075",
            "accountName": "09539077075",
            "tradeNo": "993332112131",
            "notifyUrl": "https://www.111.com/",
            "remark": "payout",
        },
    ),
    "payin.query": ("/v1/paypro/queryPayInResult", {"trade_no": "99333213852"}, {"tradeNo": "99333213852"}),
    "payout.query": (
        "/v1/paypro/queryPayOutResult",
        {"trade_no": "993332112131"},
        {"tradeNo": "993332112131"},
    ),
    "balance": ("/v1/paypro/queryBalance", {}, {}),
}

WIRE = {
    "trade_no": "tradeNo",
    "amount": "amount",
    "pay_type": "payType",
    "remark": "remark",
    "notify_url": "notifyUrl",
    "return_url": "returnUrl",
    "account_name": "accountName",
    "bank_name": "bankName",
    "bank_number": "bankNumber",
}


def sent(route: respx.Route, url: str) -> dict[str, Any]:
    """The one request ``route`` saw, checked for what every PH call shares; returns its JSON body."""
    assert route.call_count == 1
    request = route.calls.last.request
    assert request.method == "POST"
    assert str(request.url) == url
    assert request.headers["merchantNo"] == MERCHANT
    assert request.headers["Content-Type"] == "application/json"
    assert "sign" not in request.headers  # PH signs in the body
    body: dict[str, Any] = json.loads(request.content)
    assert all(isinstance(v, str) for v in body.values()), body
    assert body["timestamp"] == str(NOW_MS)
    assert paypro.verify_sign(body, SECRET)
    return body


def test_profile_declares_the_documented_operations() -> None:
    profile = paypro.regions.get(CODE)
    assert set(profile.operation_names()) == set(OPS)
    # The two query pages are not published (§6.4).
    assert {n for n in OPS if profile.operation(n).inferred} == {"payin.query", "payout.query"}
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
    *[("payin.create", "pay_type", pay_type) for pay_type in PAY_TYPES],  # the Payment page's list
    ("payin.create", "remark", None),  # N
    ("cashier.create", "pay_type", "3"),  # the Casher page's own example
    ("cashier.create", "pay_type", "GCash"),
    ("cashier.create", "remark", None),  # N
    ("payout.create", "remark", None),  # N
    ("payout.create", "bank_number", "1234567890123"),  # an account number or a phone number
]

# (operation, field, a value the page forbids); None = a required field left out.
REJECTED = [
    ("payin.create", "pay_type", "PayPal"),
    ("payin.create", "pay_type", "gcash"),  # names are compared as written
    ("payin.create", "pay_type", "3"),  # the numeric code is the Casher example only
    ("payin.create", "pay_type", None),  # Y
    ("payin.create", "return_url", None),  # Y on this page
    ("payin.create", "notify_url", None),
    ("payin.create", "trade_no", None),
    ("payin.create", "amount", None),
    ("cashier.create", "pay_type", None),
    ("cashier.create", "return_url", None),
    ("cashier.create", "notify_url", None),
    ("payout.create", "account_name", None),
    ("payout.create", "bank_name", None),
    ("payout.create", "bank_number", None),
    ("payout.create", "notify_url", None),
    ("payout.create", "amount", "0"),
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
async def test_cashier_response(make_client: MakeClient) -> None:
    path, args, _ = OPS["cashier.create"]
    respx.post(BASE + path).respond(
        json=envelope(
            {
                "platFormTradeNo": "8h7kold1d6g8fbmm",
                "status": "0015",
                "desc": "CREATED",
                "paymentLink": "https://www.kaixin199.info/payment/Maya/PHP60801Maya061484533",
            }
        )
    )
    async with make_client(CODE) as client:
        page = await client.cashier.create(**args)
    assert page.trade_no == "99333213853" and page.platform_trade_no == "8h7kold1d6g8fbmm"
    assert page.status is paypro.PaymentStatus.PROCESSING
    assert page.payment_url == "https://www.kaixin199.info/payment/Maya/PHP60801Maya061484533"


@respx.mock
async def test_balance_response_string_amounts(make_client: MakeClient) -> None:
    # The Balance page returns availableAmount / freezeAmount / unsettledAmount as "9998989.0000" strings.
    respx.post(BASE + "/v1/paypro/queryBalance").respond(
        json=envelope(
            {"availableAmount": "9998989.0000", "freezeAmount": "0.0000", "unsettledAmount": "0.0000"}
        )
    )
    async with make_client(CODE) as client:
        balance = await client.balance.retrieve()
    assert balance.available == Decimal("9998989.0000") and str(balance.available) == "9998989.0000"
    assert balance.frozen == Decimal("0.0000")
    assert balance.unsettled == Decimal("0.0000")
