"""Wire body <-> models: decode JSON without floats, resolve each region's spellings, structure.

One cattrs converter does the typing; the region profile says which wire key feeds which attribute.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from datetime import datetime, tzinfo
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs
import cattrs

from ._models import PaymentStatus
from .regions import RegionProfile

__all__ = ["decode_json", "region_zone", "status_code_text", "structure"]

T = TypeVar("T")


# json.loads(..., parse_float=Decimal) would build a new decoder on every call; this one is shared.
_DECODER = json.JSONDecoder(parse_float=Decimal)


def decode_json(text: str | bytes) -> Any:
    """Decode JSON with every non-integer number as a ``Decimal`` (money never passes a float)."""
    if isinstance(text, (bytes, bytearray)):  # decoded as json.loads decodes bytes
        return _DECODER.decode(text.decode(json.detect_encoding(text), "surrogatepass"))
    if isinstance(text, str) and not text.startswith("\ufeff"):
        return _DECODER.decode(text)
    return json.loads(text, parse_float=Decimal)  # the stdlib's own error for a BOM or a non-text


def status_code_text(value: object) -> str | None:
    """Status codes are strings with meaningful leading zeros; tolerate a bare JSON number."""
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:04d}"  # 15 -> "0015", 0 -> "0000"
    return str(value)


def _to_decimal(value: object, _: object) -> Decimal:
    if isinstance(value, bool):
        raise ValueError("a boolean is not an amount")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a number") from None
    raise ValueError(f"{type(value).__name__} is not an amount")


def _to_str(value: object, _: object) -> str:
    if type(value) is str:  # nearly every value: answer before the general checks
        return value
    if isinstance(value, (str, int, Decimal)) and not isinstance(value, bool):
        return value if isinstance(value, str) else str(value)
    raise ValueError(f"expected text, got {type(value).__name__}")


def _to_datetime(value: object, _: object) -> datetime:
    if isinstance(value, datetime):
        return value
    raise ValueError(f"expected a time, got {value!r}")


_converter = cattrs.Converter()


def _register(leaf: type[T], hook: Callable[[object, object], T]) -> None:
    """Structure ``leaf`` with ``hook``, and ``leaf | None`` too.

    Why the second hook: cattrs' generic one for ``X | None`` looks up ``X``'s hook on every value.
    """

    def optional(value: object, type_: object) -> T | None:
        return None if value is None else hook(value, type_)

    union = leaf | None
    _converter.register_structure_hook(leaf, hook)
    _converter.register_structure_hook_func(lambda t: t == union, optional)


_register(Decimal, _to_decimal)
_register(str, _to_str)
_register(datetime, _to_datetime)
_converter.register_structure_hook_func(lambda t: t == Mapping[str, Any], lambda v, _: v)
_converter.register_structure_hook(PaymentStatus, lambda v, _: v)

_zones: dict[str, tzinfo] = {}


def region_zone(name: str) -> tzinfo:
    """The region's IANA zone (cached)."""
    zone = _zones.get(name)
    if zone is None:
        try:
            zone = ZoneInfo(name)
        except ZoneInfoNotFoundError:  # no tz database: better a clear error than a naive time
            raise RuntimeError(f"time zone {name!r} unavailable; pip install tzdata") from None
        _zones[name] = zone
    return zone


def _parse_time(value: object, zone: tzinfo) -> datetime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"expected 'yyyy-MM-dd HH:mm:ss', got {value!r}")
    # Paypro writes local time without a zone; strptime also takes Mexico's "9:30:13".
    return datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=zone)


_TIME_FIELDS = frozenset({"success_time", "create_time"})
#: Attributes that never come from a wire spelling: set by structure() itself or by ``defaults``.
_NOT_READ = frozenset({"raw", "status", "signed"})


class _Read(NamedTuple):
    """One attribute to read: its wire spellings, first match wins, and how to convert the value."""

    name: str
    wires: tuple[str, ...]
    convert: Callable[[Any], Any] | None


@attrs.frozen
class _Plan:
    """How ``structure`` reads one model from one region's data, worked out once per pair."""

    reads: tuple[_Read, ...]
    has_status: bool


def _plan(cls: type[Any], profile: RegionProfile) -> _Plan:
    zone = region_zone(profile.timezone)  # even with no time field: a missing tz database fails early
    reads = []
    for field in attrs.fields(cls):
        name = field.name
        if name in _NOT_READ:
            continue
        convert: Callable[[Any], Any] | None = None
        if name in _TIME_FIELDS:
            convert = functools.partial(_parse_time, zone=zone)
        elif name == "status_code":
            convert = status_code_text
        reads.append(_Read(name, profile.spellings(name), convert))
    return _Plan(tuple(reads), any(f.name == "status" for f in attrs.fields(cls)))


def structure(
    cls: type[T],
    data: Mapping[str, Any],
    *,
    profile: RegionProfile,
    raw: Mapping[str, Any],
    defaults: Mapping[str, Any] | None = None,
) -> T:
    """Build ``cls`` from a ``data`` object in any of the region's spellings.

    ``defaults`` fill attributes the body lacks (the request's ``trade_no``). Raises ``ValueError``
    (or a cattrs error, itself a ``ValueError`` subclass or ``ExceptionGroup``) on a malformed value.
    """
    plan = profile.derived(("structure", cls), _plan, cls, profile)
    values: dict[str, Any] = dict(defaults or {})
    for name, wires, convert in plan.reads:
        for wire in wires:
            value = data.get(wire)  # absent, null and "" all mean "not sent"
            if value is not None and value != "":
                values[name] = value if convert is None else convert(value)
                break
    if plan.has_status:
        values["status"] = PaymentStatus.from_code(values.get("status_code"))
    values["raw"] = raw
    try:
        return _converter.structure(values, cls)
    except cattrs.BaseValidationError as exc:
        raise ValueError("; ".join(str(e) for e in exc.exceptions)) from exc
