"""Statute-backed rules: jurisdictions, rates, late charges, limitation."""

from dunningkit.legal._charges import LateCharges, late_charges
from dunningkit.legal._interest import ChargePeriod
from dunningkit.legal._limitation import Limitation, claim_expires_on, claim_expiry, limitation
from dunningkit.legal._rates import RateEntry, RateTable, builtin_rate_table, load_rate_table
from dunningkit.legal._rates_import import import_rate_table, read_rate_csv
from dunningkit.legal.jurisdictions import Jurisdiction, LimitationRule, resolve

__all__ = [
    "ChargePeriod",
    "Jurisdiction",
    "LateCharges",
    "Limitation",
    "LimitationRule",
    "RateEntry",
    "RateTable",
    "builtin_rate_table",
    "claim_expires_on",
    "claim_expiry",
    "import_rate_table",
    "late_charges",
    "limitation",
    "load_rate_table",
    "read_rate_csv",
    "resolve",
]
