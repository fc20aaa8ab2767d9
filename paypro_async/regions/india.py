"""India (``IN``): a hosted cashier and an H2H payment; payouts are not published.

Pages: https://docs.paypro.tech/guide/areas/india/ (paypro-api.md §6.11; the Payment Casher page is
seed 001). Both payment pages ask for a 10-digit mobile starting 6-9 without the ``91`` prefix, a
gmail.com email and the payer's IP address. Paypro publishes no sandbox host for India: pass
``base_url``.
"""

from __future__ import annotations

from ._common import (
    amount,
    balance_op,
    email_field,
    notify_url,
    query_op,
    remark,
    return_url,
    text,
    trade_no,
)
from ._profile import Field, Operation, RegionProfile
from ._rules import digits, gmail_only

__all__ = ["PROFILE"]

_INFERRED = "India's page is not published; path taken from the other /v1/paypro/ regions."

#: Seed 001's table. Why by the table: its own example sends "918234567890" and "123@qq.com",
#: which break the rules the same table states; the SDK validates by the rule.
_PAYMENT_FIELDS: tuple[Field, ...] = (
    trade_no(),
    amount(),  # "amounts with decimals are not recommended": advice, not a rule
    text("name", "name"),
    text("mobile", "mobile", digits(10, prefix=("6", "7", "8", "9"))),
    email_field(gmail_only()),
    text("ip_address", "ipAddress"),
    remark(),
    notify_url(),
    return_url(required=True),
)

PROFILE = RegionProfile(
    code="IN",
    name="India",
    operations={
        "payin.create": Operation("/v1/paypro/payinApi", _PAYMENT_FIELDS),
        "cashier.create": Operation("/v1/paypro/payin", _PAYMENT_FIELDS),
        "payin.query": query_op("/v1/paypro/queryPayInResult", inferred=True, note=_INFERRED),
        "payout.query": query_op("/v1/paypro/queryPayOutResult", inferred=True, note=_INFERRED),
        "balance": balance_op("/v1/paypro/queryBalance", inferred=True, note=_INFERRED),
    },
    sandbox_url=None,
    timezone="Asia/Kolkata",
    docs="https://docs.paypro.tech/guide/areas/india/",
)
