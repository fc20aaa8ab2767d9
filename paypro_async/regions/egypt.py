"""Egypt (``EG``): wallet payins by mobile number and wallet payouts, whole EGP 100 to 10,000.

Payment, payout and both query pages are published; the balance path is inferred from the common
``/v1/paypro/`` family. The sandbox host is unpublished.
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
from ._profile import Operation, RegionProfile
from ._rules import digits, whole_amount

PROFILE = RegionProfile(
    code="EG",
    name="Egypt",
    operations={
        "payin.create": Operation(
            "/v1/paypro/payIn",
            (
                trade_no(),
                text("payer", "payer"),
                amount(whole_amount(minimum=100, maximum=10000)),
                remark(required=True),
                text(
                    "mobile",
                    "mobile",
                    digits(
                        11,
                        prefix=("010", "011", "012", "013", "014", "015", "016", "017", "018"),
                    ),
                ),
                email_field(),
                notify_url(),
                # The "casher jump url".
                return_url(),
            ),
        ),
        "payout.create": Operation(
            "/v1/paypro/payOut",
            (
                trade_no(),
                text("customer_name", "customerName"),
                amount(whole_amount(minimum=100, maximum=10000)),
                remark(required=True),
                # The receiving wallet (the example is an 11-digit mobile); no format is stated.
                text("wallet_id", "walletId"),
                notify_url(),
            ),
        ),
        "payin.query": query_op("/v1/paypro/queryPayInResult"),
        "payout.query": query_op("/v1/paypro/queryPayOutResult"),
        "balance": balance_op(
            "/v1/paypro/queryBalance",
            inferred=True,
            note="inferred from the common /v1/paypro/queryBalance (unpublished)",
        ),
    },
    sandbox_url=None,
    timezone="Africa/Cairo",
    docs="https://docs.paypro.tech/guide/areas/egypt/",
)
