"""Pakistan (``PK``): Easypaisa / JazzCash wallets and bank payouts, under its own ``/v1/payproPK/``.

Pages: https://docs.paypro.tech/guide/areas/pakistan/ (paypro-api.md §6.2; the Payment API page is
seed 003, whose reading wins over the page's other version). Rules differ per page: the H2H payment
takes ``3XXXXXXXXX`` or ``03XXXXXXXXX`` mobiles and an optional CNIC; the payment page needs a CNIC,
a remark and a ``3XXXXXXXXX`` mobile; emails must be gmail.com on the payment pages.
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
from ._rules import any_of, digits, email, gmail_only, one_of, pattern, whole_amount

__all__ = ["PROFILE"]

_PAYMENT_TYPES = one_of("easypaisa", "jazzcash")
_CNIC = digits(13)

PROFILE = RegionProfile(
    code="PK",
    name="Pakistan",
    operations={
        # Payment API (H2H), seed 003.
        "payin.create": Operation(
            "/v1/payproPK/payinApi",
            (
                trade_no(),
                # Why optional: seed 003 says "No"; a newer page version says "Yes". The seed wins,
                # and the gateway still gets it whenever the caller passes it.
                text("payment_type", "paymentType", _PAYMENT_TYPES, required=False),
                amount(whole_amount(minimum=100)),
                text("name", "name"),
                text("mobile", "mobile", any_of(digits(10, prefix="3"), digits(11, prefix="03"))),
                email_field(gmail_only()),
                # CNIC "13 digits - format XXXXXYYYYYYZ": the template has 12 letters; the count wins.
                text("customer_cert", "customerCert", _CNIC, required=False),
                remark(),
                text("cust_id", "custId", required=False),
                notify_url(),
            ),
        ),
        # PaymentPage API (hosted cashier).
        "cashier.create": Operation(
            "/v1/payproPK/payin",
            (
                trade_no(),
                text("payment_type", "paymentType", _PAYMENT_TYPES, required=False),
                # Same amount rule as the H2H page (no decimals, at least 100 PKR).
                amount(whole_amount(minimum=100)),
                text("name", "name"),
                text("mobile", "mobile", digits(10, prefix="3")),
                email_field(gmail_only()),
                text("customer_cert", "customerCert", _CNIC),
                remark(required=True),
                # The page requires custId when the amount exceeds 50,000 PKR: a cross-field rule the
                # gateway enforces; the SDK only checks fields one by one, so it stays optional here.
                text("cust_id", "custId", required=False),
                notify_url(),
                return_url(),
            ),
        ),
        "payin.query": query_op(
            "/v1/payproPK/queryPayInResult",
            inferred=True,
            note="Pakistan's Payment Query page is not published; path taken from its siblings.",
        ),
        # Payout API. Its example sends a 10-digit seconds timestamp; the SDK sends milliseconds as
        # every other page (and the field table) says.
        "payout.create": Operation(
            "/v1/payproPK/payout",
            (
                trade_no(),
                amount(whole_amount(minimum=1)),
                text("name", "name"),
                # Why both: the prose says "XXXXX-YYYYYY-Z" (dashes), the example sends 13 plain
                # digits; accept either, as sent.
                text(
                    "customer_cert",
                    "customerCert",
                    any_of(_CNIC, pattern(r"\d{5}-\d{7}-\d", "a CNIC as XXXXX-YYYYYYY-Z")),
                ),
                email_field(email()),
                text("mobile", "mobile", digits(10, prefix="3")),
                text("account_type", "accountType", one_of("BANK", "WALLET")),
                text("bank_name", "bankName"),
                text("bank_number", "bankNumber"),
                notify_url(),
                remark(required=True),
            ),
        ),
        "payout.query": query_op("/v1/payproPK/queryPayOutResult"),
        "balance": balance_op("/v1/payproPK/queryBalance"),
    },
    # Why this host: the newer page version publishes sandbox-api.paypro.tech; the older one
    # https://openapi-test.paypro.tech/pak-pay (sandbox merchant 4610351925). Pass base_url for it.
    sandbox_url="https://sandbox-api.paypro.tech/pak-pay",
    timezone="Asia/Karachi",
    docs="https://docs.paypro.tech/guide/areas/pakistan/",
)
