"""What happened on the claim: reminders named by their step, the formal notice, promises."""

from __future__ import annotations

from datetime import date

from dunningkit import Channel, EventOutcome, Portfolio
from dunningkit.handover import DossierReminder
from dunningkit.handover._history import (
    dossier_payments,
    dossier_promises,
    dossier_reminders,
    formal_notice,
)
from tests.handover.test_dossier import ON, POLICY, data


def reminder(
    rid: str, day: int, *, step: str = "formal_notice", **extra: object
) -> DossierReminder:
    fields: dict[str, object] = {
        "id": rid,
        "date": date(2025, 8, day),
        "step_id": step,
        "channel": Channel.REGISTERED_LETTER,
        "outcome": EventOutcome.SENT,
        "invoice_ids": ("F1",),
        **extra,
    }
    return DossierReminder.model_validate(fields)


def test_the_formal_notice_is_the_latest_sent_on_an_open_invoice() -> None:
    first, later = reminder("E1", 1), reminder("E2", 9)
    assert formal_notice([first, later], {"F1"}) == later
    assert formal_notice([first, later], {"F2"}) is None
    bounced = reminder("E3", 12, outcome=EventOutcome.BOUNCED)
    assert formal_notice([first, bounced], {"F1"}) == first
    courteous = reminder("E4", 12, step="reminder_1", tone="courteous")
    assert formal_notice([courteous], {"F1"}) is None
    final = reminder("E5", 12, step="last_call", tone="final")
    assert formal_notice([courteous, final], {"F1"}) == final


def test_records_up_to_the_day_named_by_the_policy() -> None:
    book = Portfolio.model_validate(data())
    documents = [i for i in book.invoices_of("C1") if i.issue_date <= ON]
    assert [p.id for p in dossier_payments(book, documents, ON)] == ["P1"]
    reminders = dossier_reminders(book, "C1", ON, POLICY)
    assert [(r.id, r.tone) for r in reminders] == [
        ("E1", "courteous"),
        ("E2", "neutral"),
        ("E3", "formal_notice"),
    ]
    promises = dossier_promises(book, "C1", documents, ON, POLICY)
    assert [(p.id, p.outcome) for p in promises] == [("PR1", "broken"), ("PR2", "pending")]
    assert dossier_promises(book, "C1", documents, date(2025, 7, 11), POLICY) == ()
