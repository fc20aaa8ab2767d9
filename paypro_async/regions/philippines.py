"""Philippines (``PH``): e-wallet, QR and bank payins chosen by ``payType``; payouts by bank code.

The payment, cashier, payout and balance pages are published; the two query paths are inferred from
the common ``/v1/paypro/`` family. The sandbox host is unpublished.
"""

from __future__ import annotations

from ._common import (
    amount,
    balance_op,
    notify_url,
    query_op,
    remark,
    return_url,
    text,
    trade_no,
)
from ._profile import Operation, RegionProfile
from ._rules import one_of

_INFERRED = "inferred from the common /v1/paypro/ query paths (unpublished)"

#: The ``payType`` names the Payment API page lists: e-wallets, "Modify QR" and banks.
PAY_TYPES = (
    "GCash",
    "GrabPay",
    "Maya",
    "QRPH",
    "GCash QR",
    "Maya QR",
    "Gotyme QR",
    "UnionBank",
    "BPI",
    "RCBC",
)

PROFILE = RegionProfile(
    code="PH",
    name="Philippines",
    operations={
        "payin.create": Operation(
            "/v1/paypro/payIn",
            (
                trade_no(),
                # "Decimals not recommended" is advice, not a rule: plain amount.
                amount(),
                text("pay_type", "payType", one_of(*PAY_TYPES)),
                remark(),
                notify_url(),
                return_url(required=True),
            ),
        ),
        "cashier.create": Operation(
            "/v1/paypro/paymentLink",
            (
                trade_no(),
                amount(),
                # Why no one_of: the Casher page has the Payment API's fields, but its example sends
                # "payType":"3", a numeric code outside the name list. Checking the list would
                # reject the page's own example, so the cashier accepts any non-empty payType.
                text("pay_type", "payType"),
                remark(),
                notify_url(),
                return_url(required=True),
            ),
        ),
        "payout.create": Operation(
            "/v1/paypro/payOut",
            (
                trade_no(),
                amount(),
                text("account_name", "accountName"),
                # The "bank code" column of the bank list (e.g. Maya).
                text("bank_name", "bankName"),
                # An account number or the recipient's phone number.
                text("bank_number", "bankNumber"),
                notify_url(),
                remark(),
            ),
        ),
        "payin.query": query_op("/v1/paypro/queryPayInResult", inferred=True, note=_INFERRED),
        "payout.query": query_op("/v1/paypro/queryPayOutResult", inferred=True, note=_INFERRED),
        "balance": balance_op("/v1/paypro/queryBalance"),
    },
    sandbox_url=None,
    timezone="Asia/Manila",
    docs="https://docs.paypro.tech/guide/areas/philippines/",
)
