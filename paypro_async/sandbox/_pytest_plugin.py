"""A pytest plugin (entry point ``pytest11``): the ``paypro_sandbox`` fixture for merchants' tests.

::

    async def test_checkout(paypro_sandbox):
        client = paypro_sandbox.client                     # Pakistan; .for_region("MX") for others
        payin = await client.payins.create(trade_no="T1", amount=10000, ...)
        paypro_sandbox.gateway.settle("T1")
        assert (await client.payins.retrieve("T1")).status is paypro.PaymentStatus.SUCCESS
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from .._client import PayproClient
from .._http import Backoff
from ._gateway import Gateway
from ._transport import SandboxTransport

__all__ = ["SandboxSession", "paypro_sandbox"]

MERCHANT_NO = "4610351925"
APP_SECRET = "sandbox-secret"


async def _no_wait(_: float) -> None:
    return None


class SandboxSession:
    """An in-process gateway and clients wired to it (no sockets, no real backoff waits)."""

    def __init__(self) -> None:
        self.gateway = Gateway(merchant_no=MERCHANT_NO, app_secret=APP_SECRET)
        self.transport = SandboxTransport(self.gateway)
        self.http = httpx.AsyncClient(transport=self.transport)
        #: A client for Pakistan (the richest seed region) wired to the sandbox.
        self.client = PayproClient(
            MERCHANT_NO,
            APP_SECRET,
            "PK",
            "http://sandbox/PK",
            http_client=self.http,
            backoff=Backoff(sleep=_no_wait),
        )

    def for_region(self, region: str) -> PayproClient:
        """A :class:`PayproClient` for ``region`` on the same sandbox and pool."""
        return self.client.with_options(region=region, base_url=f"http://sandbox/{region.upper()}")

    def close(self) -> None:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            asyncio.run(self.http.aclose())


@pytest.fixture
def paypro_sandbox() -> Iterator[SandboxSession]:
    """A fresh in-process Paypro sandbox per test: ``.gateway``, ``.client``, ``.for_region(code)``."""
    session = SandboxSession()
    yield session
    session.close()
