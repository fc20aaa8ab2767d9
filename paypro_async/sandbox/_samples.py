"""Valid sample arguments for each built-in region's ``payins.create`` (tests, demos, load runs).

Each sample satisfies its region's rules (a test builds every one through the profile), so a rule
change in a region module that breaks a sample fails loudly instead of silently skewing a demo.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

__all__ = ["AMOUNT_RANGES", "PAYIN_SAMPLES", "sample_payin"]

_NOTIFY = "https://shop.example/paypro/notify"
_RETURN = "https://shop.example/paid"

#: Keyword arguments of ``client.payins.create`` besides ``trade_no`` and ``amount``.
PAYIN_SAMPLES: Mapping[str, Mapping[str, str]] = {
    "BD": {"way_code": "EWALLET_BKASH", "notify_url": _NOTIFY, "return_url": _RETURN},
    "BR": {
        "name": "Joao Silva",
        "identity_type": "CPF",
        "user_identity": "23489375961",
        "notify_url": _NOTIFY,
        "remark": "order",
    },
    "EG": {
        "payer": "Omar Hassan",
        "remark": "order",
        "mobile": "01012345678",
        "email": "omar@example.com",
        "notify_url": _NOTIFY,
        "return_url": _RETURN,
    },
    "ID": {
        "username": "kevin",
        "mobile": "081234567890",
        "email": "kevin@example.com",
        "channel_code": "EWALLET",
        "notify_url": _NOTIFY,
    },
    "IN": {
        "name": "Asha Rao",
        "mobile": "9876543210",
        "email": "asha@gmail.com",
        "ip_address": "203.0.113.7",
        "notify_url": _NOTIFY,
        "return_url": _RETURN,
    },
    "KE": {"mobile": "254712345678", "notify_url": _NOTIFY},
    "KR": {
        "username": "minjun",
        "mobile": "01012345678",
        "email": "minjun@example.com",
        "notify_url": _NOTIFY,
    },
    "MX": {"way_code": "va", "notify_url": _NOTIFY},
    "NG": {
        "username": "ada",
        "mobile": "08031234567",
        "email": "ada@example.com",
        "channel_code": "EWALLET",
        "way_code": "PALMPAY",
        "notify_url": _NOTIFY,
    },
    "PH": {"pay_type": "GCash", "notify_url": _NOTIFY, "return_url": _RETURN},
    "PK": {
        "payment_type": "easypaisa",
        "name": "Ali Raza",
        "mobile": "3115112345",
        "email": "ali@gmail.com",
        "notify_url": _NOTIFY,
    },
    "VN": {"bank_name": "VietQR", "notify_url": _NOTIFY},
}

#: Whole amounts each region's payin accepts, ``(low, high)`` inclusive.
AMOUNT_RANGES: Mapping[str, tuple[int, int]] = {
    "EG": (100, 10_000),
    "KR": (1_000, 1_000_000),
    "PK": (100, 50_000),
    "VN": (50_000, 5_000_000),
}
_DEFAULT_RANGE = (100, 100_000)


def sample_payin(region: str, trade_no: str, rng: random.Random | None = None) -> dict[str, object]:
    """``client.payins.create`` keyword arguments for ``region``: the sample plus ``trade_no`` and an
    ``amount`` (the range's low end, or drawn from it with ``rng``). ``KeyError`` for other regions."""
    code = region.upper()
    fields = PAYIN_SAMPLES[code]
    low, high = AMOUNT_RANGES.get(code, _DEFAULT_RANGE)
    amount = low if rng is None else rng.randint(low, high)
    return {"trade_no": trade_no, "amount": amount, **fields}
