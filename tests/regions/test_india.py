"""India (IN): paths, wire names, signing, rules and response examples (paypro-api.md §6.11, seed 001)."""

from __future__ import annotations

import json
from typing import Any

import pytest
import respx

import paypro_async as paypro

from ..conftest import MERCHANT, NOW_MS, SECRET, envelope
from ._shared import CALLS, MakeClient, assert_rejected, send_valid

CODE = "IN"
BASE = "https://gateway.test/IN"  # no published sandbox: conftest's make_client sets this base_url


# The page's example request with its mobile and email brought in line with its own rules.
PAYMENT_ARGS: dict[str, Any] = {
    "trade_no": "00000007",
    "amount": "300",
    "name": "abc",
    "mobile": "8234567890",
    "email": "abc@gmail.com",
    "ip_address": "14.155.28.59",
    "remark": "000000",
    "notify_url": "https://google.com",
    "return_url": "http://abc.com/callback_page",
}
PAYMENT_WIRE = {
    "tradeNo": "00000007",
    "amount": "300",
    "name": "abc",
    "mobile": "8234567890",
    "email": "abc@gmail.com",
    "ipAddress": "14.155.28.59",
    "remark": "000000",
    "notifyUrl": "https://google.com",
    "returnUrl": "http://abc.com/callback_page",
}

# operation -> (path, keyword arguments, the wire body they must produce without timestamp and sign)
OPS: dict[str, tuple[str, dict[str, Any], dict[str, str]]] = {
    "payin.create": ("/v1/paypro/payinApi", PAYMENT_ARGS, PAYMENT_WIRE),
    "cashier.create": ("/v1/paypro/payin", PAYMENT_ARGS, PAYMENT_WIRE),
    "payin.query": ("/v1/paypro/queryPayInResult", {"trade_no": "00000007"}, {"tradeNo": "00000007"}),
    "payout.query": ("/v1/paypro/queryPayOutResult", {"trade_no": "OUT0001"}, {"tradeNo": "OUT0001"}),
    "balance": ("/v1/paypro/queryBalance", {}, {}),
}

WIRE = {
    "trade_no": "tradeNo",
    "amount": "amount",
    "name": "name",
    "mobile": "mobile",
    "email": "email",
    "ip_address": "ipAddress",
    "remark": "remark",
    "notify_url": "notifyUrl",
    "return_url": "returnUrl",
}


def sent(route: respx.Route, url: str) -> dict[str, Any]:
    """The one request ``route`` saw, checked for what every IN call shares; returns its JSON body."""
    assert route.call_count == 1
    request = route.calls.last.request
    assert request.method == "POST"
    assert str(request.url) == url
    assert request.headers["merchantNo"] == MERCHANT
    assert request.headers["Content-Type"] == "application/json"
    assert "sign" not in request.headers  # IN signs in the body
    body: dict[str, Any] = json.loads(request.content)
    assert all(isinstance(v, str) for v in body.values()), body
    assert body["timestamp"] == str(NOW_MS)
    assert paypro.verify_sign(body, SECRET)
    return body


def test_profile_declares_the_documented_operations() -> None:
    profile = paypro.regions.get(CODE)
    assert set(profile.operation_names()) == set(OPS)
    # Only the two payment pages are published (§6.11); the rest is inferred.
    assert {n for n in OPS if profile.operation(n).inferred} == {"payin.query", "payout.query", "balance"}
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
        (op, field, value)
        for op in ("payin.create", "cashier.create")
        for field, value in [
            ("mobile", "6000000000"),  # 10 digits starting 6, 7, 8 or 9
            ("mobile", "7123456789"),
            ("mobile", "9876543210"),
            ("email", "payer.name@gmail.com"),
            ("remark", None),  # N
            ("amount", 300),
        ]
    ],
]

# (operation, field, a value the page forbids); None = a required field left out.
REJECTED = [
    *[
        (op, field, value)
        for op in ("payin.create", "cashier.create")
        for field, value in [
            ("mobile", "918234567890"),  # the page's own example: "91" prefix, 12 digits
            ("mobile", "5234567890"),  # starts 5
            ("mobile", "823456789"),  # 9 digits
            ("mobile", "+918234567890"),
            ("email", "123@qq.com"),  # the page's own example: not gmail.com
            ("email", "abc@gmail.co"),
            ("amount", "0"),
            ("trade_no", None),
            ("amount", None),
            ("name", None),
            ("mobile", None),
            ("email", None),
            ("ip_address", None),
            ("notify_url", None),
            ("return_url", None),  # Y on both payment pages
        ]
    ],
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
async def test_page_example_breaks_its_own_rules(make_client: MakeClient) -> None:
    # The Payment API example verbatim: "918234567890" and "123@qq.com" break the table's rules.
    example = {
        "trade_no": "00000007",
        "amount": "300",
        "name": "abc",
        "mobile": "918234567890",
        "email": "123@qq.com",
        "ip_address": "14.155.28.59",
        "remark": "000000",
        "notify_url": "https://google.com",
        "return_url": "http://abc.com/callback_page",
    }
    route = respx.post(BASE + "/v1/paypro/payinApi")
    async with make_client(CODE) as client:
        with pytest.raises(paypro.ValidationError) as info:
            await client.payins.create(**example)
    assert set(info.value.fields) == {"mobile", "email"}
    assert info.value.trade_no == "00000007"
    assert not route.called


@respx.mock
async def test_payout_create_is_unsupported(make_client: MakeClient) -> None:
    async with make_client(CODE) as client:
        with pytest.raises(paypro.UnsupportedOperationError) as info:
            await client.payouts.create(trade_no="OUT0001", amount=1000, name="abc")
    assert info.value.region == "IN (India)" and info.value.operation == "payout.create"
    assert "India" in str(info.value) and "payout.create" in str(info.value)
    assert isinstance(info.value, NotImplementedError)


@pytest.mark.parametrize(
    ("op", "path"), [("payin.create", "/v1/paypro/payinApi"), ("cashier.create", "/v1/paypro/payin")]
)
@respx.mock
async def test_payment_response_example(make_client: MakeClient, op: str, path: str) -> None:
    # Seed 001's "Example of Successful Return", verbatim.
    response = {
        "msg": "success",
        "code": "0000",
        "timestamp": 1729945579983,
        "success": True,
        "data": {
            "platFormTradeNo": "8h7kold1d6g8fbmm",
            "status": "0015",
            "desc": "CREATED",
            "paymentLink": "https://www.kaixin199.info/payment/Maya/PHP60801Maya061484533",
        },
    }
    respx.post(BASE + path).respond(json=response)
    async with make_client(CODE) as client:
        payment = await CALLS[op](client, PAYMENT_ARGS)
    assert payment.trade_no == "00000007"  # not in data: the request's
    assert payment.platform_trade_no == "8h7kold1d6g8fbmm"
    assert payment.status is paypro.PaymentStatus.PROCESSING and payment.status_code == "0015"
    assert payment.message == "CREATED"
    assert payment.payment_url == "https://www.kaixin199.info/payment/Maya/PHP60801Maya061484533"
    assert payment.raw == response
