"""docs/examples/links_host.py, the host's link page, works end to end."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType
from urllib.parse import parse_qs, urlsplit

import pytest

from dunningkit import (
    LinkSigner,
    Plan,
    Portfolio,
    SkipReason,
    default_policy,
    links_for,
    next_actions,
)
from tests.builders import TODAY, Book, d

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "links_host.py"


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("links_host", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


class MemoryStore:
    def __init__(self, book: Portfolio) -> None:
        self.book = book
        self.plans: list[Plan] = []

    def load(self) -> Portfolio:
        return self.book

    def save(self, book: Portfolio, plan: Plan) -> None:
        self.book = book
        self.plans.append(plan)


def test_the_host_page_shows_records_and_replans() -> None:
    host = load()
    b = Book().customer("C1", segment="good_payer")
    b.invoice("F<1>", due=d(-10), amount="250.00")
    store = MemoryStore(b.build())
    signer = LinkSigner({"k1": bytes(range(32))}, current="k1")
    page = host.LinkPage(store, signer, default_policy())
    action = next_actions(store.book, TODAY).actions[0]
    links = links_for(action, signer, base_url="https://pay.example.com/l", expires_on=d(30))

    def token(purpose: str) -> str:
        return parse_qs(urlsplit(links[purpose]).query)["token"][0]

    shown = page.handle("GET", token("promise"), {}, TODAY)
    assert shown.status == 200
    assert "F&lt;1&gt;" in shown.body  # escaped
    assert shown.headers["Referrer-Policy"] == "no-referrer"
    assert store.plans == []  # looking records nothing

    refused = page.handle("POST", token("promise"), {"pay_by": "2020-01-01"}, TODAY)
    assert refused.status == 422
    assert "in the past" in refused.body

    done = page.handle("POST", token("promise"), {"pay_by": d(7).isoformat()}, TODAY)
    assert done.status == 200
    assert store.book.promises[0].pay_by == d(7)
    assert store.plans[-1].skipped[0].reason is SkipReason.PROMISE_PENDING
    again = page.handle("POST", token("promise"), {"pay_by": d(7).isoformat()}, TODAY)
    assert again.status == 200
    assert len(store.book.promises) == 1

    assert page.handle("GET", token("pay")[:-1] + "x", {}, TODAY).status == 404
    assert page.handle("GET", token("pay"), {}, d(31)).status == 410
    assert page.handle("POST", token("contact_me"), {}, TODAY).status == 200


def test_the_python_on_the_links_page_runs(capsys: pytest.CaptureFixture[str]) -> None:
    page = (Path(__file__).parents[2] / "docs" / "links.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", page, re.DOTALL)
    code = "\n".join(block for block in blocks if not block.startswith("--8<--"))
    exec(compile(code, "docs/links.md", "exec"), {})  # noqa: S102 - our own docs
    assert "?token=2026-11." in capsys.readouterr().out
