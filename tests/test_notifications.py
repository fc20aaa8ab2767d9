"""client.notifications.parse: sign verification, spellings, Kenya's unsigned payloads, max_age."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest

import paypro_async as paypro

from .conftest import NOW_MS, SECRET

BRAZIL = {
    "platFormTradeNo": "5286e98841194687a95d25b5f3be346d",
    "tradeNo": "00000020",
    "amount": "30000",
    "status": "0000",
    "message": "SUCCESS",
    "successTime": "2024-07-01 18:34:31",
    "timestamp": "1724740395968",
}
MEXICO = {**BRAZIL, "amount": 30000, "utr": "111111111111"}
INDONESIA = {**BRAZIL, "channelCode": "EWALLET", "wayCode": "DANA", "status": "0001"}
KENYA = {
    "platFormTradeNo": "5286e98841194687a95d25b5f3be346d",
    "tradeNo": "00000020",
    "amount": Decimal("3.0000"),
    "status": "00029",
    "message": "REJECTED_TRANSACTION",
    "successTime": "2024-07-01 18:34:31",
}


def signed(payload: dict[str, Any], secret: str = SECRET) -> dict[str, Any]:
    return {**payload, "sign": paypro.sign(payload, secret)}


def test_ack_is_plain_ok() -> None:
    assert paypro.NOTIFY_ACK == "OK"


@pytest.mark.parametrize(
    ("region", "payload"), [("BR", BRAZIL), ("MX", MEXICO), ("ID", INDONESIA), ("PK", BRAZIL)]
)
def test_each_region_payload_parses(
    make_client: Callable[..., paypro.PayproClient], region: str, payload: dict[str, Any]
) -> None:
    client = make_client(region)
    note = client.notifications.parse(signed(payload))
    assert note.trade_no == "00000020"
    assert note.platform_trade_no == "5286e98841194687a95d25b5f3be346d"
    assert note.amount == Decimal("30000")
    assert note.status_code == payload["status"]
    assert note.signed
    assert isinstance(note.success_time, datetime) and note.success_time.tzinfo is not None
    assert note.success_time.utcoffset() is not None
    assert note.raw["tradeNo"] == "00000020"


def test_extras_and_partial(make_client: Callable[..., paypro.PayproClient]) -> None:
    note = make_client("ID").notifications.parse(signed(INDONESIA))
    assert note.status is paypro.PaymentStatus.PARTIAL
    assert (note.channel_code, note.way_code) == ("EWALLET", "DANA")
    mx = make_client("MX").notifications.parse(signed(MEXICO))
    assert mx.utr == "111111111111" and mx.status is paypro.PaymentStatus.SUCCESS


def test_body_as_bytes_str_and_mapping(make_client: Callable[..., paypro.PayproClient]) -> None:
    client = make_client("BR")
    text = json.dumps(signed(BRAZIL))
    for body in (text, text.encode(), json.loads(text)):
        assert client.notifications.parse(body).trade_no == "00000020"


def test_numeric_amount_is_signed_as_received(make_client: Callable[..., paypro.PayproClient]) -> None:
    payload = {**BRAZIL, "amount": "3.0000"}
    body = json.dumps(signed(payload)).replace('"3.0000"', "3.0000")
    note = make_client("BR").notifications.parse(body)
    assert note.amount == Decimal("3.0000")


def test_tampered_amount_is_rejected(make_client: Callable[..., paypro.PayproClient]) -> None:
    body = {**signed(BRAZIL), "amount": "99999"}
    with pytest.raises(paypro.SignatureError):
        make_client("BR").notifications.parse(body)


def test_wrong_secret_is_rejected(make_client: Callable[..., paypro.PayproClient]) -> None:
    with pytest.raises(paypro.SignatureError):
        make_client("BR").notifications.parse(signed(BRAZIL, "another-secret"))


def test_missing_sign_is_rejected(make_client: Callable[..., paypro.PayproClient]) -> None:
    with pytest.raises(paypro.SignatureError, match="no sign"):
        make_client("BR").notifications.parse(BRAZIL)


def test_uppercase_sign_accepted(make_client: Callable[..., paypro.PayproClient]) -> None:
    body = signed(BRAZIL)
    body["sign"] = body["sign"].upper()
    assert make_client("BR").notifications.parse(body).signed


def test_unknown_fields_are_signed_and_kept(make_client: Callable[..., paypro.PayproClient]) -> None:
    payload = {**BRAZIL, "newField": "x"}
    note = make_client("BR").notifications.parse(signed(payload))
    assert note.raw["newField"] == "x"
    stripped = signed(BRAZIL)
    stripped["newField"] = "x"  # added after signing: tampering
    with pytest.raises(paypro.SignatureError):
        make_client("BR").notifications.parse(stripped)


def test_kenya_unsigned_needs_opt_in(make_client: Callable[..., paypro.PayproClient]) -> None:
    client = make_client("KE")
    with pytest.raises(paypro.SignatureError):
        client.notifications.parse(KENYA)
    note = client.notifications.parse(KENYA, allow_unsigned=True)
    assert not note.signed
    assert note.status is paypro.PaymentStatus.FAILED and note.amount == Decimal("3.0000")
    assert str(note.success_time.tzinfo) == "Africa/Nairobi"  # type: ignore[union-attr]
    # opting in never accepts a wrong sign
    with pytest.raises(paypro.SignatureError):
        client.notifications.parse({**KENYA, "sign": "0" * 32}, allow_unsigned=True)


def test_max_age(make_client: Callable[..., paypro.PayproClient]) -> None:
    client = make_client("BR")  # clock fixed at NOW_MS
    fresh = signed({**BRAZIL, "timestamp": str(NOW_MS - 30_000)})
    assert client.notifications.parse(fresh, max_age=60).trade_no == "00000020"
    with pytest.raises(paypro.SignatureError, match="older"):
        client.notifications.parse(fresh, max_age=10)
    old = signed(BRAZIL)  # 2024: accepted when max_age is off (the default)
    assert client.notifications.parse(old).signed


def test_malformed_body(make_client: Callable[..., paypro.PayproClient]) -> None:
    with pytest.raises(paypro.ResponseFormatError):
        make_client("BR").notifications.parse(b"<html>")
    with pytest.raises(paypro.ResponseFormatError):
        make_client("BR").notifications.parse("[1, 2]")
