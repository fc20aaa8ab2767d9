"""What every region's tests share: each operation called through the public resources."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
import respx

import paypro_async as paypro

from ..conftest import envelope

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


async def send_valid(make_client: MakeClient, region: str, url: str, call: Call, args: dict[str, Any]) -> Any:
    """Call the operation with ``args`` against a mocked ``url``; return the respx route it hit."""
    route = respx.post(url).respond(json=envelope({"status": "0015"}))
    async with make_client(region) as client:
        await call(client, args)
    return route


async def assert_rejected(
    make_client: MakeClient, region: str, url: str, call: Call, args: dict[str, Any], field: str
) -> None:
    """The call raises one ValidationError naming exactly ``field``, and nothing is sent."""
    route = respx.post(url).respond(json=envelope({"status": "0015"}))
    async with make_client(region) as client:
        with pytest.raises(paypro.ValidationError) as info:
            await call(client, args)
    assert info.value.fields == (field,)
    assert not route.called
