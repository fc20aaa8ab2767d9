"""The client's resources: thin, declarative wrappers that name an operation and its result model."""

from ._notifications import Notifications
from ._resources import Accounts, AmountLike, BalanceResource, Cashier, Payins, Payouts

__all__ = [
    "Accounts",
    "AmountLike",
    "BalanceResource",
    "Cashier",
    "Notifications",
    "Payins",
    "Payouts",
]
