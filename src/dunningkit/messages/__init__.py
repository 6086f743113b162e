"""Rendering reminders: templates, phrases, dates in the customer's language."""

from dunningkit.messages._message import Message
from dunningkit.messages._render import render, thank_you
from dunningkit.policy._templates import (
    PLACEHOLDERS,
    Creditor,
    Template,
    TemplateSet,
    default_templates,
    load_templates,
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
