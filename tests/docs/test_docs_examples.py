"""The example code in docs/ runs against the library."""

from __future__ import annotations

import functools
import importlib.util
import smtplib
from email.message import EmailMessage
from pathlib import Path
from types import ModuleType
from typing import Self

from dunningkit import (
    DeliveryOutcome,
    EventOutcome,
    default_policy,
    dispatch,
    next_actions,
    render,
)
from tests.builders import CREDITOR, TODAY, Book, d

EXAMPLES = Path(__file__).parents[2] / "docs" / "examples"


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class FakeSMTP:
    """Stands in for the relay: keeps the mails, refuses one address."""

    outbox: list[EmailMessage] = []  # noqa: RUF012 - shared by the test on purpose

    def __init__(self, host: str, port: int, timeout: float) -> None:
        del host, port, timeout

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def starttls(self) -> None:
        return None

    def login(self, user: str, password: str) -> None:
        del user, password

    def send_message(self, message: EmailMessage) -> dict[str, object]:
        if message["To"] == "gone@example.com":
            raise smtplib.SMTPRecipientsRefused({"gone@example.com": (550, b"no such user")})
        self.outbox.append(message)
        return {}


def test_smtp_sender_example() -> None:
    module = load("smtp_sender")
    gone = [{"name": "Gone", "email": "gone@example.com"}]
    book = (
        Book()
        .customer("C1", segment="good_payer")
        .customer("C2", segment="good_payer", contacts=gone)
    )
    portfolio = book.invoice("F1", "C1", due=d(-10)).invoice("F2", "C2", due=d(-10)).build()
    plan = next_actions(portfolio, TODAY)
    sender = module.SmtpSender("relay.test", 587, "dunning@acme.example", smtp=FakeSMTP)
    policy = default_policy().model_copy(update={"creditor": CREDITOR})
    renderer = functools.partial(render, policy=policy)
    events = {
        e.customer_id: e for e in dispatch(plan, portfolio, {"email": sender}, renderer=renderer)
    }
    assert events["C1"].outcome is EventOutcome.SENT
    assert events["C2"].outcome is EventOutcome.BOUNCED
    (mail,) = FakeSMTP.outbox
    assert mail["To"] == "claire@example.com"
    assert mail["X-Dunning-Key"] == events["C1"].action_key
    assert DeliveryOutcome.SENT.value == "sent"
