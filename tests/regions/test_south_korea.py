"""South Korea (KR): paths, wire names, signing, rules and response examples (paypro-api.md §6.12, seed 000)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
import respx

import paypro_async as paypro

from ..conftest import MERCHANT, NOW_MS, SECRET, envelope
from ._shared import CALLS, MakeClient, assert_rejected, send_valid

CODE = "KR"
BASE = "https://gateway.test/KR"  # no published sandbox: conftest's make_client sets this base_url


# operation -> (path, keyword arguments, the wire body they must produce without timestamp and sign)
OPS: dict[str, tuple[str, dict[str, Any], dict[str, str]]] = {
    # Seed 000's request example (amount a JSON number there; the SDK sends the string).
    "payin.create": (
        "/v1/paypro/payIn",
        {
            "trade_no": "0b4ece82fa9749e8b8e57fa64931b7f8",
            "amount": 1000000,
            "mobile": "6281245907765",
            "email": "kevin@163.com",
            "username": "kevin",
            "notify_url": "https://google.com",
            "remark": "test",
        },
        {
            "tradeNo": "0b4ece82fa9749e8b8e57fa64931b7f8",
            "amount": "1000000",
            "mobile": "6281245907765",
            "email": "kevin@163.com",
            "username": "kevin",
            "notifyUrl": "https://google.com",
            "remark": "test",
        },
    ),
    "cashier.create": (
        "/v1/paypro/paymentLink",
        {
            "trade_no": "KRPAGE0001",
            "sub_merchant_no": "SUB0001",
            "amount": 10000,
            "mobile": "01012345678",
            "firstname": "Minjun",
            "lastname": "Kim",
            "email": "minjun.kim@example.com",
            "channel_code": "BANK",
            "way_code": "VA",
            "ip_address": "211.234.10.20",
            "date_of_birth": "1990-05-17",
            "remark": "test",
            "notify_url": "https://shop.example/notify",
        },
        {
            "tradeNo": "KRPAGE0001",
            "subMerchantNo": "SUB0001",
            "amount": "10000",
            "mobile": "01012345678",
            "firstname": "Minjun",
            "lastname": "Kim",
            "email": "minjun.kim@example.com",
            "channelCode": "BANK",
            "wayCode": "VA",
            "ipAddress": "211.234.10.20",
            "dateOfBirth": "1990-05-17",
            "remark": "test",
            "notifyUrl": "https://shop.example/notify",
        },
    ),
    # The Payout page's example.
    "payout.create": (
        "/v1/paypro/payOut",
        {
            "trade_no": "rgB36f2n9AElhTeY",
            "amount": "500",
            "bank_code": "0001",
            "bank_account_no": "123456789",
            "mobile": "15875595997",
            "email": "kevin@gmail.com",
            "customer_name": "kevin",
            "notify_url": "http://www.google.com",
            "remark": "remark",
        },
        {
            "tradeNo": "rgB36f2n9AElhTeY",
            "amount": "500",
            "bankCode": "0001",
            "bankAccountNo": "123456789",
            "mobile": "15875595997",
            "email": "kevin@gmail.com",
            "customerName": "kevin",
            "notifyUrl": "http://www.google.com",
            "remark": "remark",
        },
    ),
    "payin.query": ("/v1/paypro/queryPayInResult", {"trade_no": "KRPAGE0001"}, {"tradeNo": "KRPAGE0001"}),
    "payout.query": (
        "/v1/paypro/queryPayOutResult",
        {"trade_no": "rgB36f2n9AElhTeY"},
        {"tradeNo": "rgB36f2n9AElhTeY"},
    ),
    "balance": ("/v1/paypro/queryBalance", {}, {}),
}

WIRE = {
    "trade_no": "tradeNo",
    "amount": "amount",
    "username": "username",
    "mobile": "mobile",
    "email": "email",
    "remark": "remark",
    "notify_url": "notifyUrl",
    "sub_merchant_no": "subMerchantNo",
    "firstname": "firstname",
    "lastname": "lastname",
    "channel_code": "channelCode",
    "way_code": "wayCode",
    "ip_address": "ipAddress",
    "date_of_birth": "dateOfBirth",
    "bank_code": "bankCode",
    "bank_account_no": "bankAccountNo",
    "customer_name": "customerName",
}


def sent(route: respx.Route, url: str) -> dict[str, Any]:
    """The one request ``route`` saw, checked for what every KR call shares; returns its JSON body."""
    assert route.call_count == 1
    request = route.calls.last.request
    assert request.method == "POST"
    assert str(request.url) == url
    assert request.headers["merchantNo"] == MERCHANT
    assert request.headers["Content-Type"] == "application/json"
    assert "sign" not in request.headers  # KR signs in the body
    body: dict[str, Any] = json.loads(request.content)
    assert all(isinstance(v, str) for v in body.values()), body
    assert body["timestamp"] == str(NOW_MS)
    assert paypro.verify_sign(body, SECRET)
    return body


def test_profile_declares_the_documented_operations() -> None:
    profile = paypro.regions.get(CODE)
    assert set(profile.operation_names()) == set(OPS)
    # The two query pages are not published (§6.12); the balance page is.
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
    ("payin.create", "mobile", "6281245907765"),  # H2H states no mobile format (its example)
    ("payin.create", "remark", None),  # N
    ("cashier.create", "amount", 10000),  # integer only
    ("cashier.create", "amount", "5000"),
    ("cashier.create", "mobile", "01098765432"),  # 11 digits starting 0, no country code
    ("cashier.create", "date_of_birth", "2001-12-31"),  # YYYY-MM-DD
    ("cashier.create", "date_of_birth", None),  # N (needed only for VA: the gateway checks)
    ("cashier.create", "remark", None),  # N
    ("payout.create", "remark", None),  # N
]

# (operation, field, a value the page forbids); None = a required field left out.
REJECTED = [
    ("payin.create", "username", None),
    ("payin.create", "mobile", None),
    ("payin.create", "email", None),
    ("payin.create", "notify_url", None),
    ("payin.create", "trade_no", None),
    ("payin.create", "amount", None),
    ("cashier.create", "amount", "10000.5"),  # integer only
    ("cashier.create", "mobile", "1012345678"),  # no leading 0
    ("cashier.create", "mobile", "821012345678"),  # country code
    ("cashier.create", "mobile", "0101234567"),  # 10 digits
    ("cashier.create", "date_of_birth", "17/05/1990"),
    ("cashier.create", "date_of_birth", "1990-5-17"),
    ("cashier.create", "sub_merchant_no", None),
    ("cashier.create", "mobile", None),
    ("cashier.create", "firstname", None),
    ("cashier.create", "lastname", None),
    ("cashier.create", "email", None),
    ("cashier.create", "channel_code", None),
    ("cashier.create", "way_code", None),
    ("cashier.create", "ip_address", None),
    ("cashier.create", "notify_url", None),
    ("payout.create", "bank_code", None),
    ("payout.create", "bank_account_no", None),
    ("payout.create", "customer_name", None),
    ("payout.create", "mobile", None),
    ("payout.create", "email", None),
    ("payout.create", "notify_url", None),
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
async def test_payin_response_example_with_pay_info(make_client: MakeClient) -> None:
    # Seed 000's "Successful Response Example", verbatim: the link is payInfo, the text message.
    response = {
        "msg": "success",
        "code": "0000",
        "timestamp": 1748247675703,
        "success": True,
        "data": {
            "tradeNo": "pSPqrzJJ3MHkdyzS",
            "platFormTradeNo": "7gwtljttc64lu4e2",
            "status": "0015",
            "message": "PAYING",
            "payInfo": "70168007635830",
            "remark": "test",
        },
    }
    path, args, _ = OPS["payin.create"]
    respx.post(BASE + path).respond(json=response)
    async with make_client(CODE) as client:
        payin = await client.payins.create(**args)
    assert payin.trade_no == "pSPqrzJJ3MHkdyzS"  # the response's own tradeNo wins
    assert payin.platform_trade_no == "7gwtljttc64lu4e2"
    assert payin.status is paypro.PaymentStatus.PROCESSING
    assert payin.message == "PAYING" and payin.remark == "test"
    assert payin.payment_url == "70168007635830"
    assert payin.raw == response


@respx.mock
async def test_balance_response_string_amounts(make_client: MakeClient) -> None:
    # The Balance page returns the amounts as strings.
    respx.post(BASE + "/v1/paypro/queryBalance").respond(
        json=envelope(
            {"availableAmount": "9998989.0000", "freezeAmount": "0.0000", "unsettledAmount": "12.3400"}
        )
    )
    async with make_client(CODE) as client:
        balance = await client.balance.retrieve()
    assert balance.available == Decimal("9998989.0000")
    assert balance.frozen == Decimal("0.0000")
    assert balance.unsettled == Decimal("12.3400")
