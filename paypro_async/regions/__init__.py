"""Region profiles and their registry.

Every module in this package that defines ``PROFILE`` is a built-in region, found automatically:
adding a country is one file. Users add or override regions at run time with :func:`register`.
"""

from __future__ import annotations

import importlib
import pkgutil
import threading

from .._errors import PayproError
from . import _rules as rules
from ._profile import DEFAULT_ALIASES, Field, Operation, OperationName, RegionProfile
from ._rules import Rule

__all__ = [
    "DEFAULT_ALIASES",
    "Field",
    "Operation",
    "OperationName",
    "RegionProfile",
    "Rule",
    "UnknownRegionError",
    "available",
    "get",
    "register",
    "rules",
]


class UnknownRegionError(PayproError, ValueError, KeyError):
    """No profile is registered under that region code (also a ``ValueError`` and ``KeyError``)."""


_registry: dict[str, RegionProfile] = {}
_lock = threading.Lock()
_loaded = False


def _load_builtins() -> None:
    global _loaded
    with _lock:
        if _loaded:
            return
        for info in pkgutil.iter_modules(__path__):
            if info.name.startswith("_"):
                continue
            module = importlib.import_module(f"{__name__}.{info.name}")
            profile = getattr(module, "PROFILE", None)
            if isinstance(profile, RegionProfile):
                _registry.setdefault(profile.code, profile)
        _loaded = True


def register(profile: RegionProfile) -> RegionProfile:
    """Install ``profile`` under its code, replacing any profile of that code. Returns it.

    Clients built afterwards with ``region=profile.code`` use it; existing clients keep theirs.
    """
    if not isinstance(profile, RegionProfile):
        raise TypeError(f"expected a RegionProfile, got {type(profile).__name__}")
    _load_builtins()
    with _lock:
        _registry[profile.code] = profile
    return profile


def get(code: str) -> RegionProfile:
    """The profile registered under ISO code ``code`` (case-insensitive), e.g. ``get("PK")``."""
    _load_builtins()
    try:
        return _registry[code.strip().upper()]
    except KeyError:
        known = ", ".join(sorted(_registry))
        raise UnknownRegionError(f"unknown Paypro region {code!r}; available: {known}") from None


def available() -> list[str]:
    """The registered region codes, sorted."""
    _load_builtins()
    return sorted(_registry)
