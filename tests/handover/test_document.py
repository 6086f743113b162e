"""The dossier's formats, byte for byte: JSON, the CSV tables and the HTML page.

Stored outputs pin them: one dossier in full (``snapshots/c1/``, readable in a diff),
and a digest of every format for every customer of the sample book under a few
policies (``snapshots/sample.json``). After an intended change, rewrite them with
``python -m tests.handover.test_document`` and review the diff.
"""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import date
from pathlib import Path

from dunningkit import Creditor, Dossier, Policy, Portfolio, handover_dossier, sample_portfolio
from dunningkit._sample import sample_policy
from tests.handover.test_dossier import ON, POLICY, data

SNAPSHOTS = Path(__file__).parent / "snapshots"
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


def test_one_dossier_in_full() -> None:
    files = fixture_files()
    stored = sorted(
        p.relative_to(SNAPSHOTS / "c1").as_posix() for p in (SNAPSHOTS / "c1").rglob("*.*")
    )
    assert sorted(files) == stored
    for name, text in files.items():
        assert text == (SNAPSHOTS / "c1" / name).read_bytes().decode("utf-8"), name


def test_every_sample_dossier_by_digest() -> None:
    stored = json.loads((SNAPSHOTS / "sample.json").read_text(encoding="utf-8"))
    assert sample_digests() == stored


def write() -> None:
    for name, text in fixture_files().items():
        path = SNAPSHOTS / "c1" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    (SNAPSHOTS / "sample.json").write_text(
        json.dumps(sample_digests(), indent=1) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    write()
    sys.stdout.write(f"wrote {SNAPSHOTS}\n")
