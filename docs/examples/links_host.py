"""The host's link page, without a web framework: read the token, verify, show, record, re-plan.

Wire ``LinkPage.handle`` to any framework's route: it takes the request's method,
its ``token`` query parameter and its form fields, and returns a ``Response``. The
book lives wherever the host keeps it (``BookStore`` is the seam).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from dunningkit import (
    InvalidAnswerError,
    InvalidLink,
    LinkPurpose,
    LinkSigner,
    Plan,
    Policy,
    Portfolio,
    apply_answer,
    next_actions,
    verify,
)

log = logging.getLogger("links")

# No caching, no referrer: the token in the URL is a credential.
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "Content-Type": "text/html; charset=utf-8",
}


@dataclass
class Response:
    status: int
    body: str
    headers: dict[str, str] = field(default_factory=lambda: dict(HEADERS))


class BookStore(Protocol):
    def load(self) -> Portfolio: ...
    def save(self, book: Portfolio, plan: Plan) -> None: ...


class LinkPage:
    def __init__(self, store: BookStore, signer: LinkSigner, policy: Policy) -> None:
        self.store = store
        self.signer = signer
        self.policy = policy

    def handle(self, method: str, token: str, form: Mapping[str, str], today: date) -> Response:
        try:
            claim = verify(token, self.signer, today=today)
        except InvalidLink as error:
            log.info("link refused: %s", error.reason)  # the reason, never the token
            if error.reason == "expired":  # only a genuine link gets this far
                return Response(410, "<p>This link has expired. Please contact us.</p>")
            return Response(404, "<p>This link is not valid.</p>")
        book = self.store.load()
        if method == "GET":  # mail scanners open links: GET shows, only POST records
            rows = "".join(
                f"<li>{html.escape(i)}: {book.open_amount(i, today)} "
                f"{html.escape(book.invoice(i).currency)}</li>"
                for i in claim.invoice_ids
            )
            return Response(200, f"<h1>{html.escape(claim.purpose)}</h1><ul>{rows}</ul>")
        if claim.purpose is LinkPurpose.CONTACT_ME:
            log.info("call-back asked for customer %s", claim.customer_id)
            return Response(200, "<p>Thank you, we will call you.</p>")
        try:
            book = apply_answer(book, claim, dict(form), today=today)
        except InvalidAnswerError as error:
            items = "".join(f"<li>{html.escape(p.message)}</li>" for p in error.problems)
            return Response(422, f"<ul>{items}</ul>")
        plan = next_actions(book, today, self.policy)  # the answer now holds reminders
        self.store.save(book, plan)
        return Response(200, "<p>Thank you, your answer is recorded.</p>")
