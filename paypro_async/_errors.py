"""The exception tree. Every error the SDK raises is a :class:`PayproError`.

::

    PayproError
    ├── ValidationError          bad fields, found before anything was sent
    ├── UnsupportedOperationError the region documents no such operation
    ├── APIError                 the envelope's ``code`` is not "0000": the gateway refused
    ├── APIStatusError           HTTP status not 2xx
    ├── APIConnectionError       no usable answer from the network
    │   └── APITimeoutError
    ├── ResponseFormatError      a 2xx body that is not Paypro's envelope
    ├── SignatureError           a notification whose sign does not verify
    └── OutcomeUnknownError      a create that may have reached the gateway; query ``trade_no``

No message, repr or attribute holds the app secret: the secret never reaches this module.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "FieldError",
    "OutcomeUnknownError",
    "PayproError",
    "ResponseFormatError",
    "SignatureError",
    "UnsupportedOperationError",
    "ValidationError",
]


class PayproError(Exception):
    """Base class of every error raised by paypro-async."""

    def __init__(self, message: str, *, trade_no: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        #: The merchant's ``tradeNo`` of the request, when it had one.
        self.trade_no = trade_no

    def __str__(self) -> str:
        return self.message


@attrs.frozen
class FieldError:
    """One broken rule: the caller's field name, its wire name and the rule it broke."""

    field: str
    wire_name: str
    rule: str

    def __str__(self) -> str:
        where = self.field if self.field == self.wire_name else f"{self.field} ({self.wire_name})"
        return f"{where}: {self.rule}"


class ValidationError(PayproError, ValueError):
    """The request broke the region's documented rules; nothing was sent.

    ``errors`` lists every bad field at once, so a caller fixes them in one round.
    """

    def __init__(self, context: str, errors: Sequence[FieldError], *, trade_no: str | None = None) -> None:
        self.errors: tuple[FieldError, ...] = tuple(errors)
        count = len(self.errors)
        noun = "field" if count == 1 else "fields"
        detail = "; ".join(str(e) for e in self.errors)
        super().__init__(f"{count} invalid {noun} for {context}: {detail}", trade_no=trade_no)

    @property
    def fields(self) -> tuple[str, ...]:
        """The names of the bad fields, in the order they were checked."""
        return tuple(e.field for e in self.errors)


class UnsupportedOperationError(PayproError, NotImplementedError):
    """The region's documentation publishes no such operation.

    Add it with ``paypro_async.regions.register(profile.with_operation(...))`` once Paypro tells you
    its path and fields.
    """

    def __init__(self, region: str, operation: str) -> None:
        self.region = region
        self.operation = operation
        super().__init__(
            f"region {region} has no documented {operation!r} operation; "
            "register a profile that declares it (see paypro_async.regions.register)"
        )


class APIError(PayproError):
    """The gateway answered with an envelope whose ``code`` is not ``"0000"``: it refused the request.

    ``code`` is kept as the string Paypro sent (leading zeros matter: ``"00029"``).
    """

    def __init__(
        self,
        code: str,
        msg: str,
        body: Mapping[str, Any],
        *,
        status_code: int = 200,
        trade_no: str | None = None,
    ) -> None:
        self.code = code
        self.msg = msg
        self.body = body
        self.status_code = status_code
        super().__init__(f"Paypro refused the request: code {code!r}, msg {msg!r}", trade_no=trade_no)


class APIStatusError(PayproError):
    """The HTTP status was not 2xx. ``body`` is the raw response text (often an HTML error page)."""

    def __init__(
        self,
        status_code: int,
        body: str,
        *,
        headers: Mapping[str, str] | None = None,
        trade_no: str | None = None,
    ) -> None:
        self.status_code = status_code
        self.body = body
        self.headers: Mapping[str, str] = dict(headers or {})
        snippet = " ".join(body.split())[:200]
        super().__init__(f"HTTP {status_code} from Paypro: {snippet!r}", trade_no=trade_no)


class APIConnectionError(PayproError):
    """The gateway could not be reached, or the connection failed before an answer arrived."""


class APITimeoutError(APIConnectionError):
    """The request timed out (connecting, waiting for a pooled connection, or reading)."""


class ResponseFormatError(PayproError):
    """A 2xx answer that is not Paypro's JSON envelope (an HTML page, truncated JSON, no ``code``)."""

    def __init__(self, reason: str, body: str, *, trade_no: str | None = None) -> None:
        self.reason = reason
        self.body = body
        super().__init__(f"unexpected response from Paypro: {reason}", trade_no=trade_no)


class SignatureError(PayproError):
    """A notification whose ``sign`` is missing or does not verify under the app secret."""


class OutcomeUnknownError(PayproError):
    """A create request may have reached the gateway but no definite answer came back.

    The order may or may not exist. Never create it again under a new trade number: query
    ``trade_no`` (``client.payins.retrieve(err.trade_no)``) and act on what the gateway says.
    The underlying network error is ``__cause__``.
    """

    def __init__(self, trade_no: str, reason: str) -> None:
        super().__init__(
            f"outcome of order {trade_no!r} is unknown ({reason}); query it before retrying",
            trade_no=trade_no,
        )
        self.trade_no: str = trade_no
        self.reason = reason
