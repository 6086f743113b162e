"""The one door for optional extras: one message naming the extra to install."""

from __future__ import annotations

import pytest

from dunningkit import DunningkitError, MissingExtraError
from dunningkit._support._optional import EXTRAS, available, require


def test_a_missing_extra_names_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(EXTRAS, "no_such_module_dk", "report")
    with pytest.raises(MissingExtraError, match=r"the page needs the 'report' extra") as caught:
        require("no_such_module_dk", "the page")
    assert caught.value.extra == "report"
    assert "pip install 'pydunning[report]'" in str(caught.value)
    # Callers that caught ImportError before keep working.
    assert isinstance(caught.value, ImportError)
    assert isinstance(caught.value, DunningkitError)


def test_an_installed_extra_is_returned() -> None:
    assert require("pyarrow.parquet", "Parquet").__name__ == "pyarrow.parquet"
    assert available("pyarrow")


def test_availability_does_not_raise(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(EXTRAS, "no_such_module_dk", "report")
    assert not available("no_such_module_dk")
