"""The README's region table, generated from the registered profiles (a test keeps them in sync)."""

from __future__ import annotations

from ._profile import RegionProfile

__all__ = ["COLUMNS", "markdown_table"]

COLUMNS = (
    ("payin.create", "Payment (H2H)"),
    ("cashier.create", "Payment page / cashier"),
    ("payout.create", "Payout"),
    ("payin.query", "Payment query"),
    ("payout.query", "Payout query"),
    ("balance", "Balance"),
)
EXTRAS = ("account.verify", "payin.voucher", "payin.query_by_code", "payin.submit")


def _cell(profile: RegionProfile, name: str) -> str:
    if not profile.supports(name):
        return "—"
    op = profile.operation(name)
    return f"`{op.path}`" + (" (inferred)" if op.inferred else "")


def markdown_table(profiles: list[RegionProfile]) -> str:
    """Region by operation -> path; ``(inferred)`` marks paths Paypro does not publish."""
    head = ["Region", "Sandbox base URL", *(title for _, title in COLUMNS), "Extras"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for p in sorted(profiles, key=lambda p: p.code):
        extras = ", ".join(f"{n} {_cell(p, n)}" for n in EXTRAS if p.supports(n)) or "—"
        row = [
            f"{p.name} (`{p.code}`)",
            f"`{p.sandbox_url}`" if p.sandbox_url else "(not published)",
            *(_cell(p, n) for n, _ in COLUMNS),
            extras,
        ]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


if __name__ == "__main__":  # python -m paypro_async.regions._table
    from . import available, get

    print(markdown_table([get(code) for code in available()]))
