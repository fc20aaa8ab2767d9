"""A fake, in-process Paypro gateway for tests, demos and load runs: no network, no credentials.

::

    from paypro_async.sandbox import Gateway, SandboxTransport

    gateway = Gateway(merchant_no="4610351925", app_secret="sandbox-secret", seed=0)
    http = httpx.AsyncClient(transport=SandboxTransport(gateway))
    client = paypro.PayproClient(merchant_no="4610351925", app_secret="sandbox-secret", region="PK",
                                 base_url="http://sandbox/PK", http_client=http)
    await client.payins.create(...)
    gateway.settle_all()

It serves every operation of every registered region at ``/<REGION><path>``, straight from the
region profiles, and answers in each region's documented spellings. Over real sockets on 127.0.0.1
(any transport, ``pip install 'paypro-async[sandbox]'``)::

    async with SandboxServer(SandboxApp(gateway, latency=0.02)) as server:
        client = paypro.PayproClient(..., base_url=f"{server.url}/PK", transport="aiohttp")
"""

from ._faults import FAULT_KINDS, Faults, Latency
from ._gateway import (
    CODE_DUPLICATE,
    CODE_INVALID,
    CODE_NOT_FOUND,
    CODE_SIGN,
    Gateway,
    Ledger,
    Order,
    Route,
    SandboxResponse,
)
from ._samples import sample_payin
from ._server import SandboxApp, SandboxServer
from ._transport import SandboxTransport

__all__ = [
    "CODE_DUPLICATE",
    "CODE_INVALID",
    "CODE_NOT_FOUND",
    "CODE_SIGN",
    "FAULT_KINDS",
    "Faults",
    "Latency",
    "Gateway",
    "Ledger",
    "Order",
    "Route",
    "SandboxApp",
    "SandboxResponse",
    "SandboxServer",
    "SandboxTransport",
    "sample_payin",
]
