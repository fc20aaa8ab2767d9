"""Indonesia (``ID``): QRIS / e-wallet / VA payins, bank payouts, account verification and vouchers.

Pages: https://docs.paypro.tech/guide/areas/indonesia/ (paypro-api.md §6.1). Mobiles start ``08`` or
``628`` (10 to 13 digits); amounts are typed float but take no decimals. Balances come back as
``availablAmount`` (sic); the default aliases read it. Region extras: ``account.verify`` (a bank
account's holder name) and ``payin.voucher`` (a PDF proof of payment, signed in a header).
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
from ._rules import digits, one_of, whole_amount

__all__ = ["PROFILE"]

_MOBILE = digits((10, 13), prefix=("08", "628"))

PROFILE = RegionProfile(
    code="ID",
    name="Indonesia",
    operations={
        "payin.create": Operation(
            "/v1/paypro/payIn",
            (
                trade_no(),
                text("username", "username"),
                text("mobile", "mobile", _MOBILE),
                email_field(),
                # Values from the WayCode appendix (not published in full): no list to check against.
                text("channel_code", "channelCode"),
                text("way_code", "wayCode", required=False),
                # Why whole: typed "float" but "does not support decimals"; the rule wins.
                amount(whole_amount()),
                notify_url(),
                return_url(),
                remark(),
            ),
        ),
        # Payment Cashier: channel_code narrows the page to one method (all shown when omitted).
        "cashier.create": Operation(
            "/v1/paypro/paymentLink",
            (
                trade_no(),
                amount(whole_amount()),
                text("mobile", "mobile", _MOBILE),
                email_field(),
                text("username", "username"),
                text("channel_code", "channelCode", one_of("QRIS", "EWALLET", "VA"), required=False),
                # Only meaningful together with channel_code: a cross-field rule left to the gateway.
                text("way_code", "wayCode", required=False),
                notify_url(),
                return_url(),
                # Not in the table, but the page's response echoes a remark ("11111"): accepted.
                remark(),
            ),
        ),
        "payin.query": query_op("/v1/paypro/queryPayInResult"),
        "payout.create": Operation(
            "/v1/paypro/payOut",
            (
                trade_no(),
                amount(whole_amount()),
                text("customer_name", "customerName"),
                text("mobile", "mobile", _MOBILE),
                email_field(),
                text("bank_account_no", "bankAccountNo"),
                text("bank_code", "bankCode"),  # bank list appendix, e.g. 0002
                notify_url(),
                remark(),
            ),
        ),
        "payout.query": query_op("/v1/paypro/queryPayOutResult"),
        "balance": balance_op("/v1/paypro/queryBalance"),
        # Account Verify: code "0000" means the account exists; data carries the holder's name.
        "account.verify": Operation(
            "/v1/paypro/accountVerify",
            (
                text("bank_account_no", "bankAccountNo"),
                text("bank_code", "bankCode"),
            ),
        ),
        # Proof: the page describes its tradeNo as the "Paypro transaction number" although every
        # other page uses tradeNo for the merchant's number; sent as given under tradeNo.
        "payin.voucher": Operation(
            "/v1/paypro/indonesia/query/voucher",
            (trade_no(),),
            sign_in="header",
        ),
    },
    sandbox_url="https://openapi-test.paypro.tech/indonesia-pay",
    timezone="Asia/Jakarta",
    docs="https://docs.paypro.tech/guide/areas/indonesia/",
)
