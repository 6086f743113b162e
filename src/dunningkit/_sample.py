"""A realistic sample book: "Atelier Lumière", a French lighting SME, and its customers.

Fifty customers covering every segment and every invoice status, with twelve
months of history, generated without randomness around one day. That day is fixed,
:data:`SAMPLE_DAY` (Monday 23 November 2026): ``dunningkit demo``, its ``--export``,
the README and every page of the docs use it, so the keys and outputs they quote
reproduce on any machine on any date. ``sample_portfolio(day)`` places the same book
around another day, for tests that need one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from dunningkit.book._portfolio import Portfolio
from dunningkit.policy._policy import Policy, default_policy
from dunningkit.policy._templates import Creditor

__all__ = ["SAMPLE_DAY", "sample_policy", "sample_portfolio"]

SAMPLE_DAY = date(2026, 11, 23)
"""The sample book's day: the demo, the README and the docs plan the book on it."""


@dataclass(frozen=True)
class _Profile:
    """How a sample customer behaves: the lateness of its past payments, in days."""

    id: str
    name: str
    delays: tuple[int, ...]
    kind: str = "company"
    size: str | None = "small"
    since_days: int = 1500
    grace_days: int = 0
    currency: str = "EUR"
    country: str = "FR"
    locale: str = "fr_FR"
    ticket: int = 1800
    tags: tuple[str, ...] = ()
    segment: str | None = None
    channels: tuple[str, ...] = ("email",)
    terms: str = "net 30"


_ON_TIME = (0, -2, 0, -1, 0, -1, 0, 0, -3, 0)
_SOMETIMES = (0, 12, 0, 0, 18, 0, 0, 25, -1, 0)
_LATE = (35, 48, 22, 60, 41, 33, 55, 29, 70, 38)

_PROFILES: tuple[_Profile, ...] = (
    # Key accounts: large, or a big share of revenue; pay at their own pace.
    _Profile(
        "CLI-001",
        "Hexagone Distribution SA",
        _SOMETIMES,
        size="large",
        ticket=24000,
        grace_days=30,
        channels=("email", "phone"),
        terms="45 days end of month",
    ),
    _Profile(
        "CLI-002",
        "Groupe Hôtelier Rhône-Alpes",
        _ON_TIME,
        size="large",
        ticket=15000,
        grace_days=15,
        channels=("phone",),
    ),
    _Profile(
        "CLI-003",
        "Lumibat Constructions",
        _SOMETIMES,
        size="medium",
        ticket=52000,
        grace_days=20,
        channels=("email", "phone"),
    ),
    # Public bodies: long, formal circuits.
    _Profile(
        "CLI-010",
        "Mairie de Villeurbanne",
        _SOMETIMES,
        kind="public_body",
        size=None,
        ticket=6500,
        channels=("letter", "phone"),
        terms="end of month + 30 days",
    ),
    _Profile(
        "CLI-011",
        "Centre Hospitalier de Vienne",
        _LATE,
        kind="public_body",
        size=None,
        ticket=9200,
        channels=("letter",),
    ),
    _Profile(
        "CLI-012",
        "Communauté de communes du Pilat",
        _ON_TIME,
        kind="public_body",
        size=None,
        ticket=3100,
    ),
    _Profile("CLI-013", "Lycée Ampère", _SOMETIMES, kind="public_body", size=None, ticket=1200),
    # New customers: little history yet.
    _Profile("CLI-020", "Studio Néon", (0,), since_days=60, ticket=900),
    _Profile("CLI-021", "Café des Arts", (), since_days=25, size="micro", ticket=450),
    _Profile("CLI-022", "Brasserie du Parc", (5,), since_days=110, size="micro", ticket=700),
    _Profile(
        "CLI-023", "Nordlicht GmbH", (), since_days=40, country="DE", locale="de_DE", ticket=2300
    ),
    _Profile("CLI-024", "Maison Verte SARL", (0, 2), since_days=150, ticket=1100),
    # Good payers.
    *(
        _Profile(f"CLI-{30 + n:03d}", name, _ON_TIME, size=size, ticket=ticket)
        for n, (name, size, ticket) in enumerate(
            [
                ("Boulangerie Dupont", "micro", 320),
                ("Pharmacie du Centre", "micro", 540),
                ("Cabinet Martin Architectes", "small", 2600),
                ("Optique Lafayette", "small", 880),
                ("Garage Renaud Frères", "small", 1500),
                ("Librairie Le Passage", "micro", 410),
                ("Hôtel Bellecour", "medium", 5400),
                ("Agence Pixel", "small", 1900),
                ("Fromagerie Berthaut", "micro", 260),
                ("Menuiserie Chabert", "small", 3100),
                ("Clinique Vétérinaire des Monts", "small", 1250),
                ("Atelier Couture Lila", "micro", 380),
            ]
        )
    ),
    _Profile(
        "CLI-042",
        "Thames Lighting Ltd",
        _ON_TIME,
        currency="GBP",
        country="GB",
        locale="en_GB",
        ticket=4200,
    ),
    _Profile(
        "CLI-043",
        "Lumen Genève SA",
        _ON_TIME,
        currency="CHF",
        country="CH",
        locale="fr_CH",
        ticket=3900,
    ),
    # Occasional late payers.
    *(
        _Profile(
            f"CLI-{50 + n:03d}",
            name,
            _SOMETIMES,
            size=size,
            ticket=ticket,
            channels=("email", "sms"),
        )
        for n, (name, size, ticket) in enumerate(
            [
                ("Restaurant Le Gourmet", "micro", 650),
                ("Salon Élégance", "micro", 300),
                ("Imprimerie Rapide", "small", 1700),
                ("Électricité Moreau", "small", 2900),
                ("Décor & Sens", "small", 1400),
                ("Transports Girard", "medium", 4800),
                ("Camping Les Pins", "small", 2200),
                ("Boutique Azur", "micro", 520),
                ("Plomberie Garnier", "micro", 760),
                ("Bureau Études Alpha", "small", 3600),
            ]
        )
    ),
    # Bad payers.
    *(
        _Profile(
            f"CLI-{70 + n:03d}", name, _LATE, size=size, ticket=ticket, channels=("phone", "email")
        )
        for n, (name, size, ticket) in enumerate(
            [
                ("Bar Le Central", "micro", 480),
                ("Discount Déco", "small", 2100),
                ("Événements Prestige", "small", 3300),
                ("Rénov'Express", "micro", 1600),
                ("Night Club Orion", "micro", 2600),
                ("Location Matériel Pro", "small", 2900),
            ]
        )
    ),
    # Customers at risk: financial difficulty.
    _Profile(
        "CLI-080",
        "Meubles Lenoir",
        _LATE,
        ticket=2700,
        tags=("procédure de sauvegarde",),
        channels=("phone",),
    ),
    _Profile("CLI-081", "Quincaillerie Vidal", _SOMETIMES, size="micro", ticket=900),
    _Profile(
        "CLI-082",
        "Textiles Barbier",
        _LATE,
        size="small",
        ticket=3500,
        tags=("redressement judiciaire",),
    ),
    # Manual decisions by the credit manager.
    _Profile(
        "CLI-090",
        "Famille Rossi (particulier)",
        _ON_TIME,
        kind="individual",
        size=None,
        ticket=350,
        locale="it_IT",
        country="IT",
    ),
    _Profile("CLI-091", "Sud Lumière Distribution", _LATE, ticket=4100, segment="good_payer"),
    _Profile("CLI-092", "Bistrot Saint-Paul", _SOMETIMES, size="micro", ticket=420),
    _Profile("CLI-093", "Domaine des Coteaux", _ON_TIME, ticket=1900),
    _Profile("CLI-094", "Cinéma Le Lumière", _SOMETIMES, ticket=2500),
)


def _contact(profile: _Profile) -> dict[str, Any]:
    slug = "".join(ch for ch in profile.name.lower() if ch.isalnum())[:14]
    digits = profile.id[-3:]
    if profile.kind == "public_body":
        return {
            "name": "Service comptabilité",
            "role": "accounts payable",
            "email": f"compta@{slug}.example",
            "phone": f"+33 4 72 00 0{digits[0]} {digits[1:]}",
            "postal_address": f"{profile.name}, Service financier, 69000 Lyon",
        }
    contact: dict[str, Any] = {
        "name": "Claire Moreau" if int(digits) % 2 else "Julien Petit",
        "role": "comptabilité fournisseurs",
        "email": f"factures@{slug}.example",
        "postal_address": f"{profile.name}, 12 rue de la République, 69002 Lyon",
    }
    if "sms" in profile.channels or "phone" in profile.channels or int(digits) % 3 == 0:
        contact["phone"] = f"+33 6 12 34 5{digits[0]} {digits[1:]}"
    return contact


def _amount(profile: _Profile, n: int) -> Decimal:
    # Deterministic variation around the customer's usual ticket.
    factor = Decimal(80 + (n * 37 + int(profile.id[-3:]) * 11) % 45) / 100
    places = Decimal(1) if profile.currency == "JPY" else Decimal("0.01")
    return (Decimal(profile.ticket) * factor).quantize(places)


def sample_portfolio(today: date = SAMPLE_DAY) -> Portfolio:
    """The sample book as it stands on ``today`` (history before, due dates around it).

    Args:
        today: the day the book is placed around; default :data:`SAMPLE_DAY`
            (23 November 2026), the day the demo and the docs plan it on.
    """
    customers: list[dict[str, Any]] = []
    invoices: list[dict[str, Any]] = []
    payments: list[dict[str, Any]] = []
    promises: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    number = 0

    def add_invoice(profile: _Profile, issue: date, n: int, **extra: Any) -> str:
        nonlocal number
        number += 1
        invoice_id = f"FA-{issue.year}-{number:04d}"
        due = extra.pop("due", issue + timedelta(days=30))
        invoices.append(
            {
                "id": invoice_id,
                "customer_id": profile.id,
                "issue_date": issue,
                "due_date": due,
                "currency": profile.currency,
                "amount": extra.pop("amount", _amount(profile, n)),
                "order_reference": f"BC-{profile.id[-3:]}-{n:02d}",
                "payment_link": f"https://pay.atelier-lumiere.example/{invoice_id}",
                **extra,
            }
        )
        return invoice_id

    for profile in _PROFILES:
        customers.append(
            {
                "id": profile.id,
                "name": profile.name,
                "kind": profile.kind,
                "size": profile.size,
                "country": profile.country,
                "locale": profile.locale,
                "contacts": [_contact(profile)],
                "preferred_channels": list(profile.channels),
                "payment_terms": profile.terms,
                "grace_days": profile.grace_days,
                "segment": profile.segment,
                "tags": list(profile.tags),
                "since": today - timedelta(days=profile.since_days),
            }
        )
        # Paid history: one invoice a month over the past year (or since the start).
        for n, delay in enumerate(profile.delays):
            issue = today - timedelta(days=75 + 33 * n)
            if issue < today - timedelta(days=profile.since_days):
                break
            invoice_id = add_invoice(profile, issue, n, status="paid")
            paid_on = min(issue + timedelta(days=30 + delay), today - timedelta(days=1))
            invoices[-1]["status_date"] = paid_on
            payments.append(
                {
                    "id": f"RG-{invoice_id}",
                    "invoice_id": invoice_id,
                    "date": paid_on,
                    "amount": invoices[-1]["amount"],
                    "currency": profile.currency,
                    "method": "virement",
                }
            )
        # Open invoices: one overdue by an amount typical of the profile, one not yet due.
        lateness = max(profile.delays[:3], default=0)
        overdue_issue = today - timedelta(days=30 + max(lateness, 3) + 2)
        add_invoice(profile, overdue_issue, 20, status="accepted")
        add_invoice(profile, today - timedelta(days=24), 21, status="received")

    by_id = {c["id"]: c for c in customers}
    open_ids = {
        c["id"]: [
            i["id"] for i in invoices if i["customer_id"] == c["id"] and i.get("status") != "paid"
        ]
        for c in customers
    }

    def set_status(invoice_id: str, **fields: Any) -> None:
        for inv in invoices:
            if inv["id"] == invoice_id:
                inv.update(fields)

    # Every lifecycle status, where a credit manager would meet it.
    set_status(open_ids["CLI-052"][0], status="disputed", status_date=today - timedelta(days=6))
    set_status(open_ids["CLI-011"][0], status="suspended", status_date=today - timedelta(days=9))
    set_status(open_ids["CLI-053"][1], status="refused", status_date=today - timedelta(days=20))
    set_status(open_ids["CLI-073"][1], status="rejected", status_date=today - timedelta(days=21))
    set_status(open_ids["CLI-035"][0], status="payment_sent", status_date=today - timedelta(days=2))
    set_status(open_ids["CLI-036"][1], status="cancelled", status_date=today - timedelta(days=3))
    set_status(
        open_ids["CLI-003"][0],
        status="partially_accepted",
        accepted_amount=Decimal("30000.00"),
        amount=Decimal("41600.00"),
    )
    set_status(open_ids["CLI-071"][0], status="issued")
    # A partial payment, a credit note, a payment plan, a direct debit.
    first_open = next(i for i in invoices if i["id"] == open_ids["CLI-050"][0])
    payments.append(
        {
            "id": "RG-PART-050",
            "invoice_id": first_open["id"],
            "date": today - timedelta(days=3),
            "currency": "EUR",
            "amount": (first_open["amount"] / 2).quantize(Decimal("0.01")),
        }
    )
    add_invoice(
        by_id_profile("CLI-033"),
        today - timedelta(days=20),
        30,
        kind="credit_note",
        amount=Decimal("950.00"),
        due=today - timedelta(days=20),
    )
    plan_issue = today - timedelta(days=95)
    add_invoice(
        by_id_profile("CLI-080"),
        plan_issue,
        31,
        amount=Decimal("6000.00"),
        status="accepted",
        due=plan_issue + timedelta(days=30),
        installments=[
            {"due_date": plan_issue + timedelta(days=30), "amount": Decimal("2000.00")},
            {"due_date": plan_issue + timedelta(days=60), "amount": Decimal("2000.00")},
            {"due_date": plan_issue + timedelta(days=90), "amount": Decimal("2000.00")},
        ],
    )
    payments.append(
        {
            "id": "RG-PLAN-080",
            "invoice_id": invoices[-1]["id"],
            "date": plan_issue + timedelta(days=31),
            "amount": Decimal("2000.00"),
            "currency": "EUR",
        }
    )
    add_invoice(
        by_id_profile("CLI-037"),
        today - timedelta(days=40),
        32,
        direct_debit=True,
        collection_date=today + timedelta(days=2),
        due=today - timedelta(days=5),
    )
    # Holds: a customer in talks with sales, an invoice awaiting a credit note.
    by_id["CLI-094"]["hold"] = {
        "reason": "négociation commerciale en cours",
        "since": today - timedelta(days=10),
        "until": today + timedelta(days=20),
    }
    set_status(
        open_ids["CLI-054"][0],
        hold={"reason": "avoir en préparation", "since": today - timedelta(days=4)},
    )
    # Receivership: opened after the overdue invoice, before the one not yet due; the
    # claims are declared to the administrator (BODACC published ten days later, two
    # months from there to declare).
    by_id["CLI-082"]["proceedings"] = {
        "kind": "receivership",
        "opened_on": today - timedelta(days=40),
        "claims_deadline": today + timedelta(days=31),
        "court": "Tribunal de commerce de Lyon",
        "reference": "RJ 2026/0412",
        "administrator": {
            "name": "Me Anne Duval",
            "role": "mandataire judiciaire",
            "email": "a.duval@mj-duval.example",
            "phone": "+33 4 78 00 12 34",
            "postal_address": "SELARL Duval & Associés, 8 quai de Bondy, 69005 Lyon",
        },
    }
    # Promises: one pending, one broken (the customer at risk).
    promises.append(
        {
            "id": "PRM-001",
            "customer_id": "CLI-055",
            "invoice_ids": [open_ids["CLI-055"][0]],
            "made_on": today - timedelta(days=4),
            "pay_by": today + timedelta(days=6),
        }
    )
    promises.append(
        {
            "id": "PRM-002",
            "customer_id": "CLI-081",
            "invoice_ids": [open_ids["CLI-081"][0]],
            "made_on": today - timedelta(days=30),
            "pay_by": today - timedelta(days=15),
        }
    )
    # Dunning history: reminders already sent on overdue invoices.
    for n, customer_id in enumerate(["CLI-070", "CLI-071", "CLI-072", "CLI-050", "CLI-051"]):
        invoice_id = open_ids[customer_id][0]
        inv = next(i for i in invoices if i["id"] == invoice_id)
        events.append(
            {
                "id": f"EV-{n + 1:03d}",
                "customer_id": customer_id,
                "invoice_ids": [invoice_id],
                "date": inv["due_date"] + timedelta(days=1),
                "step_id": "reminder_1",
                "channel": "email",
                "outcome": "bounced" if customer_id == "CLI-051" else "sent",
            }
        )
    return Portfolio.model_validate(
        {
            "customers": customers,
            "invoices": invoices,
            "payments": payments,
            "promises": promises,
            "events": events,
        }
    )


def by_id_profile(customer_id: str) -> _Profile:
    """The sample profile of a customer (for the few hand-placed documents)."""
    return next(p for p in _PROFILES if p.id == customer_id)


def sample_policy() -> Policy:
    """The default policy, signed by the sample company (in France: French public
    holidays are not business days)."""
    return default_policy().model_copy(
        update={
            "creditor": Creditor(
                name="Atelier Lumière SARL",
                address="3 quai Saint-Vincent, 69001 Lyon",
                country="FR",
                registration="SIREN 812 345 678 · TVA FR12 812345678",
                email="compta@atelier-lumiere.example",
                phone="+33 4 78 00 00 00",
                iban="FR76 3000 4000 0500 0012 3456 789",
                bic="BNPAFRPPXXX",
                caller_name="Sophie Laurent",
            )
        }
    )
