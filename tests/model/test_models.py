from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from dunningkit import (
    Contact,
    Customer,
    Hold,
    Invoice,
    InvoiceStatus,
    PaymentPromise,
    PaymentTerms,
    StatusChange,
    TermsKind,
)
from tests.builders import invoice


def test_float_amount_is_read_from_its_shortest_decimal_string() -> None:
    inv = Invoice.model_validate(invoice(amount=0.1))  # type: ignore[arg-type]
    assert inv.amount == Decimal("0.1")
    assert isinstance(inv.amount, Decimal)


@pytest.mark.parametrize("bad", [True, "NaN", "Infinity", "-5", "0", "abc"])
def test_amount_rejects_non_amounts(bad: object) -> None:
    with pytest.raises(ValidationError):
        Invoice.model_validate(invoice(amount=bad))  # type: ignore[arg-type]


def test_amount_with_more_decimals_than_the_currency_allows_is_rejected() -> None:
    with pytest.raises(ValidationError, match="more decimals than EUR allows"):
        Invoice.model_validate(invoice(amount="10.001"))
    assert Invoice.model_validate(invoice(amount="10.100")).amount == Decimal("10.100")


def test_due_date_before_issue_date_is_rejected() -> None:
    with pytest.raises(ValidationError, match="before the issue date"):
        Invoice.model_validate(invoice(issue="2026-02-01", due="2026-01-01"))


def test_malformed_currency_is_rejected() -> None:
    with pytest.raises(ValidationError, match="ISO 4217"):
        Invoice.model_validate({**invoice(), "currency": "EURO"})


def test_partially_accepted_needs_its_accepted_amount() -> None:
    with pytest.raises(ValidationError, match="needs its accepted amount"):
        Invoice.model_validate(invoice(status="partially_accepted"))
    with pytest.raises(ValidationError, match="more than the invoice amount"):
        Invoice.model_validate(invoice(status="partially_accepted", accepted_amount="150"))
    ok = Invoice.model_validate(invoice(status="partially_accepted", accepted_amount="60"))
    assert ok.accepted_amount == Decimal(60)


def test_installments_must_add_up_to_the_amount() -> None:
    plan = [{"due_date": "2026-01-31", "amount": "40"}, {"due_date": "2026-02-28", "amount": "50"}]
    with pytest.raises(ValidationError, match="add up to 90"):
        Invoice.model_validate(invoice(installments=plan))
    plan[0]["amount"] = "50"
    ok = Invoice.model_validate(invoice(installments=plan))
    assert [i.due_date for i in ok.installments] == [date(2026, 1, 31), date(2026, 2, 28)]


def test_unknown_field_is_an_error_not_silently_dropped() -> None:
    with pytest.raises(ValidationError, match="extra"):
        Invoice.model_validate(invoice(amout="3"))


def test_models_are_immutable() -> None:
    inv = Invoice.model_validate(invoice())
    with pytest.raises(ValidationError):
        inv.amount = Decimal(1)  # type: ignore[misc]


def test_customer_codes_are_checked_and_locale_normalised() -> None:
    c = Customer(id="C1", name="A", country="DE", locale="de-DE")
    assert c.locale == "de_DE"
    with pytest.raises(ValidationError, match="ISO 3166"):
        Customer(id="C1", name="A", country="FRA")
    with pytest.raises(ValidationError, match="not a known locale"):
        Customer(id="C1", name="A", locale="xx_YY")


def test_contact_email_and_phone_are_checked_and_blank_is_absent() -> None:
    assert Contact(name="A", email="").email is None
    with pytest.raises(ValidationError, match="not an email"):
        Contact(name="A", email="+33 1 02 03 04 05")
    with pytest.raises(ValidationError, match="not a phone"):
        Contact(name="A", phone="call me")


def test_blank_id_is_rejected() -> None:
    with pytest.raises(ValidationError):
        Customer(id="   ", name="A")


@pytest.mark.parametrize(
    ("terms", "issued", "due"),
    [
        (PaymentTerms.net(30), date(2026, 1, 15), date(2026, 2, 14)),
        (PaymentTerms.days_end_of_month(45), date(2026, 1, 15), date(2026, 3, 31)),
        (PaymentTerms.end_of_month_days(45), date(2026, 1, 15), date(2026, 3, 17)),
        (PaymentTerms.end_of_month_days(0), date(2024, 2, 10), date(2024, 2, 29)),
        (PaymentTerms.days_end_of_month(30), date(2026, 1, 31), date(2026, 3, 31)),
    ],
)
def test_payment_terms_due_dates(terms: PaymentTerms, issued: date, due: date) -> None:
    assert terms.due_date(issued) == due


@pytest.mark.parametrize(
    ("text", "kind", "days"),
    [
        ("net 30", TermsKind.NET, 30),
        ("60 days", TermsKind.NET, 60),
        ("45 days end of month", TermsKind.DAYS_END_OF_MONTH, 45),
        ("End of month + 45 days", TermsKind.END_OF_MONTH_DAYS, 45),
    ],
)
def test_payment_terms_read_from_text_and_written_back(
    text: str, kind: TermsKind, days: int
) -> None:
    terms = PaymentTerms.model_validate(text)
    assert (terms.kind, terms.days) == (kind, days)
    assert PaymentTerms.model_validate(str(terms)) == terms


def test_payment_terms_reject_unreadable_text() -> None:
    with pytest.raises(ValidationError, match="cannot read payment terms"):
        PaymentTerms.model_validate("45 jours fin de mois")


def test_hold_window() -> None:
    hold = Hold(reason="litige", since=date(2026, 1, 10), until=date(2026, 1, 20))
    assert not hold.active_on(date(2026, 1, 9))
    assert hold.active_on(date(2026, 1, 10))
    assert hold.active_on(date(2026, 1, 20))
    assert not hold.active_on(date(2026, 1, 21))
    assert Hold(reason="x").active_on(date(1999, 1, 1))


def test_status_on_ignores_changes_after_the_day() -> None:
    inv = Invoice.model_validate(
        invoice(
            status="paid",
            status_date="2026-03-01",
            status_history=[
                StatusChange(date=date(2026, 1, 5), status=InvoiceStatus.RECEIVED),
                StatusChange(date=date(2026, 2, 1), status=InvoiceStatus.DISPUTED),
            ],
        )
    )
    assert inv.status_on(date(2026, 1, 3))[0] is InvoiceStatus.ISSUED
    assert inv.status_on(date(2026, 1, 20))[0] is InvoiceStatus.RECEIVED
    assert inv.status_on(date(2026, 2, 10))[0] is InvoiceStatus.DISPUTED
    assert inv.status_on(date(2026, 3, 1))[0] is InvoiceStatus.PAID


def test_status_history_cannot_postdate_the_current_status() -> None:
    with pytest.raises(ValidationError, match="after status_date"):
        Invoice.model_validate(
            invoice(
                status="paid",
                status_date="2026-01-10",
                status_history=[{"date": "2026-02-01", "status": "disputed"}],
            )
        )


def test_promise_dates_and_currency() -> None:
    with pytest.raises(ValidationError, match="before the promise was made"):
        PaymentPromise(id="X", customer_id="C", made_on=date(2026, 2, 1), pay_by=date(2026, 1, 1))
    # An amount may leave its currency out: the portfolio tells it from the invoices.
    promise = PaymentPromise.model_validate(
        {
            "id": "X",
            "customer_id": "C",
            "made_on": "2026-01-01",
            "pay_by": "2026-01-05",
            "amount": "10",
        }
    )
    assert promise.currency is None
    with pytest.raises(ValidationError, match="ISO 4217"):
        PaymentPromise.model_validate(
            {
                "id": "X",
                "customer_id": "C",
                "made_on": "2026-01-01",
                "pay_by": "2026-01-05",
                "amount": "10",
                "currency": "EURO",
            }
        )


def test_installments_must_be_in_due_date_order() -> None:
    plan = [{"due_date": "2026-02-28", "amount": "50"}, {"due_date": "2026-01-31", "amount": "50"}]
    with pytest.raises(ValidationError, match="in order of due date"):
        Invoice.model_validate(invoice(installments=plan))


def test_absurdly_large_amount_is_rejected_cleanly() -> None:
    with pytest.raises(ValidationError, match="less than"):
        Invoice.model_validate(invoice(amount="1e40"))
