"""The price list of contacts (policy/_costs.py): its defaults and its TOML file."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from dunningkit import Channel, ChannelCosts, PolicyError, load_costs


def test_costs_from_toml_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "costs.toml"
    path.write_text("sms = 0.1\n", encoding="utf-8")
    assert load_costs(path).sms == Decimal("0.1")
    path.write_text("[costs]\nfax = 1\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="fax"):
        load_costs(path)
    path.write_text("[costs]\nphone = -1\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="phone"):
        load_costs(path)


def test_default_costs_are_documented_values() -> None:
    costs = ChannelCosts()
    assert costs.per_contact(Channel.EMAIL) == Decimal("0.01")
    assert costs.per_contact(Channel.SMS) == Decimal("0.08")
    assert costs.per_contact(Channel.LETTER) == Decimal("1.5")
    assert costs.per_contact(Channel.REGISTERED_LETTER) == Decimal(6)
    assert costs.per_contact(Channel.PHONE) == Decimal(4)
    assert costs.per_contact(Channel.COLLECTION_AGENCY) == 0  # a percentage instead
    assert costs.collection_agency_percent == Decimal(10)
