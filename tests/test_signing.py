from decimal import Decimal

import paypro_async as paypro
from paypro_async._signing import verify_sign


def test_self_computed_vector_from_the_api_notes() -> None:
    body = {"tradeNo": "test_00000008", "timestamp": "1728613488294"}
    assert paypro.canonical_string(body) == "timestamp=1728613488294tradeNo=test_00000008"
    assert paypro.sign(body, "my_app_secret") == "692a60e1a2a694e7b407045d83fbdf1c"


def test_indonesia_payout_vector_skips_empty_and_sign() -> None:
    body = {
        "amount": "100000",
        "bankAccountNo": "5464438554636",
        "bankCode": "0002",
        "customerName": "kevin",
        "email": "kevin@gmail.com",
        "mobile": "6281245907765",
        "notifyUrl": "https://google.com",
        "timestamp": "1732985021335",
        "tradeNo": "39fa354542824ee789faf526f27c024f",
        "remark": "",
        "sign": "whatever",
    }
    assert paypro.canonical_string(body) == (
        "amount=100000bankAccountNo=5464438554636bankCode=0002customerName=kevin"
        "email=kevin@gmail.commobile=6281245907765notifyUrl=https://google.com"
        "timestamp=1732985021335tradeNo=39fa354542824ee789faf526f27c024f"
    )
    assert paypro.sign(body, "my_app_secret") == "7a4388f7731f442e40bf98209f41046e"


def test_keys_sort_by_code_point_uppercase_first() -> None:
    assert paypro.canonical_string({"b": "1", "B": "2", "a": "3"}) == "B=2a=3b=1"


def test_none_and_empty_are_skipped_and_sign_is_lowercase_hex() -> None:
    assert paypro.canonical_string({"a": None, "b": "", "c": "x"}) == "c=x"
    digest = paypro.sign({"c": "x"}, "k")
    assert len(digest) == 32 and digest == digest.lower()


def test_values_stringify_like_java() -> None:
    assert paypro.canonical_string({"a": True, "b": 30000, "c": Decimal("3.0000")}) == (
        "a=trueb=30000c=3.0000"
    )


def test_verify_accepts_uppercase_hex_and_rejects_tampering() -> None:
    body = {"tradeNo": "1", "amount": "300"}
    body["sign"] = paypro.sign(body, "k").upper()
    assert verify_sign(body, "k")
    assert not verify_sign({**body, "amount": "301"}, "k")
    assert not verify_sign({"tradeNo": "1"}, "k")
    assert not verify_sign(body, "other")
