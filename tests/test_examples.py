"""The examples in examples/ run as documented."""

from __future__ import annotations

from collections.abc import Callable

import httpx

import paypro_async as paypro
from examples import fastapi_webhook

from .conftest import SECRET
from .test_notifications import BRAZIL, signed


async def test_fastapi_webhook_verifies_and_answers_ok(
    make_client: Callable[..., paypro.PayproClient],
) -> None:
    app = fastapi_webhook.create_app(make_client("BR"))
    fastapi_webhook.received.clear()
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
            ok = await http.post("/paypro/notify", json=signed(BRAZIL))
            forged = await http.post("/paypro/notify", json=signed(BRAZIL, "not-" + SECRET))
            garbage = await http.post("/paypro/notify", content=b"<html>")
    assert (ok.status_code, ok.text) == (200, "OK")
    assert forged.status_code == 400 and garbage.status_code == 400
    assert [n.trade_no for n in fastapi_webhook.received] == ["00000020"]
