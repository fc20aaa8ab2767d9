"""The sandbox over real HTTP: an ASGI app (served by uvicorn) with each region under ``/<REGION>``.

``http://127.0.0.1:8080/PK`` is Pakistan, so ``PayproClient(region="PK",
base_url="http://127.0.0.1:8080/PK")`` works, and so does any client in any language that signs.
Orders settle on the gateway's seeded schedule ``settle_after`` seconds after creation, and the
result is delivered to ``notifyUrl`` by a :class:`Notifier`.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import httpx

from ._faults import Latency
from ._gateway import Gateway
from ._notifier import Notifier

__all__ = ["SandboxApp", "SandboxServer", "serve"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

_HTML_500 = b"<html><body><h1>500 Internal Server Error</h1><hr>nginx</body></html>"


class _Dropped(Exception):
    """Raised after a partial response: the ASGI server then closes the connection mid-answer."""


class SandboxApp:
    """An ASGI application serving ``gateway`` (faults from ``gateway.faults`` included)."""

    def __init__(
        self,
        gateway: Gateway,
        *,
        notifier: Notifier | None = None,
        settle_after: float | None = 1.0,
        hang: float = 30.0,
        latency: float | tuple[float, float] = 0.0,
    ) -> None:
        self.gateway = gateway
        self.notifier = notifier
        self.settle_after = settle_after
        self.hang = hang  # how long a "timeout_after" fault keeps the caller waiting
        #: Added before every answer: seconds, or a ``(low, high)`` range drawn with the gateway's seed.
        self.latency = Latency(latency, gateway.seed)
        #: HTTP requests seen, faults included.
        self.requests = 0
        self._tasks: set[asyncio.Task[None]] = set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        self.requests += 1
        delay = self.latency.draw()
        if delay:
            await asyncio.sleep(delay)
        headers = httpx.Headers(scope["headers"])  # case-insensitive, as HTTP headers are
        path: str = scope["path"]
        gateway = self.gateway
        route = gateway.resolve(path)
        fault = gateway.faults.draw(route.name if route else None) if gateway.faults else None
        if fault == "drop_before":
            await self._drop(send)
        if fault in ("status_503", "status_429"):
            await self._answer(send, 503 if fault == "status_503" else 429, b"busy", "text/plain")
            return
        if fault == "html_500":
            await self._answer(send, 500, _HTML_500, "text/html")
            return
        before = len(gateway.orders)
        answer = gateway.handle(scope["method"], path, headers, body)
        if len(gateway.orders) > before:
            self._schedule(gateway.ledger.trade_nos[-1])
        if fault == "drop_after":
            await self._drop(send)
        if fault == "timeout_after":
            await asyncio.sleep(self.hang)
        content = answer.content
        if fault == "truncated_json":
            content = content[: len(content) // 2]
        await self._answer(
            send, answer.status_code, content, answer.headers.get("Content-Type", "application/json")
        )

    def _schedule(self, trade_no: str) -> None:
        if self.settle_after is None:
            return
        task = asyncio.get_running_loop().create_task(self._settle_later(trade_no))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _settle_later(self, trade_no: str) -> None:
        await asyncio.sleep(self.settle_after or 0.0)
        order = self.gateway.orders[trade_no]
        if not order.is_final:
            self.gateway.settle(trade_no, self.gateway.scheduled_status(order))
        if self.notifier is not None:
            await self.notifier.deliver(trade_no)

    @staticmethod
    async def _answer(send: Send, status: int, content: bytes, content_type: str) -> None:
        headers = [(b"content-type", content_type.encode()), (b"content-length", str(len(content)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": content})

    @staticmethod
    async def _drop(send: Send) -> None:
        # Promise a body, send none, then fail: the server closes the connection mid-response.
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"100")]})
        raise _Dropped("sandbox: connection dropped (injected fault)")

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                for task in list(self._tasks):
                    task.cancel()
                await asyncio.gather(*self._tasks, return_exceptions=True)
                if self.notifier is not None:
                    await self.notifier.aclose()
                await send({"type": "lifespan.shutdown.complete"})
                return


class SandboxServer:
    """``app`` served over real HTTP inside the running event loop (uvicorn: the ``sandbox`` extra)::

        async with SandboxServer(SandboxApp(gateway)) as server:
            client = PayproClient(..., region="PK", base_url=f"{server.url}/PK", transport="aiohttp")

    ``port=0`` (the default) takes a free port; ``url`` says which.
    """

    def __init__(self, app: SandboxApp, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.app = app
        self.host = host
        self.port = port
        self.url = ""
        self._server: Any = None
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> SandboxServer:
        uvicorn = _uvicorn()
        # Bound here, not by uvicorn, so port 0 works and the port is known before serving.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        self.url = f"http://{self.host}:{self.port}"
        self._server = uvicorn.Server(uvicorn.Config(self.app, log_level="critical", lifespan="on"))
        self._task = asyncio.get_running_loop().create_task(self._server.serve(sockets=[sock]))
        while not self._server.started:
            if self._task.done():  # it failed to start: raise why
                await self._task
                raise RuntimeError("the sandbox server stopped before it started")
            await asyncio.sleep(0.005)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await self._task


def _uvicorn() -> Any:
    try:
        import uvicorn
    except ImportError:  # pragma: no cover - depends on the extra
        raise ImportError(
            "the sandbox over HTTP needs uvicorn: pip install 'paypro-async[sandbox]'"
        ) from None
    return uvicorn


def serve(app: SandboxApp, *, host: str = "127.0.0.1", port: int = 8080) -> None:
    """Serve ``app`` with uvicorn until interrupted (``pip install 'paypro-async[sandbox]'``)."""
    try:
        uvicorn = _uvicorn()
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise SystemExit(str(exc)) from None
    print(json.dumps({"sandbox": f"http://{host}:{port}", "regions": "/<REGION>"}), flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", lifespan="on")
