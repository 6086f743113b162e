"""Signed self-service links: tokens, keys, URLs, and links in messages."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from dunningkit import (
    Action,
    Creditor,
    DunningkitError,
    InvalidLink,
    LinkClaim,
    LinkError,
    LinkFailure,
    LinkPurpose,
    LinkSigner,
    Policy,
    PolicyError,
    Portfolio,
    Template,
    TemplateError,
    default_policy,
    links_for,
    load_policy,
    next_actions,
    render,
    verify,
)
from tests.builders import TODAY, Book, d

KEY_1 = bytes(range(32))
KEY_2 = bytes(range(100, 132))
SIGNER = LinkSigner({"k1": KEY_1}, current="k1")
BASE = "https://pay.example.com/answer"
POLICY = default_policy().model_copy(
    update={"creditor": Creditor(name="Atelier Lumière", iban="FR76 3000 4000")}
)


def claim(purpose: str = "promise", **changes: object) -> LinkClaim:
    fields: dict[str, object] = {
        "purpose": purpose,
        "customer_id": "C1",
        "invoice_ids": ("F1", "F2"),
        "action_key": "dk-abc",
        "expires_on": d(30),
    }
    fields.update(changes)
    return LinkClaim(**fields)  # type: ignore[arg-type]


def book() -> Portfolio:
    """C1 owes F1 (1000) and F2 (500), both overdue; C2 owes F3."""
    b = Book().customer("C1", segment="good_payer").customer("C2", segment="good_payer")
    b.invoice("F1", "C1", due=d(-10), amount="1000.00")
    b.invoice("F2", "C1", due=d(-10), amount="500.00")
    b.invoice("F3", "C2", due=d(-10), amount="700.00")
    return b.build()


def the_action(portfolio: Portfolio, customer_id: str = "C1") -> Action:
    plan = next_actions(portfolio, TODAY, POLICY)
    return next(a for a in plan.actions if a.customer_id == customer_id)


def token_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["token"][0]


@pytest.mark.parametrize("purpose", list(LinkPurpose))
def test_a_token_verifies_to_the_claim_it_signed(purpose: LinkPurpose) -> None:
    signed = claim(purpose.value)
    token = SIGNER.sign(signed)
    assert verify(token, SIGNER, today=TODAY) == signed
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")
    assert token.startswith("k1.")


def test_signing_is_deterministic_and_binds_every_field() -> None:
    tokens = {
        SIGNER.sign(claim()),
        SIGNER.sign(claim("dispute")),
        SIGNER.sign(claim(customer_id="C2")),
        SIGNER.sign(claim(invoice_ids=("F1",))),
        SIGNER.sign(claim(invoice_ids=("F2", "F1"))),
        SIGNER.sign(claim(action_key="dk-other")),
        SIGNER.sign(claim(expires_on=d(31))),
    }
    assert len(tokens) == 7
    assert SIGNER.sign(claim()) == SIGNER.sign(claim())


def test_a_link_is_valid_through_its_last_day_and_not_after() -> None:
    token = SIGNER.sign(claim(expires_on=d(5)))
    assert verify(token, SIGNER, today=d(5)).expires_on == d(5)
    with pytest.raises(InvalidLink) as caught:
        verify(token, SIGNER, today=d(6))
    assert caught.value.reason == LinkFailure.EXPIRED == "expired"


def test_rotation_old_links_verify_until_the_old_key_is_removed() -> None:
    old_token = SIGNER.sign(claim())
    rotated = LinkSigner({"k1": KEY_1, "k2": KEY_2}, current="k2")
    assert verify(old_token, rotated, today=TODAY) == claim()
    new_token = rotated.sign(claim())
    assert new_token.startswith("k2.")
    assert verify(new_token, rotated, today=TODAY) == claim()
    retired = LinkSigner({"k2": KEY_2}, current="k2")
    with pytest.raises(InvalidLink) as caught:
        verify(old_token, retired, today=TODAY)
    assert caught.value.reason == "unknown_key"
    assert verify(new_token, retired, today=TODAY) == claim()


def test_another_key_under_the_same_id_is_tampered() -> None:
    impostor = LinkSigner({"k1": KEY_2}, current="k1")
    with pytest.raises(InvalidLink) as caught:
        verify(impostor.sign(claim()), SIGNER, today=TODAY)
    assert caught.value.reason == "tampered"


def test_a_payload_moved_under_another_signature_is_tampered() -> None:
    mine = SIGNER.sign(claim()).split(".")
    theirs = SIGNER.sign(claim(customer_id="C2", invoice_ids=("F3",))).split(".")
    with pytest.raises(InvalidLink) as caught:
        verify(".".join([mine[0], theirs[1], mine[2]]), SIGNER, today=TODAY)
    assert caught.value.reason == "tampered"


@pytest.mark.parametrize(
    "token",
    [
        "",
        "k1",
        "k1.abc",
        "k1.a.b.c",
        "k 1.YQ.YQ",
        "k1.YQ.YQ",  # a MAC of one byte
        "é.YQ.YQ",
        "k1." + "A" * 9000 + ".YQ",
    ],
)
def test_malformed_tokens_say_malformed(token: str) -> None:
    with pytest.raises(InvalidLink) as caught:
        verify(token, SIGNER, today=TODAY)
    assert caught.value.reason == "malformed"


def test_padding_or_spaces_around_a_token_are_not_accepted() -> None:
    token = SIGNER.sign(claim())
    for variant in (token + "=", " " + token, token + "\n", token.replace(".", ". ", 1)):
        with pytest.raises(InvalidLink):
            verify(variant, SIGNER, today=TODAY)


def test_non_canonical_base64_in_the_signature_is_refused() -> None:
    # The last character of 43 carries 4 data bits and 2 spare ones: flipping a
    # spare bit decodes to the same bytes, and must still fail.
    token = SIGNER.sign(claim())
    last = token[-1]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    twin = alphabet[alphabet.index(last) ^ 1]
    with pytest.raises(InvalidLink):
        verify(token[:-1] + twin, SIGNER, today=TODAY)


def test_invalid_link_is_a_dunningkit_value_error_with_only_its_reason() -> None:
    token = SIGNER.sign(claim())
    with pytest.raises(InvalidLink) as caught:
        verify(token[:-2] + ("AA" if token[-2:] != "AA" else "BA"), SIGNER, today=TODAY)
    error = caught.value
    assert isinstance(error, DunningkitError)
    assert isinstance(error, ValueError)
    assert str(error) == "invalid link (tampered)"


def test_verify_wants_a_date_not_a_datetime() -> None:
    with pytest.raises(TypeError):
        verify(SIGNER.sign(claim()), SIGNER, today=datetime(2026, 3, 16, 12))


def test_signer_refuses_unusable_keys_without_showing_them() -> None:
    secret = b"short-secret"
    with pytest.raises(LinkError) as caught:
        LinkSigner({"k1": secret}, current="k1")
    assert "k1" in str(caught.value)
    assert "short-secret" not in str(caught.value)
    with pytest.raises(LinkError, match="bytes"):
        LinkSigner({"k1": "a text key that is long enough"}, current="k1")  # type: ignore[dict-item]
    with pytest.raises(LinkError, match="key id"):
        LinkSigner({"k.1": KEY_1}, current="k.1")
    with pytest.raises(LinkError, match="current"):
        LinkSigner({"k1": KEY_1}, current="k2")
    with pytest.raises(LinkError, match="at least one key"):
        LinkSigner({}, current="k1")


def test_signer_shows_key_ids_never_keys_and_is_not_pickled() -> None:
    rotated = LinkSigner({"k1": KEY_1, "k2": KEY_2}, current="k2")
    assert repr(rotated) == "LinkSigner(key_ids=['k1', 'k2'], current='k2')"
    assert rotated.key_ids == ("k1", "k2")
    assert rotated.current == "k2"
    with pytest.raises(TypeError, match="secret"):
        pickle.dumps(rotated)


def test_a_claim_is_frozen_positional_and_checked() -> None:
    made = LinkClaim("dispute", "C1", ["F1"], "dk-1", d(3))  # type: ignore[arg-type]
    assert made.purpose is LinkPurpose.DISPUTE
    assert made.invoice_ids == ("F1",)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.customer_id = "C2"  # type: ignore[misc]
    with pytest.raises(LinkError, match="purpose"):
        claim("refund")
    with pytest.raises(LinkError, match="at least one"):
        claim(invoice_ids=())
    with pytest.raises(LinkError, match="twice"):
        claim(invoice_ids=("F1", "F1"))
    with pytest.raises(LinkError, match="customer_id"):
        claim(customer_id=" ")
    with pytest.raises(LinkError, match="datetime"):
        claim(expires_on=datetime(2026, 4, 1))


def test_links_for_an_action_carry_a_token_per_purpose() -> None:
    portfolio = book()
    action = the_action(portfolio)
    links = links_for(action, SIGNER, base_url=BASE, expires_on=d(30))
    assert list(links) == ["pay", "promise", "dispute", "contact_me"]
    for purpose, url in links.items():
        assert url.startswith(BASE + "?token=")
        got = verify(token_of(url), SIGNER, today=TODAY)
        assert got == LinkClaim(purpose, "C1", action.invoice_ids, action.key, d(30))  # type: ignore[arg-type]
    assert links == links_for(action, SIGNER, base_url=BASE, expires_on=d(30))


def test_links_keep_the_base_urls_own_query() -> None:
    action = the_action(book())
    url = links_for(action, SIGNER, base_url=BASE + "?lang=fr", expires_on=d(9))["pay"]
    query = parse_qs(urlsplit(url).query)
    assert query["lang"] == ["fr"]
    assert verify(query["token"][0], SIGNER, today=TODAY).purpose is LinkPurpose.PAY
    assert links_for(
        action, SIGNER, base_url=BASE, expires_on=d(9), purposes=["dispute"]
    ).keys() == {"dispute"}


@pytest.mark.parametrize(
    ("base_url", "problem"),
    [
        ("http://pay.example.com/a", "https"),
        ("ftp://pay.example.com/a", "https"),
        ("https:///nohost", "no host"),
        ("https://user:pw@pay.example.com/a", "password"),
        ("https://pay.example.com/a#top", "fragment"),
        ("https://pay.example.com/a?token=x", "token"),
        ("https://pay.example.com/a b", "printable"),
        ('https://pay.example.com/"><script>', "printable"),
    ],
)
def test_a_base_url_that_cannot_carry_a_token_is_refused(base_url: str, problem: str) -> None:
    with pytest.raises(LinkError, match=problem):
        links_for(the_action(book()), SIGNER, base_url=base_url, expires_on=d(9))


def test_plain_http_is_fine_on_a_developers_machine() -> None:
    links = links_for(
        the_action(book()), SIGNER, base_url="http://localhost:8000/l", expires_on=d(9)
    )
    assert links["pay"].startswith("http://localhost:8000/l?token=k1.")


def test_a_link_that_expires_before_its_message_goes_out_is_refused() -> None:
    with pytest.raises(LinkError, match="before the action"):
        links_for(the_action(book()), SIGNER, base_url=BASE, expires_on=d(-1))


def test_messages_stay_as_they_were_without_a_base_url() -> None:
    portfolio = book()
    action = the_action(portfolio)
    before = render(action, portfolio, POLICY)
    assert render(action, portfolio, POLICY, signer=SIGNER) == before
    assert "token=" not in before.body


def test_with_a_base_url_the_default_templates_carry_signed_links() -> None:
    portfolio = book()
    action = the_action(portfolio)
    policy = POLICY.model_copy(update={"links_base_url": BASE})
    message = render(action, portfolio, policy, signer=SIGNER)
    links = links_for(
        action, SIGNER, base_url=BASE, expires_on=action.scheduled_for + (d(30) - TODAY)
    )
    for purpose in ("pay", "promise", "dispute"):
        assert links[purpose] in message.body
    english = render(action, portfolio, policy, signer=SIGNER, links=links).body
    assert links["promise"] in english


def test_a_base_url_without_a_signer_is_an_error_not_a_silent_omission() -> None:
    portfolio = book()
    policy = POLICY.model_copy(update={"links_base_url": BASE})
    with pytest.raises(TemplateError, match="signer"):
        render(the_action(portfolio), portfolio, policy)


def test_a_policy_template_may_place_each_link() -> None:
    portfolio = book()
    action = the_action(portfolio)
    template = Template(
        id=action.template,
        locale="fr",
        subject="x",
        body="P {pay_link} / R {promise_link} / D {dispute_link} / C {contact_me_link}",
    )
    policy = POLICY.model_copy(update={"templates": (template,), "links_base_url": BASE})
    body = render(action, portfolio, policy, signer=SIGNER).body
    links = links_for(action, SIGNER, base_url=BASE, expires_on=TODAY + (d(30) - TODAY))
    assert body == (
        f"P {links['pay']} / R {links['promise']} / D {links['dispute']} / "
        f"C {links['contact_me']}\n"
    )


def test_policy_refuses_a_plain_http_base_url(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="https"):
        Policy.model_validate({"links_base_url": "http://pay.example.com"})
    (tmp_path / "policy.toml").write_text('links_base_url = "http://pay.example.com"\n')
    with pytest.raises(PolicyError, match="links_base_url"):
        load_policy(tmp_path / "policy.toml")
    assert Policy.model_validate({"links_base_url": BASE}).links_valid_days == 30


@pytest.mark.parametrize("locale", ["fr_FR", "en_GB"])
def test_each_signed_link_ends_its_line_so_no_punctuation_sticks_to_it(locale: str) -> None:
    b = Book().customer("C1", segment="good_payer", locale=locale)
    b.invoice("F1", due=d(-10), payment_link="https://erp.example/pay/F1")
    portfolio = b.build()
    action = the_action(portfolio)
    policy = POLICY.model_copy(update={"links_base_url": BASE})
    body = render(action, portfolio, policy, signer=SIGNER).body
    lines = [line for line in body.splitlines() if "token=" in line]
    assert len(lines) == 3
    for line in lines:
        assert line.split(" ")[-1].startswith(BASE + "?token=")
        verify(token_of(line.split(" ")[-1]), SIGNER, today=TODAY)
    assert "https://erp.example/pay/F1" not in body  # the signed pay link replaces it
