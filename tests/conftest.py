"""Shared fixtures: a fake sleep that records delays instead of waiting, and a fixed clock."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

import paypro_async as paypro

SECRET = "test-secret-Zx9"
MERCHANT = "4610351925"
NOW_MS = 1730431256223


class FakeSleep:
    """Records every backoff delay; never waits."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def fake_sleep() -> FakeSleep:
    return FakeSleep()


@pytest.fixture
def make_client(fake_sleep: FakeSleep) -> Callable[..., paypro.PayproClient]:
    def make(region: str = "PK", **kwargs: object) -> paypro.PayproClient:
        options: dict[str, object] = {
            "merchant_no": MERCHANT,
            "app_secret": SECRET,
            "region": region,
            "backoff": paypro.Backoff(sleep=fake_sleep, jitter=lambda: 0.0),
            "clock": lambda: NOW_MS / 1000,
        }
        if paypro.regions.get(region).sandbox_url is None:
            options["base_url"] = f"https://gateway.test/{region}"
        options.update(kwargs)
        return paypro.PayproClient(**options)  # type: ignore[arg-type]

    return make


@pytest.fixture
async def pk(make_client: Callable[..., paypro.PayproClient]) -> AsyncIterator[paypro.PayproClient]:
    async with make_client("PK") as client:
        yield client


def envelope(data: object, code: str = "0000", msg: str = "success") -> dict[str, object]:
    """A Paypro response body."""
    return {"msg": msg, "code": code, "timestamp": 1731653732177, "success": True, "data": data}
