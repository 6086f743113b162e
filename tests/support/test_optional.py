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
    # What works today (from a clone), and the published name for later.
    assert "from a clone, pip install -e '.[report]'" in str(caught.value)
    assert "once published: pip install 'pydunning[report]'" in str(caught.value)
    # Callers that caught ImportError before keep working.
    assert isinstance(caught.value, ImportError)
    assert isinstance(caught.value, DunningkitError)


def test_an_installed_extra_is_returned(monkeypatch: pytest.MonkeyPatch) -> None:
    # A module every Python has stands in for an installed extra.
    monkeypatch.setitem(EXTRAS, "json", "report")
    assert require("json", "the page").__name__ == "json"
    assert available("json")


def test_availability_does_not_raise(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(EXTRAS, "no_such_module_dk", "report")
    assert not available("no_such_module_dk")


def test_parquet_goes_through_the_door(monkeypatch: pytest.MonkeyPatch) -> None:
    # (holidays went through it too until it became a core dependency:
    # tests/model/test_calendar.py)
    import importlib  # noqa: PLC0415
    import sys  # noqa: PLC0415

    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.delitem(sys.modules, "dunningkit.io._parquet", raising=False)
    with pytest.raises(MissingExtraError, match=r"dunningkit.parquet needs the 'parquet' extra"):
        importlib.import_module("dunningkit.io._parquet")
