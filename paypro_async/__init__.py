"""paypro-async: the async, typed Python SDK for the Paypro payment gateway.

::

    import paypro_async as paypro

    async with paypro.PayproClient(merchant_no="...", app_secret="...", region="PK") as client:
        payin = await client.payins.create(trade_no="...", amount=10000, ...)
"""

from typing import TYPE_CHECKING, Any

from . import regions
from ._bulk import BulkProgress, Outcome
from ._client import DEFAULT_TIMEOUT, PayproClient
from ._errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    FieldError,
    OutcomeUnknownError,
    PayproError,
    ResponseFormatError,
    SignatureError,
    UnsupportedOperationError,
    ValidationError,
)
from ._http import Backoff
from ._models import (
    NOTIFY_ACK,
    AccountVerification,
    Balance,
    Notification,
    Payment,
    PaymentDetails,
    PaymentStatus,
    Submission,
    Voucher,
)
from ._secret import Secret
from ._signing import canonical_string, sign, verify_sign
from ._trade_no import new_trade_no
from ._transport import Transport
from ._version import __version__
from .regions import RegionProfile, UnknownRegionError
from .resources import AmountLike

if TYPE_CHECKING:
    from ._aiohttp import AiohttpTransport


def __getattr__(name: str) -> Any:
    # aiohttp is an optional extra: import it only when its transport is asked for.
    if name == "AiohttpTransport":
        from ._aiohttp import AiohttpTransport

        return AiohttpTransport
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DEFAULT_TIMEOUT",
    "NOTIFY_ACK",
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AccountVerification",
    "AiohttpTransport",
    "AmountLike",
    "Backoff",
    "Balance",
    "BulkProgress",
    "FieldError",
    "Notification",
    "Outcome",
    "OutcomeUnknownError",
    "Payment",
    "PaymentDetails",
    "PaymentStatus",
    "PayproClient",
    "PayproError",
    "RegionProfile",
    "ResponseFormatError",
    "Secret",
    "SignatureError",
    "Submission",
    "Transport",
    "UnknownRegionError",
    "UnsupportedOperationError",
    "ValidationError",
    "Voucher",
    "__version__",
    "canonical_string",
    "new_trade_no",
    "regions",
    "sign",
    "verify_sign",
]
