"""The ``paypro`` command, run as a user runs it (a subprocess) and in-process for speed."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from paypro_async._cli import main

from .conftest import SECRET
from .test_notifications import BRAZIL, signed

CREDENTIALS = ["--merchant-no", "4610351925", "--app-secret", SECRET]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "paypro_async._cli", *args], capture_output=True, text=True, timeout=60
    )


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_sign_prints_canonical_string_and_sign() -> None:
    done = run("sign", "tradeNo=test_00000008", "timestamp=1728613488294", "--app-secret", "my_app_secret")
    assert done.returncode == 0
    assert "timestamp=1728613488294tradeNo=test_00000008" in done.stdout
    assert "692a60e1a2a694e7b407045d83fbdf1c" in done.stdout


def test_sign_json_and_missing_secret(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["sign", "a=1", "--json", "--app-secret", "x"]) == 0
    assert json.loads(capsys.readouterr().out)["canonical"] == "a=1"
    monkeypatch.delenv("PAYPRO_APP_SECRET", raising=False)
    assert main(["sign", "a=1"]) == 2
    assert "app secret" in capsys.readouterr().err


def test_invalid_input_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["payin", "create", "trade_no=1", "amount=5", "mobile=1", "--region", "PK", *CREDENTIALS])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert "mobile" in err and "at least 100" in err and SECRET not in err
    assert main(["payin", "create", "oops", "--region", "PK", *CREDENTIALS]) == 2


def test_unreachable_gateway_exit_1() -> None:
    base = f"http://127.0.0.1:{closed_port()}/PK"
    done = run("balance", "--region", "PK", "--base-url", base, "--timeout", "2", *CREDENTIALS)
    assert done.returncode == 1
    assert done.stderr.startswith("paypro: error:") and "Traceback" not in done.stderr
    assert SECRET not in done.stderr + done.stdout


def test_notify_verify(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(signed(BRAZIL)))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**signed(BRAZIL), "amount": "1"}))
    assert main(["notify", "verify", str(good), "--region", "BR", "--json", *CREDENTIALS]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["trade_no"] == "00000020" and out["amount"] == "30000" and out["status"] == "success"
    assert main(["notify", "verify", str(bad), "--region", "BR", *CREDENTIALS]) == 1
    assert "sign" in capsys.readouterr().err
    assert main(["notify", "verify", str(tmp_path / "missing.json"), "--region", "BR", *CREDENTIALS]) == 2
