"""An ``httpx`` transport that hands each request to an in-process :class:`Gateway`: no sockets."""

from __future__ import annotations

import asyncio

import httpx

from ._faults import Latency
from ._gateway import Gateway, SandboxResponse

__all__ = ["SandboxTransport"]

_HTML_500 = (
    b"<html><head><title>500 Internal Server Error</title></head>"
    b"<body><center><h1>500 Internal Server Error</h1></center><hr><center>nginx</center></body></html>"
)


class SandboxTransport(httpx.AsyncBaseTransport):
    """Serve ``httpx.AsyncClient`` requests from ``gateway``, injecting ``gateway.faults``::

        gateway = Gateway()
        http = httpx.AsyncClient(transport=SandboxTransport(gateway))
        client = PayproClient(merchant_no=gateway.merchant_no, app_secret="sandbox-secret",
                              region="PK", base_url="http://sandbox/PK", http_client=http)

    ``latency`` (seconds, or a ``(low, high)`` range drawn with ``seed``) delays every answer, so
    concurrent callers interleave as they would on a network; 0 still yields to the event loop.
    """

    def __init__(
        self,
        gateway: Gateway,
        *,
        latency: float | tuple[float, float] = 0.0,
        seed: int | None = None,
    ) -> None:
        self.gateway = gateway
        self.latency = Latency(latency, gateway.seed if seed is None else seed)
        #: Requests seen, faults included.
        self.requests = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        content = await request.aread()
        gateway = self.gateway
        route = gateway.resolve(request.url.path)
        fault = gateway.faults.draw(route.name if route else None) if gateway.faults else None
        await asyncio.sleep(self.latency.draw())
        if fault == "drop_before":
            raise httpx.ConnectError("sandbox: connection refused (injected)", request=request)
        if fault in ("status_503", "status_429"):
            status = 503 if fault == "status_503" else 429
            text = "Service Unavailable" if status == 503 else "Too Many Requests"
            return _response(request, SandboxResponse(status, text.encode(), {"Content-Type": "text/plain"}))
        if fault == "html_500":
            return _response(request, SandboxResponse(500, _HTML_500, {"Content-Type": "text/html"}))
        answer = gateway.handle(request.method, request.url.path, request.headers, content)
        if fault == "drop_after":
            raise httpx.RemoteProtocolError(
                "sandbox: server disconnected without sending a response (injected)", request=request
            )
        if fault == "timeout_after":
            raise httpx.ReadTimeout("sandbox: read timed out (injected)", request=request)
        if fault == "truncated_json":
            answer = SandboxResponse(answer.status_code, answer.content[: len(answer.content) // 2])
        return _response(request, answer)


def _response(request: httpx.Request, answer: SandboxResponse) -> httpx.Response:
    return httpx.Response(
        answer.status_code, headers=dict(answer.headers), content=answer.content, request=request
    )
