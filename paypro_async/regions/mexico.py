"""Mexico (``MX``): convenience-store and CLABE (VA) payins, SPEI payouts.

Pages: https://docs.paypro.tech/guide/areas/mexico/ (paypro-api.md §6.8; the PaymentPage API page is
seed 002). Payin ``way_code`` is ``store`` or ``va``; payouts name the bank in ``way_code`` and the
account kind in ``customer_account_type``. Query responses spell the platform number
``payproTradeNo`` and balances ``availablAmount``; the default aliases already read both.
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
from ._rules import email, one_of, whole_amount

__all__ = ["PROFILE"]

_WAY_CODES = one_of("store", "va")


def _payin_fields(*, way_code_required: bool) -> tuple[Field, ...]:
    return (
        trade_no(),
        amount(whole_amount()),  # "no decimal support"
        text("mobile", "mobile", required=False),
        email_field(required=False),
        text("payer", "payer", required=False),
        text("way_code", "wayCode", _WAY_CODES, required=way_code_required),
        notify_url(),
        return_url(),
        remark(),
    )


PROFILE = RegionProfile(
    code="MX",
    name="Mexico",
    operations={
        # Payment API (H2H, no hosted page): the payer picks nothing, so wayCode is required.
        "payin.create": Operation("/v1/paypro/payInApi", _payin_fields(way_code_required=True)),
        # PaymentPage API, seed 002: everything about the payer is optional.
        "cashier.create": Operation("/v1/paypro/paymentLink", _payin_fields(way_code_required=False)),
        "payin.query": query_op("/v1/paypro/queryPayInResult"),
        "payout.create": Operation(
            "/v1/paypro/payOut",
            (
                trade_no(),
                text("way_code", "wayCode"),  # a bank code from the bank list, e.g. BANXICO
                amount(whole_amount()),
                text("customer_name", "customerName"),
                text("customer_mobile", "customerMobile", required=False),
                text("customer_email", "customerEmail", email(), required=False),
                text("customer_account_type", "customerAccountType", one_of("DebitCard", "CLABE")),
                text("customer_account", "customerAccount"),
                text("identity", "identity", required=False),
                # Why optional: the table says "Yes" but its text says the back-office URL is used when
                # it is absent; validation never rejects what the docs allow, so the gateway decides.
                notify_url(required=False),
                remark(),
            ),
        ),
        "payout.query": query_op("/v1/paypro/queryPayOutResult"),
        "balance": balance_op("/v1/paypro/queryBalance"),
    },
    sandbox_url="https://openapi-sa-test.paypro.tech/mex-pay",
    timezone="America/Mexico_City",
    docs="https://docs.paypro.tech/guide/areas/mexico/",
)
