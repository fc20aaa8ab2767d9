"""Indonesia (ID): paths, wire names, signing, rules and response examples (paypro-api.md §6.1)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
import respx

import paypro_async as paypro

from ..conftest import MERCHANT, NOW_MS, SECRET, envelope
from ._shared import CALLS, MakeClient, assert_rejected, send_valid

CODE = "ID"
BASE = "https://openapi-test.paypro.tech/indonesia-pay"


# operation -> (path, keyword arguments, the wire body they must produce without timestamp and sign)
OPS: dict[str, tuple[str, dict[str, Any], dict[str, str]]] = {
    # The Payment API example (its email is elided in our copy; amount a JSON number there).
    "payin.create": (
        "/v1/paypro/payIn",
        {
            "trade_no": "0b4ece82fa9749e8b8e57fa64931b7f8",
            "username": "kevin",
            "amount": 1000000,
            "channel_code": "EWALLET",
            "way_code": "DANA",
            "email": "kevin@gmail.com",
            "mobile": "6281245907765",
            "notify_url": "https://google.com",
            "return_url": "http://abc.com/callback_page",
            "remark": "test",
        },
        {
            "tradeNo": "0b4ece82fa9749e8b8e57fa64931b7f8",
            "username": "kevin",
            "amount": "1000000",
            "channelCode": "EWALLET",
            "wayCode": "DANA",
            "email": "kevin@gmail.com",
            "mobile": "6281245907765",
            "notifyUrl": "https://google.com",
            "returnUrl": "http://abc.com/callback_page",
            "remark": "test",
        },
    ),
    "cashier.create": (
        "/v1/paypro/paymentLink",
        {
            "trade_no": "428c430ce59b47138674c971ff07a711",
            "amount": "50000",
            "mobile": "081245907765",
            "email": "kevin@gmail.com",
            "username": "kevin",
            "channel_code": "EWALLET",
            "way_code": "DANA",
            "notify_url": "https://google.com",
            "return_url": "http://abc.com/callback_page",
            "remark": "11111",
        },
        {
            "tradeNo": "428c430ce59b47138674c971ff07a711",
            "amount": "50000",
            "mobile": "081245907765",
            "email": "kevin@gmail.com",
            "username": "kevin",
            "channelCode": "EWALLET",
            "wayCode": "DANA",
            "notifyUrl": "https://google.com",
            "returnUrl": "http://abc.com/callback_page",
            "remark": "11111",
        },
    ),
    # The Payout API example.
    "payout.create": (
        "/v1/paypro/payOut",
        {
            "amount": 100000,
            "bank_account_no": "5464438554636",
            "bank_code": "0002",
            "customer_name": "kevin",
            "email": "kevin@gmail.com",
            "mobile": "6281245907765",
            "notify_url": "https://google.com",
            "remark": "remark",
            "trade_no": "39fa354542824ee789faf526f27c024f",
        },
        {
            "amount": "100000",
            "bankAccountNo": "5464438554636",
            "bankCode": "0002",
            "customerName": "kevin",
            "email": "kevin@gmail.com",
            "mobile": "6281245907765",
            "notifyUrl": "https://google.com",
            "remark": "remark",
            "tradeNo": "39fa354542824ee789faf526f27c024f",
        },
    ),
    # The query pages' examples: {"tradeNo":"test_00000008"...} and {"tradeNo":"test_00000002"...}
    "payin.query": (
        "/v1/paypro/queryPayInResult",
        {"trade_no": "test_00000008"},
        {"tradeNo": "test_00000008"},
    ),
    "payout.query": (
        "/v1/paypro/queryPayOutResult",
        {"trade_no": "test_00000002"},
        {"tradeNo": "test_00000002"},
    ),
    "balance": ("/v1/paypro/queryBalance", {}, {}),
    "account.verify": (
        "/v1/paypro/accountVerify",
        {"bank_account_no": "31111111", "bank_code": "0002"},
        {"bankAccountNo": "31111111", "bankCode": "0002"},
    ),
    # Proof: tradeNo + timestamp in the body, sign in a header.
    "payin.voucher": (
        "/v1/paypro/indonesia/query/voucher",
        {"trade_no": "c167o1itir0fypid"},
        {"tradeNo": "c167o1itir0fypid"},
    ),
}

WIRE = {
    "trade_no": "tradeNo",
    "amount": "amount",
    "username": "username",
    "mobile": "mobile",
    "email": "email",
    "channel_code": "channelCode",
    "way_code": "wayCode",
    "notify_url": "notifyUrl",
    "return_url": "returnUrl",
    "remark": "remark",
    "customer_name": "customerName",
    "bank_account_no": "bankAccountNo",
    "bank_code": "bankCode",
}

HEADER_SIGNED = {"payin.voucher"}


def sent(route: respx.Route, url: str, *, header_sign: bool = False) -> dict[str, Any]:
    """The one request ``route`` saw, checked for what every ID call shares; returns its JSON body."""
    assert route.call_count == 1
    request = route.calls.last.request
    assert request.method == "POST"
    assert str(request.url) == url
    assert request.headers["merchantNo"] == MERCHANT
    assert request.headers["Content-Type"] == "application/json"
    body: dict[str, Any] = json.loads(request.content)
    assert all(isinstance(v, str) for v in body.values()), body
    assert body["timestamp"] == str(NOW_MS)
    if header_sign:  # Proof API: sign in a header only, computed over the body fields
        assert "sign" not in body
        assert paypro.verify_sign({**body, "sign": request.headers["sign"]}, SECRET)
    else:
        assert "sign" not in request.headers
        assert paypro.verify_sign(body, SECRET)
    return body


def test_profile_declares_the_documented_operations() -> None:
    profile = paypro.regions.get(CODE)
    assert set(profile.operation_names()) == set(OPS)
    assert {n for n in OPS if profile.operation(n).inferred} == set()  # every Indonesia page is published
    assert profile.sandbox_url == BASE


@pytest.mark.parametrize("op", list(OPS))
@respx.mock
async def test_request_on_the_wire(make_client: MakeClient, op: str) -> None:
    path, args, wire = OPS[op]
    route = respx.post(BASE + path).respond(json=envelope({"status": "0015"}))
    async with make_client(CODE) as client:
        await CALLS[op](client, args)
    header_sign = op in HEADER_SIGNED
    body = sent(route, BASE + path, header_sign=header_sign)
    assert set(body) == {*wire, "timestamp"} | (set() if header_sign else {"sign"})
    assert {k: v for k, v in body.items() if k not in ("timestamp", "sign")} == wire


@respx.mock
async def test_payout_signature_matches_the_self_computed_illustration(make_client: MakeClient) -> None:
    # paypro-api.md §2.3: the Indonesia-payout-like body under secret "my_app_secret" at timestamp
    # 1732985021335 (remark "" is left out of the signed string) signs to 7a4388f7....
    path, args, _ = OPS["payout.create"]
    route = respx.post(BASE + path).respond(json=envelope({"status": "0015"}))
    async with make_client(CODE, app_secret="my_app_secret", clock=lambda: 1732985021335 / 1000) as client:
        await client.payouts.create(**{**args, "remark": ""})
    body = json.loads(route.calls.last.request.content)
    assert body["timestamp"] == "1732985021335"
    assert paypro.canonical_string(body) == (
        "amount=100000bankAccountNo=5464438554636bankCode=0002customerName=kevin"
        "email=kevin@gmail.commobile=6281245907765notifyUrl=https://google.com"
        "timestamp=1732985021335tradeNo=39fa354542824ee789faf526f27c024f"
    )
    assert body["sign"] == "7a4388f7731f442e40bf98209f41046e"


# (operation, field, a value the page allows); None = the field is not given.
ACCEPTED = [
    *[
        (op, "mobile", mobile)
        for op in ("payin.create", "cashier.create", "payout.create")
        for mobile in ("0812345678", "6281234567890", "628123456789")  # 08 / 628, 10 to 13 digits
    ],
    ("payin.create", "amount", 10000),  # no decimals
    ("payin.create", "way_code", None),  # N
    ("payin.create", "return_url", None),  # N
    ("payin.create", "remark", None),  # N
    ("cashier.create", "channel_code", "QRIS"),
    ("cashier.create", "channel_code", "EWALLET"),
    ("cashier.create", "channel_code", "VA"),
    ("cashier.create", "channel_code", None),  # N: every method shown
    ("cashier.create", "way_code", None),  # N
    ("cashier.create", "return_url", None),  # N
    ("cashier.create", "amount", 50000),
    ("payout.create", "remark", None),  # N
    ("payout.create", "amount", "100000"),
]

# (operation, field, a value the page forbids); None = a required field left out.
REJECTED = [
    *[
        (op, "mobile", mobile)
        for op in ("payin.create", "cashier.create", "payout.create")
        for mobile in (
            "0712345678",  # neither 08 nor 628
            "081234567",  # 9 digits
            "62812345678901",  # 14 digits
            "+6281245907765",
            "81245907765",
        )
    ],
    *[(op, "amount", "1000.50") for op in ("payin.create", "cashier.create", "payout.create")],  # no decimals
    ("payin.create", "trade_no", None),
    ("payin.create", "amount", None),
    ("payin.create", "username", None),
    ("payin.create", "mobile", None),
    ("payin.create", "email", None),
    ("payin.create", "channel_code", None),  # Y on the Payment API
    ("payin.create", "notify_url", None),
    ("cashier.create", "channel_code", "CARD"),  # QRIS, EWALLET or VA only
    ("cashier.create", "channel_code", "qris"),
    ("cashier.create", "username", None),
    ("cashier.create", "mobile", None),
    ("cashier.create", "email", None),
    ("cashier.create", "notify_url", None),
    ("payout.create", "customer_name", None),
    ("payout.create", "mobile", None),
    ("payout.create", "email", None),
    ("payout.create", "bank_account_no", None),
    ("payout.create", "bank_code", None),
    ("payout.create", "notify_url", None),
    ("payin.query", "trade_no", None),
    ("payout.query", "trade_no", None),
    ("account.verify", "bank_account_no", None),
    ("account.verify", "bank_code", None),
    ("payin.voucher", "trade_no", None),
]


@pytest.mark.parametrize(("op", "field", "value"), ACCEPTED)
@respx.mock
async def test_rule_accepts(make_client: MakeClient, op: str, field: str, value: Any) -> None:
    path, args, _ = OPS[op]
    route = await send_valid(make_client, CODE, BASE + path, CALLS[op], {**args, field: value})
    body = sent(route, BASE + path, header_sign=op in HEADER_SIGNED)
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
async def test_cashier_response_example(make_client: MakeClient) -> None:
    # §3's Indonesia cashier example; its paymentUrl is truncated in our copy ("http://payp…").
    response = {
        "msg": "success",
        "code": "0000",
        "timestamp": 1728609277476,
        "success": True,
        "data": {
            "tradeNo": "428c430ce59b47138674c971ff07a711",
            "platFormTradeNo": "c167o1itir0fypid",
            "status": "0015",
            "desc": "Paying",
            "remark": "11111",
            "paymentUrl": "http://paypro.example/cashier/c167o1itir0fypid",
        },
    }
    path, args, _ = OPS["cashier.create"]
    respx.post(BASE + path).respond(json=response)
    async with make_client(CODE) as client:
        page = await client.cashier.create(**args)
    assert page.trade_no == "428c430ce59b47138674c971ff07a711"
    assert page.platform_trade_no == "c167o1itir0fypid"
    assert page.status is paypro.PaymentStatus.PROCESSING
    assert page.message == "Paying" and page.remark == "11111"
    assert page.payment_url == "http://paypro.example/cashier/c167o1itir0fypid"


@respx.mock
async def test_payment_query_response_fields(make_client: MakeClient) -> None:
    # The Payment Query page's data: tradeNo, platFormTradeNo, status, orderAmount (float),
    # payAmount (float), message, channelCode, wayCode. 0001 = partial payment (Indonesia payins).
    respx.post(BASE + "/v1/paypro/queryPayInResult").respond(
        text=(
            '{"msg":"success","code":"0000","timestamp":1728613513280,"success":true,"data":'
            '{"tradeNo":"test_00000008","platFormTradeNo":"c167o1itir0fypid","status":"0001",'
            '"orderAmount":100000.00,"payAmount":60000,"message":"PARTIAL","channelCode":"EWALLET",'
            '"wayCode":"DANA"}}'
        )
    )
    async with make_client(CODE) as client:
        details = await client.payins.retrieve("test_00000008")
    assert details.trade_no == "test_00000008" and details.platform_trade_no == "c167o1itir0fypid"
    assert details.status is paypro.PaymentStatus.PARTIAL and details.status_code == "0001"
    assert details.order_amount == Decimal("100000.00") and details.pay_amount == Decimal("60000")
    assert details.channel_code == "EWALLET" and details.way_code == "DANA"
    assert details.message == "PARTIAL"


@respx.mock
async def test_balance_response_availabl_amount(make_client: MakeClient) -> None:
    # The Balance page spells it availablAmount (sic).
    respx.post(BASE + "/v1/paypro/queryBalance").respond(
        json=envelope(
            {"availablAmount": "2500000.0000", "freezeAmount": "10000.0000", "unsettledAmount": "0"}
        )
    )
    async with make_client(CODE) as client:
        balance = await client.balance.retrieve()
    assert balance.available == Decimal("2500000.0000")
    assert balance.frozen == Decimal("10000.0000")
    assert balance.unsettled == Decimal("0")


@respx.mock
async def test_account_verify_response_example(make_client: MakeClient) -> None:
    # The Account Verify example, verbatim except for its trailing comma (invalid JSON as published).
    respx.post(BASE + "/v1/paypro/accountVerify").respond(
        text=(
            '{"msg":"success","code":"0000","timestamp":1728609277476,"success":true,'
            '"data":{"bankAccountNo":"31111111","bankAccountName":"Sdr NAVAF BAYU KURNIAWA"}}'
        )
    )
    async with make_client(CODE) as client:
        account = await client.accounts.verify(bank_account_no="31111111", bank_code="0002")
    assert isinstance(account, paypro.AccountVerification)
    assert account.bank_account_no == "31111111"
    assert account.bank_account_name == "Sdr NAVAF BAYU KURNIAWA"


@respx.mock
async def test_account_not_verified_is_api_error(make_client: MakeClient) -> None:
    # "code 0000 <=> account verified (anything else = verification failed)".
    respx.post(BASE + "/v1/paypro/accountVerify").respond(
        json={"msg": "account not found", "code": "1001", "timestamp": 1728609277476, "success": False}
    )
    async with make_client(CODE) as client:
        with pytest.raises(paypro.APIError) as info:
            await client.accounts.verify(bank_account_no="00000000", bank_code="0002")
    assert info.value.code == "1001" and info.value.msg == "account not found"


@respx.mock
async def test_voucher_response(make_client: MakeClient) -> None:
    # Proof API response: data.url (the PDF voucher) and data.message.
    respx.post(BASE + "/v1/paypro/indonesia/query/voucher").respond(
        json=envelope(
            {
                "url": "https://voucher.paypro.tech/c167o1itir0fypid.pdf",
                "message": "Voucher generation succeeded",
            }
        )
    )
    async with make_client(CODE) as client:
        voucher = await client.payins.voucher("c167o1itir0fypid")
    assert isinstance(voucher, paypro.Voucher)
    assert voucher.url == "https://voucher.paypro.tech/c167o1itir0fypid.pdf"
    assert voucher.message == "Voucher generation succeeded"
