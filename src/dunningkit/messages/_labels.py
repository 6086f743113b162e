"""Words for people in place of ids: segments, steps, channels, tones and skip reasons.

The ids stay what they are in JSON, CSV and the API; tables, the report, ``explain``
and messages show :func:`label` instead, in the reader's language, from the catalogs'
``label|<group>`` messages. An id the catalogs do not know (a custom segment or step)
reads as itself. The rule lives with the catalogs
(:func:`dunningkit.policy._catalogs.label`), so that the planning room's ``explain``
reads the same words; this module is where the rooms above it import it from.
"""

from __future__ import annotations

from dunningkit.policy._catalogs import LabelGroup, label

__all__ = ["LabelGroup", "label"]
