"""The README's region table is generated from the profiles; this keeps them in sync."""

from pathlib import Path

import paypro_async as paypro
from paypro_async.regions._table import markdown_table

README = Path(__file__).resolve().parent.parent / "README.md"


def test_region_table_matches_profiles() -> None:
    text = README.read_text(encoding="utf-8")
    table = text.split("<!-- region-table:start -->\n", 1)[1].split("\n<!-- region-table:end -->", 1)[0]
    expected = markdown_table([paypro.regions.get(c) for c in paypro.regions.available()])
    assert table == expected, "README region table is stale: python -m paypro_async.regions._table"


def test_readme_shows_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert "make demo" in text and "make test" in text


def test_sign_example_in_readme_is_true() -> None:
    body = {"tradeNo": "test_00000008", "timestamp": "1728613488294"}
    assert paypro.sign(body, "my_app_secret") in README.read_text(encoding="utf-8")
