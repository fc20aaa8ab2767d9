"""Pakistan (PK): paths, wire names, signing, rules and response examples (paypro-api.md §6.2, seed 003)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
import respx

import paypro_async as paypro

from ..conftest import MERCHANT, NOW_MS, SECRET, envelope
from ._shared import CALLS, MakeClient, assert_rejected, send_valid

CODE = "PK"
BASE = "https://sandbox-api.paypro.tech/pak-pay"


# operation -> (path, keyword arguments, the wire body they must produce without timestamp and sign)
OPS: dict[str, tuple[str, dict[str, Any], dict[str, str]]] = {
    # Seed 003's own request example, plus the optional paymentType.
    "payin.create": (
        "/v1/payproPK/payinApi",
        {
            "trade_no": "order45692193212we3111",
            "amount": "10000",
            "notify_url": "https://example.com/notify",
            "name": "John Doe",
            "customer_cert": "1730123456789",
            "email": "johndoe@gmail.com",
            "mobile": "3115112345",
            "remark": "Payment for order #456",
            "cust_id": "m2hkCRuTCK5HKpEkA0ok",
            "payment_type": "easypaisa",
        },
        {
            "tradeNo": "order45692193212we3111",
            "amount": "10000",
            "notifyUrl": "https://example.com/notify",
            "name": "John Doe",
            "customerCert": "1730123456789",
            "email": "johndoe@gmail.com",
            "mobile": "3115112345",
            "remark": "Payment for order #456",
            "custId": "m2hkCRuTCK5HKpEkA0ok",
            "paymentType": "easypaisa",
        },
    ),
    "cashier.create": (
        "/v1/payproPK/payin",
        {
            "trade_no": "PKPAGE0001",
            "amount": 60000,
            "payment_type": "jazzcash",
            "name": "Ayesha Khan",
            "mobile": "3001234567",
            "email": "ayesha.khan@gmail.com",
            "customer_cert": "3520212345671",
            "remark": "order 1",
            "cust_id": "m2hkCRuTCK5HKpEkA0ok",
            "notify_url": "https://shop.example/notify",
            "return_url": "https://shop.example/done",
        },
        {
            "tradeNo": "PKPAGE0001",
            "amount": "60000",
            "paymentType": "jazzcash",
            "name": "Ayesha Khan",
            "mobile": "3001234567",
            "email": "ayesha.khan@gmail.com",
            "customerCert": "3520212345671",
            "remark": "order 1",
            "custId": "m2hkCRuTCK5HKpEkA0ok",
            "notifyUrl": "https://shop.example/notify",
            "returnUrl": "https://shop.example/done",
        },
    ),
    "payout.create": (
        "/v1/payproPK/payout",
        {
            "trade_no": "PKPAYOUT0001",
            "amount": "1500",
            "name": "Ali Raza",
            "customer_cert": "35202-1234567-1",
            "email": "ali.raza@gmail.com",
            "mobile": "3115112345",
            "account_type": "BANK",
            "bank_name": "ALLIED_BANK_LIMITED",
            "bank_number": "01234567890123",
            "notify_url": "https://shop.example/notify",
            "remark": "salary",
        },
        {
            "tradeNo": "PKPAYOUT0001",
            "amount": "1500",
            "name": "Ali Raza",
            "customerCert": "35202-1234567-1",
            "email": "ali.raza@gmail.com",
            "mobile": "3115112345",
            "accountType": "BANK",
            "bankName": "ALLIED_BANK_LIMITED",
            "bankNumber": "01234567890123",
            "notifyUrl": "https://shop.example/notify",
            "remark": "salary",
        },
    ),
    "payin.query": (
        "/v1/payproPK/queryPayInResult",
        {"trade_no": "order45692193212we3111"},
        {"tradeNo": "order45692193212we3111"},
    ),
    # The Payout Query page's example: {"tradeNo":"PKFORM_out002","timestamp":...,"sign":...}
    "payout.query": (
        "/v1/payproPK/queryPayOutResult",
        {"trade_no": "PKFORM_out002"},
        {"tradeNo": "PKFORM_out002"},
    ),
    "balance": ("/v1/payproPK/queryBalance", {}, {}),
}

WIRE = {
    "trade_no": "tradeNo",
    "amount": "amount",
    "payment_type": "paymentType",
    "name": "name",
    "mobile": "mobile",
    "email": "email",
    "customer_cert": "customerCert",
    "remark": "remark",
    "cust_id": "custId",
    "notify_url": "notifyUrl",
    "return_url": "returnUrl",
    "account_type": "accountType",
    "bank_name": "bankName",
    "bank_number": "bankNumber",
}


def sent(route: respx.Route, url: str) -> dict[str, Any]:
    """The one request ``route`` saw, checked for what every PK call shares; returns its JSON body."""
    assert route.call_count == 1
    request = route.calls.last.request
    assert request.method == "POST"
    assert str(request.url) == url
    assert request.headers["merchantNo"] == MERCHANT
    assert request.headers["Content-Type"] == "application/json"
    assert "sign" not in request.headers  # PK signs in the body
    body: dict[str, Any] = json.loads(request.content)
    assert all(isinstance(v, str) for v in body.values()), body
    assert body["timestamp"] == str(NOW_MS)
    assert paypro.verify_sign(body, SECRET)
    return body


def test_profile_declares_the_documented_operations() -> None:
    profile = paypro.regions.get(CODE)
    assert set(profile.operation_names()) == set(OPS)
    # Only the Payment Query page is unpublished (§9.1 "(n.s.) ≈").
    assert {n for n in OPS if profile.operation(n).inferred} == {"payin.query"}
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
    ("payin.create", "mobile", "3115112345"),  # 10 digits starting 3
    ("payin.create", "mobile", "03115112345"),  # or 11 digits starting 03
    ("payin.create", "email", "ali@gmail.com"),
    ("payin.create", "amount", 100),  # min 100 PKR
    ("payin.create", "amount", "100"),
    ("payin.create", "payment_type", "jazzcash"),
    ("payin.create", "payment_type", None),  # "No" on seed 003
    ("payin.create", "customer_cert", "1730123456789"),  # CNIC, 13 digits
    ("payin.create", "customer_cert", None),  # "No" on the H2H page
    ("payin.create", "remark", None),
    ("payin.create", "cust_id", None),
    ("cashier.create", "mobile", "3001234567"),
    ("cashier.create", "amount", 100),
    ("cashier.create", "email", "someone@gmail.com"),
    ("cashier.create", "payment_type", None),
    ("cashier.create", "cust_id", None),
    ("cashier.create", "return_url", None),
    ("payout.create", "amount", 1),  # min 1 PKR
    ("payout.create", "customer_cert", "35202-1234567-1"),  # prose: with dashes
    ("payout.create", "customer_cert", "3520212345671"),  # example: 13 plain digits
    ("payout.create", "account_type", "WALLET"),
    ("payout.create", "mobile", "3451234567"),
]

# (operation, field, a value the page forbids); None = a required field left out.
REJECTED = [
    ("payin.create", "payment_type", "card"),
    ("payin.create", "payment_type", "EASYPAISA"),
    ("payin.create", "amount", 99),
    ("payin.create", "amount", "100.5"),
    ("payin.create", "mobile", "311511234"),
    ("payin.create", "mobile", "4115112345"),
    ("payin.create", "mobile", "923115112345"),
    ("payin.create", "email", "ali@yahoo.com"),
    ("payin.create", "customer_cert", "173012345678"),
    ("payin.create", "customer_cert", "17301-2345678-9"),  # the payin page: no dashes
    ("payin.create", "trade_no", None),
    ("payin.create", "name", None),
    ("payin.create", "mobile", None),
    ("payin.create", "email", None),
    ("payin.create", "notify_url", None),
    ("payin.create", "amount", None),
    ("cashier.create", "customer_cert", None),  # Y on the PaymentPage
    ("cashier.create", "remark", None),  # Y on the PaymentPage
    ("cashier.create", "mobile", "03001234567"),  # PaymentPage: 3XXXXXXXXX only
    ("cashier.create", "email", "ayesha@hotmail.com"),
    ("cashier.create", "amount", 99),
    ("cashier.create", "amount", "150.50"),
    ("cashier.create", "payment_type", "visa"),
    ("cashier.create", "customer_cert", "35202-1234567-1"),
    ("payout.create", "amount", 0),
    ("payout.create", "amount", "1.5"),
    ("payout.create", "customer_cert", "173012345678"),
    ("payout.create", "customer_cert", "35202 1234567 1"),
    ("payout.create", "mobile", "03115112345"),  # payout: 10 digits starting 3 only
    ("payout.create", "mobile", "311511234"),
    ("payout.create", "account_type", "CARD"),
    ("payout.create", "account_type", "bank"),
    ("payout.create", "customer_cert", None),
    ("payout.create", "email", None),
    ("payout.create", "account_type", None),
    ("payout.create", "bank_name", None),
    ("payout.create", "bank_number", None),
    ("payout.create", "notify_url", None),
    ("payout.create", "remark", None),  # Y on the payout page
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
async def test_payin_response_example(make_client: MakeClient) -> None:
    # Seed 003's "Example of Successful Return", verbatim.
    response = {
        "msg": "success",
        "code": "0000",
        "data": {
            "platFormTradeNo": "2kvziksxbvxg062d",
            "remark": "Payment for order #456",
            "status": "0015",
            "desc": "CREATED",
        },
        "success": True,
        "timestamp": 1731653732177,
    }
    path, args, _ = OPS["payin.create"]
    respx.post(BASE + path).respond(json=response)
    async with make_client(CODE) as client:
        payin = await client.payins.create(**args)
    assert payin.trade_no == "order45692193212we3111"  # not in data: the request's
    assert payin.platform_trade_no == "2kvziksxbvxg062d"
    assert payin.status is paypro.PaymentStatus.PROCESSING and payin.status_code == "0015"
    assert payin.message == "CREATED" and payin.remark == "Payment for order #456"
    assert payin.payment_url is None  # H2H: no link in the example
    assert payin.raw == response


@respx.mock
async def test_payout_query_response(make_client: MakeClient) -> None:
    # Response data per the Payout Query page: platFormTradeNo, tradeNo, amount, ...
    respx.post(BASE + "/v1/payproPK/queryPayOutResult").respond(
        json=envelope(
            {
                "platFormTradeNo": "8h7kold1d6g8fbmm",
                "tradeNo": "PKFORM_out002",
                "amount": "1500",
                "status": "0000",
                "message": "SUCCESS",
                "successTime": "2024-11-01 08:15:00",
            }
        )
    )
    async with make_client(CODE) as client:
        details = await client.payouts.retrieve("PKFORM_out002")
    assert details.trade_no == "PKFORM_out002" and details.platform_trade_no == "8h7kold1d6g8fbmm"
    assert details.amount == Decimal("1500")
    assert details.status is paypro.PaymentStatus.SUCCESS
    assert details.success_time is not None and str(details.success_time.tzinfo) == "Asia/Karachi"


@respx.mock
async def test_balance_response_with_quoted_timestamp_and_success(make_client: MakeClient) -> None:
    # The Balance page's example (without its inline // comment, which makes it invalid JSON) quotes
    # timestamp and success as strings.
    respx.post(BASE + "/v1/payproPK/queryBalance").respond(
        text=(
            '{"msg":"success","code":"0000","timestamp":"1731653732177","success":"true",'
            '"data":{"availableAmount":"12500.5000","freezeAmount":"0.0000","unsettledAmount":"300.0000"}}'
        )
    )
    async with make_client(CODE) as client:
        balance = await client.balance.retrieve()
    assert balance.available == Decimal("12500.5000")
    assert balance.frozen == Decimal("0.0000")
    assert balance.unsettled == Decimal("300.0000")
