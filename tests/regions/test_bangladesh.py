"""Bangladesh (BD): paths, wire names, signing, rules and response examples (paypro-api.md §6.9, seed 004)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import respx

import paypro_async as paypro

from ..conftest import MERCHANT, NOW_MS, SECRET, envelope
from ._shared import CALLS, MakeClient, assert_rejected, send_valid

CODE = "BD"
BASE = "https://gateway.test/BD"  # no published sandbox: conftest's make_client sets this base_url


# operation -> (path, keyword arguments, the wire body they must produce without timestamp and sign)
OPS: dict[str, tuple[str, dict[str, Any], dict[str, str]]] = {
    # Seed 004's request example.
    "payin.create": (
        "/v1/paypro/payin",
        {
            "trade_no": "test_00000008",
            "amount": "300",
            "notify_url": "https://google.com",
            "way_code": "EWALLET_BKASH",
            "remark": "test",
            "return_url": "http://abc.com/callback_page",
        },
        {
            "tradeNo": "test_00000008",
            "amount": "300",
            "notifyUrl": "https://google.com",
            "wayCode": "EWALLET_BKASH",
            "remark": "test",
            "returnUrl": "http://abc.com/callback_page",
        },
    ),
    # Payment Submit API: platFormTradeNo (Y) and trxId (Y).
    "payin.submit": (
        "/v1/paypro/payinSubmit",
        {"platform_trade_no": "68o0uwogz7mnzutt", "trx_id": "BGH7K2L9QX"},
        {"platFormTradeNo": "68o0uwogz7mnzutt", "trxId": "BGH7K2L9QX"},
    ),
    # The Payment Query page's example: {"tradeNo":"133323384",...}
    "payin.query": ("/v1/paypro/queryPayInResult", {"trade_no": "133323384"}, {"tradeNo": "133323384"}),
    "payout.create": (
        "/v1/paypro/payout",
        {
            "trade_no": "BDOUT0001",
            "amount": "500",
            "wallet_id": "01712345678",
            "way_code": "EWALLET_ROCKET",
            "notify_url": "https://shop.example/notify",
            "remark": "refund",
        },
        {
            "tradeNo": "BDOUT0001",
            "amount": "500",
            "walletId": "01712345678",
            "wayCode": "EWALLET_ROCKET",
            "notifyUrl": "https://shop.example/notify",
            "remark": "refund",
        },
    ),
    "payout.query": ("/v1/paypro/queryPayOutResult", {"trade_no": "BDOUT0001"}, {"tradeNo": "BDOUT0001"}),
    "balance": ("/v1/paypro/queryBalance", {}, {}),
}

WIRE = {
    "trade_no": "tradeNo",
    "amount": "amount",
    "way_code": "wayCode",
    "remark": "remark",
    "notify_url": "notifyUrl",
    "return_url": "returnUrl",
    "wallet_id": "walletId",
    "platform_trade_no": "platFormTradeNo",
    "trx_id": "trxId",
}


def sent(route: respx.Route, url: str) -> dict[str, Any]:
    """The one request ``route`` saw, checked for what every BD call shares; returns its JSON body."""
    assert route.call_count == 1
    request = route.calls.last.request
    assert request.method == "POST"
    assert str(request.url) == url
    assert request.headers["merchantNo"] == MERCHANT
    assert request.headers["Content-Type"] == "application/json"
    assert "sign" not in request.headers  # BD signs in the body
    body: dict[str, Any] = json.loads(request.content)
    assert all(isinstance(v, str) for v in body.values()), body
    assert body["timestamp"] == str(NOW_MS)
    assert paypro.verify_sign(body, SECRET)
    return body


def test_profile_declares_the_documented_operations() -> None:
    profile = paypro.regions.get(CODE)
    assert set(profile.operation_names()) == set(OPS)
    # Payout query and balance pages are not published (§6.9).
    assert {n for n in OPS if profile.operation(n).inferred} == {"payout.query", "balance"}
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
    ("payin.create", "way_code", "EWALLET_BKASH"),  # Bengal page and every example
    ("payin.create", "way_code", "EWALLET_NAGAD"),
    ("payin.create", "way_code", "BKASH"),  # the newer Bangladesh page's list
    ("payin.create", "way_code", "NAGAD"),
    ("payin.create", "remark", None),  # N
    ("payin.create", "return_url", None),  # N
    ("payout.create", "way_code", "EWALLET_BKASH"),
    ("payout.create", "way_code", "EWALLET_ROCKET"),
    ("payout.create", "way_code", "EWALLET_NAGAD"),
    ("payout.create", "remark", None),  # N
]

# (operation, field, a value the page forbids); None = a required field left out.
REJECTED = [
    ("payin.create", "way_code", "EWALLET_ROCKET"),  # Rocket is a payout wallet only
    ("payin.create", "way_code", "ewallet_bkash"),
    ("payin.create", "way_code", None),  # Y
    ("payin.create", "notify_url", None),  # Y
    ("payin.create", "trade_no", None),
    ("payin.create", "amount", None),
    ("payin.create", "amount", "-300"),
    ("payin.submit", "platform_trade_no", None),  # Y
    ("payin.submit", "trx_id", None),  # Y
    ("payout.create", "way_code", "BKASH"),  # the payout page lists only the EWALLET_ forms
    ("payout.create", "way_code", "ROCKET"),
    ("payout.create", "way_code", None),  # Y
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
async def test_payin_response_example_with_kili_trade_no(make_client: MakeClient) -> None:
    # Seed 004's "Successful Response Example", verbatim: the platform number is kiliTradeNo.
    response = {
        "msg": "success",
        "code": "0000",
        "timestamp": 1728609277476,
        "success": True,
        "data": {
            "kiliTradeNo": "68o0uwogz7mnzutt",
            "status": "0015",
            "desc": "Create",
            "remark": "test",
            "paymentLink": "https://checkout.tpservice.vip/#/order/bd/P1844547116046675970",
        },
    }
    path, args, _ = OPS["payin.create"]
    respx.post(BASE + path).respond(json=response)
    async with make_client(CODE) as client:
        payin = await client.payins.create(**args)
    assert payin.trade_no == "test_00000008"
    assert payin.platform_trade_no == "68o0uwogz7mnzutt"
    assert payin.status is paypro.PaymentStatus.PROCESSING
    assert payin.message == "Create" and payin.remark == "test"
    assert payin.payment_url == "https://checkout.tpservice.vip/#/order/bd/P1844547116046675970"


@respx.mock
async def test_submit_accepted(make_client: MakeClient) -> None:
    # code 0000 only means the submission was accepted: the result comes by notify or query.
    respx.post(BASE + "/v1/paypro/payinSubmit").respond(json=envelope(None))
    async with make_client(CODE) as client:
        submission = await client.payins.submit(platform_trade_no="68o0uwogz7mnzutt", trx_id="BGH7K2L9QX")
    assert isinstance(submission, paypro.Submission)
    assert submission.platform_trade_no == "68o0uwogz7mnzutt"
    assert submission.raw["code"] == "0000"


@respx.mock
async def test_submit_refused_is_api_error(make_client: MakeClient) -> None:
    respx.post(BASE + "/v1/paypro/payinSubmit").respond(
        json={"msg": "trxId not found", "code": "00029", "success": False}
    )
    async with make_client(CODE) as client:
        with pytest.raises(paypro.APIError) as info:
            await client.payins.submit(platform_trade_no="68o0uwogz7mnzutt", trx_id="BAD")
    assert info.value.code == "00029" and info.value.trade_no == "68o0uwogz7mnzutt"


@respx.mock
async def test_submit_is_never_blindly_resent(make_client: MakeClient) -> None:
    # Submit changes state at the gateway: a read timeout leaves its outcome unknown, not retried.
    route = respx.post(BASE + "/v1/paypro/payinSubmit").mock(side_effect=httpx.ReadTimeout("slow"))
    async with make_client(CODE) as client:
        with pytest.raises(paypro.OutcomeUnknownError) as info:
            await client.payins.submit(platform_trade_no="68o0uwogz7mnzutt", trx_id="BGH7K2L9QX")
    assert route.call_count == 1 and info.value.trade_no == "68o0uwogz7mnzutt"
