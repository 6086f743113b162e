"""The invoice lines of a reminder and the figures gathered with them."""

from __future__ import annotations

from dunningkit import Action, Grouping, Portfolio, default_policy, next_actions
from dunningkit.messages._lines import invoice_figures
from dunningkit.messages._phrases import language
from tests.builders import TODAY, Book, d
from tests.messages.test_render import action_for, french_book


def test_the_phrases_language_falls_back_to_english() -> None:
    assert language("fr_FR") == "fr"
    assert language("fr_BE") == "fr"
    assert language("de_DE") == "de"
    assert language("nl_BE") == "nl"
    assert language("pl_PL") == "en"  # no Polish catalog ships


def test_one_line_per_invoice_with_days_late_and_order_reference() -> None:
    book = french_book()
    figures = invoice_figures(action_for(book), book.build(), default_policy(), TODAY, "fr_FR")
    (line,) = figures.lines
    assert line.startswith("- Facture FA-2026-001 du ")
    assert "234,56" in line
    assert ", 10 jours de retard" in line
    assert line.endswith(" (commande BC-778)")
    assert figures.days_overdue == 10
    assert figures.oldest == d(-10)
    assert figures.orders == ["BC-778"]
    assert figures.payment_links == ["https://pay.example/FA-2026-001"]


def test_late_charges_add_up_over_the_invoices_with_their_legal_basis() -> None:
    book = Book().customer(segment="good_payer", country="FR")
    book.invoice("F1", due=d(-40), amount="1000.00")
    book.invoice("F2", due=d(-40), amount="500.00")
    portfolio = book.build()
    action = next(a for a in _actions(portfolio) if len(a.invoice_ids) == 2)
    figures = invoice_figures(action, portfolio, default_policy(), TODAY, "fr_FR")
    assert len(figures.lines) == 2
    assert figures.fixed == 80  # 40 euros per invoice (Code de commerce L441-10)
    assert figures.interest > 0
    assert figures.rate is not None
    assert "L441-10" in figures.basis


def _actions(portfolio: Portfolio) -> list[Action]:
    policy = default_policy().model_copy(update={"grouping": Grouping.PER_CUSTOMER})
    return next_actions(portfolio, TODAY, policy).actions
