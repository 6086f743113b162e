"""The hand-over dossier, its completeness and its formats."""

from dunningkit.handover._dossier import (
    Dossier,
    DossierInstallment,
    DossierInvoice,
    DossierParty,
    DossierPayment,
    DossierPromise,
    DossierReminder,
    handover_dossier,
)

__all__ = [
    "Dossier",
    "DossierInstallment",
    "DossierInvoice",
    "DossierParty",
    "DossierPayment",
    "DossierPromise",
    "DossierReminder",
    "handover_dossier",
]
