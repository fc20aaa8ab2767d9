"""Deterministic fault injection for the sandbox transport."""

from __future__ import annotations

import random
from collections.abc import Iterable

import attrs

__all__ = ["FAULT_KINDS", "Faults", "Latency"]

#: What each kind does, as the client sees it:
#:
#: * ``status_503`` / ``status_429``: an HTTP 503 / 429 answer; the gateway never saw the request.
#: * ``html_500``: an HTTP 500 HTML error page; the gateway never saw the request.
#: * ``truncated_json``: the gateway processed the request; its JSON answer is cut in half.
#: * ``drop_before``: ``httpx.ConnectError``; nothing reached the gateway.
#: * ``drop_after``: the gateway processed the request, then ``httpx.RemoteProtocolError``.
#: * ``timeout_after``: the gateway processed the request, then ``httpx.ReadTimeout``.
FAULT_KINDS: tuple[str, ...] = (
    "status_503",
    "status_429",
    "html_500",
    "truncated_json",
    "drop_before",
    "drop_after",
    "timeout_after",
)


def _kinds(value: Iterable[str]) -> tuple[str, ...]:
    kinds = tuple(value)
    unknown = sorted(set(kinds) - set(FAULT_KINDS))
    if unknown:
        raise ValueError(f"unknown fault kinds {unknown}; known: {FAULT_KINDS}")
    if not kinds:
        raise ValueError("kinds must name at least one fault")
    return kinds


def _rate(_: object, __: object, value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError("rate must be within [0, 1]")


def _operations(value: Iterable[str] | None) -> frozenset[str] | None:
    return None if value is None else frozenset(value)


@attrs.define
class Faults:
    """Inject a fault into ``rate`` of the requests, picking among ``kinds``; same seed, same faults.

    ``operations`` limits faults to those operation names (``"payin.create"``, ...); ``limit`` caps
    how many faults are injected in all (``limit=1``: only the first matching request fails).
    ``injected`` counts the faults injected so far, per kind.
    """

    rate: float = attrs.field(default=0.1, validator=_rate)
    kinds: tuple[str, ...] = attrs.field(default=FAULT_KINDS, converter=_kinds)
    seed: int = 0
    operations: frozenset[str] | None = attrs.field(default=None, converter=_operations)
    limit: int | None = None
    injected: dict[str, int] = attrs.field(factory=dict, init=False)
    _rng: random.Random = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    @property
    def total(self) -> int:
        """Faults injected so far."""
        return sum(self.injected.values())

    def draw(self, operation: str | None) -> str | None:
        """The fault to inject into one request of ``operation``, or None."""
        if self.operations is not None and operation not in self.operations:
            return None
        if self.limit is not None and self.total >= self.limit:
            return None
        if self._rng.random() >= self.rate:
            return None
        kind = self._rng.choice(self.kinds)
        self.injected[kind] = self.injected.get(kind, 0) + 1
        return kind


class Latency:
    """How long the sandbox waits before each answer: fixed seconds, or uniform in ``(low, high)``.

    Drawn from its own seeded stream, so a run's delays are the same whatever the faults draw.
    """

    def __init__(self, seconds: float | tuple[float, float], seed: object) -> None:
        self.seconds = seconds
        self._rng = random.Random(f"{seed}:latency")

    def draw(self) -> float:
        """The next delay in seconds."""
        if isinstance(self.seconds, tuple):
            low, high = self.seconds
            return self._rng.uniform(low, high)
        return self.seconds
