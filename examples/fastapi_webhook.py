"""A FastAPI endpoint that receives Paypro notifications, verifies them and answers ``OK``.

Run: ``PAYPRO_MERCHANT_NO=... PAYPRO_APP_SECRET=... PAYPRO_REGION=PK uvicorn examples.fastapi_webhook:app``
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response

import paypro_async as paypro

#: What the handler saw, for the demo and the test; a real shop updates its orders table here.
received: list[paypro.Notification] = []


def create_app(client: paypro.PayproClient | None = None) -> FastAPI:
    """Build the app around one long-lived client (env configuration when none is given)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.paypro = client or paypro.PayproClient()
        async with app.state.paypro:
            yield

    app = FastAPI(lifespan=lifespan)

    @app.post("/paypro/notify")
    async def notify(request: Request) -> Response:
        body = await request.body()
        try:
            note = request.app.state.paypro.notifications.parse(body)
        except paypro.SignatureError:
            return Response("bad sign", status_code=400)  # Paypro retries; a forger gets nothing
        except paypro.ResponseFormatError:
            return Response("bad body", status_code=400)
        received.append(note)  # idempotent upsert by note.trade_no in real code: Paypro re-delivers
        return Response(paypro.NOTIFY_ACK, media_type="text/plain")

    return app
