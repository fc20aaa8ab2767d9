import pickle
import sys

import pytest

import paypro_async as paypro

from .conftest import SECRET


def test_secret_never_printed() -> None:
    s = paypro.Secret(SECRET)
    assert SECRET not in repr(s) and SECRET not in str(s) and SECRET not in f"{s}"
    with pytest.raises(TypeError):
        pickle.dumps(s)


def test_client_repr_hides_secret(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client()
    assert SECRET not in repr(client)
    assert SECRET not in repr(client._config)
    assert "'***'" in repr(client)


def test_failed_construction_leaves_no_secret_in_traceback_locals() -> None:
    with pytest.raises(paypro.UnknownRegionError) as info:
        paypro.PayproClient(merchant_no="1", app_secret=SECRET, region="XX")
    tb = info.tb
    while tb is not None:
        for value in tb.tb_frame.f_locals.values():
            assert SECRET not in repr(value)
        tb = tb.tb_next
    assert SECRET not in str(info.value)
    assert sys.exc_info() == (None, None, None)
