"""Every placeholder of a reminder is filled in, and only placeholders are."""

from __future__ import annotations

from dunningkit import default_policy
from dunningkit.messages._context import Addressee, placeholder_values
from dunningkit.messages._lines import invoice_figures
from dunningkit.messages._payment import LinkOptions, payment_texts
from dunningkit.policy._templates import PLACEHOLDERS
from tests.builders import TODAY
from tests.messages.test_render import action_for, french_book


def test_the_values_name_every_placeholder_and_nothing_else() -> None:
    book = french_book()
    portfolio = book.build()
    action = action_for(book)
    policy = default_policy()
    customer = portfolio.customer(action.customer_id)
    figures = invoice_figures(action, portfolio, policy, TODAY, "fr_FR")
    payment = payment_texts(
        action,
        policy,
        lang="fr",
        kind="written",
        day=TODAY,
        invoice_links=figures.payment_links,
        options=LinkOptions(),
    )
    to = Addressee(customer, customer.contacts[0], "fr_FR", policy.creditor, TODAY)
    values = placeholder_values(action, to, figures, payment)
    assert set(values) == set(PLACEHOLDERS)
    assert values["contact_name"] == "Marie Dupont"
    assert values["days_overdue"] == "10"
    assert values["invoice_numbers"] == "FA-2026-001"
