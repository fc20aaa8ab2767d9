"""Per-request work done once: cached profile plans, the shared JSON decoder, coercion fast paths.

Each cache must give the answers the uncached code gave, and a changed copy of a profile must never
reuse the original's plans.
"""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

import paypro_async as paypro
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
