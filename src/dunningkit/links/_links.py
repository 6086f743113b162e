"""Self-service links: signed pay, promise and dispute links, and the customer's answer.

A reminder carries links to a page the host serves. Each link holds a token that
says, signed, *which* customer may do *what* about *which* invoices until *when*.
The host verifies the token (:func:`verify`), shows the invoices, takes the
customer's answer and turns it into records (:func:`dunningkit.apply_answer`, in
``_answers.py``). The planner then obeys them.

A token is three URL-safe parts joined by dots::

    <key id> . <claim, canonical JSON, base64url> . <HMAC-SHA256, base64url>

The MAC covers the key id and the claim exactly as they appear in the token, behind
a fixed domain label (so a MAC made for anything else never verifies as a link).
Verification checks the shape, then the key, then the MAC in constant time, and
only then reads the claim and its expiry. Tokens are signed, not encrypted: whoever
holds a link can read the customer id, invoice numbers, action key and expiry in it
(never an amount or a name).

Only the standard library is used (``hmac``, ``hashlib``, ``base64``, ``json``):
one MAC over a canonical payload needs no more, and a signing library would add a
dependency to every host for a few dozen lines of code.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, NoReturn

from dunningkit._support._urls import check_base_url
from dunningkit.errors import InvalidLink, LinkError, TemplateError

if TYPE_CHECKING:
    from dunningkit.planning._results import Action

__all__ = [
    "MIN_KEY_BYTES",
    "LinkClaim",
    "LinkFailure",
    "LinkPurpose",
    "LinkSigner",
    "links_for",
    "message_links",
    "verify",
]

MIN_KEY_BYTES = 16
"""Shortest key accepted (128 bits). Use 32 random bytes: ``secrets.token_bytes(32)``."""

# The MAC input starts with this label: a MAC made with the same key for another
# purpose (another product, a later token format) never verifies as a link.
_DOMAIN = b"dunningkit/link/v1\x00"
_KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")
_B64 = re.compile(r"[A-Za-z0-9_-]+")
_MAC_BYTES = 32
# Longer tokens are refused before any work: a link is not a place for a payload.
_MAX_TOKEN_CHARS = 8192
_MAX_ID_CHARS = 200
# RFC 3986 characters only: no space, quote or angle bracket that could end the URL
# early in an HTML or plain-text message.


class LinkPurpose(StrEnum):
    """What a link lets the customer do."""

    PAY = "pay"
    """Pay online on the host's page, or say the payment is already sent."""
    PROMISE = "promise"
    """Promise to pay by a date (and an amount)."""
    DISPUTE = "dispute"
    """Dispute the invoices, with a reason."""
    CONTACT_ME = "contact_me"
    """Ask to be called back; the host forwards it to a person (no record)."""


class LinkFailure(StrEnum):
    """Why a token does not verify: :attr:`InvalidLink.reason <dunningkit.InvalidLink>`."""

    MALFORMED = "malformed"
    """Not a token this library makes (wrong shape, encoding or length)."""
    UNKNOWN_KEY = "unknown_key"
    """Signed with a key id the signer does not hold (removed, or never listed)."""
    TAMPERED = "tampered"
    """The signature does not match: changed, or made with another key."""
    EXPIRED = "expired"
    """Genuine, but used after its ``expires_on`` day."""


def _fail(reason: LinkFailure) -> NoReturn:
    raise InvalidLink(reason)


def _text_id(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > _MAX_ID_CHARS:
        raise LinkError(f"{what} must be non-blank text of at most {_MAX_ID_CHARS} characters")
    return value


def _as_purpose(value: object) -> LinkPurpose:
    try:
        return LinkPurpose(value)  # type: ignore[arg-type]  # checked here, at run time
    except ValueError:
        allowed = ", ".join(p.value for p in LinkPurpose)
        raise LinkError(f"purpose must be one of {allowed}, not {value!r}") from None


@dataclass(frozen=True, slots=True)
class LinkClaim:
    """What a token says: who may do what, about which invoices, until when.

    Attributes:
        purpose: what the link lets the customer do (``pay``, ``promise``,
            ``dispute``, ``contact_me``).
        customer_id: the only customer the link speaks for.
        invoice_ids: the invoices of the action the link was made for.
        action_key: the planned action whose message carried the link.
        expires_on: the last day the link verifies.
    """

    purpose: LinkPurpose
    customer_id: str
    invoice_ids: tuple[str, ...]
    action_key: str
    expires_on: date

    def __post_init__(self) -> None:
        # Frozen dataclass, still under construction: the one place fields are set.
        object.__setattr__(self, "purpose", _as_purpose(self.purpose))
        _text_id(self.customer_id, "customer_id")
        _text_id(self.action_key, "action_key")
        if isinstance(self.invoice_ids, str) or not isinstance(self.invoice_ids, Iterable):
            raise LinkError("invoice_ids must be a list of invoice ids")
        ids = tuple(self.invoice_ids)
        if not ids:
            raise LinkError("invoice_ids must name at least one invoice")
        for invoice_id in ids:
            _text_id(invoice_id, "each invoice id")
        if len(set(ids)) != len(ids):
            raise LinkError("invoice_ids names an invoice twice")
        object.__setattr__(self, "invoice_ids", ids)
        if isinstance(self.expires_on, datetime) or not isinstance(self.expires_on, date):
            raise LinkError("expires_on must be a date (not a datetime)")

    def payload(self) -> bytes:
        """The claim's canonical bytes: what the token carries and the MAC covers."""
        return json.dumps(
            {
                "a": self.action_key,
                "c": self.customer_id,
                "e": self.expires_on.isoformat(),
                "i": list(self.invoice_ids),
                "p": self.purpose.value,
            },
            ensure_ascii=True,
            separators=(",", ":"),
            sort_keys=True,
        ).encode("ascii")


def _claim_from_payload(raw: bytes) -> LinkClaim:
    """The claim a genuine payload holds; :class:`InvalidLink` (malformed) otherwise."""
    try:
        data = json.loads(raw.decode("ascii"))
        if not isinstance(data, dict) or set(data) != {"a", "c", "e", "i", "p"}:
            _fail(LinkFailure.MALFORMED)
        if not isinstance(data["i"], list) or not isinstance(data["e"], str):
            _fail(LinkFailure.MALFORMED)
        claim = LinkClaim(
            purpose=data["p"],
            customer_id=data["c"],
            invoice_ids=tuple(data["i"]),
            action_key=data["a"],
            expires_on=date.fromisoformat(data["e"]),
        )
    except (ValueError, TypeError, LinkError):  # JSON, dates and claim checks
        _fail(LinkFailure.MALFORMED)
    if claim.payload() != raw:  # one claim, one encoding
        _fail(LinkFailure.MALFORMED)
    return claim


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    """Strict base64url without padding: one text per byte string, nothing else."""
    if not _B64.fullmatch(text) or len(text) % 4 == 1:
        raise ValueError(text)
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    # The last character may carry unused bits; a text that differs only there
    # would decode to the same bytes. Refuse it, so any change to a token counts.
    if _b64encode(raw) != text:
        raise ValueError(text)
    return raw


class LinkSigner:
    """Signs link claims with the current key and verifies with any listed key.

    Rotation: add the new key, make it ``current``, keep the old one listed until
    every link it signed has expired, then remove it (its links then fail with
    ``unknown_key``). Keys never appear in a token, an error or a ``repr``, and a
    signer refuses to be pickled so it cannot leak into a cache or a task queue.

    Args:
        keys: key id -> secret key. Key ids are 1 to 32 characters among
            ``A-Z a-z 0-9 _ -`` (they travel in the token); keys are bytes, at
            least 16 long (32 random bytes recommended).
        current: the key id that signs.

    Raises:
        LinkError: a key id or key that cannot be used, or ``current`` not listed.
    """

    __slots__ = ("_current", "_keys")

    def __init__(self, keys: Mapping[str, bytes], *, current: str) -> None:
        checked: dict[str, bytes] = {}
        for key_id, secret in keys.items():
            if not isinstance(key_id, str) or not _KEY_ID.fullmatch(key_id):
                raise LinkError(
                    f"key id {key_id!r} must be 1 to 32 characters among A-Z a-z 0-9 _ -"
                )
            if not isinstance(secret, (bytes, bytearray)):
                raise LinkError(f"key {key_id}: must be bytes, not {type(secret).__name__}")
            if len(secret) < MIN_KEY_BYTES:
                raise LinkError(
                    f"key {key_id}: {len(secret)} bytes is too short; use at least "
                    f"{MIN_KEY_BYTES} (32 random bytes recommended: secrets.token_bytes(32))"
                )
            checked[key_id] = bytes(secret)
        if not checked:
            raise LinkError("a signer needs at least one key")
        if current not in checked:
            raise LinkError(
                f"current key id {current!r} is not among the keys ({', '.join(checked)})"
            )
        self._keys = checked
        self._current = current

    @property
    def current(self) -> str:
        """The key id that signs new tokens."""
        return self._current

    @property
    def key_ids(self) -> tuple[str, ...]:
        """Every key id that verifies, the current one included."""
        return tuple(self._keys)

    def sign(self, claim: LinkClaim) -> str:
        """The URL-safe token for ``claim``, signed with the current key."""
        if not isinstance(claim, LinkClaim):
            raise LinkError(f"sign takes a LinkClaim, not a {type(claim).__name__}")
        head = f"{self._current}.{_b64encode(claim.payload())}"
        mac = self._mac(self._current, head)
        assert mac is not None  # noqa: S101 - current is always listed
        return f"{head}.{_b64encode(mac)}"

    def _mac(self, key_id: str, head: str) -> bytes | None:
        key = self._keys.get(key_id)
        if key is None:
            return None
        return hmac.new(key, _DOMAIN + head.encode("ascii"), hashlib.sha256).digest()

    def __repr__(self) -> str:
        return f"LinkSigner(key_ids={list(self._keys)!r}, current={self._current!r})"

    def __reduce__(self) -> NoReturn:
        raise TypeError("a LinkSigner holds secret keys and cannot be pickled or copied")


def verify(token: str, signer: LinkSigner, *, today: date) -> LinkClaim:
    """The claim a token carries, if it is genuine and not expired on ``today``.

    Checks, in order: shape (``malformed``), key id (``unknown_key``), the MAC
    compared in constant time (``tampered``), then ``today <= expires_on``
    (``expired``). The claim is read only after the MAC matched.

    Raises:
        InvalidLink: with one of those reason codes and no other detail.
    """
    if isinstance(today, datetime) or not isinstance(today, date):
        raise TypeError("today must be a date")
    if not isinstance(token, str) or len(token) > _MAX_TOKEN_CHARS or not token.isascii():
        _fail(LinkFailure.MALFORMED)
    parts = token.split(".")
    if len(parts) != 3 or not _KEY_ID.fullmatch(parts[0]):
        _fail(LinkFailure.MALFORMED)
    key_id, body, mac_text = parts
    try:
        payload = _b64decode(body)
        mac = _b64decode(mac_text)
    except ValueError:
        _fail(LinkFailure.MALFORMED)
    if len(mac) != _MAC_BYTES:
        _fail(LinkFailure.MALFORMED)
    expected = signer._mac(key_id, f"{key_id}.{body}")  # noqa: SLF001 - same module
    if expected is None:
        _fail(LinkFailure.UNKNOWN_KEY)
    if not hmac.compare_digest(expected, mac):
        _fail(LinkFailure.TAMPERED)
    claim = _claim_from_payload(payload)
    if today > claim.expires_on:
        _fail(LinkFailure.EXPIRED)
    return claim


def _with_token(base_url: str, token: str) -> str:
    # The token's characters (A-Z a-z 0-9 _ - .) need no escaping in a query.
    if "?" not in base_url:
        return f"{base_url}?token={token}"
    joiner = "" if base_url.endswith(("?", "&")) else "&"
    return f"{base_url}{joiner}token={token}"


def links_for(
    action: Action,
    signer: LinkSigner,
    *,
    base_url: str,
    expires_on: date,
    purposes: Iterable[LinkPurpose | str] = tuple(LinkPurpose),
) -> dict[str, str]:
    """A signed link per purpose for one action: purpose -> URL.

    Each URL is ``base_url`` with the token in a ``token`` query parameter; the
    token binds the purpose, the action's customer and invoices, its key and
    ``expires_on``. The same inputs give the same links (no randomness), so a
    re-rendered message carries the same links.

    Raises:
        LinkError: a base URL that cannot carry a token, or ``expires_on`` before
            the day the action is scheduled for.
    """
    base = check_base_url(base_url)
    if isinstance(expires_on, date) and expires_on < action.scheduled_for:
        raise LinkError(
            f"expires_on {expires_on} is before the action is scheduled ({action.scheduled_for})"
        )
    links: dict[str, str] = {}
    for purpose in purposes:
        claim = LinkClaim(
            _as_purpose(purpose), action.customer_id, action.invoice_ids, action.key, expires_on
        )
        links[claim.purpose.value] = _with_token(base, signer.sign(claim))
    return links


def message_links(
    action: Action,
    base_url: str | None,
    valid_days: int,
    *,
    day: date,
    signer: LinkSigner | None,
    links: Mapping[str, str] | None,
) -> dict[str, str]:
    """The links a message carries: given, signed from the policy's base URL, or none.

    Raises:
        TemplateError: the policy sets ``links_base_url`` but neither a signer nor
            links were given (a message would silently go out without them).
    """
    if links is not None:
        return {str(purpose): str(url) for purpose, url in links.items()}
    if base_url is None:
        return {}
    if signer is None:
        raise TemplateError(
            "policy.links_base_url is set: pass signer= (or links=) to render, so the "
            "message carries its signed links"
        )
    expires_on = day + timedelta(days=valid_days)
    return links_for(action, signer, base_url=base_url, expires_on=expires_on)
