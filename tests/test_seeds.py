"""The five seed pages (shared/seeds/), each exactly as written: request, rules, response example."""

from __future__ import annotations

import json
from typing import Any

import pytest
import respx

import paypro_async as paypro

from .conftest import MERCHANT, NOW_MS, SECRET

KR_BASE = "https://gateway.test/KR"
IN_BASE = "https://gateway.test/IN"
MX_BASE = "https://openapi-sa-test.paypro.tech/mex-pay"
PK_BASE = "https://sandbox-api.paypro.tech/pak-pay"
BD_BASE = "https://gateway.test/BD"

# Each seed's own successful response example, verbatim.
KR_RESPONSE = {
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
IN_RESPONSE = {
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
MX_RESPONSE = {
    "msg": "success",
    "code": "0000",
    "timestamp": 1728609277476,
    "success": True,
    "data": {
        "tradeNo": "test_00000008",
        "platFormTradeNo": "68o0uwogz7mnzutt",
        "status": "0015",
        "desc": "Create",
        "remark": "test",
        "paymentUrl": "https://checkout.tpservice.vip/#/order/bd/P1844547116046675970",
    },
}
PK_RESPONSE = {
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
BD_RESPONSE = {
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

KR_ARGS: dict[str, Any] = {
    "trade_no": "0b4ece82fa9749e8b8e57fa64931b7f8",
    "amount": 1000000,
    "username": "kevin",
    "mobile": "6281245907765",
    "email": "kevin@163.com",
    "notify_url": "https://google.com",
    "remark": "test",
}
IN_ARGS: dict[str, Any] = {
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
MX_ARGS: dict[str, Any] = {
    "trade_no": "test_00000008",
    "amount": "300",
    "mobile": "15745896325",
    "email": "kevin@example.com",
    "payer": "kevin zhang",
    "way_code": "va",
    "notify_url": "https://google.com",
    "return_url": "http://abc.com/callback_page",
    "remark": "test",
}
PK_ARGS: dict[str, Any] = {
    "trade_no": "order45692193212we3111",
    "amount": "10000",
    "notify_url": "https://example.com/notify",
    "name": "John Doe",
    "customer_cert": "1730123456789",
    "email": "johndoe@gmail.com",
    "mobile": "3115112345",
    "remark": "Payment for order #456",
    "cust_id": "m2hkCRuTCK5HKpEkA0ok",
}
BD_ARGS: dict[str, Any] = {
    "trade_no": "test_00000008",
    "amount": "300",
    "notify_url": "https://google.com",
    "way_code": "EWALLET_BKASH",
    "remark": "test",
    "return_url": "http://abc.com/callback_page",
}

# (region, resource, url, args, response, expected wire keys)
SEEDS = [
    pytest.param(
        "KR", "payins", KR_BASE + "/v1/paypro/payIn", KR_ARGS, KR_RESPONSE,
        {"tradeNo", "amount", "username", "mobile", "email", "notifyUrl", "remark"}, id="KR-h2h",
    ),
    pytest.param(
        "IN", "cashier", IN_BASE + "/v1/paypro/payin", IN_ARGS, IN_RESPONSE,
        {"tradeNo", "amount", "name", "mobile", "email", "ipAddress", "remark", "notifyUrl", "returnUrl"},
        id="IN-cashier",
    ),
    pytest.param(
        "MX", "cashier", MX_BASE + "/v1/paypro/paymentLink", MX_ARGS, MX_RESPONSE,
        {"tradeNo", "amount", "mobile", "email", "payer", "wayCode", "notifyUrl", "returnUrl", "remark"},
        id="MX-page",
    ),
    pytest.param(
        "PK", "payins", PK_BASE + "/v1/payproPK/payinApi", PK_ARGS, PK_RESPONSE,
        {"tradeNo", "amount", "notifyUrl", "name", "customerCert", "email", "mobile", "remark", "custId"},
        id="PK-h2h",
    ),
    pytest.param(
        "BD", "payins", BD_BASE + "/v1/paypro/payin", BD_ARGS, BD_RESPONSE,
        {"tradeNo", "amount", "notifyUrl", "wayCode", "remark", "returnUrl"}, id="BD-payin",
    ),
]  # fmt: skip


def _client(region: str, fake_sleep: Any) -> paypro.PayproClient:
    base = {"KR": KR_BASE, "IN": IN_BASE, "BD": BD_BASE}.get(region)
    return paypro.PayproClient(
        merchant_no=MERCHANT,
        app_secret=SECRET,
        region=region,
        base_url=base,
        backoff=paypro.Backoff(sleep=fake_sleep),
        clock=lambda: NOW_MS / 1000,
    )


@pytest.mark.parametrize(("region", "resource", "url", "args", "response", "keys"), SEEDS)
@respx.mock
async def test_seed_request_and_response(
    region: str, resource: str, url: str, args: dict[str, Any], response: dict[str, Any], keys: set[str],
    fake_sleep: Any,
) -> None:  # fmt: skip
    route = respx.post(url).respond(json=response)
    async with _client(region, fake_sleep) as client:
        result = await getattr(client, resource).create(**args)
    request = route.calls.last.request
    assert str(request.url) == url
    assert request.headers["merchantNo"] == MERCHANT
    body = json.loads(request.content)
    assert set(body) == keys | {"timestamp", "sign"}
    assert all(isinstance(v, str) for v in body.values())
    assert body["timestamp"] == str(NOW_MS)
    assert body["amount"] == str(args["amount"])
    assert paypro.verify_sign(body, SECRET)
    assert body["sign"] == paypro.sign({k: v for k, v in body.items() if k != "sign"}, SECRET)
    # the seed's own example, normalized
    data = response["data"]
    assert result.status is paypro.PaymentStatus.PROCESSING
    assert result.status_code == "0015"
    assert result.platform_trade_no == data.get("platFormTradeNo", data.get("kiliTradeNo"))
    assert result.payment_url == data.get("paymentLink", data.get("paymentUrl", data.get("payInfo")))
    assert result.message == data.get("desc", data.get("message"))
    assert result.trade_no == data.get("tradeNo", args["trade_no"])
    assert result.remark == data.get("remark")
    assert result.raw == response


@respx.mock
async def test_optional_fields_left_out_are_not_sent(fake_sleep: Any) -> None:
    route = respx.post(PK_BASE + "/v1/payproPK/payinApi").respond(json=PK_RESPONSE)
    args = {k: v for k, v in PK_ARGS.items() if k not in ("customer_cert", "remark", "cust_id")}
    async with _client("PK", fake_sleep) as client:
        await client.payins.create(**args, payment_type=None)  # None == not given
    body = json.loads(route.calls.last.request.content)
    assert set(body) == {"tradeNo", "amount", "notifyUrl", "name", "email", "mobile", "timestamp", "sign"}


async def test_mexico_partial_status(fake_sleep: Any) -> None:
    partial = json.loads(json.dumps(MX_RESPONSE))
    partial["data"]["status"] = "0001"
    with respx.mock:
        respx.post(MX_BASE + "/v1/paypro/paymentLink").respond(json=partial)
        async with _client("MX", fake_sleep) as client:
            result = await client.cashier.create(**MX_ARGS)
    assert result.status is paypro.PaymentStatus.PARTIAL


# (region, resource, field, accepted values, rejected values)
RULES = [
    ("PK", "payins", "mobile", ["3115112345", "03115112345"], ["311511234", "4115112345", "0311511234", "01115112345", "923115112345", "31151123ab"]),
    ("PK", "payins", "customer_cert", ["1730123456789"], ["173012345678", "17301-2345678-9", "173012345678X"]),
    ("PK", "payins", "amount", [100, "100", "10000"], [99, "99", "100.5", -100, 0]),
    ("PK", "payins", "email", ["ali@gmail.com", "ALI@GMAIL.COM"], ["ali@yahoo.com", "ali@gmail.com.pk", "gmail.com"]),
    ("PK", "payins", "payment_type", ["easypaisa", "jazzcash"], ["EASYPAISA", "card"]),
    ("IN", "cashier", "mobile", ["6234567890", "9876543210"], ["918234567890", "5234567890", "823456789"]),
    ("IN", "cashier", "email", ["abc@gmail.com"], ["123@qq.com"]),
    ("MX", "cashier", "way_code", ["store", "va"], ["oxxo", "VA"]),
    ("MX", "cashier", "amount", ["300", 300], ["300.50"]),
    ("BD", "payins", "way_code", ["EWALLET_BKASH", "EWALLET_NAGAD"], ["EWALLET_ROCKET", "card"]),
]  # fmt: skip
SEED_ARGS = {"PK": PK_ARGS, "IN": IN_ARGS, "MX": MX_ARGS, "BD": BD_ARGS, "KR": KR_ARGS}
SEED_URLS = {
    "PK": PK_BASE + "/v1/payproPK/payinApi",
    "IN": IN_BASE + "/v1/paypro/payin",
    "MX": MX_BASE + "/v1/paypro/paymentLink",
    "BD": BD_BASE + "/v1/paypro/payin",
}
SEED_RESPONSES = {"PK": PK_RESPONSE, "IN": IN_RESPONSE, "MX": MX_RESPONSE, "BD": BD_RESPONSE}


@pytest.mark.parametrize(("region", "resource", "field", "good", "bad"), RULES)
async def test_seed_rules(region: str, resource: str, field: str, good: list[Any], bad: list[Any], fake_sleep: Any) -> None:  # fmt: skip
    with respx.mock:
        route = respx.post(SEED_URLS[region]).respond(json=SEED_RESPONSES[region])
        async with _client(region, fake_sleep) as client:
            create = getattr(client, resource).create
            for value in good:
                await create(**{**SEED_ARGS[region], field: value})
            assert route.call_count == len(good)
            for value in bad:
                with pytest.raises(paypro.ValidationError) as info:
                    await create(**{**SEED_ARGS[region], field: value})
                assert info.value.fields == (field,), value
            assert route.call_count == len(good)  # nothing sent for a bad value


@pytest.mark.parametrize(
    ("region", "resource", "required"),
    [
        ("KR", "payins", ["username", "mobile", "email", "notify_url"]),
        ("IN", "cashier", ["name", "mobile", "email", "ip_address", "notify_url", "return_url"]),
        ("MX", "cashier", ["notify_url"]),
        ("PK", "payins", ["name", "mobile", "email", "notify_url"]),
        ("BD", "payins", ["way_code", "notify_url"]),
    ],
)
async def test_seed_required_fields(region: str, resource: str, required: list[str], fake_sleep: Any) -> None:
    args = {k: v for k, v in SEED_ARGS[region].items() if k not in required}
    with respx.mock:
        async with _client(region, fake_sleep) as client:
            with pytest.raises(paypro.ValidationError) as info:
                await getattr(client, resource).create(**args)
    assert set(info.value.fields) == set(required)
    assert all(e.rule == "is required" for e in info.value.errors)


async def test_float_amount_is_refused(fake_sleep: Any) -> None:
    with respx.mock:
        async with _client("PK", fake_sleep) as client:
            with pytest.raises(paypro.ValidationError, match="never a float"):
                await client.payins.create(**{**PK_ARGS, "amount": 10000.0})


async def test_many_bad_fields_one_error_naming_all(fake_sleep: Any) -> None:
    with respx.mock(assert_all_called=False) as mock:
        route = mock.post(SEED_URLS["PK"])
        async with _client("PK", fake_sleep) as client:
            with pytest.raises(paypro.ValidationError) as info:
                await client.payins.create(
                    **{**PK_ARGS, "mobile": "12", "email": "x@yahoo.com", "amount": 50, "customer_cert": "1"},
                    payment_type="visa",
                    notifyUrl="https://x",
                )
    err = info.value
    assert set(err.fields) == {"mobile", "email", "amount", "customer_cert", "payment_type", "notifyUrl"}
    assert "did you mean notify_url" in str(err)
    assert "10 digits starting with 3" in str(err) and "gmail.com" in str(err)
    assert route.call_count == 0
    assert err.trade_no == PK_ARGS["trade_no"]
