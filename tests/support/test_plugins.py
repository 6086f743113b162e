"""Plugins: the example package under examples/, installed in isolation, and bad plugins."""

from __future__ import annotations

import importlib
import sys
import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from dunningkit import (
    PluginError,
    PolicyError,
    classify,
    explain,
    late_charges,
    load_policy,
    next_actions,
    render,
)
from dunningkit._support._plugins import available_plugins, load_plugin
from tests.builders import CREDITOR, TODAY, Book, d

EXAMPLE = Path(__file__).parents[2] / "examples" / "dunningkit-acme"


def install(site: Path, name: str, groups: dict[str, dict[str, str]], source: Path | None) -> None:
    """What pip leaves behind for entry points: a dist-info folder on sys.path."""
    info = site / f"{name.replace('-', '_')}-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1.0\n")
    lines = []
    for group, points in groups.items():
        lines.append(f"[{group}]")
        lines.extend(f"{key} = {value}" for key, value in points.items())
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n")
    if source is not None:
        (site / f"{name}.pth").write_text(str(source) + "\n")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    yield tmp_path
    for module in [m for m in sys.modules if m.startswith(("dunningkit_acme", "broken_plugin"))]:
        del sys.modules[module]


@pytest.fixture
def acme(site: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example package, installed from its own pyproject's entry points."""
    project = tomllib.loads((EXAMPLE / "pyproject.toml").read_text())["project"]
    install(site, project["name"], project["entry-points"], None)
    monkeypatch.syspath_prepend(str(EXAMPLE / "src"))
    importlib.invalidate_caches()
    return EXAMPLE / "policy.toml"


def test_plugins_are_listed_without_being_imported(acme: Path) -> None:
    assert available_plugins("dunningkit.scenarios") == ["acme-export"]
    assert "dunningkit_acme" not in sys.modules


def test_planning_with_the_example_plugins(acme: Path) -> None:
    policy = load_policy(acme)
    assert "dunningkit_acme" in sys.modules  # loaded because the policy names it
    book = Book()
    book.customer("EXP", tags=["crm:export"], country="DE", locale="de_DE")
    book.customer("LOCAL", segment="good_payer")
    book.invoice("F-EXP", "EXP", due=d(-10)).invoice("F-LOC", "LOCAL", due=d(-10))
    portfolio = book.build()
    assert classify("EXP", portfolio, TODAY, policy).segment == "export"
    plan = next_actions(portfolio, TODAY, policy)
    by_customer = {a.customer_id: a for a in plan.actions}
    assert (by_customer["EXP"].scenario_id, by_customer["EXP"].step_id) == (
        "acme_export",
        "reminder_1",
    )
    assert by_customer["LOCAL"].scenario_id == "good_payer"
    signed = policy.model_copy(update={"creditor": CREDITOR})
    message = render(by_customer["EXP"], portfolio, signed)
    assert message.subject.startswith("Zahlungserinnerung")
    assert "Guten Tag Claire Martin" in message.body
    assert "tagged crm:export" in str(explain(portfolio, TODAY, "EXP", policy))
    # The calendar plugin closes the office on 24 December.
    assert not policy.calendar.is_business_day(date(2026, 12, 24))


def test_no_plugin_code_runs_unless_named(acme: Path) -> None:
    book = Book().customer("EXP", tags=["crm:export"]).invoice("F", "EXP", due=d(-10))
    next_actions(book.build(), TODAY)
    assert "dunningkit_acme" not in sys.modules


def test_plugins_can_be_switched_off(acme: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUNNINGKIT_NO_PLUGINS", "1")
    with pytest.raises(PluginError, match="DUNNINGKIT_NO_PLUGINS"):
        load_policy(acme)


def test_a_plugin_that_fails_to_import_names_itself_and_its_package(site: Path) -> None:
    install(site, "broken-plugin", {"dunningkit.scenarios": {"broken": "broken_plugin:x"}}, None)
    with pytest.raises(
        PluginError,
        match=r"plugin 'broken' \(dunningkit\.scenarios\) from "
        r"broken-plugin failed to load: ModuleNotFoundError",
    ):
        load_plugin("dunningkit.scenarios", "broken")


def test_a_plugin_of_the_wrong_type_is_refused(site: Path) -> None:
    (site / "broken_plugin.py").write_text("value = 42\nclass NotAClassifier:\n    pass\n")
    install(
        site,
        "broken-plugin",
        {
            "dunningkit.scenarios": {"wrong": "broken_plugin:value"},
            "dunningkit.classifiers": {"wrong": "broken_plugin:NotAClassifier"},
            "dunningkit.templates": {"wrong": "broken_plugin:value"},
        },
        None,
    )
    policy_dir = site / "p"
    policy_dir.mkdir()
    (policy_dir / "a.toml").write_text('[scenarios]\nnew = "wrong"\n')
    with pytest.raises(PluginError, match="scenario plugin 'wrong' gave a int, not a Scenario"):
        load_policy(policy_dir / "a.toml")
    (policy_dir / "b.toml").write_text('[segmentation]\nclassifier = "wrong"\n')
    policy = load_policy(policy_dir / "b.toml")
    book = Book().customer().invoice("F", due=d(-10))
    with pytest.raises(PluginError, match=r"classifier plugin 'wrong'.*no classify"):
        next_actions(book.build(), TODAY, policy)
    (policy_dir / "c.toml").write_text('template_plugins = ["wrong"]\n')
    with pytest.raises(PluginError, match="template plugin 'wrong' gave a int"):
        load_policy(policy_dir / "c.toml").template_set()


def test_unknown_plugin_names_are_clear(site: Path) -> None:
    with pytest.raises(PluginError, match=r"no plugin named 'nope' in dunningkit\.scenarios"):
        load_plugin("dunningkit.scenarios", "nope")
    with pytest.raises(PluginError, match="no late-payment rules for jurisdiction 'ZZ'"):
        late_charges("F", Book().customer().invoice("F", due=d(-1)).build(), TODAY, "ZZ")
    with pytest.raises(PluginError, match="unknown plugin group"):
        available_plugins("dunningkit.nothing")


def test_policy_errors_still_name_the_key(site: Path) -> None:
    path = site / "p.toml"
    path.write_text('[scenarios.new]\nid = "x"\nsteps = []\n')
    with pytest.raises(PolicyError, match=r"scenarios\.new"):
        load_policy(path)
