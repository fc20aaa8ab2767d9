"""``client.notifications``: verify and read what Paypro POSTs to ``notifyUrl``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._convert import decode_json, structure
from .._errors import ResponseFormatError, SignatureError
from .._models import Notification
from .._signing import SIGN_FIELD, verify_sign

if TYPE_CHECKING:
    from .._client import PayproClient

__all__ = ["Notifications"]


class Notifications:
    """Parse notifications. Answer Paypro with :data:`paypro_async.NOTIFY_ACK` (``"OK"``)."""

    def __init__(self, client: PayproClient) -> None:
        self._client = client

    def parse(
        self,
        body: bytes | str | Mapping[str, Any],
        *,
        allow_unsigned: bool = False,
        max_age: float | None = None,
    ) -> Notification:
        """Verify ``body``'s sign and return it as a :class:`~paypro_async.Notification`.

        ``body`` is the raw request body (bytes or str) or an already decoded mapping. A missing or
        wrong sign raises :class:`~paypro_async.SignatureError`; ``allow_unsigned=True`` accepts a
        payload with no sign at all (Kenya documents none) but still rejects a wrong one.
        ``max_age`` (seconds) rejects a ``timestamp`` older than that; off by default because Paypro
        re-delivers for 24 hours. Synchronous: it does no I/O.
        """
        payload = self._decode(body)
        config = self._client._config
        signed = SIGN_FIELD in payload and payload[SIGN_FIELD] not in (None, "")
        if signed:
            if not verify_sign(payload, config.secret):
                raise SignatureError("notification sign does not verify under this app secret")
        elif not allow_unsigned:
            raise SignatureError(
                "notification has no sign; pass allow_unsigned=True only for regions that "
                "document unsigned notifications (Kenya)"
            )
        if max_age is not None:
            self._check_age(payload, max_age, config.clock())
        trade_no = payload.get("tradeNo")
        if not isinstance(trade_no, str) or not trade_no:
            raise ResponseFormatError("notification has no tradeNo", json.dumps(payload, default=str))
        try:
            return structure(
                Notification,
                payload,
                profile=config.profile,
                raw=payload,
                defaults={"signed": signed},
            )
        except (ValueError, TypeError) as exc:
            raise ResponseFormatError(
                f"unreadable notification: {exc}", json.dumps(payload, default=str)
            ) from exc

    @staticmethod
    def _decode(body: bytes | str | Mapping[str, Any]) -> dict[str, Any]:
        if isinstance(body, Mapping):
            return dict(body)
        try:
            payload = decode_json(body)
        except ValueError:
            text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
            raise ResponseFormatError("notification body is not JSON", text) from None
        if not isinstance(payload, dict):
            raise ResponseFormatError("notification body is not a JSON object", str(payload))
        return payload

    @staticmethod
    def _check_age(payload: Mapping[str, Any], max_age: float, now: float) -> None:
        raw = payload.get("timestamp")
        try:
            sent = int(str(raw)) / 1000
        except ValueError:
            raise SignatureError("notification has no usable timestamp for max_age") from None
        if now - sent > max_age:
            raise SignatureError(f"notification is older than max_age={max_age}s")
