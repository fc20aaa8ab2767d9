"""Region tests: clients on their own pools sharing one TLS context, closed after each test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

import paypro_async as paypro

from ._shared import MakeClient

#: httpx builds a TLS context per client (~30 ms), more than a test costs: build one for all.
TLS = httpx.create_ssl_context()


@pytest.fixture
async def make_client(make_client: MakeClient) -> AsyncIterator[MakeClient]:
    """The root ``make_client``, each client on a borrowed pool that shares ``TLS``."""
    pools: list[httpx.AsyncClient] = []

    def make(region: str, **kwargs: Any) -> paypro.PayproClient:
        pools.append(httpx.AsyncClient(verify=TLS))
        return make_client(region, http_client=pools[-1], **kwargs)

    yield make
    for pool in pools:
        await pool.aclose()
