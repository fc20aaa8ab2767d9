"""An in-process fake Paypro gateway, driven by the SDK's own region profiles.

Every operation of every registered region is served at ``/<REGION><operation path>``; the paths,
fields and rules come from :mod:`paypro_async.regions`, so the gateway can never drift from the
profiles. Requests are checked the way Paypro documents (``merchantNo`` header, MD5 sign in the body
or a header), then validated by mapping wire names back through the operation's fields.
"""

from __future__ import annotations

import json
import random
import re
import string
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import attrs

from .. import regions
from .._convert import decode_json, region_zone
from .._secret import Secret
from .._signing import SIGN_FIELD, sign, verify_sign
from ..regions import Operation, RegionProfile
from ._faults import Faults

__all__ = [
    "CODE_DUPLICATE",
    "CODE_INVALID",
    "CODE_NOT_FOUND",
    "CODE_SIGN",
    "Gateway",
    "Ledger",
    "Order",
    "Route",
    "SandboxResponse",
]

CODE_SIGN = "1001"
CODE_INVALID = "1002"
CODE_DUPLICATE = "1003"
CODE_NOT_FOUND = "1004"

PROCESSING = "0015"
SUCCESS = "0000"
PARTIAL = "0001"
REJECTED = "00029"
FINAL_STATUSES = frozenset({SUCCESS, PARTIAL, REJECTED})

_MESSAGES = {
    SUCCESS: "SUCCESS",
    PROCESSING: "CREDIT_INPROGRESS",
    PARTIAL: "PARTIAL_PAYMENT",
    REJECTED: "REJECTED_TRANSACTION",
}

_CREATES = {"payin.create": "payin", "cashier.create": "payin", "payout.create": "payout"}
_QUERIES = {"payin.query": "payin", "payout.query": "payout"}
#: Regions whose payins may end partly paid (paypro-api.md §3).
_PARTIAL_REGIONS = frozenset({"ID", "MX"})

# How each region spells its create answer (paypro-api.md §3, §10): the server's side of the
# aliases the client reads. Link key per (region, operation); None: no link in the answer.
_LINK_KEYS: Mapping[tuple[str, str], str | None] = {
    ("KR", "payin.create"): "payInfo",
    ("IN", "cashier.create"): "paymentLink",
    ("BD", "payin.create"): "paymentLink",
    ("MX", "cashier.create"): "paymentUrl",
    ("ID", "cashier.create"): "paymentUrl",
    ("PK", "payin.create"): None,
}
_PLATFORM_KEYS: Mapping[tuple[str, str], str] = {("BD", "payin.create"): "kiliTradeNo"}
_DESC_KEYS: Mapping[tuple[str, str], str] = {("KR", "payin.create"): "message"}
_QUERY_PLATFORM_KEYS: Mapping[str, str] = {"MX": "payproTradeNo"}
_AVAILABLE_KEYS: Mapping[str, str] = {"ID": "availablAmount", "MX": "availablAmount"}
#: Regions whose examples return amounts as JSON numbers (``3.0000``); the others send strings.
_NUMERIC_AMOUNT_REGIONS = frozenset({"KE", "BR", "MX"})
_NUMBER = "@@paypro-number@@"

_FOUR_PLACES = Decimal("0.0001")
_ALPHABET = string.ascii_lowercase + string.digits


@attrs.define
class Order:
    """One order in the gateway's ledger."""

    trade_no: str
    region: str
    kind: str  # "payin" or "payout"
    operation: str
    amount: Decimal
    platform_trade_no: str
    status: str = PROCESSING
    #: What was paid: the amount, or part of it for a partial payin ("0001").
    paid_amount: Decimal | None = None
    remark: str | None = None
    created_at: float = 0.0
    settled_at: float | None = None
    #: Kenya: the M-PESA code ``payins.retrieve_by_code`` looks up.
    mpesa_code: str | None = None
    #: Where the result is POSTed (the request's ``notifyUrl``).
    notify_url: str | None = None

    @property
    def is_final(self) -> bool:
        """True once settled."""
        return self.status in FINAL_STATUSES

    @property
    def reported_amount(self) -> Decimal:
        """The amount queries and notifications report: what was paid once settled."""
        return self.paid_amount if self.paid_amount is not None else self.amount


class Ledger:
    """Every order the gateway created, in creation order, and how often each ``tradeNo`` was sent."""

    def __init__(self) -> None:
        self._orders: dict[str, Order] = {}
        self._submissions: dict[str, int] = {}
        self._by_platform: dict[str, str] = {}

    @property
    def orders(self) -> Mapping[str, Order]:
        """``tradeNo`` -> order (read-only view)."""
        return MappingProxyType(self._orders)

    @property
    def trade_nos(self) -> tuple[str, ...]:
        """Created trade numbers, in creation order."""
        return tuple(self._orders)

    def submissions(self, trade_no: str) -> int:
        """How many valid, signed create requests carried ``trade_no`` (duplicates included)."""
        return self._submissions.get(trade_no, 0)

    def by_platform(self, platform_trade_no: str) -> Order | None:
        """The order Paypro numbered ``platform_trade_no``."""
        trade_no = self._by_platform.get(platform_trade_no)
        return None if trade_no is None else self._orders[trade_no]

    def _submit(self, trade_no: str) -> None:
        self._submissions[trade_no] = self._submissions.get(trade_no, 0) + 1

    def _add(self, order: Order) -> None:
        self._orders[order.trade_no] = order
        self._by_platform[order.platform_trade_no] = order.trade_no

    def __len__(self) -> int:
        return len(self._orders)

    def __iter__(self) -> Iterator[Order]:
        return iter(list(self._orders.values()))


@attrs.frozen
class Route:
    """What a URL path names: a region's profile and one of its operations."""

    profile: RegionProfile
    name: str
    operation: Operation


@attrs.frozen
class SandboxResponse:
    """An HTTP answer of the gateway."""

    status_code: int
    content: bytes
    headers: Mapping[str, str] = attrs.field(factory=lambda: {"Content-Type": "application/json"})


class _Refusal(Exception):
    def __init__(self, code: str, msg: str) -> None:
        super().__init__(msg)
        self.code = code
        self.msg = msg


class Gateway:
    """A fake Paypro gateway for one merchant, serving every registered region.

    ``seed`` makes platform numbers, :meth:`settle_all` and Kenya's M-PESA codes reproducible.
    ``faults`` (a :class:`Faults`) is read by :class:`SandboxTransport` on every request.
    ``clock`` returns seconds since the epoch (envelope and notification timestamps, settle times).
    """

    def __init__(
        self,
        merchant_no: str = "4610351925",
        app_secret: str = "sandbox-secret",
        seed: int = 0,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.merchant_no = merchant_no
        self._secret = Secret(app_secret)
        del app_secret
        self.seed = seed
        self.clock = clock
        self.ledger = Ledger()
        self.faults: Faults | None = None
        self._ids = random.Random(f"{seed}:ids")
        self._routes: dict[str, tuple[RegionProfile, dict[str, tuple[str, Operation]]]] = {}

    def __repr__(self) -> str:
        return f"Gateway(merchant_no={self.merchant_no!r}, app_secret='***', orders={len(self.ledger)})"

    # -- the ledger ------------------------------------------------------------------------------

    @property
    def orders(self) -> Mapping[str, Order]:
        """``tradeNo`` -> :class:`Order`, every order created so far."""
        return self.ledger.orders

    def submissions(self, trade_no: str) -> int:
        """How many create requests for ``trade_no`` reached the gateway."""
        return self.ledger.submissions(trade_no)

    def settle(self, trade_no: str, status: str = SUCCESS, *, paid: Decimal | int | None = None) -> Order:
        """Move a processing order to ``status``: ``"0000"``, ``"0001"`` (payin, partly paid) or
        ``"00029"``. ``paid`` is the paid part of a partial payin (default: half the amount)."""
        order = self.ledger.orders.get(trade_no)
        if order is None:
            raise KeyError(f"no order {trade_no!r}")
        if order.is_final:
            raise ValueError(f"order {trade_no!r} is already settled ({order.status})")
        if status not in FINAL_STATUSES:
            raise ValueError(f"status must be one of {sorted(FINAL_STATUSES)}, not {status!r}")
        if status == PARTIAL:
            if order.kind != "payin":
                raise ValueError("only a payin can be partly paid")
            half = (order.amount / 2).to_integral_value()
            order.paid_amount = Decimal(paid) if paid is not None else max(half, Decimal(1))
        elif status == SUCCESS:
            order.paid_amount = order.amount
        order.status = status
        order.settled_at = self.clock()
        return order

    def settle_all(self) -> dict[str, str]:
        """Settle every processing order on a seeded schedule; return ``tradeNo`` -> status.

        About 85% succeed; on Indonesian and Mexican payins 5% are partly paid; the rest are
        rejected (``"00029"``). Each order's draw depends on the seed and its ``tradeNo`` only, so
        the schedule does not depend on the order in which concurrent creates arrived.
        """
        settled: dict[str, str] = {}
        for order in self.ledger:
            if not order.is_final:
                settled[order.trade_no] = self.settle(order.trade_no, self.scheduled_status(order)).status
        return settled

    def scheduled_status(self, order: Order) -> str:
        """The final status the seeded schedule gives ``order`` (see :meth:`settle_all`)."""
        draw = random.Random(f"{self.seed}:settle:{order.trade_no}").random()
        if draw < 0.85:
            return SUCCESS
        if draw < 0.90 and order.kind == "payin" and order.region in _PARTIAL_REGIONS:
            return PARTIAL
        return REJECTED

    def balance(self, region: str) -> dict[str, Decimal]:
        """The region's balance: settled payins add, payouts subtract (frozen while processing)."""
        available = freeze = Decimal(0)
        for order in self.ledger:
            if order.region != region.upper():
                continue
            if order.kind == "payin":
                if order.status in (SUCCESS, PARTIAL):
                    available += order.reported_amount
            elif order.status == PROCESSING:
                available -= order.amount
                freeze += order.amount
            elif order.status == SUCCESS:
                available -= order.amount
        return {"available": available, "freeze": freeze, "unsettled": Decimal(0)}

    def notification(self, trade_no: str, *, signed: bool = True) -> dict[str, str]:
        """The signed payload Paypro would POST to the order's ``notifyUrl``."""
        order = self.ledger.orders.get(trade_no)
        if order is None:
            raise KeyError(f"no order {trade_no!r}")
        payload = {
            "tradeNo": order.trade_no,
            "platFormTradeNo": order.platform_trade_no,
            "amount": str(order.reported_amount),
            "status": order.status,
            "message": _MESSAGES.get(order.status, "REJECTED_TRANSACTION"),
            "timestamp": str(int(self.clock() * 1000)),
        }
        if order.settled_at is not None:
            payload["successTime"] = self._local_time(order.region, order.settled_at)
        if order.remark:
            payload["remark"] = order.remark
        if signed:
            payload[SIGN_FIELD] = sign(payload, self._secret)
        return payload

    # -- routing ---------------------------------------------------------------------------------

    def resolve(self, path: str) -> Route | None:
        """The region operation served at ``path`` (``/PK/v1/payproPK/payinApi``), or None."""
        region, _, rest = path.lstrip("/").partition("/")
        if not region or not rest:
            return None
        try:
            profile = regions.get(region)
        except regions.UnknownRegionError:
            return None
        # Profiles are immutable: a table holds until regions.register() installs another profile.
        cached = self._routes.get(profile.code)
        if cached is not None and cached[0] is profile:
            table = cached[1]
        else:
            table = {op.path: (name, op) for name, op in profile.operations.items()}
            self._routes[profile.code] = (profile, table)
        found = table.get("/" + rest)
        return None if found is None else Route(profile, found[0], found[1])

    # -- serving ---------------------------------------------------------------------------------

    def handle(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> SandboxResponse:
        """Answer one HTTP request. ``headers`` must look names up case-insensitively."""
        route = self.resolve(path)
        if route is None:
            return SandboxResponse(404, b"<html><body><h1>404 Not Found</h1></body></html>", _HTML)
        if method.upper() != "POST":
            return SandboxResponse(405, b"<html><body><h1>405 Method Not Allowed</h1></body></html>", _HTML)
        try:
            data = self._serve(route, headers, body)
        except _Refusal as refusal:
            return self._envelope(refusal.code, refusal.msg, None)
        return self._envelope("0000", "success", data)

    def _envelope(self, code: str, msg: str, data: Mapping[str, Any] | None) -> SandboxResponse:
        envelope = {
            "msg": msg,
            "code": code,
            "success": code == "0000",
            "timestamp": int(self.clock() * 1000),
            "data": data,
        }
        text = json.dumps(envelope, separators=(",", ":"), default=_number_marker)
        # Decimals travel as bare JSON numbers with their digits intact, as Kenya/Brazil/Mexico send.
        text = re.sub(f'"{_NUMBER}([-0-9.]+)"', r"\1", text)
        return SandboxResponse(200, text.encode("utf-8"))

    def _serve(self, route: Route, headers: Mapping[str, str], content: bytes) -> dict[str, Any]:
        try:
            body = decode_json(content)
        except ValueError:
            raise _Refusal(CODE_INVALID, "request body is not JSON") from None
        if not isinstance(body, dict):
            raise _Refusal(CODE_INVALID, "request body is not a JSON object")
        self._authenticate(route.operation, headers, body)
        values = self._validate(route.operation, body)
        handler = _HANDLERS.get(route.name)
        if handler is None:  # an operation a user registered that the sandbox cannot model
            raise _Refusal(CODE_INVALID, f"the sandbox does not implement {route.name}")
        return handler(self, route, values)

    def _authenticate(self, op: Operation, headers: Mapping[str, str], body: dict[str, Any]) -> None:
        if headers.get("merchantNo") != self.merchant_no:
            raise _Refusal(CODE_SIGN, "sign error")
        signs: list[object] = []
        if op.sign_in in ("body", "both") and body.get(SIGN_FIELD):
            signs.append(body[SIGN_FIELD])
        if op.sign_in in ("header", "both") and headers.get(SIGN_FIELD):
            signs.append(headers[SIGN_FIELD])
        if not signs or not all(verify_sign({**body, SIGN_FIELD: s}, self._secret) for s in signs):
            raise _Refusal(CODE_SIGN, "sign error")

    def _validate(self, op: Operation, body: Mapping[str, Any]) -> dict[str, str]:
        """Map wire names back to the operation's fields and run each field's rules."""
        by_wire = {f.wire: f for f in op.fields}
        for wire in body:
            if wire not in by_wire and wire not in (SIGN_FIELD, "timestamp"):
                raise _Refusal(CODE_INVALID, f"unknown field {wire}")
        if op.timestamp and body.get("timestamp") in (None, ""):
            raise _Refusal(CODE_INVALID, "timestamp is required")
        values: dict[str, str] = {}
        for field in op.fields:
            value = body.get(field.wire)
            if value is None or value == "":
                if field.required:
                    raise _Refusal(CODE_INVALID, f"{field.wire} is required")
                continue
            text, problem = field.coerce(value)
            if problem is not None or text is None:
                raise _Refusal(CODE_INVALID, f"{field.wire} {problem or 'is invalid'}")
            values[field.name] = text
        return values

    # -- operations ------------------------------------------------------------------------------

    def _create(self, route: Route, values: Mapping[str, str]) -> dict[str, Any]:
        code, name = route.profile.code, route.name
        trade_no = values["trade_no"]
        self.ledger._submit(trade_no)
        if trade_no in self.ledger.orders:
            raise _Refusal(CODE_DUPLICATE, "duplicate tradeNo")
        order = Order(
            trade_no=trade_no,
            region=code,
            kind=_CREATES[name],
            operation=name,
            amount=Decimal(values["amount"]),
            platform_trade_no=self._platform_no(),
            remark=values.get("remark"),
            notify_url=values.get("notify_url"),
            created_at=self.clock(),
            mpesa_code=self._mpesa_code() if code == "KE" and name != "payout.create" else None,
        )
        self.ledger._add(order)
        data: dict[str, Any] = {
            "tradeNo": trade_no,
            _PLATFORM_KEYS.get((code, name), "platFormTradeNo"): order.platform_trade_no,
            "status": order.status,
            _DESC_KEYS.get((code, name), "desc"): "Paying" if order.kind == "payin" else "Processing",
        }
        link = _LINK_KEYS.get((code, name), "paymentUrl" if name == "cashier.create" else None)
        if link is not None:
            data[link] = f"https://sandbox.paypro.invalid/{code}/pay/{order.platform_trade_no}"
        if order.remark:
            data["remark"] = order.remark
        if code == "KE":
            data["serialNumber"] = order.platform_trade_no
        return data

    def _query(self, route: Route, values: Mapping[str, str]) -> dict[str, Any]:
        order = self.ledger.orders.get(values["trade_no"])
        if order is None or order.kind != _QUERIES[route.name] or order.region != route.profile.code:
            raise _Refusal(CODE_NOT_FOUND, "order not found")
        return self._details(order)

    def _details(self, order: Order) -> dict[str, Any]:
        data: dict[str, Any] = {
            "tradeNo": order.trade_no,
            _QUERY_PLATFORM_KEYS.get(order.region, "platFormTradeNo"): order.platform_trade_no,
            "status": order.status,
            "amount": _amount(order.region, order.reported_amount),
            "message": _MESSAGES.get(order.status, "REJECTED_TRANSACTION"),
            "createTime": self._local_time(order.region, order.created_at),
        }
        if order.settled_at is not None and order.status in (SUCCESS, PARTIAL):
            data["successTime"] = self._local_time(order.region, order.settled_at)
        if order.remark:
            data["remark"] = order.remark
        return data

    def _balance(self, route: Route, values: Mapping[str, str]) -> dict[str, Any]:
        code = route.profile.code
        amounts = self.balance(code)
        return {
            _AVAILABLE_KEYS.get(code, "availableAmount"): _amount(code, amounts["available"], four=True),
            "freezeAmount": _amount(code, amounts["freeze"], four=True),
            "unsettledAmount": _amount(code, amounts["unsettled"], four=True),
        }

    def _verify_account(self, route: Route, values: Mapping[str, str]) -> dict[str, Any]:
        return {"bankAccountNo": values["bank_account_no"], "bankAccountName": "SANDBOX ACCOUNT HOLDER"}

    def _voucher(self, route: Route, values: Mapping[str, str]) -> dict[str, Any]:
        key = values["trade_no"]
        order = self.ledger.by_platform(key) or self.ledger.orders.get(key)
        if order is None or order.region != route.profile.code:
            raise _Refusal(CODE_NOT_FOUND, "order not found")
        return {"url": f"https://sandbox.paypro.invalid/voucher/{order.platform_trade_no}.pdf"}

    def _query_by_code(self, route: Route, values: Mapping[str, str]) -> dict[str, Any]:
        for order in self.ledger:
            if order.mpesa_code == values["code"] and order.region == route.profile.code:
                return self._details(order)
        raise _Refusal(CODE_NOT_FOUND, "order not found")

    def _submit(self, route: Route, values: Mapping[str, str]) -> dict[str, Any]:
        order = self.ledger.by_platform(values["platform_trade_no"])
        if order is None or order.region != route.profile.code:
            raise _Refusal(CODE_NOT_FOUND, "order not found")
        return {"platFormTradeNo": order.platform_trade_no, "status": order.status, "desc": "submitted"}

    # -- helpers ---------------------------------------------------------------------------------

    def _platform_no(self) -> str:
        while True:
            number = "".join(self._ids.choices(_ALPHABET, k=16))
            if self.ledger.by_platform(number) is None:
                return number

    def _mpesa_code(self) -> str:
        return "".join(self._ids.choices(string.ascii_uppercase + string.digits, k=10))

    @staticmethod
    def _local_time(region: str, when: float) -> str:
        zone = region_zone(regions.get(region).timezone)
        return datetime.fromtimestamp(when, zone).strftime("%Y-%m-%d %H:%M:%S")


_HTML = {"Content-Type": "text/html; charset=utf-8"}

_Handler = Callable[[Gateway, Route, Mapping[str, str]], dict[str, Any]]
_HANDLERS: Mapping[str, _Handler] = {
    "payin.create": Gateway._create,
    "cashier.create": Gateway._create,
    "payout.create": Gateway._create,
    "payin.query": Gateway._query,
    "payout.query": Gateway._query,
    "balance": Gateway._balance,
    "account.verify": Gateway._verify_account,
    "payin.voucher": Gateway._voucher,
    "payin.query_by_code": Gateway._query_by_code,
    "payin.submit": Gateway._submit,
}


def _four(value: Decimal) -> str:
    return str(value.quantize(_FOUR_PLACES))


def _amount(region: str, value: Decimal, *, four: bool = False) -> str | Decimal:
    """An amount as ``region`` spells it: a JSON number (KE, BR, MX) or a string."""
    text = _four(value) if four else str(value)
    return Decimal(text) if region in _NUMERIC_AMOUNT_REGIONS else text


def _number_marker(value: object) -> str:
    if isinstance(value, Decimal):
        return f"{_NUMBER}{value}"
    raise TypeError(f"{type(value).__name__} is not JSON serializable")
