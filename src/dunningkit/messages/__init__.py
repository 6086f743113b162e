"""Rendering reminders: templates, phrases, dates in the customer's language."""

from dunningkit.messages._render import (
    PLACEHOLDERS,
    Creditor,
    Message,
    Template,
    TemplateSet,
    default_templates,
    load_templates,
    render,
    thank_you,
)

__all__ = [
    "PLACEHOLDERS",
    "Creditor",
    "Message",
    "Template",
    "TemplateSet",
    "default_templates",
    "load_templates",
    "render",
    "thank_you",
]
