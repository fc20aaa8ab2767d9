"""Region profiles: what a country's Paypro API looks like, as data.

A :class:`RegionProfile` maps operation names (``"payin.create"``, ``"payout.query"``, ...) to an
:class:`Operation`: the path, the fields (caller name, wire name, required, rules) and how it is signed.
The client asks the profile to validate and map the caller's keyword arguments; nothing else in the
SDK knows a country's spelling.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, TypeVar, get_args

import attrs

from .._errors import FieldError, UnsupportedOperationError, ValidationError
from ._rules import Rule

__all__ = [
    "DEFAULT_ALIASES",
    "Field",
    "Operation",
    "OperationName",
    "RegionProfile",
    "SignPlacement",
]

OperationName = Literal[
    "payin.create",
    "cashier.create",
    "payin.query",
    "payout.create",
    "payout.query",
    "balance",
    "account.verify",
    "payin.voucher",
    "payin.query_by_code",
    "payin.submit",
]
OPERATION_NAMES: tuple[str, ...] = get_args(OperationName)

#: Operations that change state at the gateway: never re-sent after a request that may have arrived.
CREATING_OPERATIONS = frozenset({"payin.create", "cashier.create", "payout.create", "payin.submit"})

SignPlacement = Literal["body", "header", "both"]

T = TypeVar("T")

#: Every spelling Paypro uses for each normalized attribute, first match wins (paypro-api.md §3, §10).
DEFAULT_ALIASES: Mapping[str, tuple[str, ...]] = {
    "trade_no": ("tradeNo",),
    "platform_trade_no": ("platFormTradeNo", "kiliTradeNo", "payproTradeNo", "platformTradeNo"),
    "payment_url": ("paymentLink", "paymentUrl", "payInfo"),
    "message": ("desc", "message"),
    "status_code": ("status",),
    "remark": ("remark",),
    "serial_number": ("serialNumber",),
    "amount": ("amount",),
    "received_amount": ("receivedAmount",),
    "order_amount": ("orderAmount",),
    "pay_amount": ("payAmount",),
    "success_time": ("successTime",),
    "create_time": ("createTime",),
    "channel_code": ("channelCode",),
    "way_code": ("wayCode",),
    "utr": ("utr",),
    "available": ("availableAmount", "availablAmount"),
    "frozen": ("freezeAmount",),
    "unsettled": ("unsettledAmount",),
    "bank_account_no": ("bankAccountNo",),
    "bank_account_name": ("bankAccountName",),
    "url": ("url",),
    "timestamp": ("timestamp",),
}


def _amount_text(value: object) -> tuple[str | None, str | None]:
    """Money as the string Paypro is sent and signs; ``(text, None)`` or ``(None, problem)``."""
    if type(value) is int:  # the common case, without the Decimal round trip below
        return (str(value), None) if value > 0 else (None, "must be greater than 0")
    if isinstance(value, (bool, float)):
        return None, "must be an int, Decimal or numeric string (never a float: money)"
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None, "must be a number"
    else:
        return None, f"must be an int, Decimal or numeric string, not {type(value).__name__}"
    if not number.is_finite():
        return None, "must be a finite number"
    if number <= 0:
        return None, "must be greater than 0"
    if number == number.to_integral_value():
        return str(int(number)), None
    return format(number.normalize(), "f"), None


@attrs.frozen
class Field:
    """One request field: the caller's snake_case ``name``, Paypro's ``wire`` name and its rules."""

    name: str
    wire: str
    required: bool = False
    rules: tuple[Rule, ...] = ()
    amount: bool = False  # money: int / Decimal / numeric str in, canonical string out

    def coerce(self, value: object) -> tuple[str | None, str | None]:
        """Return ``(wire text, None)``, or ``(None, the rule it broke)``."""
        if self.amount:
            text, problem = _amount_text(value)
        elif isinstance(value, str):
            text, problem = value, None
        else:
            return None, f"must be a string, not {type(value).__name__}"
        if problem is not None or text is None:
            return None, problem
        if self.required and not text.strip():
            return None, "is required and must not be empty"
        if text:
            for rule in self.rules:
                if not rule.check(text):  # .check, not rule(text): one call less on the hot path
                    return None, f"must be {rule.description}"
        return text, None


@attrs.frozen
class Operation:
    """One documented endpoint of a region.

    ``inferred`` marks a path Paypro does not publish for this region (taken from its siblings);
    ``timestamp`` is False where the page sends none (Kenya's queries); ``sign_in`` says where the
    sign travels.
    """

    path: str
    fields: tuple[Field, ...] = ()
    inferred: bool = False
    timestamp: bool = True
    sign_in: SignPlacement = "body"
    note: str = ""
    # Caller names, for build_body's unknown-argument check: built once, not per request.
    _names: frozenset[str] = attrs.field(init=False, eq=False, repr=False)

    @_names.default
    def _all_names(self) -> frozenset[str]:
        return frozenset(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        """The field called ``name`` (caller's spelling)."""
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def build_body(
        self, values: Mapping[str, object], *, context: str, trade_no: str | None = None
    ) -> dict[str, str]:
        """Validate ``values`` against every field and map them to wire names.

        Raises one :class:`ValidationError` listing every problem; ``None`` values are left out.
        """
        errors: list[FieldError] = []
        if not self._names.issuperset(values):  # one C-level pass in the common, all-known case
            errors = [self._unknown(name, context) for name in values if name not in self._names]
        body: dict[str, str] = {}
        for f in self.fields:
            value = values.get(f.name)
            if value is None:
                if f.required:
                    errors.append(FieldError(f.name, f.wire, "is required"))
                continue
            text, problem = f.coerce(value)
            if problem is not None or text is None:
                errors.append(FieldError(f.name, f.wire, problem or "is invalid"))
                continue
            body[f.wire] = text
        if errors:
            raise ValidationError(context, errors, trade_no=trade_no)
        return body

    def _unknown(self, name: str, context: str) -> FieldError:
        """The error for a keyword argument that is no field of this operation."""
        by_wire = {f.wire: f for f in self.fields}
        hint = f"; did you mean {by_wire[name].name}?" if name in by_wire else ""
        known = ", ".join(sorted(self._names))
        return FieldError(name, name, f"is not a field of {context} ({known}){hint}")


def _upper(code: str) -> str:
    return code.strip().upper()


def _operations(value: Mapping[str, Operation]) -> Mapping[str, Operation]:
    unknown = set(value) - set(OPERATION_NAMES)
    if unknown:
        raise ValueError(f"unknown operation names {sorted(unknown)}; known: {OPERATION_NAMES}")
    return dict(value)


@attrs.frozen
class RegionProfile:
    """Everything region-specific: ISO code, operations, sandbox URL, time zone, response spellings.

    Profiles are immutable; ``with_path`` / ``with_operation`` / ``without_operation`` return changed
    copies, which :func:`paypro_async.regions.register` installs::

        pk = paypro.regions.get("PK")
        paypro.regions.register(pk.with_path("payin.query", "/v1/payproPK/queryPayinResult"))
    """

    code: str = attrs.field(converter=_upper)
    name: str
    operations: Mapping[str, Operation] = attrs.field(converter=_operations)
    sandbox_url: str | None = None
    timezone: str = "UTC"
    aliases: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    docs: str = ""
    # What derived() built from this profile. Not an init argument, so every copy (the with_*
    # methods, attrs.evolve) starts empty and never reuses the original's plans.
    _derived: dict[Hashable, Any] = attrs.field(init=False, factory=dict, eq=False, repr=False)

    def operation(self, name: str) -> Operation:
        """The operation called ``name``; :class:`UnsupportedOperationError` when undocumented."""
        try:
            return self.operations[name]
        except KeyError:
            raise UnsupportedOperationError(f"{self.code} ({self.name})", name) from None

    def supports(self, name: str) -> bool:
        """Whether the region declares operation ``name``."""
        return name in self.operations

    def with_operation(self, name: OperationName, operation: Operation) -> RegionProfile:
        """A copy with ``name`` added or replaced."""
        return attrs.evolve(self, operations={**self.operations, name: operation})

    def without_operation(self, name: OperationName) -> RegionProfile:
        """A copy without ``name``."""
        return attrs.evolve(self, operations={k: v for k, v in self.operations.items() if k != name})

    def with_path(self, name: OperationName, path: str) -> RegionProfile:
        """A copy whose ``name`` operation posts to ``path`` (no longer marked inferred)."""
        op = attrs.evolve(self.operation(name), path=path, inferred=False)
        return self.with_operation(name, op)

    def with_field(self, name: OperationName, field: str, **changes: Any) -> RegionProfile:
        """A copy where ``field`` of operation ``name`` has ``changes`` (``required``, ``rules``, ...).

        The other reading of a contradictory page is one line, e.g. Pakistan's newer page::

            pk.with_field("payin.create", "payment_type", required=True)
        """
        op = self.operation(name)
        fields = tuple(attrs.evolve(f, **changes) if f.name == field else f for f in op.fields)
        if fields == op.fields and not any(f.name == field for f in op.fields):
            raise KeyError(f"{self.code} {name} has no field {field!r}")
        return self.with_operation(name, attrs.evolve(op, fields=fields))

    def with_sign_in(self, placement: SignPlacement) -> RegionProfile:
        """A copy sending the sign in the ``body``, a ``header`` or ``both``, for every operation."""
        return attrs.evolve(
            self,
            operations={k: attrs.evolve(v, sign_in=placement) for k, v in self.operations.items()},
        )

    def spellings(self, attribute: str) -> tuple[str, ...]:
        """Wire spellings of a normalized response attribute: the region's first, then defaults."""
        return self.derived(("spellings", attribute), self._spellings, attribute)

    def _spellings(self, attribute: str) -> tuple[str, ...]:
        own = self.aliases.get(attribute, ())
        return own + tuple(s for s in DEFAULT_ALIASES.get(attribute, ()) if s not in own)

    def derived(self, key: Hashable, build: Callable[..., T], *args: Any) -> T:
        """``build(*args)``, computed once per profile and ``key``: for data derived from the profile.

        The SDK caches per-request plans here (spellings, response field plans). A changed copy of the
        profile has its own, empty cache; a failed ``build`` caches nothing.
        """
        try:
            value: T = self._derived[key]
            return value
        except KeyError:
            value = self._derived[key] = build(*args)
            return value

    def operation_names(self) -> Iterable[str]:
        """Declared operations in the SDK's canonical order."""
        return [n for n in OPERATION_NAMES if n in self.operations]
