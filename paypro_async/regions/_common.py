"""Building blocks shared by the region modules: the fields and operations every page repeats."""

from __future__ import annotations

from ._profile import Field, Operation, SignPlacement
from ._rules import Rule, email, max_length

__all__ = [
    "amount",
    "balance_op",
    "email_field",
    "notify_url",
    "query_op",
    "remark",
    "return_url",
    "text",
    "trade_no",
]

#: Paypro suggests yyyyMMddHHmmss + random digits; a white-label copy of its docs caps it at 32.
TRADE_NO_RULES = (max_length(64),)


def text(name: str, wire: str, *rules: Rule, required: bool = True) -> Field:
    """A string field."""
    return Field(name, wire, required=required, rules=rules)


def trade_no(wire: str = "tradeNo") -> Field:
    """The merchant's unique order number."""
    return Field("trade_no", wire, required=True, rules=TRADE_NO_RULES)


def amount(*rules: Rule, required: bool = True) -> Field:
    """The amount: sent as a string, never a float."""
    return Field("amount", "amount", required=required, rules=rules, amount=True)


def notify_url(*, required: bool = True) -> Field:
    """The asynchronous callback URL (``notifyUrl``)."""
    return Field("notify_url", "notifyUrl", required=required)


def return_url(*, required: bool = False) -> Field:
    """The page the payer returns to (``returnUrl``)."""
    return Field("return_url", "returnUrl", required=required)


def remark(*, required: bool = False) -> Field:
    """Free text echoed back in responses and notifications."""
    return Field("remark", "remark", required=required)


def email_field(*rules: Rule, required: bool = True) -> Field:
    """The payer's email; ``rules`` replace the plain address check (e.g. ``gmail_only()``)."""
    return Field("email", "email", required=required, rules=rules or (email(),))


def query_op(
    path: str,
    *,
    inferred: bool = False,
    timestamp: bool = True,
    sign_in: SignPlacement = "body",
    note: str = "",
) -> Operation:
    """A payment or payout query: ``tradeNo`` (+ ``timestamp``) + ``sign``."""
    return Operation(path, (trade_no(),), inferred=inferred, timestamp=timestamp, sign_in=sign_in, note=note)


def balance_op(
    path: str, *, inferred: bool = False, sign_in: SignPlacement = "body", note: str = ""
) -> Operation:
    """The balance inquiry: ``timestamp`` + ``sign`` only."""
    return Operation(path, (), inferred=inferred, sign_in=sign_in, note=note)
