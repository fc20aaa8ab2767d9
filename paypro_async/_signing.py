"""Paypro's request signature, in one place.

The rule (paypro-api.md §2.2-2.3): sort the body's keys by code point, skip ``sign`` and every value
that is ``None`` or stringifies to ``""``, join ``key=value`` pairs with no separator, append the app
secret, MD5 the UTF-8 bytes and write the digest as 32 lowercase hex digits.

Paypro's own Java for step 2 is unpublished; the rule above is the one every page agrees with. If the
gateway ever disagrees, this module is the only thing to change.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from decimal import Decimal

from ._secret import Secret

__all__ = ["canonical_string", "sign", "verify_sign"]

SIGN_FIELD = "sign"


def _stringify(value: object) -> str:
    """Java's ``String.valueOf`` for the JSON values Paypro sends and receives."""
    if value is None:
        return ""
    if isinstance(value, bool):  # JSON true/false, as Java prints them
        return "true" if value else "false"
    if isinstance(value, Decimal):
        # Decimals come from parsing JSON numbers; keep their digits exactly as received.
        return format(value, "f")
    if isinstance(value, float):
        # Never produced by the SDK (money is never a float); mirror Java for foreign input.
        return repr(value)
    return str(value)


def canonical_string(params: Mapping[str, object]) -> str:
    """Return the string Paypro signs: ``key1=value1key2=value2...``.

    Keys are sorted by code point (``A``-``Z`` before ``a``-``z``); ``sign`` and values that are
    ``None`` or empty are left out. This is the first thing to print when Paypro answers "sign error".
    """
    parts: list[str] = []
    for key in sorted(params):
        if key == SIGN_FIELD:
            continue
        value = params[key]
        # Request bodies are all str: skip the _stringify call for them (a str subclass still takes it).
        text = value if type(value) is str else _stringify(value)
        if text:
            parts.append(f"{key}={text}")
    return "".join(parts)


def _digest(canonical: str, secret: Secret) -> str:
    # The secret is appended here and nowhere else, so no caller holds it in a local variable.
    return hashlib.md5((canonical + secret.reveal()).encode("utf-8")).hexdigest()


def sign(params: Mapping[str, object], app_secret: str | Secret) -> str:
    """Return the lowercase hex MD5 sign of ``params`` under ``app_secret``."""
    secret = app_secret if isinstance(app_secret, Secret) else Secret(app_secret)
    return _digest(canonical_string(params), secret)


def verify_sign(params: Mapping[str, object], app_secret: str | Secret) -> bool:
    """True when ``params["sign"]`` is the sign of ``params`` (hex compared case-insensitively).

    The comparison is constant-time so that a forger learns nothing from response timings.
    """
    received = params.get(SIGN_FIELD)
    if not isinstance(received, str) or not received:
        return False
    expected = sign(params, app_secret)
    return hmac.compare_digest(expected.encode("ascii"), received.strip().lower().encode("utf-8"))
