"""A wrapper that keeps the app secret out of reprs, logs, exceptions and traceback locals."""

from __future__ import annotations

__all__ = ["Secret"]


class Secret:
    """Holds the merchant's app secret; prints as ``'***'`` everywhere.

    Frame-locals dumps (Sentry, ``rich`` tracebacks, pytest ``--showlocals``) call ``repr`` on every
    local, so the SDK passes this object around instead of the ``str`` and only reveals it inside the
    one expression that hashes it.
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """Return the secret itself. Call only where it is hashed."""
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return "'***'"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __reduce__(self) -> tuple[object, ...]:
        # Pickling would write the secret to disk or a queue; refuse instead of leaking.
        raise TypeError("a Paypro app secret cannot be pickled")
