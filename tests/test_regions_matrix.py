"""Every region by every operation: path, header, wire body, sign; published response examples parse."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
import respx

import paypro_async as paypro

from .conftest import MERCHANT, NOW_MS, SECRET, envelope

G = "kevin@gmail.com"
URL = "https://shop.example/notify"
BACK = "https://shop.example/back"

# Valid arguments per (region, operation), from each page's field table.
SAMPLES: dict[tuple[str, str], dict[str, Any]] = {
    ("ID", "payin.create"): {"username": "kevin", "mobile": "6281245907765", "email": G, "channel_code": "EWALLET", "way_code": "DANA", "notify_url": URL, "return_url": BACK, "remark": "test"},
    ("ID", "cashier.create"): {"mobile": "081245907765", "email": G, "username": "kevin", "channel_code": "QRIS", "notify_url": URL},
    ("ID", "payout.create"): {"customer_name": "kevin", "mobile": "6281245907765", "email": G, "bank_account_no": "5464438554636", "bank_code": "0002", "notify_url": URL, "remark": "remark"},
    ("PK", "payin.create"): {"name": "Ali", "mobile": "3115112345", "email": G, "payment_type": "jazzcash", "notify_url": URL},
    ("PK", "cashier.create"): {"name": "Ali", "mobile": "3115112345", "email": G, "customer_cert": "1730123456789", "remark": "r", "notify_url": URL, "return_url": BACK},
    ("PK", "payout.create"): {"name": "Ali", "customer_cert": "17301-2345678-9", "email": G, "mobile": "3115112345", "account_type": "BANK", "bank_name": "ALLIED_BANK_LIMITED", "bank_number": "123456", "notify_url": URL, "remark": "r"},
    ("VN", "payin.create"): {"bank_name": "VietQR", "notify_url": URL, "remark": "test"},
    ("VN", "payout.create"): {"account_name": "Nguyen Van A", "bank_name": "ACB", "bank_number": "123456", "notify_url": URL},
    ("PH", "payin.create"): {"pay_type": "GrabPay", "notify_url": URL, "return_url": BACK},
    ("PH", "cashier.create"): {"pay_type": "3", "notify_url": URL, "return_url": BACK},
    ("PH", "payout.create"): {"account_name": "09539077075", "bank_name": "Maya", "bank_number": "09539077075", "notify_url": URL},
    ("KE", "payin.create"): {"mobile": "254115555088", "notify_url": URL, "remark": "000000"},
    ("KE", "cashier.create"): {"notify_url": URL},
    ("KE", "payout.create"): {"mobile": "254115555088"},
    ("EG", "payin.create"): {"payer": "kevin zhang", "remark": "r", "mobile": "01012345678", "email": G, "notify_url": URL},
    ("EG", "payout.create"): {"customer_name": "kevin", "remark": "test", "wallet_id": "01123456789", "notify_url": URL},
    ("BR", "payin.create"): {"name": "Joao", "identity_type": "CPF", "user_identity": "12345678901", "notify_url": URL, "remark": "000000"},
    ("BR", "payout.create"): {"name": "Joao", "email": G, "mobile": "11987654321", "bank_type": "CPF", "bank_number": "12345678901", "identity_type": "CPF", "user_identity": "12345678901", "notify_url": URL, "remark": "r"},
    ("MX", "payin.create"): {"way_code": "store", "notify_url": URL},
    ("MX", "cashier.create"): {"notify_url": URL},
    ("MX", "payout.create"): {"way_code": "BANXICO", "customer_name": "kevin zhang", "customer_account_type": "CLABE", "customer_account": "012345678901234567", "notify_url": URL},
    ("BD", "payin.create"): {"way_code": "EWALLET_NAGAD", "notify_url": URL},
    ("BD", "payout.create"): {"wallet_id": "01712345678", "way_code": "EWALLET_ROCKET", "notify_url": URL},
    ("NG", "payin.create"): {"username": "jack", "mobile": "15875595997", "email": "jack@gmail.com", "channel_code": "EWALLET", "way_code": "PALMPAY", "notify_url": URL},
    ("IN", "payin.create"): {"name": "Asha", "mobile": "9876543210", "email": G, "ip_address": "14.155.28.59", "notify_url": URL, "return_url": BACK},
    ("IN", "cashier.create"): {"name": "Asha", "mobile": "9876543210", "email": G, "ip_address": "14.155.28.59", "notify_url": URL, "return_url": BACK},
    ("KR", "payin.create"): {"username": "kevin", "mobile": "01012345678", "email": G, "notify_url": URL},
    ("KR", "cashier.create"): {"sub_merchant_no": "S1", "mobile": "01012345678", "firstname": "Gil", "lastname": "Hong", "email": G, "channel_code": "VA", "way_code": "VA", "ip_address": "1.2.3.4", "date_of_birth": "1990-01-31", "notify_url": URL},
    ("KR", "payout.create"): {"bank_code": "0001", "bank_account_no": "123456789", "customer_name": "kevin", "mobile": "15875595997", "email": G, "notify_url": URL},
}  # fmt: skip
AMOUNTS = {"VN": 50000, "EG": 300, "PK": 10000}
CREATE = {"payin.create": "payins", "cashier.create": "cashier", "payout.create": "payouts"}
ALL_CODES = ["BD", "BR", "EG", "ID", "IN", "KE", "KR", "MX", "NG", "PH", "PK", "VN"]


def _cases() -> list[Any]:
    cases = []
    for code in ALL_CODES:
        for name in paypro.regions.get(code).operation_names():
            cases.append(pytest.param(code, name, id=f"{code}-{name}"))
    return cases


async def _invoke(client: paypro.PayproClient, name: str, region: str) -> Any:
    if name in CREATE:
        args = SAMPLES[(region, name)]
        return await getattr(client, CREATE[name]).create(
            trade_no="T0001", amount=AMOUNTS.get(region, 500), **args
        )
    calls: dict[str, Callable[[], Any]] = {
        "payin.query": lambda: client.payins.retrieve("T0001"),
        "payout.query": lambda: client.payouts.retrieve("T0001"),
        "balance": lambda: client.balance.retrieve(),
        "account.verify": lambda: client.accounts.verify(bank_account_no="31111111", bank_code="0002"),
        "payin.voucher": lambda: client.payins.voucher("c167o1itir0fypid"),
        "payin.query_by_code": lambda: client.payins.retrieve_by_code("SHL2A6WAQU"),
        "payin.submit": lambda: client.payins.submit(platform_trade_no="68o0uwogz7mnzutt", trx_id="BK123"),
    }
    return await calls[name]()


def test_all_twelve_regions_registered() -> None:
    assert paypro.regions.available() == ALL_CODES


@pytest.mark.parametrize(("region", "name"), _cases())
async def test_operation_request_shape(
    region: str, name: str, make_client: Callable[..., paypro.PayproClient]
) -> None:
    client = make_client(region)
    op = client.region.operation(name)
    with respx.mock:
        route = respx.post(client.base_url + op.path).respond(
            json=envelope({"status": "0015", "tradeNo": "T0001"})
        )
        async with client:
            await _invoke(client, name, region)
    request = route.calls.last.request
    assert request.headers["merchantNo"] == MERCHANT
    body = json.loads(request.content)
    assert all(isinstance(v, str) for v in body.values())
    expected_keys = {f.wire for f in op.fields if f.wire in body}
    assert set(body) - {"sign", "timestamp"} == expected_keys
    assert ("timestamp" in body) == op.timestamp
    if op.timestamp:
        assert body["timestamp"] == str(NOW_MS)
    signature = body.get("sign") or request.headers["sign"]
    assert signature == paypro.sign(body, SECRET)
    assert ("sign" in body) == (op.sign_in in ("body", "both"))
    assert ("sign" in request.headers) == (op.sign_in in ("header", "both"))


def test_inferred_paths_are_the_documented_guesses() -> None:
    inferred = {
        (code, name): op.path
        for code in ALL_CODES
        for name, op in paypro.regions.get(code).operations.items()
        if op.inferred
    }
    assert inferred[("PK", "payin.query")] == "/v1/payproPK/queryPayInResult"
    assert inferred[("VN", "payin.query")] == "/v1/payproVN/queryPayInResult"
    assert inferred[("VN", "balance")] == "/v1/payproVN/queryBalance"
    assert inferred[("KE", "balance")] == "/api/queryBalance"
    for code in ("PH", "IN", "KR"):
        assert inferred[(code, "payin.query")] == "/v1/paypro/queryPayInResult"


@pytest.mark.parametrize(
    ("region", "name"), [("IN", "payout.create"), ("NG", "payout.create"), ("MX", "account.verify")]
)
async def test_unpublished_operations_are_absent(
    region: str, name: str, make_client: Callable[..., paypro.PayproClient]
) -> None:
    async with make_client(region) as client:
        with pytest.raises(paypro.UnsupportedOperationError) as info:
            await _invoke(client, name, region) if name != "payout.create" else await client.payouts.create(
                trade_no="T", amount=1
            )
    assert region in str(info.value) and name in str(info.value)


@respx.mock
async def test_mexico_query_example(make_client: Callable[..., paypro.PayproClient]) -> None:
    respx.post("https://openapi-sa-test.paypro.tech/mex-pay/v1/paypro/queryPayInResult").respond(
        json={"msg": "success", "code": "0000", "timestamp": 1728613513280, "success": True, "data": {"tradeNo": "test_00000008", "payproTradeNo": "68o0uwogz7mnzutt", "status": "00029", "amount": "300", "receivedAmount": "230", "createTime": "2024-10-11 9:30:13", "successTime": "2024-10-11 10:30:13", "message": "Collection order timed out without payment"}}
    )  # fmt: skip
    async with make_client("MX") as client:
        d = await client.payins.retrieve("test_00000008")
    assert d.platform_trade_no == "68o0uwogz7mnzutt" and d.status is paypro.PaymentStatus.FAILED
    assert d.status_code == "00029" and d.amount == Decimal("300") and d.received_amount == Decimal("230")
    assert d.create_time == datetime(2024, 10, 11, 9, 30, 13, tzinfo=d.create_time.tzinfo)  # type: ignore[union-attr]
    assert str(d.create_time.tzinfo) == "America/Mexico_City"  # type: ignore[union-attr]
    assert d.message == "Collection order timed out without payment"


@respx.mock
async def test_kenya_payout_query_example_numbers_never_float(
    make_client: Callable[..., paypro.PayproClient],
) -> None:
    respx.post("https://gateway.test/KE/api/queryPayOutResult").respond(
        content=b'{"msg":"success","code":"0000","timestamp":1719830071094,"success":true,"data":{"platFormTradeNo":"5286e98841194687a95d25b5f3be346d","tradeNo":"00000020","amount":3.0000,"status":"00029","message":"REJECTED_TRANSACTION","successTime":"2024-07-01 18:34:31"}}',
        headers={"content-type": "application/json"},
    )  # fmt: skip
    async with make_client("KE") as client:
        d = await client.payouts.retrieve("00000020")
    assert d.amount == Decimal("3.0000") and str(d.amount) == "3.0000"
    assert d.success_time is not None and str(d.success_time.tzinfo) == "Africa/Nairobi"


@pytest.mark.parametrize(
    ("region", "content", "available"),
    [
        ("BR", b'{"msg":"success","code":"0000","timestamp":1719830171485,"success":true,"data":{"availableAmount":9998989.0000,"unsettledAmount":0.0000,"freezeAmount":0.0000}}', "9998989.0000"),
        ("PH", b'{"msg":"success","code":"0000","success":"true","timestamp":"1","data":{"availableAmount":"9998989.0000","unsettledAmount":"0.0000","freezeAmount":"1.5"}}', "9998989.0000"),
        ("ID", b'{"msg":"success","code":"0000","success":true,"data":{"availablAmount":"12.00","freezeAmount":"0"}}', "12.00"),
    ],
)  # fmt: skip
async def test_balance_examples(
    region: str, content: bytes, available: str, make_client: Callable[..., paypro.PayproClient]
) -> None:
    client = make_client(region)
    with respx.mock:
        respx.post(client.base_url + client.region.operation("balance").path).respond(content=content)
        async with client:
            balance = await client.balance.retrieve()
    assert str(balance.available) == available and isinstance(balance.frozen, Decimal)


@respx.mock
async def test_indonesia_extras(make_client: Callable[..., paypro.PayproClient]) -> None:
    base = "https://openapi-test.paypro.tech/indonesia-pay"
    respx.post(base + "/v1/paypro/accountVerify").respond(
        json=envelope({"bankAccountNo": "31111111", "bankAccountName": "Sdr NAVAF BAYU KURNIAWA"})
    )
    respx.post(base + "/v1/paypro/indonesia/query/voucher").respond(
        json=envelope({"url": "https://voucher.paypro.tech/x.pdf", "message": "Voucher generation succeeded"})
    )
    async with make_client("ID") as client:
        account = await client.accounts.verify(bank_account_no="31111111", bank_code="0002")
        voucher = await client.payins.voucher("c167o1itir0fypid")
    assert account.bank_account_name == "Sdr NAVAF BAYU KURNIAWA"
    assert (
        voucher.url == "https://voucher.paypro.tech/x.pdf"
        and voucher.message == "Voucher generation succeeded"
    )


@respx.mock
async def test_indonesia_cashier_example_and_bangladesh_submit(
    make_client: Callable[..., paypro.PayproClient],
) -> None:
    respx.post("https://openapi-test.paypro.tech/indonesia-pay/v1/paypro/paymentLink").respond(
        json={"msg": "success", "code": "0000", "timestamp": 1728609277476, "success": True, "data": {"tradeNo": "428c430ce59b47138674c971ff07a711", "platFormTradeNo": "c167o1itir0fypid", "status": "0015", "desc": "Paying", "remark": "11111", "paymentUrl": "http://pay.example/x"}}
    )  # fmt: skip
    respx.post("https://gateway.test/BD/v1/paypro/payinSubmit").respond(json=envelope(None))
    async with make_client("ID") as client:
        p = await client.cashier.create(
            trade_no="428c430ce59b47138674c971ff07a711", amount=1000, **SAMPLES[("ID", "cashier.create")]
        )
    assert p.payment_url == "http://pay.example/x" and p.message == "Paying" and p.remark == "11111"
    async with make_client("BD") as client:
        s = await client.payins.submit(platform_trade_no="68o0uwogz7mnzutt", trx_id="BK123")
    assert s.platform_trade_no == "68o0uwogz7mnzutt"


# (region, operation, field, accepted, rejected): the rules of paypro-api.md §6 and §9.2
RULES = [
    ("ID", "payin.create", "mobile", ["0812345678", "6281245907765"], ["7281245907765", "081234567", "62812459077651"]),
    ("ID", "cashier.create", "channel_code", ["QRIS", "EWALLET", "VA"], ["CARD"]),
    ("ID", "payin.create", "amount", [1000000, "1000000"], ["1000.50"]),
    ("VN", "payin.create", "amount", [50000, "60000"], [49999, "50000.5"]),
    ("VN", "payin.create", "bank_name", ["VietQR"], ["ACB"]),
    ("VN", "payout.create", "account_name", ["Nguyen Van A"], ["Nguyễn Văn A"]),
    ("PH", "payin.create", "pay_type", ["GCash", "Maya QR", "RCBC"], ["3", "Paypal"]),
    ("KE", "payout.create", "mobile", ["254115555088", "254715555088"], ["254215555088", "25411555508", "0715555088"]),
    ("KE", "payin.create", "amount", [3, 50, 51], ["50.5"]),
    ("EG", "payin.create", "mobile", ["01012345678", "01812345678"], ["01912345678", "0101234567", "20101234567"]),
    ("EG", "payin.create", "amount", [100, 10000], [99, 10001, "150.5"]),
    ("EG", "payout.create", "amount", [100, 10000], [99, 10001]),
    ("BR", "payin.create", "user_identity", ["12345678901"], ["2348937596", "1234567890a"]),
    ("BR", "payin.create", "identity_type", ["CPF"], ["CNPJ", "cpf"]),
    ("BR", "payout.create", "bank_type", ["CPF", "CNPJ", "EMAIL", "PHONE", "EVP"], ["PIX"]),
    ("BR", "payout.create", "identity_type", ["CPF", "CNPJ"], ["RG"]),
    ("MX", "payin.create", "way_code", ["store", "va"], ["spei"]),
    ("MX", "payout.create", "customer_account_type", ["DebitCard", "CLABE"], ["Savings"]),
    ("BD", "payout.create", "way_code", ["EWALLET_BKASH", "EWALLET_ROCKET", "EWALLET_NAGAD"], ["ROCKET"]),
    ("BD", "payin.create", "way_code", ["EWALLET_BKASH", "BKASH", "NAGAD"], ["EWALLET_ROCKET"]),
    ("NG", "payin.create", "channel_code", ["EWALLET", "VA"], ["QRIS"]),
    ("NG", "payin.create", "way_code", ["PALMPAY", "VA"], ["OPAY"]),
    ("PK", "payout.create", "customer_cert", ["1730123456789", "17301-2345678-9"], ["173012345678", "1730-12345678-9"]),
    ("PK", "payout.create", "account_type", ["BANK", "WALLET"], ["CARD"]),
    ("PK", "payout.create", "mobile", ["3115112345"], ["03115112345"]),
    ("PK", "payout.create", "amount", [1, "1"], [0, "1.5"]),
    ("PK", "cashier.create", "mobile", ["3115112345"], ["03115112345"]),
    ("PK", "cashier.create", "email", [G], ["ali@yahoo.com"]),
    ("IN", "payin.create", "mobile", ["6000000000"], ["916000000000", "5000000000"]),
    ("KR", "cashier.create", "mobile", ["01012345678"], ["1012345678", "821012345678"]),
    ("KR", "cashier.create", "date_of_birth", ["1990-01-31"], ["31-01-1990", "19900131"]),
    ("KR", "cashier.create", "amount", [1000], ["1000.5"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("region", "name", "field", "good", "bad"), RULES, ids=[f"{r[0]}-{r[1]}-{r[2]}" for r in RULES]
)
async def test_rule(
    region: str,
    name: str,
    field: str,
    good: list[Any],
    bad: list[Any],
    make_client: Callable[..., paypro.PayproClient],
) -> None:
    client = make_client(region)
    op = client.region.operation(name)
    base_args = {"trade_no": "T0001", "amount": AMOUNTS.get(region, 500), **SAMPLES[(region, name)]}
    create = getattr(client, CREATE[name]).create
    with respx.mock:
        route = respx.post(client.base_url + op.path).respond(json=envelope({"status": "0015"}))
        async with client:
            for value in good:
                await create(**{**base_args, field: value})
            for value in bad:
                with pytest.raises(paypro.ValidationError) as info:
                    await create(**{**base_args, field: value})
                assert info.value.fields == (field,), value
    assert route.call_count == len(good)


def test_recommended_limits_are_not_enforced() -> None:
    ke = paypro.regions.get("KE").operation("payin.create")
    assert (
        ke.build_body({"trade_no": "t", "amount": 3, "mobile": "x", "notify_url": URL}, context="KE")[
            "amount"
        ]
        == "3"
    )
    india = paypro.regions.get("IN").operation("cashier.create")
    args = {"trade_no": "t", "amount": "300.50", **SAMPLES[("IN", "cashier.create")]}
    assert india.build_body(args, context="IN")["amount"] == "300.5"


UNDECLARED = [
    pytest.param(code, name, id=f"{code}-{name}")
    for code in ALL_CODES
    for name in ("payin.create", "cashier.create", "payout.create", "payin.query", "payout.query", "balance",
                 "account.verify", "payin.voucher", "payin.query_by_code", "payin.submit")
    if not paypro.regions.get(code).supports(name)
]  # fmt: skip


@pytest.mark.parametrize(("region", "name"), UNDECLARED)
async def test_every_undeclared_operation_is_unsupported(
    region: str, name: str, make_client: Callable[..., paypro.PayproClient]
) -> None:
    async with make_client(region) as client:
        with pytest.raises(paypro.UnsupportedOperationError) as info:
            if name in CREATE:
                await getattr(client, CREATE[name]).create(trade_no="T", amount=1)
            else:
                await _invoke(client, name, region)
    assert info.value.region.startswith(region) and info.value.operation == name
