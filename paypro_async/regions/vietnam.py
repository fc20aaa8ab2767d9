"""Vietnam (``VN``): VietQR payins and bank payouts under the region's own ``/v1/payproVN/`` prefix.

Only the payment and payout pages are published (Vietnam left Paypro's menu after v1); the query and
balance paths are inferred from the prefix and the common ``/v1/paypro/`` names, and marked so.
Amounts are whole VND, at least 50,000.
"""

from __future__ import annotations

from ._common import amount, balance_op, notify_url, query_op, remark, text, trade_no
from ._profile import Operation, RegionProfile
from ._rules import one_of, pattern, whole_amount

_INFERRED = "inferred from the /v1/payproVN/ prefix and the common /v1/paypro/ names (unpublished)"

PROFILE = RegionProfile(
    code="VN",
    name="Vietnam",
    operations={
        "payin.create": Operation(
            "/v1/payproVN/payin",
            (
                trade_no(),
                amount(whole_amount(minimum=50000)),
                text("bank_name", "bankName", one_of("VietQR")),
                remark(),
                notify_url(),
            ),
        ),
        "payout.create": Operation(
            "/v1/payproVN/payout",
            (
                trade_no(),
                amount(whole_amount(minimum=50000)),
                text(
                    "account_name",
                    "accountName",
                    pattern(r"[A-Za-z ]+", "English letters only, no Vietnamese diacritics"),
                ),
                # From "supported banks for Vietnam payout" (e.g. ACB); the list is unpublished.
                text("bank_name", "bankName"),
                text("bank_number", "bankNumber"),
                notify_url(),
                remark(),
            ),
        ),
        "payin.query": query_op("/v1/payproVN/queryPayInResult", inferred=True, note=_INFERRED),
        "payout.query": query_op("/v1/payproVN/queryPayOutResult", inferred=True, note=_INFERRED),
        "balance": balance_op("/v1/payproVN/queryBalance", inferred=True, note=_INFERRED),
    },
    sandbox_url="https://openapi-test.paypro.tech/vietnam-pay",
    timezone="Asia/Ho_Chi_Minh",
    docs="https://docs.paypro.tech/guide/areas/vietnam/",
)
