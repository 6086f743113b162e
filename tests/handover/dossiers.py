"""The dossiers the golden files store, byte for byte: JSON, the CSV tables and HTML.

One dossier in full (the hand-written book of ``test_dossier``, readable in a diff) and a
digest of every format for every customer of the sample book under a few policies.
``tests/golden/write.py`` writes them beside the other golden files.
"""

from __future__ import annotations

import hashlib
from datetime import date

from dunningkit import Creditor, Dossier, Policy, Portfolio, handover_dossier, sample_portfolio
from dunningkit._sample import sample_policy
from tests.handover.test_dossier import ON, POLICY, data

SAMPLE_DAYS = (date(2026, 3, 2), date(2031, 6, 16))


def files_of(dossier: Dossier) -> dict[str, str]:
    """Every file the dossier writes, by name, as the command lays them out."""
    return {
        "dossier.json": dossier.to_json(),
        "dossier.html": dossier.to_html(),
        **{f"csv/{name}": text for name, text in dossier.csv_tables().items()},
    }


def fixture_files() -> dict[str, str]:
    return files_of(handover_dossier(Portfolio.model_validate(data()), "C1", ON, policy=POLICY))


def _policies() -> dict[str, Policy]:
    creditor = Creditor(name="Atelier Lumière SAS", address="1 quai Est, Lyon", siren="732829320")
    return {
        "default": Policy(),
        "sample": sample_policy(),
        "ch5": Policy(creditor=creditor, ch_limitation_years=5, limitation_warning_days=4000),
    }


def sample_digests() -> dict[str, str]:
    """sha256 of every file of every sample customer's dossier, by day/policy/customer."""
    found: dict[str, str] = {}
    policies = _policies()
    for day in SAMPLE_DAYS:
        book = sample_portfolio(day)
        for name, policy in policies.items():
            for customer in book.customers:
                digest = hashlib.sha256()
                for file, text in files_of(
                    handover_dossier(book, customer.id, day, policy=policy)
                ).items():
                    digest.update(file.encode() + b"\0" + text.encode() + b"\0")
                found[f"{day}/{name}/{customer.id}"] = digest.hexdigest()
    return found
