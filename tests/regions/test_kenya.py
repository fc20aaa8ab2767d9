"""Kenya (KE): paths, wire names, signing, rules and response examples (paypro-api.md §6.5)."""

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

CODE = "KE"
BASE = "https://gateway.test/KE"  # no published sandbox: conftest's make_client sets this base_url


# operation -> (path, keyword arguments, the wire body they must produce without timestamp and sign)
OPS: dict[str, tuple[str, dict[str, Any], dict[str, str]]] = {
    # The Payment page's example (its mobile is the placeholder "mobile"; a real number here).
    "payin.create": (
        "/api/payin",
        {
            "amount": "3",
            "remark": "000000",
            "trade_no": "00000001",
            "mobile": "254712345678",
            "notify_url": "https://google.com",
        },
        {
            "amount": "3",
            "remark": "000000",
            "tradeNo": "00000001",
            "mobile": "254712345678",
            "notifyUrl": "https://google.com",
        },
    ),
    "cashier.create": (
        "/api/payinConsole",
        {"trade_no": "00000002", "amount": 100, "remark": "000000", "notify_url": "https://google.com"},
        {"tradeNo": "00000002", "amount": "100", "remark": "000000", "notifyUrl": "https://google.com"},
    ),
    # The Payout page's example: no notifyUrl.
    "payout.create": (
        "/api/payout",
        {"amount": "50", "remark": "000000", "trade_no": "1000023", "mobile": "254115555088"},
        {"amount": "50", "remark": "000000", "tradeNo": "1000023", "mobile": "254115555088"},
    ),
    # The query pages' examples: tradeNo + sign, no timestamp.
    "payin.query": ("/api/queryPayinResult", {"trade_no": "1000002"}, {"tradeNo": "1000002"}),
    "payout.query": ("/api/queryPayOutResult", {"trade_no": "00000020"}, {"tradeNo": "00000020"}),
    # Mpesa Query: code + timestamp + sign.
    "payin.query_by_code": ("/api/queryResultByCode", {"code": "SHL2A6WAQU"}, {"code": "SHL2A6WAQU"}),
    "balance": ("/api/queryBalance", {}, {}),
}

NO_TIMESTAMP = {"payin.query", "payout.query"}

WIRE = {
    "trade_no": "tradeNo",
    "amount": "amount",
    "mobile": "mobile",
    "remark": "remark",
    "notify_url": "notifyUrl",
    "code": "code",
}


def sent(route: respx.Route, url: str, *, timestamp: bool = True) -> dict[str, Any]:
    """The one request ``route`` saw, checked for what every KE call shares; returns its JSON body."""
    assert route.call_count == 1
    request = route.calls.last.request
    assert request.method == "POST"
    assert str(request.url) == url
    assert request.headers["merchantNo"] == MERCHANT
    assert request.headers["Content-Type"] == "application/json"
    assert "sign" not in request.headers  # KE signs in the body
    body: dict[str, Any] = json.loads(request.content)
    assert all(isinstance(v, str) for v in body.values()), body
    if timestamp:
        assert body["timestamp"] == str(NOW_MS)
    else:
        assert "timestamp" not in body
    assert paypro.verify_sign(body, SECRET)
    return body


def test_profile_declares_the_documented_operations() -> None:
    profile = paypro.regions.get(CODE)
    assert set(profile.operation_names()) == set(OPS)
    # Only the balance page is unpublished (§6.5).
    assert {n for n in OPS if profile.operation(n).inferred} == {"balance"}
    assert {n for n in OPS if not profile.operation(n).timestamp} == NO_TIMESTAMP
    assert profile.sandbox_url is None


@pytest.mark.parametrize("op", list(OPS))
@respx.mock
async def test_request_on_the_wire(make_client: MakeClient, op: str) -> None:
    path, args, wire = OPS[op]
    route = respx.post(BASE + path).respond(json=envelope({"status": "0015"}))
    async with make_client(CODE) as client:
        await CALLS[op](client, args)
    stamped = op not in NO_TIMESTAMP
    body = sent(route, BASE + path, timestamp=stamped)
    assert set(body) == {*wire, "sign"} | ({"timestamp"} if stamped else set())
    assert {k: v for k, v in body.items() if k not in ("timestamp", "sign")} == wire


@respx.mock
async def test_query_signs_trade_no_alone(make_client: MakeClient) -> None:
    # Without a timestamp the signed string is just "tradeNo=..." (+ the secret).
    route = respx.post(BASE + "/api/queryPayinResult").respond(json=envelope({"status": "0000"}))
    async with make_client(CODE) as client:
        await client.payins.retrieve("1000002")
    body = json.loads(route.calls.last.request.content)
    assert paypro.canonical_string(body) == "tradeNo=1000002"
    assert body["sign"] == paypro.sign({"tradeNo": "1000002"}, SECRET)


# (operation, field, a value the page allows); None = the field is not given.
ACCEPTED = [
    ("payin.create", "amount", "3"),  # the Payment example: "> 50" is only recommended there
    ("payin.create", "amount", 100),
    ("payin.create", "mobile", "0712345678"),  # no mobile format on the Payment page
    ("payin.create", "remark", None),  # N
    ("cashier.create", "amount", 51),  # > 50, integer
    ("cashier.create", "remark", None),  # N
    ("payout.create", "mobile", "254115555088"),  # 12 digits starting 2541
    ("payout.create", "mobile", "254712345678"),  # or 2547
    ("payout.create", "amount", "50"),  # the Payout example
    ("payout.create", "amount", 51),
    ("payout.create", "notify_url", None),  # N on the Payout page
    ("payout.create", "notify_url", "https://shop.example/notify"),
    ("payout.create", "remark", None),  # N
    ("payin.query_by_code", "code", "SHL2A6WAQU"),
]

# (operation, field, a value the page forbids); None = a required field left out.
REJECTED = [
    ("payin.create", "amount", "3.5"),  # integers only
    ("payin.create", "mobile", None),  # Y
    ("payin.create", "notify_url", None),  # Y
    ("payin.create", "trade_no", None),
    ("payin.create", "amount", None),
    ("cashier.create", "amount", "100.5"),  # integer
    ("cashier.create", "notify_url", None),
    ("payout.create", "amount", "60.5"),  # integer
    ("payout.create", "mobile", "0712345678"),  # 12 digits prefixed 2541 / 2547
    ("payout.create", "mobile", "254212345678"),  # 2542
    ("payout.create", "mobile", "25471234567"),  # 11 digits
    ("payout.create", "mobile", "2547123456789"),  # 13 digits
    ("payout.create", "mobile", "+254712345678"),
    ("payout.create", "mobile", None),  # Y
    ("payin.query", "trade_no", None),
    ("payout.query", "trade_no", None),
    ("payin.query_by_code", "code", None),  # Y
]


@pytest.mark.parametrize(("op", "field", "value"), ACCEPTED)
@respx.mock
async def test_rule_accepts(make_client: MakeClient, op: str, field: str, value: Any) -> None:
    path, args, _ = OPS[op]
    route = await send_valid(make_client, CODE, BASE + path, CALLS[op], {**args, field: value})
    body = sent(route, BASE + path, timestamp=op not in NO_TIMESTAMP)
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
async def test_payin_response_serial_number(make_client: MakeClient) -> None:
    # Kenya's payin/payout responses carry serialNumber, "result ID returned by paypro, unique".
    path, args, _ = OPS["payin.create"]
    respx.post(BASE + path).respond(
        json=envelope({"tradeNo": "00000001", "serialNumber": "KE2024070118343100001", "status": "0015"})
    )
    async with make_client(CODE) as client:
        payin = await client.payins.create(**args)
    assert payin.trade_no == "00000001"
    assert payin.serial_number == "KE2024070118343100001"
    assert payin.status is paypro.PaymentStatus.PROCESSING


@respx.mock
async def test_payout_query_response_example(make_client: MakeClient) -> None:
    # The Payout Query page's example, verbatim: amount is the JSON number 3.0000.
    raw = (
        '{"msg":"success","code":"0000","timestamp":1719830071094,"success":true,"data":'
        '{"platFormTradeNo":"5286e98841194687a95d25b5f3be346d","tradeNo":"00000020","amount":3.0000,'
        '"status":"00029","message":"REJECTED_TRANSACTION","successTime":"2024-07-01 18:34:31"}}'
    )
    route = respx.post(BASE + "/api/queryPayOutResult").respond(text=raw)
    async with make_client(CODE) as client:
        details = await client.payouts.retrieve("00000020")
    assert sent(route, BASE + "/api/queryPayOutResult", timestamp=False) == {
        "tradeNo": "00000020",
        "sign": paypro.sign({"tradeNo": "00000020"}, SECRET),
    }
    assert details.trade_no == "00000020"
    assert details.platform_trade_no == "5286e98841194687a95d25b5f3be346d"
    assert details.amount == Decimal("3.0000") and str(details.amount) == "3.0000"
    assert details.status is paypro.PaymentStatus.FAILED and details.status_code == "00029"
    assert details.message == "REJECTED_TRANSACTION"
    # "successTime (Kenya time)"
    assert details.success_time == datetime(2024, 7, 1, 18, 34, 31, tzinfo=ZoneInfo("Africa/Nairobi"))
    assert details.success_time is not None and details.success_time.utcoffset() == timedelta(hours=3)


@respx.mock
async def test_query_by_code_response(make_client: MakeClient) -> None:
    respx.post(BASE + "/api/queryResultByCode").respond(
        json=envelope(
            {
                "platFormTradeNo": "5286e98841194687a95d25b5f3be346d",
                "tradeNo": "00000001",
                "amount": "100",
                "status": "0000",
                "message": "SUCCESS",
                "successTime": "2024-07-01 18:34:31",
            }
        )
    )
    async with make_client(CODE) as client:
        details = await client.payins.retrieve_by_code("SHL2A6WAQU")
    assert details.trade_no == "00000001"  # the merchant's number, found by M-PESA code
    assert details.status is paypro.PaymentStatus.SUCCESS
    assert details.amount == Decimal("100")
