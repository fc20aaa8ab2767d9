"""Brazil (``BR``): PIX only; payins identified by the payer's CPF, payouts to any PIX key.

Every operation signs in both places: Paypro publishes two versions of the Brazil pages, one with
``sign`` in a request header (version A) and one with ``sign`` in the body (version B).
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
from ._profile import Operation, RegionProfile, SignPlacement
from ._rules import any_of, digits, one_of

# Why "both": version A of every Brazil page puts ``sign`` in a header, version B in the body. The
# same sign (over the same body fields) in both places satisfies either reading of the docs.
_SIGN_IN: SignPlacement = "both"

PROFILE = RegionProfile(
    code="BR",
    name="Brazil",
    operations={
        "payin.create": Operation(
            "/v1/paypro/payin",
            (
                trade_no(),
                amount(),
                text("name", "name"),
                text("identity_type", "identityType", one_of("CPF")),
                # Why 11: the rule says "CPF 11 digits" while the page's example sends 10 digits
                # ("2348937596"); a CPF has 11 digits, so the SDK follows the rule, not the example.
                text("user_identity", "userIdentity", digits(11)),
                notify_url(),
                return_url(),
                remark(required=True),
            ),
            sign_in=_SIGN_IN,  # header (version A) and body (version B): see _SIGN_IN
        ),
        "payout.create": Operation(
            "/v1/paypro/payout",
            (
                trade_no(),
                amount(),
                text("name", "name"),
                email_field(),
                text("mobile", "mobile"),
                # The PIX key type; ``bank_number`` is the key itself.
                text("bank_type", "bankType", one_of("CPF", "CNPJ", "EMAIL", "PHONE", "EVP")),
                text("bank_number", "bankNumber"),
                text("identity_type", "identityType", one_of("CPF", "CNPJ")),
                # A CPF has 11 digits, a CNPJ 14.
                text("user_identity", "userIdentity", any_of(digits(11), digits(14))),
                notify_url(),
                remark(required=True),
            ),
            sign_in=_SIGN_IN,  # header (version A) and body (version B): see _SIGN_IN
        ),
        # header (version A) and body (version B): see _SIGN_IN
        "payin.query": query_op("/v1/paypro/queryPayInResult", sign_in=_SIGN_IN),
        "payout.query": query_op("/v1/paypro/queryPayOutResult", sign_in=_SIGN_IN),
        "balance": balance_op("/v1/paypro/queryBalance", sign_in=_SIGN_IN),
    },
    sandbox_url="https://sandbox-api.paypro.tech/brz-pay",
    timezone="America/Sao_Paulo",
    docs="https://docs.paypro.tech/guide/areas/brazil/",
)
