"""What a security reviewer asks of self-service links, as properties.

Any change to a token fails; a token speaks for one customer only; it dies the day
after it expires and when its key is removed; nothing a customer types reaches a
message or a record unchecked; keys never show.
"""

from __future__ import annotations

import base64
from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dunningkit import (
    InvalidAnswerError,
    InvalidLink,
    LinkClaim,
    LinkError,
    LinkPurpose,
    LinkSigner,
    Portfolio,
    apply_answer,
    default_policy,
    links_for,
    next_actions,
    render,
    verify,
)
from dunningkit.policy._templates import PLACEHOLDERS, fill
from tests.builders import CREDITOR, TODAY, Book, d

POLICY = default_policy().model_copy(update={"creditor": CREDITOR})

ids = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=20
).filter(str.strip)
keys = st.binary(min_size=16, max_size=64)
key_ids = st.from_regex(r"[A-Za-z0-9_-]{1,8}", fullmatch=True)
claims = st.builds(
    LinkClaim,
    purpose=st.sampled_from(list(LinkPurpose)),
    customer_id=ids,
    invoice_ids=st.lists(ids, min_size=1, max_size=4, unique=True).map(tuple),
    action_key=ids,
    expires_on=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
)


def signer_for(key: bytes, key_id: str = "k1") -> LinkSigner:
    return LinkSigner({key_id: key}, current=key_id)


@given(claim=claims, key=keys, data=st.data())
def test_any_single_byte_change_fails(claim: LinkClaim, key: bytes, data: st.DataObject) -> None:
    signer = signer_for(key)
    raw = signer.sign(claim).encode("ascii")
    position = data.draw(st.integers(0, len(raw) - 1), label="position")
    byte = data.draw(st.integers(0, 255).filter(lambda b: b != raw[position]), label="byte")
    changed = raw[:position] + bytes([byte]) + raw[position + 1 :]
    with pytest.raises(InvalidLink):
        verify(changed.decode("latin-1"), signer, today=claim.expires_on)


@given(claim=claims, key=keys, data=st.data())
def test_a_byte_removed_or_added_fails(claim: LinkClaim, key: bytes, data: st.DataObject) -> None:
    signer = signer_for(key)
    token = signer.sign(claim)
    position = data.draw(st.integers(0, len(token) - 1))
    extra = data.draw(st.characters(codec="ascii"))
    for changed in (
        token[:position] + token[position + 1 :],
        token[:position] + extra + token[position:],
    ):
        with pytest.raises(InvalidLink):
            verify(changed, signer, today=claim.expires_on)


@given(mine=claims, theirs=claims, key=keys)
def test_a_token_for_one_customer_never_verifies_for_anothers_invoices(
    mine: LinkClaim, theirs: LinkClaim, key: bytes
) -> None:
    assume(mine.customer_id != theirs.customer_id)
    signer = signer_for(key)
    head, _, mac = signer.sign(mine).split(".")
    _, body, _ = signer.sign(theirs).split(".")
    with pytest.raises(InvalidLink) as caught:
        verify(f"{head}.{body}.{mac}", signer, today=date(2000, 1, 1))
    assert caught.value.reason == "tampered"
    got = verify(signer.sign(mine), signer, today=mine.expires_on)
    assert got.customer_id == mine.customer_id
    assert got.invoice_ids == mine.invoice_ids


def two_customers() -> Portfolio:
    b = Book().customer("C1", segment="good_payer").customer("C2", segment="good_payer")
    b.invoice("F1", "C1", due=d(-10))
    b.invoice("F2", "C1", due=d(-10))
    b.invoice("F3", "C2", due=d(-10))
    return b.build()


BOOK = two_customers()


@given(
    purpose=st.sampled_from([LinkPurpose.PAY, LinkPurpose.PROMISE, LinkPurpose.DISPUTE]),
    theirs=st.lists(st.sampled_from(["F3", "F9"]), min_size=1, max_size=2, unique=True),
)
def test_an_answer_never_reaches_invoices_outside_its_link(
    purpose: LinkPurpose, theirs: list[str]
) -> None:
    claim = LinkClaim(purpose, "C1", ("F1", "F2"), "dk-1", d(30))
    answer = {"invoice_ids": theirs, "pay_by": d(5), "reason": "no"}
    answer = {k: v for k, v in answer.items() if k in {"invoice_ids", *_FIELDS[purpose]}}
    with pytest.raises(InvalidAnswerError, match="not among the link's invoices"):
        apply_answer(BOOK, claim, answer, today=TODAY)


_FIELDS = {
    LinkPurpose.PAY: ("note",),
    LinkPurpose.PROMISE: ("pay_by",),
    LinkPurpose.DISPUTE: ("reason",),
}


@given(claim=claims, key=keys, days=st.integers(0, 3650))
def test_a_token_fails_from_the_day_after_it_expires(
    claim: LinkClaim, key: bytes, days: int
) -> None:
    signer = signer_for(key)
    token = signer.sign(claim)
    assert verify(token, signer, today=claim.expires_on - timedelta(days=days)) == claim
    with pytest.raises(InvalidLink) as caught:
        verify(token, signer, today=claim.expires_on + timedelta(days=1 + days))
    assert caught.value.reason == "expired"


@given(
    claim=claims,
    ring=st.dictionaries(key_ids, keys, min_size=2, max_size=5),
    data=st.data(),
)
def test_a_removed_key_fails(claim: LinkClaim, ring: dict[str, bytes], data: st.DataObject) -> None:
    signing = data.draw(st.sampled_from(sorted(ring)))
    token = LinkSigner(ring, current=signing).sign(claim)
    remaining = {k: v for k, v in ring.items() if k != signing}
    after = LinkSigner(remaining, current=next(iter(remaining)))
    with pytest.raises(InvalidLink) as caught:
        verify(token, after, today=claim.expires_on)
    assert caught.value.reason == "unknown_key"


@given(
    text=st.text(max_size=300),
    amount=st.one_of(
        st.none(),
        st.decimals(min_value=-10, max_value=2000, places=3),
        st.decimals(allow_nan=True),
        st.text(max_size=12),
    ),
    day=st.one_of(
        st.integers(-5, 120).map(d),
        st.integers(-5, 120).map(lambda n: d(n).isoformat()),
        st.text(max_size=12),
        st.integers(),
    ),
)
def test_nothing_in_an_answer_reaches_a_record_unchecked(
    text: str, amount: object, day: object
) -> None:
    for purpose, answer in (
        (LinkPurpose.DISPUTE, {"reason": text}),
        (LinkPurpose.PAY, {"note": text}),
        (LinkPurpose.PROMISE, {"pay_by": day, "amount": amount}),
    ):
        claim = LinkClaim(purpose, "C1", ("F1",), "dk-1", d(30))
        try:
            after = apply_answer(BOOK, claim, answer, today=TODAY)
        except InvalidAnswerError as error:
            assert error.problems  # noqa: PT017 - a refusal is fine if it says why
            continue
        # Accepted: the result is a portfolio that passes every check again.
        assert Portfolio.model_validate(after.model_dump()) == after
        invoice = after.invoice("F1")
        for change in invoice.status_history:
            if change.note is not None:
                assert change.note == change.note.strip()
                assert all(c.isprintable() or c in "\n\t" for c in change.note)
        for promise in after.promises:
            assert TODAY <= promise.pay_by <= TODAY + timedelta(days=90)
            assert promise.amount is None or promise.amount <= after.open_amount("F1", TODAY)


PLACEHOLDER_TEXT = st.sampled_from(sorted(PLACEHOLDERS)).map(lambda n: "{" + n + "}")


@given(reason=st.lists(st.one_of(PLACEHOLDER_TEXT, st.text(max_size=10)), max_size=6).map("".join))
def test_a_customers_words_never_inject_into_a_message(reason: str) -> None:
    # The dispute's words are data: they never expand as a template, and messages
    # about the customer's other invoices read exactly as before.
    b = Book().customer("C1", segment="good_payer")
    b.invoice("F1", due=d(-10)).invoice("F2", due=d(-12), issued=d(-60))
    portfolio = b.build()
    claim = LinkClaim(LinkPurpose.DISPUTE, "C1", ("F1",), "dk-1", d(30))
    before = next_actions(portfolio, TODAY)
    try:
        after = apply_answer(portfolio, claim, {"reason": reason}, today=TODAY)
    except InvalidAnswerError:
        return
    plan = next_actions(after, TODAY)
    assert plan.actions  # F2 is still reminded
    for action in plan.actions:
        assert "F1" not in action.invoice_ids
        assert render(action, after, POLICY) == render(action, portfolio, POLICY)
    assert before.actions
    assert fill("{customer_name}", {"customer_name": reason}) == reason


@given(key=keys, claim=claims)
def test_the_key_never_appears_in_a_token_an_error_or_a_repr(key: bytes, claim: LinkClaim) -> None:
    signer = signer_for(key)
    token = signer.sign(claim)
    forms = {
        key.hex(),
        key.hex().upper(),
        base64.b64encode(key).decode().rstrip("="),
        base64.urlsafe_b64encode(key).decode().rstrip("="),
        key.decode("latin-1"),
    }
    texts = [token, repr(signer), str(signer), repr(claim)]
    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), "x", token + "."):
        with pytest.raises(InvalidLink) as caught:
            verify(bad, signer, today=claim.expires_on)
        texts.extend([str(caught.value), repr(caught.value)])
    with pytest.raises(LinkError) as short:
        LinkSigner({"k1": key[:15]}, current="k1")
    texts.append(str(short.value))
    for text in texts:
        for form in forms:
            assert form not in text


def test_links_in_a_message_are_bound_to_its_customer() -> None:
    signer = signer_for(bytes(range(32)))
    plan = next_actions(BOOK, TODAY)
    for action in plan.actions:
        for url in links_for(
            action, signer, base_url="https://x.example/l", expires_on=d(9)
        ).values():
            got = verify(url.split("token=")[1], signer, today=TODAY)
            assert got.customer_id == action.customer_id
            assert {BOOK.invoice(i).customer_id for i in got.invoice_ids} == {action.customer_id}
