"""Microbenchmark of the SDK's own per-request work: validate + sign + serialize + normalize.

Run: ``make bench`` (or ``.venv/bin/python benchmarks/micro.py``). No network: it times the pipeline
stages the client runs around each HTTP exchange, on Pakistan's H2H payin (the richest seed).
"""

from __future__ import annotations

import timeit

from server import REPLY_BODY  # benchmarks/ is on sys.path when run as a script

import paypro_async as paypro
from paypro_async._client import encode_body
from paypro_async._convert import decode_json, structure
from paypro_async._models import Payment

ARGS = {
    "trade_no": "20261122120000123456",
    "amount": 10000,
    "name": "Ali Raza",
    "mobile": "3115112345",
    "email": "ali@gmail.com",
    "customer_cert": "1730123456789",
    "notify_url": "https://shop.example/paypro/notify",
    "payment_type": "easypaisa",
}
# The reply benchmarks/server.py sends, so both benchmarks decode the same bytes.
RESPONSE = REPLY_BODY


def measure(n: int = 20_000, repeat: int = 5) -> dict[str, float]:
    """Best-of-``repeat`` µs per request of each stage, and their ``total``.

    ``benchmarks/transports.py`` calls this so one run records the micro figures next to the wire ones.
    """
    client = paypro.PayproClient(merchant_no="4610351925", app_secret="bench-secret", region="PK")
    profile = client.region

    def request_side() -> bytes:
        _, _, body = client._signed_request("payin.create", ARGS, ARGS["trade_no"])
        return encode_body(body)

    def response_side() -> Payment:
        envelope = decode_json(RESPONSE)
        return structure(Payment, envelope["data"], profile=profile, raw=envelope, defaults={"trade_no": "x"})

    results = {}
    for name, fn in (("validate+sign+serialize", request_side), ("decode+normalize", response_side)):
        best = min(timeit.repeat(fn, number=n, repeat=repeat)) / n
        results[name] = best * 1e6
    results["total"] = sum(results.values())
    return results


def main() -> None:
    for name, micros in measure().items():
        print(f"{name:>26}: {micros:7.1f} µs per request")


if __name__ == "__main__":
    main()
