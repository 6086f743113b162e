"""The legal mentions: the rules' own words with the rate and compensation filled in."""

from __future__ import annotations

from decimal import Decimal

from dunningkit.messages._mentions import legal_mentions, percent


def test_a_rate_reads_as_a_percent_in_the_locale() -> None:
    assert (
        percent(Decimal("12.15"), "en_GB") == "12.15 %"
    )  # the pattern keeps a space before the sign
    assert percent(Decimal("12.15"), "fr_FR").startswith("12,15")


def test_french_mentions_name_the_rate_and_the_fixed_compensation() -> None:
    text = legal_mentions("FR", "fr", Decimal("12.15"), "fr_FR")
    assert "12,15" in text
    assert "40,00" in text
    assert "[rate]" not in text
    assert "[fixed]" not in text


def test_mentions_fall_back_to_english() -> None:
    assert legal_mentions("FR", "xx", Decimal(10), "en_GB") == legal_mentions(
        "FR", "en", Decimal(10), "en_GB"
    )
