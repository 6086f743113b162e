"""The hand-over dossier: its records, how it is built, its completeness, its formats.

``_records`` (the parts: parties, invoices, payments, reminders, promises),
``_document`` (the :class:`Dossier` and its exports), ``_dossier``
(:func:`handover_dossier`, which reads the book in steps: ``_invoices``,
``_history``, ``_parties``), ``_completeness`` (what is missing, with each
jurisdiction's own requirements), ``_csv`` and ``_html`` (the formats). Beside it, the
claim declared in a customer's insolvency proceedings: ``_claim``
(:func:`claim_declaration`) and its formats (``_claim_page``).
"""

from dunningkit.handover._claim import ClaimDeclaration, ClaimLine, FallingDue, claim_declaration
from dunningkit.handover._completeness import NO_FORMAL_NOTICE
from dunningkit.handover._document import Dossier
from dunningkit.handover._dossier import handover_dossier
from dunningkit.handover._records import (
    DossierInstallment,
    DossierInvoice,
    DossierParty,
    DossierPayment,
    DossierPromise,
    DossierReminder,
)

__all__ = [
    "NO_FORMAL_NOTICE",
    "ClaimDeclaration",
    "ClaimLine",
    "Dossier",
    "DossierInstallment",
    "DossierInvoice",
    "DossierParty",
    "DossierPayment",
    "DossierPromise",
    "DossierReminder",
    "FallingDue",
    "claim_declaration",
    "handover_dossier",
]
