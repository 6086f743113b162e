from __future__ import annotations

from importlib.resources import files

import dunningkit
from dunningkit import errors


def test_all_is_complete_without_repeats() -> None:
    # Its order is ruff's (RUF022): constants, classes, then functions, each sorted.
    assert len(set(dunningkit.__all__)) == len(dunningkit.__all__)
    public = {
        name
        for name, value in vars(dunningkit).items()
        if not name.startswith("_") and not getattr(value, "__name__", "").startswith("dunningkit.")
    }
    public -= {"annotations", "cli", "errors", "loaders", "testing"}
    assert public == set(dunningkit.__all__) - {"__version__"}


def test_every_error_derives_from_one_root_and_a_builtin() -> None:
    assert issubclass(errors.InvalidPortfolioError, ValueError)
    assert issubclass(errors.UnknownRecordError, LookupError)
    assert issubclass(errors.PluginError, ImportError)
    for name in errors.__all__:
        value = getattr(errors, name)
        if isinstance(value, type) and issubclass(value, Exception):
            assert issubclass(value, errors.DunningkitError)


def test_every_error_is_in_the_flat_namespace() -> None:
    # from dunningkit import DayError: an error a caller catches is one import away.
    assert sorted(set(errors.__all__) - set(dunningkit.__all__)) == []


def test_py_typed_ships() -> None:
    assert files("dunningkit").joinpath("py.typed").is_file()
