"""The code shown to users runs: every Python block of README.md and docs/*.md.

Each page's blocks run in order, in one namespace, in a temporary folder holding
the files the prose tells the reader to have (``policy.toml``, a rate table). The
few objects a page says come from the reader's own system (``book``, ``today``,
``erp``, channel senders) are given as stand-ins; everything else, imports
included, must be in the block. Blocks that include a file (``--8<-- "path"``)
show files the suite runs elsewhere; the test checks those files exist. Blocks
that include a section of a Python file (``--8<-- "path:name"``, the part between
its ``# --8<-- [start:name]`` and ``# --8<-- [end:name]`` lines) show only that
part: the test runs the whole file, as the section needs its imports and helpers,
and then the test functions the section defines.
"""

from __future__ import annotations

import ast
import re
import shutil
import textwrap
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from dunningkit import Action, DunningEvent, EventOutcome, InMemorySender, load_policy
from dunningkit._sample import sample_policy, sample_portfolio
from tests.builders import DEMO_DAY as TODAY

ROOT = Path(__file__).parents[2]
OPTIONAL = {"dask", "distributed", "jinja2", "pandas", "pyarrow", "pyspark", "rich", "holidays"}
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
# pymdownx.snippets: a path, or a path and a section name (``docs/examples/x.py:name``).
INCLUDE = re.compile(r'^--8<-- "(?P<path>[^":]+)(?::(?P<section>[a-z][-_0-9a-z]*))?"\s*$')


def _blocks(page: Path) -> list[str]:
    return BLOCK.findall(page.read_text(encoding="utf-8"))


def _section(path: Path, name: str) -> str:
    """The lines between a file's ``--8<-- [start:name]`` and ``--8<-- [end:name]`` markers."""
    lines = path.read_text(encoding="utf-8").splitlines()
    starts, ends = (
        [n for n, line in enumerate(lines) if re.search(rf"-+8<-+[ \t]+\[{kind}:{name}\]", line)]
        for kind in ("start", "end")
    )
    assert len(starts) == len(ends) == 1, f"{path.name}: one start and one end marker for {name!r}"
    assert starts[0] < ends[0], f"{path.name}: section {name!r} ends before it starts"
    shown = "\n".join(lines[starts[0] + 1 : ends[0]])
    assert shown.strip(), f"{path.name}: section {name!r} is empty"
    return shown


def _run_section(path: Path, name: str) -> None:
    """Run the file a page shows a section of, then the tests that section defines."""
    shown = ast.parse(textwrap.dedent(_section(path, name)))
    namespace: dict[str, Any] = {"__name__": f"docs_include_{path.stem}"}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)  # noqa: S102
    for node in shown.body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
            settings(max_examples=5)(namespace[node.name])()


class FakeErp:
    """What the docs call ``erp``: the host system, remembering what it was told."""

    def __init__(self) -> None:
        self.events: list[DunningEvent] = []
        self.queued: list[Action] = []
        self.worklist_rows: list[tuple[str, ...]] = []

    def export_receivables(self) -> dict[str, Any]:
        return sample_portfolio(TODAY).model_dump(mode="json")

    def already_sent(self, key: str) -> bool:
        return any(e.action_key == key for e in self.events)

    def approved(self, key: str) -> bool:
        del key
        return False

    def approved_keys(self) -> set[str]:
        return set()

    def queue_for_approval(self, action: Action) -> None:
        self.queued.append(action)

    def send(self, action: Action) -> tuple[EventOutcome, str]:
        return EventOutcome.SENT, f"erp-{action.key}"

    def record_event(self, event: DunningEvent) -> None:
        self.events.append(event)

    def save_events(self, events: list[DunningEvent]) -> None:
        self.events.extend(events)

    def worklist(self, *row: str) -> None:
        self.worklist_rows.append(row)


def _reader_context(folder: Path) -> dict[str, Any]:
    """The files and objects the prose assumes the reader has."""
    example = ROOT / "docs" / "examples" / "policy.toml"
    shutil.copy(example, folder / "policy.toml")
    shutil.copy(example, folder / "dunning-policy.toml")
    (folder / "rates").mkdir()
    shipped = files("dunningkit").joinpath("data", "rates", "ecb_main_refinancing.json")
    (folder / "rates" / "ecb_main_refinancing.json").write_text(shipped.read_text("utf-8"))
    return {
        "__name__": "__main__",  # as when the reader saves a block and runs it
        "book": sample_portfolio(TODAY),
        "today": TODAY,
        "policy": sample_policy(),
        "erp": FakeErp(),
        "smtp_sender": InMemorySender(),
        "sms_sender": InMemorySender(),
        "print_shop": InMemorySender(),
        "scores": {"CLI-070": 12},
    }


@pytest.mark.parametrize(
    "page", [p for p in PAGES if _blocks(p)], ids=lambda p: str(p.relative_to(ROOT))
)
def test_every_python_block_runs(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    namespace = _reader_context(tmp_path)
    for number, code in enumerate(_blocks(page), start=1):
        included = INCLUDE.match(code.strip())
        if included:
            path = ROOT / included["path"]
            assert path.is_file(), f"{page.name}: {included['path']}"
            if included["section"]:
                _run_section(path, included["section"])
            continue
        try:
            exec(compile(code, f"{page.name}, python block {number}", "exec"), namespace)  # noqa: S102
        except ModuleNotFoundError as error:
            # A page about an optional extra runs whole where the extra is installed
            # (CI installs them all); the README's test command installs only the core.
            if (error.name or "").split(".")[0] not in OPTIONAL:
                raise
            pytest.skip(f"{page.name} needs {error.name} (an optional extra)")
    # Blocks that define a job or a test are only useful if what they define runs too.
    if "nightly" in namespace:
        namespace["nightly"](TODAY)
        assert namespace["erp"].events
    for name, value in list(namespace.items()):
        if name.startswith("test_") and callable(value):
            settings(max_examples=5)(value)()
    capsys.readouterr()


def test_readme_quickstart_gives_what_its_comments_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {}
    exec(compile(_blocks(ROOT / "README.md")[0], "README.md", "exec"), namespace)  # noqa: S102
    capsys.readouterr()
    book = namespace["book"]
    assert str(book.open_amount("FA-2026-001")) == "1034.56"
    assert namespace["plan"].actions
    assert namespace["export"] == book


def test_readme_keeps_exactly_two_set_up_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = text.split("## Set up", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```bash\n(.*?)```", setup, re.DOTALL)
    assert [c.strip().splitlines()[0].split("&&")[-1].strip() for c in commands] == [
        ".venv/bin/dunningkit demo",
        ".venv/bin/python -m pytest",
    ]


def test_policy_example_loads() -> None:
    policy = load_policy(ROOT / "docs" / "examples" / "policy.toml")
    assert policy.scenarios["good_payer"].id == "good_payer_gentle"
    assert policy.phone_capacity_per_day == 40
