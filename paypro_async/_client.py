"""PayproClient: configuration, pool ownership, and the one request pipeline.

caller kwargs -> region profile (validate, map to wire names) -> timestamp + sign -> ``_http``
(send, timeout, retry policy) -> envelope check -> normalize spellings -> frozen model.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, Literal, TypeVar

import attrs
import httpx

from . import regions
from ._convert import decode_json, status_code_text, structure
from ._errors import APIError, APIStatusError, OutcomeUnknownError, ResponseFormatError
from ._http import Backoff, send_with_retries
from ._secret import Secret
from ._signing import _digest, canonical_string
from ._transport import HttpxTransport, Transport
from .regions import RegionProfile
from .regions._profile import CREATING_OPERATIONS

__all__ = ["DEFAULT_TIMEOUT", "PayproClient"]

T = TypeVar("T")

#: Never "wait forever": a stuck socket must surface as an error the caller can act on.
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_RETRIES = 2
_UNSET: Any = object()

TransportName = Literal["httpx", "aiohttp"]


# One encoder built once: json.dumps with options builds a new JSONEncoder on every call.
_BODY_JSON = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def encode_body(body: Mapping[str, str]) -> bytes:
    """The wire bytes of a signed body: compact UTF-8 JSON."""
    return _BODY_JSON.encode(body).encode("utf-8")


class _Pool:
    """The shared transport, and whether this client owns (and so closes) it."""

    def __init__(self, transport: Transport, *, owned: bool) -> None:
        self.transport = transport
        self.owned = owned
        self.closed = False

    async def aclose(self) -> None:
        if self.owned and not self.closed:
            self.closed = True
            await self.transport.aclose()


def _make_pool(http_client: httpx.AsyncClient | None, transport: TransportName | Transport) -> _Pool:
    if isinstance(transport, Transport):
        if http_client is not None:
            raise ValueError("pass http_client= or transport=, not both")
        return _Pool(transport, owned=False)  # lent: its owner closes it
    if transport == "aiohttp":
        if http_client is not None:
            raise ValueError("http_client= lends an httpx client; it cannot be used with transport='aiohttp'")
        try:
            from ._aiohttp import AiohttpTransport
        except ImportError:
            raise ImportError("transport='aiohttp' needs aiohttp: pip install 'paypro-async[fast]'") from None
        return _Pool(AiohttpTransport(), owned=True)
    if transport != "httpx":
        raise ValueError(f"transport must be 'httpx', 'aiohttp' or a Transport, not {transport!r}")
    # A lent httpx client is wrapped, never closed: HttpxTransport only closes a client it made.
    return _Pool(HttpxTransport(http_client), owned=True)


@attrs.frozen
class _Config:
    merchant_no: str
    secret: Secret = attrs.field(repr=False)
    profile: RegionProfile
    base_url: str
    timeout: httpx.Timeout
    max_retries: int
    backoff: Backoff
    clock: Callable[[], float] = attrs.field(repr=False)


def _timeout(value: float | httpx.Timeout | None) -> httpx.Timeout:
    return value if isinstance(value, httpx.Timeout) else httpx.Timeout(value)


def _profile(region: str | RegionProfile) -> RegionProfile:
    return region if isinstance(region, RegionProfile) else regions.get(region)


def _base_url(profile: RegionProfile, base_url: str | None) -> str:
    url = base_url or profile.sandbox_url
    if not url:
        raise ValueError(
            f"Paypro publishes no sandbox URL for {profile.code} ({profile.name}); "
            "pass base_url= (the URL Paypro's business team gave you) or set PAYPRO_BASE_URL"
        )
    return url.rstrip("/")


class PayproClient:
    """An async Paypro client for one merchant and region, on one shared connection pool.

    Build one per process and share it across tasks::

        async with paypro.PayproClient(merchant_no="4610351925", app_secret="...", region="PK") as c:
            payin = await c.payins.create(trade_no=..., amount=10000, ...)

    Arguments fall back to ``PAYPRO_MERCHANT_NO``, ``PAYPRO_APP_SECRET``, ``PAYPRO_REGION`` and
    ``PAYPRO_BASE_URL``. ``base_url`` defaults to the region's published sandbox. ``http_client``
    lends an ``httpx.AsyncClient`` that the SDK then never closes. ``transport="aiohttp"`` moves the
    bytes on the fast transport instead (``pip install 'paypro-async[fast]'``), with the same errors
    and retry policy; a :class:`~paypro_async.AiohttpTransport` instance is lent, and not closed here.
    ``backoff`` sets the retry timing (and its injectable sleep); ``clock`` returns seconds since the
    epoch for request timestamps.
    """

    def __init__(
        self,
        merchant_no: str | None = None,
        app_secret: str | None = None,
        region: str | RegionProfile | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.AsyncClient | None = None,
        *,
        transport: TransportName | Transport = "httpx",
        backoff: Backoff | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        # Wrap the secret first and drop the str: traceback-locals dumps must never show it.
        secret = Secret(app_secret or os.environ.get("PAYPRO_APP_SECRET", ""))
        del app_secret
        merchant = merchant_no or os.environ.get("PAYPRO_MERCHANT_NO", "")
        if not merchant:
            raise ValueError("merchant_no is required (or set PAYPRO_MERCHANT_NO)")
        if not secret:
            raise ValueError("app_secret is required (or set PAYPRO_APP_SECRET)")
        region = region or os.environ.get("PAYPRO_REGION")
        if not region:
            raise ValueError(f"region is required (or set PAYPRO_REGION): {regions.available()}")
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        profile = _profile(region)
        config = _Config(
            merchant_no=merchant,
            secret=secret,
            profile=profile,
            base_url=_base_url(profile, base_url or os.environ.get("PAYPRO_BASE_URL")),
            timeout=_timeout(timeout),
            max_retries=max_retries,
            backoff=backoff or Backoff(),
            clock=clock,
        )
        self._setup(config, _make_pool(http_client, transport))

    def _setup(self, config: _Config, pool: _Pool) -> None:
        from .resources import Accounts, BalanceResource, Cashier, Notifications, Payins, Payouts

        self._config = config
        self._pool = pool
        self.payins = Payins(self)
        self.cashier = Cashier(self)
        self.payouts = Payouts(self)
        self.balance = BalanceResource(self)
        self.accounts = Accounts(self)
        self.notifications = Notifications(self)

    # -- configuration ---------------------------------------------------------------------------

    @property
    def region(self) -> RegionProfile:
        """The region profile this client speaks."""
        return self._config.profile

    @property
    def merchant_no(self) -> str:
        """The merchant number sent in the ``merchantNo`` header."""
        return self._config.merchant_no

    @property
    def base_url(self) -> str:
        """The gateway base URL, without a trailing slash."""
        return self._config.base_url

    @property
    def timeout(self) -> httpx.Timeout:
        """The per-request timeout."""
        return self._config.timeout

    @property
    def max_retries(self) -> int:
        """How many times a safe-to-retry request is retried."""
        return self._config.max_retries

    @property
    def transport(self) -> Transport:
        """The shared transport (the connection pool) requests go through."""
        return self._pool.transport

    @property
    def http_client(self) -> httpx.AsyncClient:
        """The shared ``httpx.AsyncClient``; ``RuntimeError`` on a client of another transport."""
        transport = self._pool.transport
        if not isinstance(transport, HttpxTransport):
            raise RuntimeError(f"this client sends through {transport!r}, not an httpx.AsyncClient")
        return transport.http

    def with_options(
        self,
        *,
        merchant_no: str | None = None,
        app_secret: str | None = None,
        region: str | RegionProfile | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = _UNSET,
        max_retries: int | None = None,
        backoff: Backoff | None = None,
    ) -> PayproClient:
        """A client with some options changed that shares this client's connection pool.

        A new ``region`` without a new ``base_url`` takes that region's default URL. The copy does not
        own the pool: close the original when done.
        """
        config = self._config
        secret = Secret(app_secret) if app_secret else config.secret
        del app_secret
        profile = _profile(region) if region is not None else config.profile
        if base_url is None and region is not None:
            url = _base_url(profile, None)
        else:
            url = _base_url(profile, base_url or config.base_url)
        changed = attrs.evolve(
            config,
            merchant_no=merchant_no or config.merchant_no,
            secret=secret,
            profile=profile,
            base_url=url,
            timeout=config.timeout if timeout is _UNSET else _timeout(timeout),
            max_retries=config.max_retries if max_retries is None else max_retries,
            backoff=backoff or config.backoff,
        )
        clone = object.__new__(PayproClient)
        clone._setup(changed, _Pool(self._pool.transport, owned=False))
        return clone

    # -- lifecycle -------------------------------------------------------------------------------

    async def aclose(self) -> None:
        """Close the pool if this client owns it. Safe to call more than once."""
        await self._pool.aclose()

    @property
    def is_closed(self) -> bool:
        """True once :meth:`aclose` has run on a client that owns its pool."""
        return self._pool.closed or self._pool.transport.is_closed

    async def __aenter__(self) -> PayproClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        c = getattr(self, "_config", None)
        if c is None:  # a failed __init__: tracebacks still call repr
            return "PayproClient(<not configured>)"
        return (
            f"PayproClient(merchant_no={c.merchant_no!r}, region={c.profile.code!r}, "
            f"base_url={c.base_url!r}, app_secret='***')"
        )

    # -- the pipeline ----------------------------------------------------------------------------

    def _signed_request(
        self, operation: str, values: Mapping[str, object], trade_no: str | None
    ) -> tuple[str, dict[str, str], dict[str, str]]:
        """Validate, map, timestamp and sign: the URL, headers and wire body of one request."""
        config = self._config
        op = config.profile.operation(operation)
        context = f"{config.profile.code} {operation}"
        body = op.build_body(values, context=context, trade_no=trade_no)
        if op.timestamp:
            body["timestamp"] = str(int(config.clock() * 1000))
        signature = _digest(canonical_string(body), config.secret)
        headers = {"merchantNo": config.merchant_no, "Content-Type": "application/json"}
        if op.sign_in in ("body", "both"):
            body["sign"] = signature
        if op.sign_in in ("header", "both"):
            headers["sign"] = signature
        return config.base_url + op.path, headers, body

    async def _post(
        self, operation: str, values: Mapping[str, object], trade_no: str | None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Send one operation; return ``(envelope, data)`` of an accepted (``code`` 0000) answer."""
        if self.is_closed:
            raise RuntimeError("this PayproClient is closed")
        url, headers, body = self._signed_request(operation, values, trade_no)
        content = encode_body(body)
        config = self._config
        response = await send_with_retries(
            self._pool.transport,
            url,
            headers,
            content,
            timeout=config.timeout,
            max_retries=config.max_retries,
            backoff=config.backoff,
            creates=operation in CREATING_OPERATIONS,
            trade_no=trade_no,
            label=f"{config.profile.code} {operation} {trade_no or ''}".rstrip(),
        )
        if not 200 <= response.status_code < 300:
            raise APIStatusError(
                response.status_code, response.text, headers=response.headers, trade_no=trade_no
            )
        try:
            envelope = decode_json(response.content)
        except ValueError:
            raise ResponseFormatError("body is not JSON", response.text, trade_no=trade_no) from None
        if not isinstance(envelope, dict) or "code" not in envelope:
            raise ResponseFormatError("no 'code' in the body", response.text, trade_no=trade_no)
        code = status_code_text(envelope["code"]) or ""
        if code != "0000":
            msg = envelope.get("msg")
            refusal = APIError(code, "" if msg is None else str(msg), envelope, trade_no=trade_no)
            if response.after_maybe_processed and operation in CREATING_OPERATIONS:
                # The retry was refused, but an earlier attempt may have created the order (a
                # "duplicate tradeNo" refusal says exactly that): only a query can tell.
                raise OutcomeUnknownError(
                    trade_no or "", f"retried after a gateway error, then refused with code {code!r}"
                ) from refusal
            raise refusal
        data = envelope.get("data")
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise ResponseFormatError("'data' is not an object", response.text, trade_no=trade_no)
        return envelope, data

    async def _call(
        self,
        operation: str,
        model: type[T],
        values: Mapping[str, object],
        *,
        trade_no: str | None = None,
        defaults: Mapping[str, Any] | None = None,
    ) -> T:
        envelope, data = await self._post(operation, values, trade_no)
        try:
            return structure(model, data, profile=self._config.profile, raw=envelope, defaults=defaults)
        except (ValueError, TypeError) as exc:  # cattrs errors subclass these
            raise ResponseFormatError(
                f"unreadable {operation} data: {exc}",
                json.dumps(envelope, default=str),
                trade_no=trade_no,
            ) from exc
