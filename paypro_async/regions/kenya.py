"""Kenya (``KE``): M-PESA payins (STK push or cashier) and payouts, on the ``/api/...`` path family.

Kenya differs from every other region: paths live under ``/api/``, the two queries send no
``timestamp``, responses carry ``serialNumber`` (handled by the default aliases), notifications are
unsigned, and an extra M-PESA code query exists. The balance path and sandbox host are unpublished.
"""

from __future__ import annotations

from ._common import amount, balance_op, notify_url, query_op, remark, text, trade_no
from ._profile import Operation, RegionProfile
from ._rules import digits, whole_amount

PROFILE = RegionProfile(
    code="KE",
    name="Kenya",
    operations={
        "payin.create": Operation(
            "/api/payin",
            (
                trade_no(),
                # "Recommended > 50" is advice, not enforced (example: "3"); "integers only" is.
                amount(whole_amount()),
                # No format rule on the payin page ("the mobile number is the account number").
                text("mobile", "mobile"),
                remark(),
                notify_url(),
            ),
        ),
        "cashier.create": Operation(
            "/api/payinConsole",
            (
                trade_no(),
                # Why no minimum: this page says "> 50", the payin page only recommends it and the
                # payout example sends exactly "50"; the gateway enforces its own floor.
                amount(whole_amount()),
                remark(),
                notify_url(),
            ),
        ),
        "payout.create": Operation(
            "/api/payout",
            (
                trade_no(),
                # Why no minimum: the table says "> KSH 50" but the page's own example sends "50";
                # enforcing "> 50" would reject the example, so only "integer" is checked.
                amount(whole_amount()),
                text("mobile", "mobile", digits(12, prefix=("2541", "2547"))),
                remark(),
                # Optional on this page only (the example sends none).
                notify_url(required=False),
            ),
        ),
        # Kenya's queries send tradeNo + sign only: no timestamp.
        "payin.query": query_op("/api/queryPayinResult", timestamp=False),
        "payout.query": query_op("/api/queryPayOutResult", timestamp=False),
        "payin.query_by_code": Operation(
            "/api/queryResultByCode",
            # The M-PESA transaction code, e.g. SHL2A6WAQU.
            (text("code", "code"),),
        ),
        "balance": balance_op(
            "/api/queryBalance",
            inferred=True,
            note="inferred from Kenya's /api/ family and the common queryBalance (unpublished)",
        ),
    },
    sandbox_url=None,
    timezone="Africa/Nairobi",
    docs="https://docs.paypro.tech/guide/areas/kenya/",
)
