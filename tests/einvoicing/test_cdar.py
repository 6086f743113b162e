"""read_lifecycle: CDAR messages that pass the French rules, and those that do not."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from dunningkit import InvoiceStatus
from dunningkit.einvoicing import (
    FR_STATUSES,
    EInvoiceError,
    read_lifecycle,
    read_lifecycles,
)
from tests.einvoicing.files import CDAR, FNFE

MESSAGES = sorted(CDAR.glob("CDV-*.xml"))


def test_a_dispute_gives_its_status_reason_and_date() -> None:
    (status,) = read_lifecycle(CDAR / "CDV-0101-207.xml")
    assert status.invoice_id == "F2026-0101"
    assert (status.code, status.label) == ("207", "En litige")
    assert status.status is InvoiceStatus.DISPUTED
    assert status.date == date(2026, 10, 20)
    assert status.reason_code == "QTE_ERR"
    assert status.reason == "Deux étagères manquent à la livraison"
    assert status.amount is None
    assert status.reference == "CDAR CDV-0101-207: 207"


def test_collected_carries_the_amount_and_a_partial_approval_the_approved_amount() -> None:
    (collected,) = read_lifecycle(CDAR / "CDV-0102-212.xml")
    assert (collected.code, collected.label, collected.status) == (
        "212",
        "Encaissée",
        InvoiceStatus.PAID,
    )
    assert collected.amount == Decimal("2400.00")
    (partial,) = read_lifecycle(CDAR / "CDV-0102-206.xml")
    assert partial.status is InvoiceStatus.PARTIALLY_ACCEPTED
    assert partial.amount == Decimal("3000.00")


def test_the_official_codes_are_those_the_french_rules_list() -> None:
    text = (FNFE / "BR-FR-CDV-Schematron-CDAR.xslt").read_text(encoding="utf-8")
    start = text.index("'200 201")
    listed = set(text[start + 1 : text.index("'", start + 1)].split())
    assert set(FR_STATUSES) == {code for code in listed if "200" <= code <= "228"}


def _edit(path: Path, old: str, new: str) -> bytes:
    text = path.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new).encode()


def test_an_unknown_status_code_is_named() -> None:
    data = _edit(
        CDAR / "CDV-0101-207.xml",
        ">207</ram:ProcessConditionCode>",
        ">299</ram:ProcessConditionCode>",
    )
    with pytest.raises(EInvoiceError) as caught:
        read_lifecycle(data)
    (problem,) = caught.value.problems
    assert problem.element.endswith("ram:ProcessConditionCode (MDT-105)")
    assert "unknown status code '299'" in problem.message


def test_a_date_in_the_wrong_format_is_named() -> None:
    data = _edit(CDAR / "CDV-0101-207.xml", ">20261020143000<", ">2026-10-20T14:30<")
    with pytest.raises(EInvoiceError, match="is not a date in the form CCYYMMDDHHMMSS"):
        read_lifecycle(data)


def test_collected_without_its_amount_is_named() -> None:
    data = _edit(
        CDAR / "CDV-0102-212.xml",
        "<ram:TypeCode>MEN</ram:TypeCode>",
        "<ram:TypeCode>DIV</ram:TypeCode>",
    )
    with pytest.raises(EInvoiceError, match="without the amount collected"):
        read_lifecycle(data)


def test_every_problem_of_several_messages_comes_at_once() -> None:
    bad_code = _edit(CDAR / "CDV-0101-207.xml", ">207<", ">199<")
    no_invoice = _edit(
        CDAR / "CDV-0101-204.xml", "<ram:IssuerAssignedID>F2026-0101</ram:IssuerAssignedID>", ""
    )
    with pytest.raises(EInvoiceError) as caught:
        read_lifecycles([bad_code, no_invoice, CDAR / "CDV-0102-206.xml"])
    messages = [problem.message for problem in caught.value.problems]
    assert len(messages) == 2
    assert any("unknown status code '199'" in m for m in messages)
    assert any(m == "missing" for m in messages)


@pytest.mark.parametrize("path", MESSAGES, ids=lambda p: p.name)
def test_the_messages_validate_against_the_d22b_schema(path: Path) -> None:
    etree = pytest.importorskip("lxml.etree")
    schema = etree.XMLSchema(
        etree.parse(str(FNFE / "xsd" / "CrossDomainAcknowledgementAndResponse_100pD22B.xsd"))
    )
    assert schema.validate(etree.parse(str(path))), schema.error_log


@pytest.mark.parametrize("path", MESSAGES, ids=lambda p: p.name)
def test_the_messages_pass_the_french_rules(path: Path) -> None:
    saxonche = pytest.importorskip(
        "saxonche", reason="the BR-FR-CDV rules need an XSLT 2 processor"
    )
    etree = pytest.importorskip("lxml.etree")
    with saxonche.PySaxonProcessor(license=False) as processor:
        rules = processor.new_xslt30_processor().compile_stylesheet(
            stylesheet_file=str(FNFE / "BR-FR-CDV-Schematron-CDAR.xslt")
        )
        report = etree.fromstring(
            rules.transform_to_string(source_file=str(path.resolve())).encode()
        )
    svrl = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
    assert report.findall(".//svrl:fired-rule", svrl)  # the rules did run
    failed = [
        " ".join("".join(f.itertext()).split())
        for f in report.findall(".//svrl:failed-assert", svrl)
    ]
    assert failed == []
