"""Typed, frozen results. Every model keeps ``raw``: the whole decoded body, unknown fields included."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs

__all__ = [
    "NOTIFY_ACK",
    "AccountVerification",
    "Balance",
    "Notification",
    "Payment",
    "PaymentDetails",
    "PaymentStatus",
    "Submission",
    "Voucher",
]

#: What the merchant's notify endpoint must answer, as plain text (not "success").
NOTIFY_ACK = "OK"


class PaymentStatus(str, enum.Enum):
    """The business outcome in ``data.status`` (or a notification's ``status``)."""

    SUCCESS = "success"  # "0000"
    PROCESSING = "processing"  # "0015"
    PARTIAL = "partial"  # "0001": payin paid in part; ``amount`` is what was paid
    FAILED = "failed"  # any other code

    @classmethod
    def from_code(cls, code: str | None) -> PaymentStatus:
        """Map a raw status code to a status.

        A missing code means the gateway accepted the request without an outcome yet, so it reads as
        ``PROCESSING`` (query later) rather than ``FAILED`` (which could make a merchant re-pay).
        """
        if code is None:
            return cls.PROCESSING
        return _CODES.get(code, cls.FAILED)

    @property
    def is_final(self) -> bool:
        """True for SUCCESS, PARTIAL and FAILED: the order will not change by itself."""
        return self is not PaymentStatus.PROCESSING


_CODES = {
    "0000": PaymentStatus.SUCCESS,
    "0015": PaymentStatus.PROCESSING,
    "0001": PaymentStatus.PARTIAL,
}

_raw: Any = attrs.field(repr=False, eq=False, factory=dict)


@attrs.frozen
class Payment:
    """A created payin, cashier order or payout (``client.payins.create`` and friends)."""

    trade_no: str
    status: PaymentStatus
    status_code: str | None = None
    platform_trade_no: str | None = None
    payment_url: str | None = None
    message: str | None = None
    remark: str | None = None
    serial_number: str | None = None
    raw: Mapping[str, Any] = _raw


@attrs.frozen
class PaymentDetails:
    """A payin or payout as a query reports it (``client.payins.retrieve`` / ``payouts.retrieve``)."""

    trade_no: str
    status: PaymentStatus
    status_code: str | None = None
    platform_trade_no: str | None = None
    message: str | None = None
    amount: Decimal | None = None
    received_amount: Decimal | None = None
    order_amount: Decimal | None = None
    pay_amount: Decimal | None = None
    success_time: datetime | None = None
    create_time: datetime | None = None
    channel_code: str | None = None
    way_code: str | None = None
    remark: str | None = None
    raw: Mapping[str, Any] = _raw


@attrs.frozen
class Balance:
    """The merchant's balance (``client.balance.retrieve``)."""

    available: Decimal | None = None
    frozen: Decimal | None = None
    unsettled: Decimal | None = None
    raw: Mapping[str, Any] = _raw


@attrs.frozen
class Notification:
    """A verified payin or payout result that Paypro POSTed to ``notifyUrl``.

    The payload does not say whether it is a payin or a payout: look up ``trade_no``.
    ``signed`` is False only for a payload accepted with ``allow_unsigned=True`` (Kenya).
    """

    trade_no: str
    status: PaymentStatus
    status_code: str | None = None
    platform_trade_no: str | None = None
    message: str | None = None
    amount: Decimal | None = None
    success_time: datetime | None = None
    channel_code: str | None = None
    way_code: str | None = None
    utr: str | None = None
    remark: str | None = None
    timestamp: str | None = None
    signed: bool = True
    raw: Mapping[str, Any] = _raw


@attrs.frozen
class AccountVerification:
    """A verified bank account (Indonesia ``client.accounts.verify``)."""

    bank_account_no: str | None = None
    bank_account_name: str | None = None
    raw: Mapping[str, Any] = _raw


@attrs.frozen
class Voucher:
    """A payment voucher PDF (Indonesia ``client.payins.voucher``)."""

    url: str | None = None
    message: str | None = None
    raw: Mapping[str, Any] = _raw


@attrs.frozen
class Submission:
    """An accepted payin submission (Bangladesh ``client.payins.submit``): wait for the notify."""

    platform_trade_no: str
    status_code: str | None = None
    message: str | None = None
    raw: Mapping[str, Any] = _raw
