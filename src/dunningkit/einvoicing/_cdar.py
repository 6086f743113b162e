"""CDAR lifecycle messages (UN/CEFACT CrossDomainAcknowledgementAndResponse D22B, French
rules BR-FR-CDV) into :class:`LifecycleStatus` records: :func:`read_lifecycle`.

Where each value is read (MDT numbers of XP Z12-012)::

    rsm:ExchangedDocument/ram:ID                         the message id (MDT-4)
    rsm:ExchangedDocument/ram:IssueDateTime              the message date (MDG-4)
    rsm:AcknowledgementDocument/ram:IssueDateTime        the status date, when given
    .../ram:ReferenceReferencedDocument/ram:IssuerAssignedID       the invoice (MDT-87)
    .../ram:ReferenceReferencedDocument/ram:ProcessConditionCode   the status (MDT-105)
    .../ram:SpecifiedDocumentStatus/ram:ReasonCode, ram:Reason     the reason (MDT-113)
    .../ram:SpecifiedDocumentCharacteristic[ram:TypeCode]/ram:ValueAmount
        MEN: amount collected (212, one per VAT rate, added up);
        MAPTTC: amount approved with VAT (206)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from xml.etree.ElementTree import Element

from dunningkit.einvoicing._statuses import FR_STATUSES, LifecycleStatus
from dunningkit.einvoicing._xml import (
    MAX_XML_BYTES,
    ElementReader,
    Source,
    gathered,
    parse_xml,
    read_source,
)
from dunningkit.errors import EInvoiceError, EInvoiceProblem

__all__ = ["CDAR_NAMESPACES", "read_lifecycle", "read_lifecycles"]

CDAR_NAMESPACES = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossDomainAcknowledgementAndResponse:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
}
_ROOT = f"{{{CDAR_NAMESPACES['rsm']}}}CrossDomainAcknowledgementAndResponse"
_DATE = "ram:IssueDateTime/udt:DateTimeString"
_REF = "ram:ReferenceReferencedDocument"
_STATUS = "ram:SpecifiedDocumentStatus"
_CHARACTERISTIC = f"{_STATUS}/ram:SpecifiedDocumentCharacteristic"
_AMOUNTS = {
    "212": ("MEN", "an 'Encaissée' status without the amount collected"),
    "206": ("MAPTTC", "an 'Approuvée partiellement' status without the amount approved with VAT"),
}
"""The statuses that carry an amount: its characteristic type, and what a missing one says."""


def read_lifecycle(source: Source) -> list[LifecycleStatus]:
    """Every invoice status of one CDAR lifecycle message.

    Raises:
        HostileXmlError: the XML holds a DTD or entities, or is too large; refused unread.
        EInvoiceError: every problem of the message at once (not a CDAR message, a
            missing invoice number or status, an unknown status code, a bad date...).
    """
    name, data = read_source(source, limit=MAX_XML_BYTES)
    root = parse_xml(data, name)
    if root.tag != _ROOT:
        problem = EInvoiceProblem(name, root.tag, "not a CDAR lifecycle message")
        raise EInvoiceError([problem])
    r = ElementReader(root, name, CDAR_NAMESPACES)
    message_id = r.required(root, "rsm:ExchangedDocument/ram:ID", "MDT-4")
    message_day = r.date(root, f"rsm:ExchangedDocument/{_DATE}", "MDG-4", required=True, fmt="204")
    statuses: list[LifecycleStatus] = []
    for a, ack in enumerate(r.find_all(root, "rsm:AcknowledgementDocument"), start=1):
        where = f"rsm:AcknowledgementDocument[{a}]"
        day = r.date(ack, _DATE, f"{where} status date", required=False, fmt="204") or message_day
        for d, ref in enumerate(r.find_all(ack, _REF), start=1):
            status = _status(r, ref, f"{where}/{_REF}[{d}]", day, message_id)
            if status is not None:
                statuses.append(status)
    if not statuses and not r.problems:
        r.problem("rsm:AcknowledgementDocument", "no invoice status in the message")
    r.raise_problems()
    return statuses


def _status(
    r: ElementReader, ref: Element, where: str, day: date | None, message_id: str | None
) -> LifecycleStatus | None:
    invoice_id = r.required(ref, "ram:IssuerAssignedID", f"{where} MDT-87")
    code = r.required(ref, "ram:ProcessConditionCode", f"{where} MDT-105")
    known = FR_STATUSES.get(code) if code else None
    if code is not None and known is None:
        r.problem(
            f"{where}/ram:ProcessConditionCode (MDT-105)",
            f"unknown status code {code!r} (the official codes run from 200 to 228)",
        )
    if invoice_id is None or known is None or day is None:
        return None
    reason_code = r.text(ref, f"{_STATUS}/ram:ReasonCode")
    reason = r.text(ref, f"{_STATUS}/ram:Reason")
    amount: Decimal | None = None
    currency: str | None = None
    if known.code in _AMOUNTS:
        kind, missing = _AMOUNTS[known.code]
        amount, currency = _characteristics(r, ref, kind, where)
        if amount is None:
            r.problem(f"{where}/{_CHARACTERISTIC} ({kind})", missing)
    if amount is not None and amount <= 0:
        r.problem(f"{where}/{_CHARACTERISTIC}", f"amount {amount} is not positive")
        amount = None
    return LifecycleStatus(
        invoice_id=invoice_id,
        code=known.code,
        label=known.label,
        status=known.status,
        date=day,
        reason_code=reason_code,
        reason=reason,
        amount=amount,
        currency=currency,
        reference=f"CDAR {message_id}: {known.code}" if message_id else None,
        source=r.source,
    )


def _characteristics(
    r: ElementReader, ref: Element, type_code: str, where: str
) -> tuple[Decimal | None, str | None]:
    """The sum of the amounts of one type of characteristic (``None`` when there is
    none) and the currency they name (``currencyID``), if any: amounts in two
    currencies are a problem, never added."""
    total: Decimal | None = None
    currencies: set[str] = set()
    for node in r.find_all(ref, _CHARACTERISTIC):
        if r.text(node, "ram:TypeCode") != type_code:
            continue
        value = r.amount(node, "ram:ValueAmount", f"{where} {type_code}", required=True)
        element = r.find(node, "ram:ValueAmount")
        named = element.get("currencyID") if element is not None else None
        if named:
            currencies.add(named.strip())
        if value is not None:
            total = value if total is None else total + value
    if len(currencies) > 1:
        r.problem(
            f"{where}/{_CHARACTERISTIC} ({type_code})",
            f"amounts in {', '.join(sorted(currencies))}: one currency expected",
        )
        return None, None
    return total, next(iter(currencies), None)


def read_lifecycles(sources: Iterable[Source]) -> list[LifecycleStatus]:
    """The statuses of several messages; every problem of every message in one error."""
    statuses: list[LifecycleStatus] = []
    errors: list[EInvoiceError] = []
    for source in sources:
        try:
            statuses.extend(read_lifecycle(source))
        except EInvoiceError as error:
            errors.append(error)
    if errors:
        raise gathered(errors)
    return statuses
