"""Self-service links: signed pay, promise and dispute links, and the customer's answer.

A reminder carries links to a page the host serves. Each link holds a token that
says, signed, *which* customer may do *what* about *which* invoices until *when*.
The host verifies the token (:func:`verify`), shows the invoices, takes the
customer's answer and turns it into records (:func:`apply_answer`): a promise
becomes a :class:`~dunningkit.PaymentPromise`, a dispute a ``disputed`` status, a
"payment sent" the ``payment_sent`` status. The planner then obeys them.

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
dependency to every host for about forty lines of code.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, Literal, NoReturn
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    AliasChoices,
    BaseModel,
    BeforeValidator,
    Field,
    TypeAdapter,
    ValidationError,
)

from dunningkit._invoice import Invoice, InvoiceStatus, StatusChange
from dunningkit._payment import PaymentPromise
from dunningkit._portfolio import problems_from_validation_error
from dunningkit._types import MODEL_CONFIG, Money, RecordId, currency_places, currency_unit
from dunningkit.errors import InvalidAnswerError, InvalidLink, LinkError, Problem, TemplateError

if TYPE_CHECKING:
    from dunningkit._plan import Action
    from dunningkit._policy import Policy
    from dunningkit._portfolio import Portfolio

__all__ = [
    "MIN_KEY_BYTES",
    "DisputeAnswer",
    "LinkAnswer",
    "LinkClaim",
    "LinkFailure",
    "LinkPurpose",
    "LinkSigner",
    "PaymentSentAnswer",
    "PromiseAnswer",
    "answer_id",
    "apply_answer",
    "check_base_url",
    "links_for",
    "message_links",
    "verify",
]

MIN_KEY_BYTES = 16
"""Shortest key accepted (128 bits). Use 32 random bytes: ``secrets.token_bytes(32)``."""

# The MAC input starts with this label: a MAC made with the same key for another
# purpose (another product, a later token format) never verifies as a link.
_DOMAIN = b"dunningkit/link/v1\x00"
_ID_DOMAIN = b"dunningkit/answer/v1\x00"
_KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")
_B64 = re.compile(r"[A-Za-z0-9_-]+")
_MAC_BYTES = 32
# Longer tokens are refused before any work: a link is not a place for a payload.
_MAX_TOKEN_CHARS = 8192
_MAX_ID_CHARS = 200
_MAX_REASON_CHARS = 2000
_MAX_NOTE_CHARS = 200
# RFC 3986 characters only: no space, quote or angle bracket that could end the URL
# early in an HTML or plain-text message.
_URL_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


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


def check_base_url(base_url: str) -> str:
    """``base_url`` if links may point there: https (http only on this machine).

    No user name or password, no fragment and no ``token`` parameter of its own.

    Raises:
        LinkError: naming what is wrong with the URL.
    """
    if not isinstance(base_url, str) or not _URL_CHARS.fullmatch(base_url):
        raise LinkError(
            "base URL must be printable ASCII without spaces, quotes or angle brackets "
            "(percent-encode them; encode the host with IDNA)"
        )
    try:
        parts = urlsplit(base_url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError as error:
        raise LinkError(f"base URL {base_url!r} cannot be read: {error}") from None
    if parts.scheme == "http" and host in _LOCAL_HOSTS:
        pass  # a developer's own machine
    elif parts.scheme != "https":
        raise LinkError(f"base URL {base_url!r} must use https (links carry a bearer token)")
    if not host:
        raise LinkError(f"base URL {base_url!r} has no host")
    if parts.username is not None or parts.password is not None:
        raise LinkError(f"base URL {base_url!r} must not carry a user name or password")
    if parts.fragment or base_url.endswith("#"):
        raise LinkError(f"base URL {base_url!r} must not have a fragment (#...)")
    names = {pair.split("=", 1)[0] for pair in parts.query.split("&") if pair}
    if "token" in names:
        raise LinkError(f"base URL {base_url!r} already has a token parameter")
    return base_url


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
    policy: Policy,
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
    if policy.links_base_url is None:
        return {}
    if signer is None:
        raise TemplateError(
            "policy.links_base_url is set: pass signer= (or links=) to render, so the "
            "message carries its signed links"
        )
    expires_on = day + timedelta(days=policy.links_valid_days)
    return links_for(action, signer, base_url=policy.links_base_url, expires_on=expires_on)


# -- the customer's answer -----------------------------------------------------------


def _customer_text(limit: int) -> Any:
    def check(value: str) -> str:
        text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
        if not text:
            raise ValueError("must not be blank")
        if len(text) > limit:
            raise ValueError(f"is {len(text)} characters long; at most {limit}")
        for char in text:
            if char in "\n\t":
                continue
            # Control, format (bidi overrides, zero-width), surrogate, private and
            # unassigned characters hide or reorder what a person reads.
            if unicodedata.category(char) in {"Cc", "Cf", "Cs", "Co", "Cn"}:
                raise ValueError(f"contains an invisible or control character (U+{ord(char):04X})")
        return text

    return AfterValidator(check)


def _iso_day(value: Any) -> Any:
    # Form data gives text: accept YYYY-MM-DD only, never a number read as a timestamp.
    if isinstance(value, datetime):
        raise ValueError("must be a date, not a date and time")  # noqa: TRY004 - pydantic wants ValueError
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return value.strip()
    raise ValueError("must be a date written YYYY-MM-DD")


_Day = Annotated[date, BeforeValidator(_iso_day)]
_Ids = tuple[RecordId, ...]


class PromiseAnswer(BaseModel):
    """The customer promises to pay by ``pay_by`` (``date`` in form data).

    Attributes:
        amount: the sum promised, in the invoices' currency; ``None``: all of it.
        invoice_ids: the invoices promised, among the link's; empty: all of them.
    """

    model_config = MODEL_CONFIG

    kind: Literal["promise"] = "promise"
    pay_by: _Day = Field(validation_alias=AliasChoices("pay_by", "date"))
    amount: Money | None = None
    invoice_ids: _Ids = ()


class DisputeAnswer(BaseModel):
    """The customer disputes the invoices; ``reason`` (``text`` in form data) says why."""

    model_config = MODEL_CONFIG

    kind: Literal["dispute"] = "dispute"
    reason: Annotated[str, _customer_text(_MAX_REASON_CHARS)] = Field(
        validation_alias=AliasChoices("reason", "text")
    )
    invoice_ids: _Ids = ()


class PaymentSentAnswer(BaseModel):
    """The customer says the payment is on its way; ``note`` (e.g. a transfer reference)."""

    model_config = MODEL_CONFIG

    kind: Literal["payment_sent"] = "payment_sent"
    note: Annotated[str, _customer_text(_MAX_NOTE_CHARS)] | None = Field(
        default=None, validation_alias=AliasChoices("note", "reference")
    )
    invoice_ids: _Ids = ()


LinkAnswer = Annotated[
    PromiseAnswer | DisputeAnswer | PaymentSentAnswer, Field(discriminator="kind")
]
"""Any answer :func:`apply_answer` records."""

_ANSWERS: TypeAdapter[PromiseAnswer | DisputeAnswer | PaymentSentAnswer] = TypeAdapter(LinkAnswer)

# The one kind of answer each link may carry: a token speaks for one purpose.
_KIND_FOR: dict[LinkPurpose, str] = {
    LinkPurpose.PAY: "payment_sent",
    LinkPurpose.PROMISE: "promise",
    LinkPurpose.DISPUTE: "dispute",
}

# Statuses an answer may move an invoice from. Anything else (paid, cancelled,
# refused, rejected, suspended) was set by the creditor or the buyer's platform and
# stays until a person changes it.
_ANSWERABLE: dict[str, frozenset[InvoiceStatus]] = {
    "dispute": frozenset(
        {
            InvoiceStatus.ISSUED,
            InvoiceStatus.RECEIVED,
            InvoiceStatus.ACCEPTED,
            InvoiceStatus.PARTIALLY_ACCEPTED,
            InvoiceStatus.PAYMENT_SENT,
            InvoiceStatus.DISPUTED,
        }
    ),
    "payment_sent": frozenset(
        {
            InvoiceStatus.ISSUED,
            InvoiceStatus.RECEIVED,
            InvoiceStatus.ACCEPTED,
            InvoiceStatus.PARTIALLY_ACCEPTED,
            InvoiceStatus.PAYMENT_SENT,
        }
    ),
    "promise": frozenset(InvoiceStatus) - {InvoiceStatus.PAID, InvoiceStatus.CANCELLED},
}


def answer_id(claim: LinkClaim) -> str:
    """The id of the record an answer to this claim makes: the same for every retry.

    It is a digest of the claim, which is what the token signs, so answering the
    same link twice names the same record and changes nothing the second time.
    """
    return "link-" + hashlib.sha256(_ID_DOMAIN + claim.payload()).hexdigest()[:24]


class _Answer:
    """Collects the problems of one answer, then raises them together."""

    def __init__(self, record_id: str) -> None:
        self.record_id = record_id
        self.problems: list[Problem] = []

    def problem(self, field: str, message: str) -> None:
        self.problems.append(Problem("answer", self.record_id, field, message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise InvalidAnswerError(self.problems)


def apply_answer(
    portfolio: Portfolio,
    claim: LinkClaim,
    answer: PromiseAnswer | DisputeAnswer | PaymentSentAnswer | Mapping[str, Any],
    *,
    today: date,
    max_promise_days: int = 90,
) -> Portfolio:
    """The portfolio with the customer's answer to a verified link recorded.

    - a :class:`PromiseAnswer` (pay-by date, optional amount) becomes a
      :class:`~dunningkit.PaymentPromise`;
    - a :class:`DisputeAnswer` (reason) moves the invoices to ``disputed``; the
      newest entry of their ``status_history`` holds the reason as its ``note``;
    - a :class:`PaymentSentAnswer` moves them to ``payment_sent``.

    ``answer`` may also be plain form data (a mapping); its ``kind`` defaults to
    the one the link's purpose allows. Every record gets the id
    :func:`answer_id` gives, so applying the same answer again returns the
    portfolio unchanged; a *different* answer to the same link is refused (ask
    for a new link, or a person). The result is checked like any portfolio.

    Args:
        claim: what :func:`verify` returned for the link's token.
        today: the day the answer is recorded (``made_on``, ``status_date``).
        max_promise_days: the latest pay-by date a customer may promise, in days
            from today; a promise further out needs a person.

    Raises:
        InvalidLink: the claim expired before ``today``.
        InvalidAnswerError: every problem with the answer (a pay-by date in the
            past, an amount above what is open, an invoice not in the link, an
            answer the link's purpose does not allow...).
    """
    if today > claim.expires_on:
        raise InvalidLink(LinkFailure.EXPIRED)
    record_id = answer_id(claim)
    check = _Answer(record_id)
    expected = _KIND_FOR.get(claim.purpose)
    if expected is None:
        check.problem(
            "kind", f"a {claim.purpose} link records nothing; forward the request to a person"
        )
        check.raise_if_any()
    parsed = _parse(answer, expected, check)
    if parsed.kind != expected:
        check.problem(
            "kind", f"a {claim.purpose} link takes a {expected} answer, not {parsed.kind}"
        )
        check.raise_if_any()
    if _already_answered(portfolio, claim, parsed, check):
        return portfolio  # the same answer again: nothing changes
    # Problems with the invoices and with the answer's values are reported together.
    targets = _targets(portfolio, claim, parsed, today, check)
    if isinstance(parsed, PromiseAnswer):
        return _promise(portfolio, claim, parsed, targets, today, max_promise_days, check)
    if isinstance(parsed, DisputeAnswer):
        return _status(portfolio, targets, InvoiceStatus.DISPUTED, parsed.reason, today, check)
    return _status(portfolio, targets, InvoiceStatus.PAYMENT_SENT, parsed.note, today, check)


def _already_answered(
    portfolio: Portfolio,
    claim: LinkClaim,
    parsed: PromiseAnswer | DisputeAnswer | PaymentSentAnswer,
    check: _Answer,
) -> bool:
    """True when this very answer is already recorded; refuses a different one.

    Checked before anything else, so a retry changes nothing even when the
    invoices moved on since (paid, or the promised day passed).
    """
    ids = tuple(dict.fromkeys(parsed.invoice_ids or claim.invoice_ids))
    when: date | None = None
    if isinstance(parsed, PromiseAnswer):
        for existing in portfolio.promises:
            if existing.id == check.record_id:
                same = (existing.customer_id, existing.invoice_ids, existing.pay_by)
                if same == (claim.customer_id, ids, parsed.pay_by) and (
                    existing.amount == parsed.amount
                ):
                    return True
                when = existing.made_on
    else:
        status, note = (
            (InvoiceStatus.DISPUTED, parsed.reason)
            if isinstance(parsed, DisputeAnswer)
            else (InvoiceStatus.PAYMENT_SENT, parsed.note)
        )
        answered: dict[str, StatusChange] = {}
        for invoice_id in claim.invoice_ids:
            try:
                invoice = portfolio.invoice(invoice_id)
            except LookupError:
                continue
            for change in invoice.status_history:
                if change.reference == check.record_id:
                    answered[invoice_id] = change
        if not answered:
            return False
        if set(answered) == set(ids) and all(
            change.status is status and change.note == note for change in answered.values()
        ):
            return True
        when = min(change.date for change in answered.values())
    if when is None:
        return False
    check.problem(
        "",
        f"this link was already answered on {when}, differently; a changed answer needs "
        "a new link or a person",
    )
    check.raise_if_any()
    return False  # unreachable


def _parse(
    answer: object, expected: str | None, check: _Answer
) -> PromiseAnswer | DisputeAnswer | PaymentSentAnswer:
    if isinstance(answer, (PromiseAnswer, DisputeAnswer, PaymentSentAnswer)):
        return answer
    if not isinstance(answer, Mapping):
        check.problem("", f"an answer is a mapping or an answer model, not {type(answer).__name__}")
        check.raise_if_any()
    data = _form(dict(answer), expected)  # type: ignore[call-overload]
    if data["kind"] not in _ANSWERABLE:
        check.problem(
            "kind", f"{data['kind']!r} is not an answer (promise, dispute or payment_sent)"
        )
        check.raise_if_any()
    try:
        return _ANSWERS.validate_python(data)
    except ValidationError as error:
        problems = problems_from_validation_error(error, "answer", check.record_id)
        # The union's tag is noise in a field name: "promise.pay_by" -> "pay_by".
        for problem in problems:
            field = problem.field.split(".", 1)[1] if "." in problem.field else problem.field
            check.problem(field, problem.message)
        check.raise_if_any()
        raise  # unreachable: there was at least one problem


# What a form's answer may be called; the models' own names always work.
_KIND_WORDS = {
    "promise": "promise",
    "dispute": "dispute",
    "payment_sent": "payment_sent",
    "payment sent": "payment_sent",
    "payment-sent": "payment_sent",
    "sent": "payment_sent",
    "paid": "payment_sent",
    "pay": "payment_sent",
}


def _form(data: dict[str, Any], expected: str | None) -> dict[str, Any]:
    """Form fields in the models' shape: ``kind`` named or implied, nesting undone.

    ``{"answer": "paid"}`` and ``{"kind": "payment sent"}`` name the kind;
    ``{"promise": {"date": ...}}`` and ``{"dispute": "the reason"}`` nest the answer
    under it; without any, the link's purpose says which answer it is.
    """
    for name in ("answer", "type"):
        if "kind" not in data and isinstance(data.get(name), str):
            data["kind"] = data.pop(name)
    if "kind" not in data:
        nested = [key for key in ("promise", "dispute", "payment_sent") if key in data]
        if len(nested) == 1:
            wrapper = nested[0]
            inner = data.pop(wrapper)
            if isinstance(inner, Mapping):
                data.update(inner)
            elif wrapper == "dispute" and isinstance(inner, str):
                data["reason"] = inner
            elif wrapper == "payment_sent" and isinstance(inner, str):
                data["note"] = inner
            data["kind"] = wrapper
    kind: object = data.get("kind", expected)
    if isinstance(kind, str):
        kind = _KIND_WORDS.get(kind.strip().lower(), kind)
    data["kind"] = kind
    return data


def _targets(
    portfolio: Portfolio,
    claim: LinkClaim,
    parsed: PromiseAnswer | DisputeAnswer | PaymentSentAnswer,
    today: date,
    check: _Answer,
) -> list[Invoice]:
    """The link's invoices the answer is about, each checked against the portfolio."""
    ids = parsed.invoice_ids or claim.invoice_ids
    outside = [i for i in ids if i not in claim.invoice_ids]
    for invoice_id in dict.fromkeys(outside):
        check.problem("invoice_ids", f"invoice {invoice_id} is not among the link's invoices")
    if len(set(ids)) != len(ids):
        check.problem("invoice_ids", "names an invoice twice")
    try:
        portfolio.customer(claim.customer_id)
    except LookupError:
        check.problem("customer_id", f"customer {claim.customer_id} is not in the portfolio")
    found: list[Invoice] = []
    allowed = _ANSWERABLE[parsed.kind]
    for invoice_id in dict.fromkeys(i for i in ids if i in claim.invoice_ids):
        try:
            invoice = portfolio.invoice(invoice_id)
        except LookupError:
            check.problem("invoice_ids", f"invoice {invoice_id} is not in the portfolio")
            continue
        if invoice.customer_id != claim.customer_id:
            check.problem(
                "invoice_ids", f"invoice {invoice_id} is not an invoice of {claim.customer_id}"
            )
            continue
        if invoice.is_credit_note:
            check.problem("invoice_ids", f"{invoice_id} is a credit note")
            continue
        status, _ = invoice.status_on(today)
        if status not in allowed:
            check.problem(
                "invoice_ids",
                f"invoice {invoice_id} is {status}; an answer to a link cannot change that "
                "(a person must)",
            )
            continue
        if portfolio.open_amount(invoice_id, today) <= 0:
            check.problem("invoice_ids", f"nothing is left to pay on invoice {invoice_id}")
            continue
        found.append(invoice)
    return found


def _promise(
    portfolio: Portfolio,
    claim: LinkClaim,
    answer: PromiseAnswer,
    targets: list[Invoice],
    today: date,
    max_days: int,
    check: _Answer,
) -> Portfolio:
    if answer.pay_by < today:
        check.problem("pay_by", f"{answer.pay_by} is in the past (today is {today})")
    latest = today + timedelta(days=max_days)
    if answer.pay_by > latest:
        check.problem(
            "pay_by",
            f"{answer.pay_by} is more than {max_days} days away (at the latest {latest}); "
            "a longer delay needs a person",
        )
    currencies = sorted({invoice.currency for invoice in targets})
    currency: str | None = None
    if answer.amount is not None:
        if len(currencies) > 1:
            check.problem(
                "amount", f"the invoices are in {', '.join(currencies)}; promise one currency"
            )
        elif currencies:  # none when every invoice was refused above
            currency = currencies[0]
            if answer.amount.quantize(currency_unit(currency)) != answer.amount:
                check.problem(
                    "amount",
                    f"{answer.amount} has more decimals than {currency} allows "
                    f"({currency_places(currency)})",
                )
            open_total = sum(
                (portfolio.open_amount(invoice.id, today) for invoice in targets), Decimal(0)
            )
            if answer.amount > open_total:
                check.problem(
                    "amount", f"{answer.amount} {currency} is more than is open ({open_total})"
                )
    check.raise_if_any()
    ids = tuple(invoice.id for invoice in targets)
    try:
        promise = PaymentPromise(
            id=check.record_id,
            customer_id=claim.customer_id,
            invoice_ids=ids,
            made_on=today,
            pay_by=answer.pay_by,
            amount=answer.amount,
            currency=currency,
        )
    except ValidationError as error:
        raise InvalidAnswerError(
            problems_from_validation_error(error, "answer", check.record_id)
        ) from None
    return portfolio.model_copy(update={"promises": (*portfolio.promises, promise)})


def _status(
    portfolio: Portfolio,
    targets: list[Invoice],
    status: InvoiceStatus,
    note: str | None,
    today: date,
    check: _Answer,
) -> Portfolio:
    reference = check.record_id
    replaced: dict[str, Invoice] = {}
    for invoice in targets:
        since = invoice.status_date or invoice.issue_date
        if since > today:
            check.problem(
                "invoice_ids", f"invoice {invoice.id} has a status dated {since}, after today"
            )
            continue
        history = list(invoice.status_history)
        if invoice.status is not InvoiceStatus.ISSUED or invoice.status_date is not None:
            # The status being replaced stays known for replays as of earlier days.
            history.append(
                StatusChange(
                    date=since, status=invoice.status, accepted_amount=invoice.accepted_amount
                )
            )
        history.append(StatusChange(date=today, status=status, note=note, reference=reference))
        data = invoice.model_dump()
        data.update(status=status, status_date=today, status_history=history)
        try:
            replaced[invoice.id] = Invoice.model_validate(data)
        except ValidationError as error:
            check.problems.extend(
                Problem("answer", reference, f"invoice {invoice.id}: {p.field}", p.message)
                for p in problems_from_validation_error(error, "answer", reference)
            )
    check.raise_if_any()
    invoices = tuple(replaced.get(invoice.id, invoice) for invoice in portfolio.invoices)
    return portfolio.model_copy(update={"invoices": invoices})
