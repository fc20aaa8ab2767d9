"""What every region's tests share: each operation called through the public resources."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import paypro_async as paypro

MakeClient = Callable[..., paypro.PayproClient]
Call = Callable[[paypro.PayproClient, dict[str, Any]], Awaitable[Any]]

# Every operation name the SDK knows, called through the public resources.
CALLS: dict[str, Call] = {
    "payin.create": lambda c, a: c.payins.create(**a),
    "cashier.create": lambda c, a: c.cashier.create(**a),
    "payout.create": lambda c, a: c.payouts.create(**a),
    "payin.query": lambda c, a: c.payins.retrieve(**a),
    "payout.query": lambda c, a: c.payouts.retrieve(**a),
    "balance": lambda c, a: c.balance.retrieve(**a),
    "account.verify": lambda c, a: c.accounts.verify(**a),
    "payin.voucher": lambda c, a: c.payins.voucher(**a),
    "payin.query_by_code": lambda c, a: c.payins.retrieve_by_code(**a),
    "payin.submit": lambda c, a: c.payins.submit(**a),
}
SAMPLE_ARGS: dict[str, dict[str, Any]] = {
    "payin.create": {"trade_no": "T1", "amount": 100},
    "cashier.create": {"trade_no": "T1", "amount": 100},
    "payout.create": {"trade_no": "T1", "amount": 100},
    "payin.query": {"trade_no": "T1"},
    "payout.query": {"trade_no": "T1"},
    "balance": {},
    "account.verify": {"bank_account_no": "31111111", "bank_code": "0002"},
    "payin.voucher": {"trade_no": "T1"},
    "payin.query_by_code": {"code": "SHL2A6WAQU"},
    "payin.submit": {"platform_trade_no": "P1", "trx_id": "X1"},
}
