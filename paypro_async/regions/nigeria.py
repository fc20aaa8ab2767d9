"""Nigeria (``NG``): e-wallet (PalmPay) and virtual-account payins chosen by ``channelCode``.

The payout page is in Paypro's menu but its fields are unpublished, so ``payout.create`` is not
declared (calling it raises :class:`~paypro_async.UnsupportedOperationError`; a caller who has the
fields can ``register`` a profile ``with_operation``). The payout query and balance pages are
published; the payment query path is inferred. The sandbox host is unpublished.
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
from ._rules import one_of

PROFILE = RegionProfile(
    code="NG",
    name="Nigeria",
    operations={
        "payin.create": Operation(
            "/v1/paypro/payIn",
            (
                trade_no(),
                amount(),
                text("username", "username"),
                # No format is stated (the example sends "15875595997").
                text("mobile", "mobile"),
                email_field(),
                text("channel_code", "channelCode", one_of("EWALLET", "VA")),
                # EWALLET -> PALMPAY, VA -> VA.
                text("way_code", "wayCode", one_of("PALMPAY", "VA"), required=False),
                notify_url(),
                return_url(),
                remark(),
            ),
        ),
        "payin.query": query_op(
            "/v1/paypro/queryPayInResult",
            inferred=True,
            note="inferred from the common /v1/paypro/queryPayInResult (unpublished)",
        ),
        "payout.query": query_op("/v1/paypro/queryPayOutResult"),
        "balance": balance_op("/v1/paypro/queryBalance"),
    },
    sandbox_url=None,
    timezone="Africa/Lagos",
    docs="https://docs.paypro.tech/guide/areas/nigeria/",
)
