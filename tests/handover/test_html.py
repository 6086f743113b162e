"""The dossier's printable page: every value escaped, sections only when they hold data."""

from __future__ import annotations

from dunningkit import Portfolio, handover_dossier
from tests.handover.test_dossier import ON, POLICY, data


def test_every_value_is_escaped_on_a_printable_page() -> None:
    hostile = '<script>alert("x")</script> & Fils'
    result = handover_dossier(Portfolio.model_validate(data(name=hostile)), "C1", ON, policy=POLICY)
    page = result.to_html()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Fils" in page
    assert "size: A4" in page
    assert "Content-Security-Policy" in page
    assert "1A 234 567 8901 2" in page


def test_sections_follow_the_data() -> None:
    full = handover_dossier(Portfolio.model_validate(data()), "C1", ON, policy=POLICY).to_html()
    order = [
        "Amounts claimed",
        "Invoices claimed",
        "Instalments",
        "Open credit notes",
        "Formal notice",
    ]
    order += ["Reminders sent", "Payments received", "Payment promises", "Disputes"]
    assert [full.index(f"<h2>{title}") for title in order] == sorted(
        full.index(f"<h2>{title}") for title in order
    )
    assert "<h2>Missing</h2>" not in full
    bare = handover_dossier(Portfolio.model_validate(data(notice=False)), "C2", ON).to_html()
    assert "<h2>Missing</h2>" in bare
    assert "<p><strong>None sent.</strong></p>" in bare
    assert "<h2>Disputes</h2>" not in bare
    assert "<h2>Instalments</h2>" not in bare
    assert "<h2>Open but not yet due" not in full  # only when something falls due later
    assert bare.endswith("</body>\n</html>\n")
