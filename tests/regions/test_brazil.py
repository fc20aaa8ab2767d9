"""Brazil (BR): paths, wire names, signing, rules and response examples (paypro-api.md §6.7)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
import respx

import paypro_async as paypro

from ..conftest import MERCHANT, NOW_MS, SECRET, envelope
from ._shared import CALLS, MakeClient, assert_rejected, send_valid

CODE = "BR"
BASE = "https://sandbox-api.paypro.tech/brz-pay"


# operation -> (path, keyword arguments, the wire body they must produce without timestamp and sign)
OPS: dict[str, tuple[str, dict[str, Any], dict[str, str]]] = {
    # The Payment page's example, with an 11-digit CPF (the example's has 10: see the rules below).
    "payin.create": (
        "/v1/paypro/payin",
        {
            "trade_no": "test_00000007",
            "amount": "300",
            "name": "123",
            "identity_type": "CPF",
            "user_identity": "23489375961",
            "notify_url": "http://abc.com/notify",
            "return_url": "http://abc.com/callback_page",
            "remark": "000000",
        },
        {
            "tradeNo": "test_00000007",
            "amount": "300",
            "name": "123",
            "identityType": "CPF",
            "userIdentity": "23489375961",
            "notifyUrl": "http://abc.com/notify",
            "returnUrl": "http://abc.com/callback_page",
            "remark": "000000",
        },
    ),
    "payout.create": (
        "/v1/paypro/payout",
        {
            "trade_no": "BROUT0001",
            "amount": "150",
            "name": "Joao Silva",
            "email": "joao@example.com",
            "mobile": "5511987654321",
            "bank_type": "EMAIL",
            "bank_number": "joao@example.com",
            "identity_type": "CPF",
            "user_identity": "12345678909",
            "notify_url": "http://abc.com/notify",
            "remark": "refund",
        },
        {
            "tradeNo": "BROUT0001",
            "amount": "150",
            "name": "Joao Silva",
            "email": "joao@example.com",
            "mobile": "5511987654321",
            "bankType": "EMAIL",
            "bankNumber": "joao@example.com",
            "identityType": "CPF",
            "userIdentity": "12345678909",
            "notifyUrl": "http://abc.com/notify",
            "remark": "refund",
        },
    ),
    "payin.query": (
        "/v1/paypro/queryPayInResult",
        {"trade_no": "test_00000007"},
        {"tradeNo": "test_00000007"},
    ),
    "payout.query": ("/v1/paypro/queryPayOutResult", {"trade_no": "BROUT0001"}, {"tradeNo": "BROUT0001"}),
    # Version A's example body: {"timestamp":"1724151084278"}
    "balance": ("/v1/paypro/queryBalance", {}, {}),
}

WIRE = {
    "trade_no": "tradeNo",
    "amount": "amount",
    "name": "name",
    "identity_type": "identityType",
    "user_identity": "userIdentity",
    "notify_url": "notifyUrl",
    "return_url": "returnUrl",
    "remark": "remark",
    "email": "email",
    "mobile": "mobile",
    "bank_type": "bankType",
    "bank_number": "bankNumber",
}


def sent(route: respx.Route, url: str) -> dict[str, Any]:
    """The one request ``route`` saw, checked for what every BR call shares; returns its JSON body."""
    assert route.call_count == 1
    request = route.calls.last.request
    assert request.method == "POST"
    assert str(request.url) == url
    assert request.headers["merchantNo"] == MERCHANT
    assert request.headers["Content-Type"] == "application/json"
    body: dict[str, Any] = json.loads(request.content)
    assert all(isinstance(v, str) for v in body.values()), body
    assert body["timestamp"] == str(NOW_MS)
    assert paypro.verify_sign(body, SECRET)
    # Version A of every page wants the sign in a header, version B in the body: the SDK sends both.
    assert request.headers["sign"] == body["sign"]
    return body


def test_profile_declares_the_documented_operations() -> None:
    profile = paypro.regions.get(CODE)
    assert set(profile.operation_names()) == set(OPS)
    assert {n for n in OPS if profile.operation(n).inferred} == set()  # every Brazil page is published
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


@respx.mock
async def test_version_a_header_only_profile(fake_sleep: Any) -> None:
    # Version A read strictly: sign in the header only, computed over the body fields.
    profile = paypro.regions.get(CODE).with_sign_in("header")
    route = respx.post(BASE + "/v1/paypro/queryBalance").respond(json=envelope({}))
    async with paypro.PayproClient(
        merchant_no=MERCHANT,
        app_secret=SECRET,
        region=profile,
        backoff=paypro.Backoff(sleep=fake_sleep),
        clock=lambda: NOW_MS / 1000,
    ) as client:
        await client.balance.retrieve()
    request = route.calls.last.request
    body = json.loads(request.content)
    assert body == {"timestamp": str(NOW_MS)}  # the page's example body shape
    assert request.headers["sign"] == paypro.sign(body, SECRET)


# (operation, field, a value the page allows); None = the field is not given.
ACCEPTED = [
    ("payin.create", "identity_type", "CPF"),
    ("payin.create", "user_identity", "12345678909"),  # CPF, 11 digits
    ("payin.create", "return_url", None),  # N
    *[("payout.create", "bank_type", t) for t in ("CPF", "CNPJ", "EMAIL", "PHONE", "EVP")],  # PIX key types
    ("payout.create", "identity_type", "CNPJ"),
    ("payout.create", "user_identity", "12345678000195"),  # CNPJ, 14 digits
]

# (operation, field, a value the page forbids); None = a required field left out.
REJECTED = [
    ("payin.create", "user_identity", "2348937596"),  # the page's own example: 10 digits
    ("payin.create", "user_identity", "234.893.759-61"),
    ("payin.create", "identity_type", "CNPJ"),  # payins: CPF only
    ("payin.create", "identity_type", "cpf"),
    ("payin.create", "name", None),  # Y
    ("payin.create", "identity_type", None),  # Y
    ("payin.create", "user_identity", None),  # Y
    ("payin.create", "notify_url", None),  # Y
    ("payin.create", "remark", None),  # Y
    ("payin.create", "trade_no", None),
    ("payin.create", "amount", None),
    ("payout.create", "bank_type", "IBAN"),
    ("payout.create", "bank_type", "email"),
    ("payout.create", "identity_type", "RG"),
    ("payout.create", "user_identity", "1234567890123"),  # neither 11 nor 14 digits
    ("payout.create", "bank_type", None),  # Y
    ("payout.create", "bank_number", None),  # Y
    ("payout.create", "identity_type", None),  # Y
    ("payout.create", "user_identity", None),  # Y
    ("payout.create", "notify_url", None),  # Y
    ("payout.create", "remark", None),  # Y
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
async def test_balance_response_example(make_client: MakeClient) -> None:
    # The Balance page's response example, verbatim: JSON numbers with 4 decimals.
    raw = (
        '{"msg":"success","code":"0000","timestamp":1719830171485,"success":true,'
        '"data":{"availableAmount":9998989.0000,"unsettledAmount":0.0000,"freezeAmount":0.0000}}'
    )
    respx.post(BASE + "/v1/paypro/queryBalance").respond(text=raw)
    async with make_client(CODE) as client:
        balance = await client.balance.retrieve()
    assert balance.available == Decimal("9998989.0000") and str(balance.available) == "9998989.0000"
    assert balance.unsettled == Decimal("0.0000") and str(balance.unsettled) == "0.0000"
    assert balance.frozen == Decimal("0.0000")
    assert balance.raw["timestamp"] == 1719830171485


@respx.mock
async def test_payment_query_response(make_client: MakeClient) -> None:
    # Response data: platFormTradeNo ("Kilipay transaction number"), tradeNo, amount, status, ...
    respx.post(BASE + "/v1/paypro/queryPayInResult").respond(
        json=envelope(
            {
                "platFormTradeNo": "5286e98841194687a95d25b5f3be346d",
                "tradeNo": "test_00000007",
                "amount": "300",
                "status": "0000",
                "message": "SUCCESS",
                "successTime": "2024-07-01 18:34:31",
            }
        )
    )
    async with make_client(CODE) as client:
        details = await client.payins.retrieve("test_00000007")
    assert details.platform_trade_no == "5286e98841194687a95d25b5f3be346d"
    assert details.amount == Decimal("300") and details.status is paypro.PaymentStatus.SUCCESS
    assert details.success_time is not None
    assert getattr(details.success_time.tzinfo, "key", None) == "America/Sao_Paulo"
