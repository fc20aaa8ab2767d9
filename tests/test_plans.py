"""Per-request work done once: cached profile plans, the shared JSON decoder, coercion fast paths.

Each cache must give the answers the uncached code gave, and a changed copy of a profile must never
reuse the original's plans.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import attrs
import pytest

import paypro_async as paypro
from paypro_async._convert import decode_json, structure
from paypro_async._models import Payment, PaymentDetails
from paypro_async.regions import Field

PAYIN = {
    "trade_no": "T1",
    "amount": 10000,
    "name": "Ali Raza",
    "mobile": "3115112345",
    "email": "ali@gmail.com",
    "notify_url": "https://shop.example/paypro/notify",
}


def test_with_field_copy_validates_with_its_own_rules() -> None:
    pk = paypro.regions.get("PK")
    args = {**PAYIN, "mobile": "not-a-number"}
    with pytest.raises(paypro.ValidationError, match="mobile"):
        pk.operation("payin.create").build_body(args, context="PK payin.create")
    lax = pk.with_field("payin.create", "mobile", rules=())
    assert lax.operation("payin.create").build_body(args, context="PK")["mobile"] == "not-a-number"
    with pytest.raises(paypro.ValidationError, match="mobile"):  # the original is unchanged
        pk.operation("payin.create").build_body(args, context="PK payin.create")


def test_with_operation_copy_knows_its_own_field_names() -> None:
    pk = paypro.regions.get("PK")
    op = pk.operation("payin.create")
    args = {**PAYIN, "channel": "web"}
    with pytest.raises(paypro.ValidationError, match=r"channel: is not a field of PK payin\.create"):
        op.build_body(args, context="PK payin.create")
    wider = pk.with_operation("payin.create", attrs.evolve(op, fields=(*op.fields, Field("channel", "chan"))))
    assert wider.operation("payin.create").build_body(args, context="PK")["chan"] == "web"
    with pytest.raises(paypro.ValidationError, match=r"channel: is not a field of PK payin\.create"):
        pk.operation("payin.create").build_body(args, context="PK payin.create")


def test_unknown_argument_error_lists_known_fields_and_hint() -> None:
    op = paypro.regions.get("PK").operation("payin.create")
    with pytest.raises(paypro.ValidationError) as info:
        op.build_body({**PAYIN, "notifyUrl": "x", "bogus": 1}, context="PK payin.create")
    known = "amount, cust_id, customer_cert, email, mobile, name, notify_url, payment_type, remark, trade_no"
    assert str(info.value) == (
        f"2 invalid fields for PK payin.create: notifyUrl: is not a field of PK payin.create ({known})"
        f"; did you mean notify_url?; bogus: is not a field of PK payin.create ({known})"
    )


def _payment(profile: paypro.regions.RegionProfile, data: dict[str, Any]) -> Payment:
    return structure(Payment, data, profile=profile, raw=data, defaults={"trade_no": "T1"})


def test_spellings_are_cached_per_profile_and_keep_their_order() -> None:
    pk = paypro.regions.get("PK")
    first = pk.spellings("platform_trade_no")
    assert first == ("platFormTradeNo", "kiliTradeNo", "payproTradeNo", "platformTradeNo")
    assert pk.spellings("platform_trade_no") is first
    assert pk.spellings("not_an_attribute") == ()


def test_changed_aliases_do_not_reuse_the_originals_plan() -> None:
    pk = paypro.regions.get("PK")
    data = {"platFormTradeNo": "default-spelling", "orderId": "own-spelling", "status": "0015"}
    assert _payment(pk, data).platform_trade_no == "default-spelling"  # warms pk's plan
    own = attrs.evolve(pk, aliases={"platform_trade_no": ("orderId",)})
    assert own.spellings("platform_trade_no")[0] == "orderId"
    assert _payment(own, data).platform_trade_no == "own-spelling"
    assert _payment(pk, data).platform_trade_no == "default-spelling"


def test_changed_timezone_does_not_reuse_the_originals_plan() -> None:
    pk = paypro.regions.get("PK")
    data = {"tradeNo": "T1", "status": "0000", "successTime": "2026-01-02 03:04:05"}
    details = structure(PaymentDetails, data, profile=pk, raw=data)
    utc = attrs.evolve(pk, timezone="UTC")
    moved = structure(PaymentDetails, data, profile=utc, raw=data)
    assert details.success_time is not None and moved.success_time is not None
    assert str(details.success_time.tzinfo) == "Asia/Karachi"
    assert str(moved.success_time.tzinfo) == "UTC"


def test_a_plan_that_cannot_be_built_is_not_cached() -> None:
    nowhere = attrs.evolve(paypro.regions.get("PK"), timezone="Nowhere/Atlantis")
    for _ in range(2):  # the same error every time, never a half-built plan
        with pytest.raises(RuntimeError, match="Nowhere/Atlantis"):
            _payment(nowhere, {"status": "0015"})


def test_with_path_copy_keeps_reading_responses_the_same_way() -> None:
    pk = paypro.regions.get("PK")
    data = {"platFormTradeNo": "P1", "status": 15}
    before = _payment(pk, data)
    moved = pk.with_path("payin.query", "/v1/payproPK/queryPayinResult")
    assert moved.operation("payin.query").path == "/v1/payproPK/queryPayinResult"
    assert pk.operation("payin.query").path == "/v1/payproPK/queryPayInResult"
    assert _payment(moved, data) == before
    assert before.status_code == "0015"


@pytest.mark.parametrize(
    ("value", "text", "problem"),
    [
        (10000, "10000", None),
        (1, "1", None),
        (0, None, "must be greater than 0"),
        (-5, None, "must be greater than 0"),
        (True, None, "must be an int, Decimal or numeric string (never a float: money)"),
        (Decimal("100.50"), "100.5", None),
        ("250", "250", None),
    ],
)
def test_amount_coercion(value: object, text: str | None, problem: str | None) -> None:
    assert Field("amount", "amount", amount=True).coerce(value) == (text, problem)


@pytest.mark.parametrize(
    "text",
    [
        b'{"amount": 10.50, "n": 3}',
        bytearray(b'{"a": [1, 2.0]}'),
        '{"a": 1.25}',
        b"\xef\xbb\xbf" + b'{"bom": 1.5}',  # UTF-8 BOM in bytes: decoded as json.loads does
        '{"u": "\\u00e9"}'.encode("utf-16"),
        '{"u": "x"}'.encode("utf-32-le"),
    ],
)
def test_decode_json_matches_json_loads(text: str | bytes) -> None:
    assert decode_json(text) == json.loads(text, parse_float=Decimal)
    assert all(not isinstance(v, float) for v in decode_json(text).values())


@pytest.mark.parametrize("text", ["\ufeff{}", "{} x", "", b"\x00", 12])
def test_decode_json_fails_as_json_loads_fails(text: Any) -> None:
    with pytest.raises((ValueError, TypeError)) as expected:
        json.loads(text, parse_float=Decimal)
    with pytest.raises(type(expected.value)) as got:
        decode_json(text)
    assert str(got.value) == str(expected.value)
