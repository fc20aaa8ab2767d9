"""Vietnam (VN): paths, wire names, signing, rules and response examples (paypro-api.md §6.3)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
import respx

import paypro_async as paypro

from ..conftest import MERCHANT, NOW_MS, SECRET, envelope
from ._shared import CALLS, MakeClient, assert_rejected, send_valid

CODE = "VN"
BASE = "https://openapi-test.paypro.tech/vietnam-pay"


# operation -> (path, keyword arguments, the wire body they must produce without timestamp and sign)
OPS: dict[str, tuple[str, dict[str, Any], dict[str, str]]] = {
    # The Payment page's example, notifyUrl "1" included.
    "payin.create": (
        "/v1/payproVN/payin",
        {
            "amount": "50000",
            "trade_no": "133323392",
            "notify_url": "1",
            "bank_name": "VietQR",
            "remark": "test",
        },
        {"amount": "50000", "tradeNo": "133323392", "notifyUrl": "1", "bankName": "VietQR", "remark": "test"},
    ),
    "payout.create": (
        "/v1/payproVN/payout",
        {
            "trade_no": "VNOUT0001",
            "amount": 50000,
            "account_name": "NGUYEN VAN A",
            "bank_name": "ACB",
            "bank_number": "123456789",
            "notify_url": "https://shop.example/notify",
            "remark": "refund",
        },
        {
            "tradeNo": "VNOUT0001",
            "amount": "50000",
            "accountName": "NGUYEN VAN A",
            "bankName": "ACB",
            "bankNumber": "123456789",
            "notifyUrl": "https://shop.example/notify",
            "remark": "refund",
        },
    ),
    "payin.query": ("/v1/payproVN/queryPayInResult", {"trade_no": "133323392"}, {"tradeNo": "133323392"}),
    "payout.query": ("/v1/payproVN/queryPayOutResult", {"trade_no": "VNOUT0001"}, {"tradeNo": "VNOUT0001"}),
    "balance": ("/v1/payproVN/queryBalance", {}, {}),
}

WIRE = {
    "trade_no": "tradeNo",
    "amount": "amount",
    "bank_name": "bankName",
    "remark": "remark",
    "notify_url": "notifyUrl",
    "account_name": "accountName",
    "bank_number": "bankNumber",
}


def sent(route: respx.Route, url: str) -> dict[str, Any]:
    """The one request ``route`` saw, checked for what every VN call shares; returns its JSON body."""
    assert route.call_count == 1
    request = route.calls.last.request
    assert request.method == "POST"
    assert str(request.url) == url
    assert request.headers["merchantNo"] == MERCHANT
    assert request.headers["Content-Type"] == "application/json"
    assert "sign" not in request.headers  # VN signs in the body
    body: dict[str, Any] = json.loads(request.content)
    assert all(isinstance(v, str) for v in body.values()), body
    assert body["timestamp"] == str(NOW_MS)
    assert paypro.verify_sign(body, SECRET)
    return body


def test_profile_declares_the_documented_operations() -> None:
    profile = paypro.regions.get(CODE)
    assert set(profile.operation_names()) == set(OPS)
    # Only the payment and payout pages are published (§6.3).
    assert {n for n in OPS if profile.operation(n).inferred} == {"payin.query", "payout.query", "balance"}
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
    ("payin.create", "amount", 50000),  # min 50000
    ("payin.create", "amount", "1000000"),
    ("payin.create", "bank_name", "VietQR"),  # fixed value
    ("payin.create", "remark", None),  # N
    ("payout.create", "amount", "50000"),  # min 50000
    ("payout.create", "account_name", "Tran Thi B"),  # English letters
    ("payout.create", "remark", None),  # N
]

# (operation, field, a value the page forbids); None = a required field left out.
REJECTED = [
    ("payin.create", "amount", 49999),
    ("payin.create", "amount", "50000.5"),  # no decimals
    ("payin.create", "bank_name", "vietqr"),
    ("payin.create", "bank_name", "ACB"),
    ("payin.create", "bank_name", None),
    ("payin.create", "notify_url", None),
    ("payin.create", "trade_no", None),
    ("payout.create", "amount", "49999"),
    ("payout.create", "amount", "60000.50"),
    ("payout.create", "account_name", "Nguyễn Văn A"),  # no Vietnamese diacritics
    ("payout.create", "account_name", "NGUYEN VAN A 2"),
    ("payout.create", "account_name", None),
    ("payout.create", "bank_name", None),
    ("payout.create", "bank_number", None),
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
async def test_payin_response(make_client: MakeClient) -> None:
    # Response data: platFormTradeNo, status, ... (rest not published).
    path, args, _ = OPS["payin.create"]
    respx.post(BASE + path).respond(json=envelope({"platFormTradeNo": "vn8h7kold1d6g8fb", "status": "0015"}))
    async with make_client(CODE) as client:
        payin = await client.payins.create(**args)
    assert payin.trade_no == "133323392" and payin.platform_trade_no == "vn8h7kold1d6g8fb"
    assert payin.status is paypro.PaymentStatus.PROCESSING


@respx.mock
async def test_payout_query_response(make_client: MakeClient) -> None:
    # Payout Query response data: platFormTradeNo, tradeNo, amount, status.
    respx.post(BASE + "/v1/payproVN/queryPayOutResult").respond(
        json=envelope(
            {
                "platFormTradeNo": "vnout8h7kold1d6g",
                "tradeNo": "VNOUT0001",
                "amount": "50000",
                "status": "0000",
            }
        )
    )
    async with make_client(CODE) as client:
        details = await client.payouts.retrieve("VNOUT0001")
    assert details.trade_no == "VNOUT0001" and details.platform_trade_no == "vnout8h7kold1d6g"
    assert details.amount == Decimal("50000")
    assert details.status is paypro.PaymentStatus.SUCCESS
