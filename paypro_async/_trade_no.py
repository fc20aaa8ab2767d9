"""Trade numbers in the form Paypro suggests."""

from __future__ import annotations

import secrets
from datetime import datetime, timezone

__all__ = ["new_trade_no"]


def new_trade_no(now: datetime | None = None) -> str:
    """A fresh ``yyyyMMddHHmmss`` + 12 random digits trade number (26 characters).

    Generate it once per order and store it *before* calling create: after an
    ``OutcomeUnknownError`` you query by this number, never by a new one.
    """
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y%m%d%H%M%S")
    return stamp + f"{secrets.randbelow(10**12):012d}"
