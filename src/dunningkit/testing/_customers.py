"""Customers with plausible contacts, holds and tags."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from dunningkit.model._customer import CompanySize, Contact, Customer, CustomerKind, Hold
from dunningkit.testing._values import EPOCH, IDS, dates, mostly

__all__ = ["customers"]


def customers(
    *,
    ids: st.SearchStrategy[str] | None = None,
    kinds: Sequence[CustomerKind] = tuple(CustomerKind),
    with_contacts: bool = True,
    holds: bool = True,
) -> st.SearchStrategy[Customer]:
    """Customers with plausible contacts; shrinks to a company with one email contact."""
    if not kinds:
        raise InvalidArgument("kinds must name at least one CustomerKind")
    contact = st.builds(
        Contact,
        name=st.sampled_from(["Claire Martin", "Jon Smith", "Service comptable"]),
        # Mostly reachable: a book where nobody has an email tests little else.
        email=mostly(st.just("ap@example.com"), st.none()),
        phone=mostly(st.just("+33 1 23 45 67 89"), st.none()),
        postal_address=st.one_of(st.none(), st.just("1 rue de la Paix, 75002 Paris")),
    )
    return st.builds(
        Customer,
        id=ids if ids is not None else IDS.map(lambda s: f"C-{s}"),
        name=st.sampled_from(["Acme", "Boulangerie Dupont", "Mairie de Lyon", "Globex"]),
        kind=st.sampled_from(list(kinds)),
        size=st.one_of(st.none(), st.sampled_from(list(CompanySize))),
        country=st.sampled_from(["FR", "DE", "GB", "ES", "IT", "BE"]),
        locale=st.sampled_from(["fr_FR", "en_GB", "de_DE"]),
        contacts=st.lists(contact, min_size=1 if with_contacts else 0, max_size=2).map(tuple),
        grace_days=st.integers(0, 30),
        hold=mostly(st.none(), st.builds(Hold, reason=st.just("litige commercial")))
        if holds
        else st.none(),
        since=st.one_of(st.none(), dates(EPOCH, before=2000, after=300)),
        tags=st.lists(
            st.sampled_from(["export", "insolvency", "vip"]), max_size=2, unique=True
        ).map(tuple),
    )
