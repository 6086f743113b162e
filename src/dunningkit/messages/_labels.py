"""Words for people in place of ids: segments, steps, channels, tones and skip reasons.

The ids stay what they are in JSON, CSV and the API; tables, the report, ``explain``
and messages show :func:`label` instead, in the reader's language, from the catalogs'
``label|<group>`` messages. An id the catalogs do not know (a custom segment or step)
reads as itself.
"""

from __future__ import annotations

from typing import Literal

from dunningkit.messages._phrases import language
from dunningkit.policy._catalogs import catalog

__all__ = ["LabelGroup", "label"]

LabelGroup = Literal["segment", "step", "channel", "tone", "skip"]


def label(group: LabelGroup, identifier: str, locale: str = "en") -> str:
    """The label of ``identifier`` in ``group`` for a reader of ``locale``.

    >>> label("segment", "occasional_late", "fr_FR")
    'retards occasionnels'
    >>> label("segment", "vip_from_plugin")
    'vip_from_plugin'
    """
    found = catalog(language(locale))
    context = f"label|{group}"
    if not found.has(context, str(identifier)):
        return str(identifier)
    return found.text(context, str(identifier))
