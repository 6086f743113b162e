"""Payment terms as ERPs word them, in French, English and German."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunningkit import PaymentTerms, Policy, TermsKind, load_csv
from dunningkit.errors import InvalidPortfolioError, TermsError

DATA = Path(__file__).parents[1] / "data"
JAN_15 = date(2026, 1, 15)


@pytest.mark.parametrize(
    ("text", "kind", "days", "due"),
    [
        ("30 jours net", TermsKind.NET, 30, date(2026, 2, 14)),
        ("à 30 jours", TermsKind.NET, 30, date(2026, 2, 14)),
        ("30 days net", TermsKind.NET, 30, date(2026, 2, 14)),
        ("net 30", TermsKind.NET, 30, date(2026, 2, 14)),
        ("60 Tage netto", TermsKind.NET, 60, date(2026, 3, 16)),
        ("zahlbar innerhalb von 30 Tagen", TermsKind.NET, 30, date(2026, 2, 14)),
        ("à réception", TermsKind.NET, 0, JAN_15),
        ("A RECEPTION DE FACTURE", TermsKind.NET, 0, JAN_15),
        ("upon receipt", TermsKind.NET, 0, JAN_15),
        ("sofort fällig", TermsKind.NET, 0, JAN_15),
        # 15 January + 45 days = 1 March, end of month: 31 March.
        ("45 jours fin de mois", TermsKind.DAYS_END_OF_MONTH, 45, date(2026, 3, 31)),
        ("45 days end of month", TermsKind.DAYS_END_OF_MONTH, 45, date(2026, 3, 31)),
        ("45 Tage Monatsende", TermsKind.DAYS_END_OF_MONTH, 45, date(2026, 3, 31)),
        # End of January, then 45 days: 17 March.
        ("end of month + 45", TermsKind.END_OF_MONTH_DAYS, 45, date(2026, 3, 17)),
        ("fin de mois + 45 jours", TermsKind.END_OF_MONTH_DAYS, 45, date(2026, 3, 17)),
        ("Monatsende + 45 Tage", TermsKind.END_OF_MONTH_DAYS, 45, date(2026, 3, 17)),
        # The 10th of the month after the invoice's.
        ("fin de mois le 10", TermsKind.END_OF_MONTH_DAYS, 10, date(2026, 2, 10)),
    ],
)
def test_wordings(text: str, kind: TermsKind, days: int, due: date) -> None:
    terms = PaymentTerms.parse(text)
    assert (terms.kind, terms.days) == (kind, days)
    assert terms.due_date(JAN_15) == due


def test_the_end_of_month_reading_comes_from_the_caller() -> None:
    other = PaymentTerms.parse("45 jours fin de mois", eom_reading="end_of_month_days")
    assert other == PaymentTerms.end_of_month_days(45)
    assert other.due_date(JAN_15) == date(2026, 3, 17)
    # An explicit "end of month + N" is never re-read.
    explicit = PaymentTerms.parse("end of month + 45", eom_reading=TermsKind.DAYS_END_OF_MONTH)
    assert explicit.kind is TermsKind.END_OF_MONTH_DAYS


def test_unreadable_wordings_are_errors_quoting_them() -> None:
    with pytest.raises(TermsError, match="'bientôt'"):
        PaymentTerms.parse("bientôt")
    with pytest.raises(TermsError, match="not supported"):
        PaymentTerms.parse("30 jours fin de mois le 10")
    with pytest.raises(ValueError, match="eom_reading 'net'"):
        PaymentTerms.parse("45 jours fin de mois", eom_reading="net")


def test_the_policy_names_the_reading() -> None:
    assert Policy().eom_reading is TermsKind.DAYS_END_OF_MONTH
    assert Policy(eom_reading="end_of_month_days").eom_reading is TermsKind.END_OF_MONTH_DAYS
    with pytest.raises(ValueError, match="days_end_of_month or end_of_month_days"):
        Policy(eom_reading="net")


@given(st.integers(min_value=0, max_value=366), st.sampled_from(list(TermsKind)))
def test_the_printed_form_reads_back(days: int, kind: TermsKind) -> None:
    terms = PaymentTerms(kind=kind, days=days)
    assert PaymentTerms.model_validate(str(terms)) == terms
    if kind is not TermsKind.DAYS_END_OF_MONTH:
        assert PaymentTerms.parse(str(terms), eom_reading="end_of_month_days") == terms


def _export(tmp_path: Path, customer_terms: str, invoice_terms: str) -> Path:
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "customers.csv").write_text(
        f"id;name;country;payment_terms\nC1;Dupont;FR;{customer_terms}\nC2;Muller;DE;\n",
        encoding="utf-8",
    )
    (folder / "invoices.csv").write_text(
        "id;customer_id;issue_date;due_date;currency;amount;payment_terms\n"
        "F1;C1;15/01/2026;;EUR;100,00;\n"
        f"F2;C2;15/01/2026;;EUR;100,00;{invoice_terms}\n"
        "F3;C2;15/01/2026;20/01/2026;EUR;100,00;60 Tage netto\n",
        encoding="utf-8",
    )
    return folder


def test_the_csv_loader_reads_terms_columns(tmp_path: Path) -> None:
    folder = _export(tmp_path, "45 jours fin de mois", "60 Tage netto")
    book = load_csv(folder)
    assert book.customer("C1").payment_terms == PaymentTerms.days_end_of_month(45)
    assert book.invoice("F1").due_date == date(2026, 3, 31)  # the customer's terms
    assert book.invoice("F2").due_date == date(2026, 3, 16)  # the invoice's own terms
    assert book.invoice("F3").due_date == date(2026, 1, 20)  # a due date given wins
    other = load_csv(folder, eom_reading="end_of_month_days")
    assert other.invoice("F1").due_date == date(2026, 3, 17)


def test_the_csv_loader_reports_unreadable_terms(tmp_path: Path) -> None:
    folder = _export(tmp_path, "quand il veut", "bientôt")
    with pytest.raises(InvalidPortfolioError) as caught:
        load_csv(folder)
    text = str(caught.value)
    assert "customer C1, field payment_terms: cannot read payment terms 'quand il veut'" in text
    assert "invoice F2, field payment_terms: cannot read payment terms 'bientôt'" in text


def test_the_shipped_export_still_loads(tmp_path: Path) -> None:
    shutil.copytree(DATA / "fr_export", tmp_path / "fr")
    assert load_csv(tmp_path / "fr", date_format="DD/MM/YYYY").customers
