"""Deliver signed notifications to each order's ``notifyUrl`` the way Paypro does.

Paypro POSTs the result and re-delivers until the merchant answers the text ``OK``: up to 8 retries
in 24 hours, after 2 s, 5 s, 10 s, 30 s, 1 h, 3 h, 3 h and 3 h. ``time_factor`` scales that schedule
(``0.001`` turns 24 hours into about 86 seconds) and ``sleep`` is injectable for tests.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import attrs
import httpx

from .._models import NOTIFY_ACK
from ._gateway import Gateway

__all__ = ["PAYPRO_RETRY_SCHEDULE", "Delivery", "Notifier"]

#: Seconds between Paypro's delivery attempts (paypro-api.md §4).
PAYPRO_RETRY_SCHEDULE = (2.0, 5.0, 10.0, 30.0, 3600.0, 10800.0, 10800.0, 10800.0)


@attrs.frozen
class Delivery:
    """What happened to one notification: attempts made and whether ``OK`` came back."""

    trade_no: str
    url: str
    attempts: int
    acknowledged: bool


async def _sleep(seconds: float) -> None:
    await asyncio.sleep(seconds)


class Notifier:
    """POSTs ``gateway.notification(trade_no)`` to the order's ``notifyUrl`` until it answers ``OK``."""

    def __init__(
        self,
        gateway: Gateway,
        *,
        http_client: httpx.AsyncClient | None = None,
        time_factor: float = 1.0,
        schedule: tuple[float, ...] = PAYPRO_RETRY_SCHEDULE,
        sleep: Callable[[float], Awaitable[None]] = _sleep,
        timeout: float = 10.0,
    ) -> None:
        self.gateway = gateway
        self.http = http_client or httpx.AsyncClient(timeout=timeout)
        self._owns_http = http_client is None
        self.time_factor = time_factor
        self.schedule = schedule
        self.sleep = sleep
        #: Every finished delivery, in completion order.
        self.deliveries: list[Delivery] = []

    async def deliver(self, trade_no: str) -> Delivery:
        """Deliver the order's current result; returns once acknowledged or the schedule is spent."""
        order = self.gateway.orders[trade_no]
        url = order.notify_url
        if not url:
            delivery = Delivery(trade_no, "", 0, False)
        else:
            attempts, acknowledged = 0, False
            for wait in (0.0, *self.schedule):
                if wait:
                    await self.sleep(wait * self.time_factor)
                attempts += 1
                if await self._post(url, trade_no):
                    acknowledged = True
                    break
            delivery = Delivery(trade_no, url, attempts, acknowledged)
        self.deliveries.append(delivery)
        return delivery

    async def _post(self, url: str, trade_no: str) -> bool:
        try:
            response = await self.http.post(url, json=self.gateway.notification(trade_no))
        except httpx.HTTPError:
            return False  # the merchant was unreachable: Paypro tries again later
        return response.status_code == 200 and response.text.strip() == NOTIFY_ACK

    async def aclose(self) -> None:
        """Close the HTTP client if the notifier created it."""
        if self._owns_http:
            await self.http.aclose()
