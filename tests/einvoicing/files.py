"""The e-invoicing tests' files: the official CEN examples, a French seller's invoices,
and CDAR lifecycle messages (provenance and licences in tests/data/einvoicing/README.md)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

pytest.importorskip("defusedxml", reason="the einvoicing extra is not installed")

DATA = Path(__file__).parent.parent / "data" / "einvoicing"
CEN = DATA / "cen"
FR = DATA / "fr"
CDAR = DATA / "cdar"
FNFE = CDAR / "fnfe-mpe"


def facturx_pdf(xml: bytes) -> bytes:
    """A Factur-X PDF holding ``xml``, built with the factur-x library on a blank page."""
    facturx = pytest.importorskip("facturx")
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    blank = io.BytesIO()
    writer.write(blank)
    pdf: bytes = facturx.generate_from_binary(
        blank.getvalue(), xml, flavor="factur-x", level="en16931", check_xsd=False
    )
    return pdf


def pdf_attaching(name: str, data: bytes) -> bytes:
    """A blank PDF with ``data`` attached as ``name``, as is (no library checks it)."""
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_attachment(name, data)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
