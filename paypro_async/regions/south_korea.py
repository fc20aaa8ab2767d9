"""South Korea (``KR``): a hosted payment page, an H2H payment and bank payouts.

Pages: https://docs.paypro.tech/guide/areas/SouthKorea/ (folder spelled with capital S and K;
paypro-api.md §6.12; the H2H Payment API page is seed 000, whose response carries the link as
``payInfo``). The payment page asks for a terminal ``sub_merchant_no``, the payer's real name, an
11-digit mobile starting ``0`` and IP address (at most 10 orders and 3 successes per IP a day).
Paypro publishes no sandbox host for South Korea: pass ``base_url``.
"""

from __future__ import annotations

from ._common import (
    amount,
    balance_op,
    email_field,
    notify_url,
    query_op,
    remark,
    text,
    trade_no,
)
from ._profile import Operation, RegionProfile
from ._rules import digits, pattern, whole_amount

__all__ = ["PROFILE"]

_INFERRED = "South Korea's page is not published; path taken from the other /v1/paypro/ regions."

PROFILE = RegionProfile(
    code="KR",
    name="South Korea",
    operations={
        # Payment API (H2H), seed 000.
        "payin.create": Operation(
            "/v1/paypro/payIn",
            (
                trade_no(),
                # The example sends a JSON number although the table says string; the SDK sends a
                # string, as the table says. No amount rule on this page.
                amount(),
                text("username", "username"),
                # Why no format rule: the page states none and its example ("6281245907765") is an
                # Indonesian number copied from another region.
                text("mobile", "mobile"),
                email_field(),
                remark(),
                # Why required: the table says "Yes" while its text says a default page is used when
                # it is absent; the table wins.
                notify_url(),
            ),
        ),
        # PaymentPage API (hosted page). The rest of its table was not available to us.
        "cashier.create": Operation(
            "/v1/paypro/paymentLink",
            (
                trade_no(),
                text("sub_merchant_no", "subMerchantNo"),
                amount(whole_amount()),  # "integer only"
                text("mobile", "mobile", digits(11, prefix="0")),
                text("firstname", "firstname"),
                text("lastname", "lastname"),
                email_field(),
                text("channel_code", "channelCode"),
                text("way_code", "wayCode"),
                text("ip_address", "ipAddress"),
                # Required by the gateway only when way_code is VA (payer aged 18-59): cross-field.
                text(
                    "date_of_birth",
                    "dateOfBirth",
                    pattern(r"\d{4}-\d{2}-\d{2}", "a date as YYYY-MM-DD"),
                    required=False,
                ),
                remark(),
                notify_url(),
            ),
        ),
        "payin.query": query_op("/v1/paypro/queryPayInResult", inferred=True, note=_INFERRED),
        "payout.create": Operation(
            "/v1/paypro/payOut",
            (
                trade_no(),
                amount(),  # the page states no amount rule
                text("bank_code", "bankCode"),  # Disbursement Bank Codes, e.g. 0001
                text("bank_account_no", "bankAccountNo"),
                text("customer_name", "customerName"),
                text("mobile", "mobile"),  # no format rule on this page
                email_field(),
                notify_url(),
                remark(),
            ),
        ),
        "payout.query": query_op("/v1/paypro/queryPayOutResult", inferred=True, note=_INFERRED),
        "balance": balance_op("/v1/paypro/queryBalance"),
    },
    sandbox_url=None,
    timezone="Asia/Seoul",
    docs="https://docs.paypro.tech/guide/areas/SouthKorea/",
)
