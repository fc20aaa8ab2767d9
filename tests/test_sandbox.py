"""The in-process sandbox gateway, end to end through the real client and its retry policy."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from decimal import Decimal

import httpx
import pytest

import paypro_async as paypro
from paypro_async.sandbox import Faults, Gateway, SandboxTransport, sample_payin

MERCHANT = "4610351925"
SECRET = "sandbox-secret"
REGIONS = paypro.regions.available()


async def _no_sleep(_: float) -> None:
    return None


@pytest.fixture
def gateway() -> Gateway:
    return Gateway(merchant_no=MERCHANT, app_secret=SECRET, seed=0)


@pytest.fixture
async def http(gateway: Gateway) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=SandboxTransport(gateway)) as client:
        yield client


@pytest.fixture
def make(http: httpx.AsyncClient) -> Callable[..., paypro.PayproClient]:
    def make(region: str | paypro.RegionProfile = "PK", **kwargs: object) -> paypro.PayproClient:
        code = region if isinstance(region, str) else region.code
        options: dict[str, object] = {
            "merchant_no": MERCHANT,
            "app_secret": SECRET,
            "region": region,
            "base_url": f"http://sandbox/{code}",
            "http_client": http,
            "backoff": paypro.Backoff(sleep=_no_sleep),
        }
        options.update(kwargs)
        return paypro.PayproClient(**options)  # type: ignore[arg-type]

    return make


def test_every_sample_is_valid_for_its_region() -> None:
    for code in REGIONS:
        op = paypro.regions.get(code).operation("payin.create")
        op.build_body(sample_payin(code, "T1"), context=code)  # raises ValidationError if not


def test_every_operation_is_routed(gateway: Gateway) -> None:
    for code in REGIONS:
        profile = paypro.regions.get(code)
        for name, op in profile.operations.items():
            route = gateway.resolve(f"/{code}{op.path}")
            assert route is not None and route.name == name and route.operation is op
    assert gateway.resolve("/PK/v1/nope") is None
    assert gateway.resolve("/XX/v1/paypro/payin") is None


@pytest.mark.parametrize("region", REGIONS)
async def test_payin_end_to_end(
    region: str, gateway: Gateway, make: Callable[..., paypro.PayproClient]
) -> None:
    client = make(region)
    trade_no = f"{region}-0001"
    before = await client.balance.retrieve()
    assert before.available == Decimal("0.0000")

    payment = await client.payins.create(**sample_payin(region, trade_no))  # type: ignore[arg-type]
    assert payment.trade_no == trade_no
    assert payment.status is paypro.PaymentStatus.PROCESSING
    order = gateway.orders[trade_no]
    assert payment.platform_trade_no == order.platform_trade_no
    assert gateway.submissions(trade_no) == 1

    pending = await client.payins.retrieve(trade_no)
    assert pending.status is paypro.PaymentStatus.PROCESSING

    gateway.settle(trade_no, "0000")
    details = await client.payins.retrieve(trade_no)
    assert details.status is paypro.PaymentStatus.SUCCESS
    assert details.platform_trade_no == order.platform_trade_no
    assert details.amount == order.amount
    assert details.success_time is not None

    note = client.notifications.parse(gateway.notification(trade_no))
    assert note.trade_no == trade_no
    assert note.status is paypro.PaymentStatus.SUCCESS
    assert note.amount == order.amount
    assert note.platform_trade_no == order.platform_trade_no

    after = await client.balance.retrieve()
    assert after.available == order.amount
    assert after.raw["data"]["availablAmount" if region in ("ID", "MX") else "availableAmount"] == (
        Decimal(f"{order.amount:.4f}") if region in ("KE", "BR", "MX") else f"{order.amount:.4f}"
    )  # Kenya, Brazil and Mexico document JSON numbers; the others strings


@pytest.mark.parametrize(
    ("region", "link_key", "platform_key", "desc_key"),
    [
        ("KR", "payInfo", "platFormTradeNo", "message"),
        ("BD", "paymentLink", "kiliTradeNo", "desc"),
        ("PK", None, "platFormTradeNo", "desc"),
    ],
)
async def test_create_answers_in_the_region_spelling(
    region: str,
    link_key: str | None,
    platform_key: str,
    desc_key: str,
    make: Callable[..., paypro.PayproClient],
) -> None:
    payment = await make(region).payins.create(**sample_payin(region, "T-spell"))  # type: ignore[arg-type]
    data = payment.raw["data"]
    assert platform_key in data and desc_key in data
    for key in ("payInfo", "paymentLink", "paymentUrl"):
        assert (key in data) == (key == link_key)
    assert payment.platform_trade_no == data[platform_key]
    if link_key:
        assert payment.payment_url == data[link_key]


async def test_cashier_links_and_mexico_query_spelling(
    gateway: Gateway, make: Callable[..., paypro.PayproClient]
) -> None:
    mx = make("MX")
    page = await mx.cashier.create(trade_no="MX-page", amount=500, notify_url="https://n.example")
    assert page.raw["data"]["paymentUrl"] == page.payment_url
    gateway.settle("MX-page", "0001")
    details = await mx.cashier.retrieve("MX-page")
    assert "payproTradeNo" in details.raw["data"]
    assert details.status is paypro.PaymentStatus.PARTIAL
    assert details.amount == Decimal(250)
    assert (await mx.balance.retrieve()).available == Decimal(250)

    india = make("IN")
    args = sample_payin("IN", "IN-page")
    page = await india.cashier.create(**args)  # type: ignore[arg-type]
    assert page.raw["data"]["paymentLink"] == page.payment_url


async def test_payout_subtracts_and_freezes(
    gateway: Gateway, make: Callable[..., paypro.PayproClient]
) -> None:
    pk = make("PK")
    await pk.payins.create(**sample_payin("PK", "PK-in"))  # type: ignore[arg-type]
    gateway.settle("PK-in")
    await pk.payouts.create(
        trade_no="PK-out",
        amount=40,
        name="Ali Raza",
        customer_cert="1730123456789",
        email="ali@example.com",
        mobile="3115112345",
        account_type="WALLET",
        bank_name="easypaisa",
        bank_number="03115112345",
        notify_url="https://n.example",
        remark="refund",
    )
    pending = await pk.balance.retrieve()
    assert (pending.available, pending.frozen) == (Decimal(60), Decimal(40))
    assert (await pk.payins.retrieve("PK-in")).status is paypro.PaymentStatus.SUCCESS
    with pytest.raises(paypro.APIError) as info:  # a payout is not found by the payin query
        await pk.payins.retrieve("PK-out")
    assert info.value.code == "1004"
    gateway.settle("PK-out")
    done = await pk.balance.retrieve()
    assert (done.available, done.frozen) == (Decimal(60), Decimal(0))
    assert (await pk.payouts.retrieve("PK-out")).status is paypro.PaymentStatus.SUCCESS


async def test_wrong_secret_is_a_sign_error(
    gateway: Gateway, make: Callable[..., paypro.PayproClient]
) -> None:
    with pytest.raises(paypro.APIError) as info:
        await make("PK", app_secret="not-the-secret").payins.create(**sample_payin("PK", "T1"))  # type: ignore[arg-type]
    assert (info.value.code, info.value.msg) == ("1001", "sign error")
    assert info.value.body["success"] is False and info.value.body["data"] is None
    assert len(gateway.ledger) == 0 and gateway.submissions("T1") == 0


async def test_wrong_merchant_is_refused(make: Callable[..., paypro.PayproClient]) -> None:
    with pytest.raises(paypro.APIError) as info:
        await make("PK", merchant_no="0000000001").balance.retrieve()
    assert info.value.code == "1001"


@pytest.mark.parametrize("placement", ["header", "body", "both"])
async def test_brazil_accepts_either_sign_placement(
    placement: str, make: Callable[..., paypro.PayproClient]
) -> None:
    # Brazil's pages put the sign in a header (version A) or the body (version B): either passes.
    profile = paypro.regions.get("BR").with_sign_in(placement)  # type: ignore[arg-type]
    await make(profile).balance.retrieve()
    with pytest.raises(paypro.APIError) as info:
        await make(profile, app_secret="wrong").balance.retrieve()
    assert info.value.code == "1001"


async def test_header_only_operation(gateway: Gateway, make: Callable[..., paypro.PayproClient]) -> None:
    idn = make("ID")
    payment = await idn.payins.create(**sample_payin("ID", "ID-v"))  # type: ignore[arg-type]
    voucher = await idn.payins.voucher(payment.platform_trade_no or "")
    assert voucher.url and payment.platform_trade_no and payment.platform_trade_no in voucher.url
    # The same sign in the body instead of the header is refused: Proof signs in a header only.
    with pytest.raises(paypro.APIError) as info:
        await make(idn.region.with_sign_in("body")).payins.voucher(payment.platform_trade_no or "")
    assert info.value.code == "1001"


async def test_duplicate_trade_no(gateway: Gateway, make: Callable[..., paypro.PayproClient]) -> None:
    pk = make("PK")
    await pk.payins.create(**sample_payin("PK", "T-dup"))  # type: ignore[arg-type]
    with pytest.raises(paypro.APIError) as info:
        await pk.payins.create(**sample_payin("PK", "T-dup"))  # type: ignore[arg-type]
    assert (info.value.code, info.value.msg) == ("1003", "duplicate tradeNo")
    assert gateway.submissions("T-dup") == 2 and len(gateway.ledger) == 1


async def test_unknown_order(make: Callable[..., paypro.PayproClient]) -> None:
    with pytest.raises(paypro.APIError) as info:
        await make("VN").payins.retrieve("nope")
    assert (info.value.code, info.value.msg) == ("1004", "order not found")


async def test_server_side_validation_names_the_field(
    gateway: Gateway, make: Callable[..., paypro.PayproClient]
) -> None:
    # A profile that no longer checks the mobile: the gateway (still on the built-in rules) does.
    lax = make("PK").region.with_field("payin.create", "mobile", rules=())
    client = make(lax)
    args = {**sample_payin("PK", "T-bad"), "mobile": "12345"}
    with pytest.raises(paypro.APIError) as info:
        await client.payins.create(**args)  # type: ignore[arg-type]
    assert info.value.code == "1002"
    assert "mobile" in info.value.msg
    assert len(gateway.ledger) == 0


def test_raw_requests(gateway: Gateway) -> None:
    assert gateway.handle("POST", "/PK/v1/unknown", {}, b"{}").status_code == 404
    answer = gateway.handle("POST", "/PK/v1/payproPK/queryBalance", {"merchantNo": MERCHANT}, b"[1")
    assert b'"code":"1002"' in answer.content


async def test_settle_all_is_seeded_and_final() -> None:
    async def run(seed: int) -> dict[str, str]:
        gw = Gateway(merchant_no=MERCHANT, app_secret=SECRET, seed=seed)
        async with httpx.AsyncClient(transport=SandboxTransport(gw)) as http:
            base = paypro.PayproClient(MERCHANT, SECRET, "PK", "http://sandbox/PK", http_client=http)
            for i in range(300):
                region = ("ID", "MX", "PK")[i % 3]
                client = base.with_options(region=region, base_url=f"http://sandbox/{region}")
                await client.payins.create(**sample_payin(region, f"{region}{i}"))  # type: ignore[arg-type]
        settled = gw.settle_all()
        assert all(order.is_final for order in gw.orders.values())
        assert gw.settle_all() == {}
        return settled

    first = await run(7)
    assert first == await run(7) and first != await run(8)
    counts = {code: list(first.values()).count(code) for code in ("0000", "0001", "00029")}
    assert 220 <= counts["0000"] <= 290 and counts["0001"] > 0 and counts["00029"] > 0
    assert all(not t.startswith("PK") for t, s in first.items() if s == "0001")  # only ID and MX


async def test_notification_is_signed_and_tamper_evident(
    gateway: Gateway, make: Callable[..., paypro.PayproClient]
) -> None:
    ke = make("KE")
    await ke.payins.create(**sample_payin("KE", "KE-1"))  # type: ignore[arg-type]
    gateway.settle("KE-1", "00029")
    payload = gateway.notification("KE-1")
    assert set(payload) >= {
        "tradeNo",
        "platFormTradeNo",
        "amount",
        "status",
        "message",
        "successTime",
        "timestamp",
        "sign",
    }
    assert ke.notifications.parse(payload).status is paypro.PaymentStatus.FAILED
    with pytest.raises(paypro.SignatureError):
        ke.notifications.parse({**payload, "amount": "999999"})
    code = gateway.orders["KE-1"].mpesa_code
    assert code and (await ke.payins.retrieve_by_code(code)).trade_no == "KE-1"


# -- faults ----------------------------------------------------------------------------------------


async def test_drop_after_create_is_outcome_unknown(
    gateway: Gateway, make: Callable[..., paypro.PayproClient]
) -> None:
    gateway.faults = Faults(rate=1.0, kinds=("drop_after",), operations={"payin.create"})
    pk = make("PK")
    with pytest.raises(paypro.OutcomeUnknownError) as info:
        await pk.payins.create(**sample_payin("PK", "T-drop"))  # type: ignore[arg-type]
    assert info.value.trade_no == "T-drop"
    assert list(gateway.orders) == ["T-drop"] and gateway.submissions("T-drop") == 1
    assert (await pk.payins.retrieve("T-drop")).status is paypro.PaymentStatus.PROCESSING


async def test_timeout_after_create_is_outcome_unknown(
    gateway: Gateway, make: Callable[..., paypro.PayproClient]
) -> None:
    gateway.faults = Faults(rate=1.0, kinds=("timeout_after",), limit=1)
    with pytest.raises(paypro.OutcomeUnknownError) as info:
        await make("ID").payins.create(**sample_payin("ID", "T-slow"))  # type: ignore[arg-type]
    assert isinstance(info.value.__cause__, paypro.APITimeoutError)
    assert list(gateway.orders) == ["T-slow"] and gateway.submissions("T-slow") == 1


async def test_faults_after_a_query_are_retried(
    gateway: Gateway, make: Callable[..., paypro.PayproClient]
) -> None:
    pk = make("PK")
    await pk.payins.create(**sample_payin("PK", "T-q"))  # type: ignore[arg-type]
    gateway.faults = Faults(rate=1.0, kinds=("drop_after", "timeout_after"), limit=2)
    assert (await pk.payins.retrieve("T-q")).trade_no == "T-q"
    assert gateway.faults.total == 2


async def test_drop_before_is_retried_and_creates_once(
    gateway: Gateway, make: Callable[..., paypro.PayproClient]
) -> None:
    gateway.faults = Faults(rate=1.0, kinds=("drop_before",), limit=1)
    payment = await make("BD").payins.create(**sample_payin("BD", "T-conn"))  # type: ignore[arg-type]
    assert payment.trade_no == "T-conn"
    assert gateway.faults.injected == {"drop_before": 1}
    assert gateway.submissions("T-conn") == 1 and len(gateway.ledger) == 1


@pytest.mark.parametrize("kind", ["status_503", "status_429"])
async def test_busy_statuses_are_retried(
    kind: str, gateway: Gateway, make: Callable[..., paypro.PayproClient]
) -> None:
    gateway.faults = Faults(rate=1.0, kinds=(kind,), limit=2)
    payment = await make("VN").payins.create(**sample_payin("VN", "T-busy"))  # type: ignore[arg-type]
    assert payment.status is paypro.PaymentStatus.PROCESSING
    assert gateway.faults.total == 2 and gateway.submissions("T-busy") == 1


async def test_busy_status_past_the_retries(
    gateway: Gateway, make: Callable[..., paypro.PayproClient]
) -> None:
    gateway.faults = Faults(rate=1.0, kinds=("status_503",))
    with pytest.raises(paypro.APIStatusError) as info:
        await make("VN", max_retries=1).balance.retrieve()
    assert info.value.status_code == 503 and gateway.faults.total == 2


async def test_html_500_is_a_status_error(gateway: Gateway, make: Callable[..., paypro.PayproClient]) -> None:
    gateway.faults = Faults(rate=1.0, kinds=("html_500",))
    with pytest.raises(paypro.APIStatusError) as info:
        await make("PH").payins.create(**sample_payin("PH", "T-html"))  # type: ignore[arg-type]
    assert info.value.status_code == 500 and "<html>" in info.value.body
    assert len(gateway.ledger) == 0


async def test_truncated_json_is_a_format_error(
    gateway: Gateway, make: Callable[..., paypro.PayproClient]
) -> None:
    gateway.faults = Faults(rate=1.0, kinds=("truncated_json",))
    with pytest.raises(paypro.ResponseFormatError):
        await make("EG").payins.create(**sample_payin("EG", "T-cut"))  # type: ignore[arg-type]
    assert list(gateway.orders) == ["T-cut"]  # the gateway did process it


def test_faults_are_deterministic() -> None:
    def kinds(seed: int) -> list[str | None]:
        faults = Faults(rate=0.3, seed=seed)
        return [faults.draw("payin.create") for _ in range(200)]

    assert kinds(1) == kinds(1) and kinds(1) != kinds(2)
    assert 30 <= sum(k is not None for k in kinds(1)) <= 90
    with pytest.raises(ValueError, match="unknown fault"):
        Faults(kinds=("meteor",))
    with pytest.raises(ValueError, match="rate"):
        Faults(rate=2.0)
