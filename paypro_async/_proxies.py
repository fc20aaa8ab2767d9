"""Which proxy, if any, a request to a gateway host goes through: the environment, read once.

Both transports honour ``HTTP_PROXY``, ``HTTPS_PROXY``, ``ALL_PROXY`` and ``NO_PROXY`` (any case)
through this one reading, so switching transports never changes the route. It is resolved on an
origin's first request and cached: a client talks to one gateway host, and re-reading the
environment per request is what makes aiohttp's own ``trust_env`` slow.
"""

from __future__ import annotations

import urllib.parse
import urllib.request

__all__ = ["EnvironmentProxies"]


class EnvironmentProxies:
    """Proxy URL per origin (``scheme://host[:port]``) from the environment, ``None`` for direct."""

    def __init__(self) -> None:
        self._by_origin: dict[str, str | None] = {}

    def for_url(self, url: str) -> str | None:
        """The proxy for ``url``'s origin, or ``None`` when it goes direct (no proxy, or NO_PROXY)."""
        origin = "/".join(url.split("/", 3)[:3])
        try:
            return self._by_origin[origin]
        except KeyError:
            pass
        proxies = urllib.request.getproxies()
        parts = urllib.parse.urlsplit(origin)
        proxy = None
        if not urllib.request.proxy_bypass(parts.hostname or ""):
            proxy = proxies.get(parts.scheme) or proxies.get("all")
        self._by_origin[origin] = proxy
        return proxy
