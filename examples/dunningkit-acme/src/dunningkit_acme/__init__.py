"""ACME's dunning plugins, found by dunningkit through entry points (see pyproject.toml)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from dunningkit import (
    Channel,
    Classification,
    Customer,
    PayerProfile,
    Scenario,
    SegmentationSettings,
    Step,
    TemplateSet,
    Tone,
    load_templates,
)

__all__ = ["CrmTierClassifier", "closing_days", "export_scenario", "german_templates"]


def export_scenario() -> Scenario:
    """Export customers: longer delays abroad, letters rather than calls, no SMS."""
    return Scenario(
        id="acme_export",
        description="Customers abroad: written reminders, spaced for international mail.",
        steps=(
            Step(
                id="reminder_1",
                offset_days=7,
                channel=Channel.EMAIL,
                tone=Tone.COURTEOUS,
                template="reminder_courteous",
                fallback_channels=(Channel.LETTER,),
            ),
            Step(
                id="reminder_2",
                offset_days=21,
                channel=Channel.EMAIL,
                tone=Tone.NEUTRAL,
                template="reminder_neutral",
                fallback_channels=(Channel.LETTER,),
            ),
            Step(
                id="formal_notice",
                offset_days=45,
                channel=Channel.REGISTERED_LETTER,
                tone=Tone.FORMAL_NOTICE,
                template="formal_notice",
                requires_approval=True,
            ),
        ),
    )


class CrmTierClassifier:
    """Customers tagged ``crm:export`` in the CRM get the ``export`` segment."""

    def classify(
        self, customer: Customer, profile: PayerProfile, settings: SegmentationSettings
    ) -> Classification | None:
        del settings
        if "crm:export" not in customer.tags:
            return None  # the default rules decide
        return Classification(
            customer_id=customer.id,
            segment="export",
            reasons=("tagged crm:export in the CRM: export scenario",),
            profile=profile,
            rule="acme-crm",
        )


def german_templates() -> TemplateSet:
    """German reminder templates, shipped as data beside this module."""
    return load_templates(Path(__file__).parent / "templates")


def closing_days(year: int) -> set[date]:
    """The days ACME's accounts office is closed, besides weekends and public holidays."""
    return {date(year, 12, 24), date(year, 12, 31), date(year, 8, 14)}
