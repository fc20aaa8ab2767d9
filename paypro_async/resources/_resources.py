"""``client.payins``, ``client.cashier``, ``client.payouts``, ``client.balance``, ``client.accounts``.

Keyword arguments are the snake_case form of Paypro's field names; the region profile decides which
exist, which are required and what they must look like.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from .._bulk import BulkProgress, Outcome, run_bulk
from .._models import AccountVerification, Balance, Payment, PaymentDetails, Submission, Voucher

if TYPE_CHECKING:
    from .._client import PayproClient

#: Default bound on orders in flight in ``create_many``: below the pool size so none waits on it.
DEFAULT_CONCURRENCY = 50

__all__ = ["Accounts", "AmountLike", "BalanceResource", "Cashier", "Payins", "Payouts"]

#: Money: an int, a Decimal or a numeric string. Never a float.
AmountLike = int | Decimal | str


class _Resource:
    def __init__(self, client: PayproClient) -> None:
        self._client = client


class _Orders(_Resource):
    """Create, retrieve and bulk-create one kind of order; subclasses name the two operations."""

    _create_op: ClassVar[str]
    _query_op: ClassVar[str]

    async def create(self, *, trade_no: str, amount: AmountLike, **fields: str | None) -> Payment:
        """Create an order. ``fields``: the region's documented fields, e.g. ``notify_url``.

        Raises :class:`~paypro_async.ValidationError` before sending when a field breaks a rule, and
        :class:`~paypro_async.OutcomeUnknownError` when the gateway may have created the order
        without a definite answer: then query ``trade_no`` instead of creating again.
        """
        values = {"trade_no": trade_no, "amount": amount, **fields}
        return await self._client._call(
            self._create_op, Payment, values, trade_no=trade_no, defaults={"trade_no": trade_no}
        )

    async def retrieve(self, trade_no: str) -> PaymentDetails:
        """Query an order by the merchant's ``trade_no``."""
        return await self._client._call(
            self._query_op,
            PaymentDetails,
            {"trade_no": trade_no},
            trade_no=trade_no,
            defaults={"trade_no": trade_no},
        )

    def create_many(
        self,
        orders: Iterable[Mapping[str, Any]] | AsyncIterable[Mapping[str, Any]],
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        max_attempts: int = 4,
        on_progress: Callable[[BulkProgress], None] | None = None,
        journal: str | os.PathLike[str] | None = None,
    ) -> AsyncIterator[Outcome]:
        """Create many orders (mappings of ``create``'s keyword arguments); yield one
        :class:`~paypro_async.Outcome` per order as each finishes.

        At most ``concurrency`` in flight on the client's pool; input is read lazily. An ambiguous
        create is reconciled through :meth:`retrieve`, never blindly re-sent. ``journal`` (a JSON
        Lines path) makes a killed or cancelled run resumable: re-run the same input with the same
        journal and created orders are skipped, unresolved ones reconciled::

            async for outcome in client.payins.create_many(orders, concurrency=50):
                record(outcome.trade_no, outcome.ok, outcome.error)
        """
        return run_bulk(
            self._client,
            self.create,
            self.retrieve,
            orders,
            concurrency=concurrency,
            max_attempts=max_attempts,
            on_progress=on_progress,
            journal=journal,
        )


class Payins(_Orders):
    """Payins: the region's H2H "Payment API" (``create``), the payment query, and region extras."""

    _create_op = "payin.create"
    _query_op = "payin.query"

    async def retrieve_by_code(self, code: str) -> PaymentDetails:
        """Kenya: query a payin by its M-PESA transaction code (e.g. ``"SHL2A6WAQU"``)."""
        return await self._client._call(
            "payin.query_by_code", PaymentDetails, {"code": code}, defaults={"trade_no": ""}
        )

    async def voucher(self, trade_no: str) -> Voucher:
        """Indonesia: the payment voucher PDF of an order (``trade_no``: Paypro's number)."""
        return await self._client._call("payin.voucher", Voucher, {"trade_no": trade_no}, trade_no=trade_no)

    async def submit(self, *, platform_trade_no: str, trx_id: str) -> Submission:
        """Bangladesh: submit the payer's wallet transaction id for an H2H payin.

        ``code`` 0000 only means the submission was accepted: wait for the notification or query.
        """
        return await self._client._call(
            "payin.submit",
            Submission,
            {"platform_trade_no": platform_trade_no, "trx_id": trx_id},
            trade_no=platform_trade_no,
            defaults={"platform_trade_no": platform_trade_no},
        )


class Cashier(_Orders):
    """The hosted "Payment Page / Cashier": ``create`` returns the ``payment_url`` to send the payer to.

    Cashier orders are payins: ``retrieve`` is the payment query.
    """

    _create_op = "cashier.create"
    _query_op = "payin.query"


class Payouts(_Orders):
    """Payouts (disbursements) with the region's beneficiary fields, and the payout query."""

    _create_op = "payout.create"
    _query_op = "payout.query"


class BalanceResource(_Resource):
    """The merchant's balance."""

    async def retrieve(self) -> Balance:
        """Available, frozen and unsettled amounts as ``Decimal``."""
        return await self._client._call("balance", Balance, {})


class Accounts(_Resource):
    """Indonesia: bank account verification."""

    async def verify(self, *, bank_account_no: str, bank_code: str) -> AccountVerification:
        """Verify a bank account; a non-0000 ``code`` (raised as ``APIError``) means not verified."""
        return await self._client._call(
            "account.verify",
            AccountVerification,
            {"bank_account_no": bank_account_no, "bank_code": bank_code},
        )
