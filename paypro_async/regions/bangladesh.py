"""Bangladesh (``BD``): bKash / Nagad wallet payins, a transaction-id submit step, wallet payouts.

Pages: https://docs.paypro.tech/guide/areas/bangladesh/ (newer menu) and the older ``bengal`` folder
(paypro-api.md §6.9; the Bengal Payment API page is seed 004). Its create response names the
platform number ``kiliTradeNo``; the default aliases read it. Paypro publishes no sandbox host for
Bangladesh: pass ``base_url``.
"""

from __future__ import annotations

from ._common import amount, balance_op, notify_url, query_op, remark, return_url, text, trade_no
from ._profile import Operation, RegionProfile
from ._rules import one_of

__all__ = ["PROFILE"]

_INFERRED = "Bangladesh's page is not published; path taken from the other /v1/paypro/ regions."

PROFILE = RegionProfile(
    code="BD",
    name="Bangladesh",
    operations={
        # Payment API, seed 004.
        "payin.create": Operation(
            "/v1/paypro/payin",
            (
                trade_no(),
                amount(),  # the page states no amount rule
                # Why all four: the Bengal page (seed 004) and every example use EWALLET_BKASH /
                # EWALLET_NAGAD; the newer Bangladesh page lists BKASH / NAGAD. Accept both spellings.
                text(
                    "way_code",
                    "wayCode",
                    one_of("EWALLET_BKASH", "EWALLET_NAGAD", "BKASH", "NAGAD"),
                ),
                remark(),
                notify_url(),
                return_url(),
            ),
        ),
        # Payment Submit API (newer page): the payer's wallet transaction id for an H2H payin.
        "payin.submit": Operation(
            "/v1/paypro/payinSubmit",
            (
                text("platform_trade_no", "platFormTradeNo"),
                text("trx_id", "trxId"),
            ),
        ),
        "payin.query": query_op("/v1/paypro/queryPayInResult"),
        "payout.create": Operation(
            "/v1/paypro/payout",
            (
                trade_no(),
                amount(),  # the page states no amount rule
                text("wallet_id", "walletId"),
                text("way_code", "wayCode", one_of("EWALLET_BKASH", "EWALLET_ROCKET", "EWALLET_NAGAD")),
                notify_url(),
                remark(),
            ),
        ),
        "payout.query": query_op("/v1/paypro/queryPayOutResult", inferred=True, note=_INFERRED),
        "balance": balance_op("/v1/paypro/queryBalance", inferred=True, note=_INFERRED),
    },
    sandbox_url=None,
    timezone="Asia/Dhaka",
    docs="https://docs.paypro.tech/guide/areas/bangladesh/",
)
