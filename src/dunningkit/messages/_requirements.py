"""What a message needs before it may reach a customer, and the error when it lacks it.

No placeholder ever goes out: rendering a message whose creditor has no name, a
letter without the creditor's address, a written reminder with no way to pay (no
IBAN, no payment link), or a phone script without a number to call raises a
:class:`~dunningkit.errors.PolicyError` naming everything missing at once.
``validate`` and ``plan`` warn about the policy's gaps beforehand
(:func:`creditor_gaps`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dunningkit.errors import PolicyError
from dunningkit.model._channel import Channel, channel_spec
from dunningkit.model._customer import Contact
from dunningkit.policy._templates import Creditor

if TYPE_CHECKING:
    from dunningkit.planning._results import Action

__all__ = ["Needs", "creditor_gaps", "creditor_warning", "require_all", "require_details"]

_NAME = "the creditor's name (policy.creditor.name)"
_ADDRESS = "the creditor's postal address for letters (policy.creditor.address)"
_PAYMENT = "payment details for written reminders (policy.creditor.iban)"
_LETTERS = frozenset({Channel.LETTER, Channel.REGISTERED_LETTER})


def creditor_gaps(creditor: Creditor) -> list[str]:
    """What the creditor lacks for the shipped scenarios' messages (empty: nothing).

    Written reminders without an IBAN can still go out when each invoice carries a
    payment link; the warning says the IBAN is missing all the same.
    """
    gaps = [] if creditor.name else [_NAME]
    if not creditor.address:
        gaps.append(_ADDRESS)
    if not creditor.iban:
        gaps.append(_PAYMENT)
    return gaps


@dataclass(frozen=True, slots=True)
class Needs:
    """One message, as far as its requirements go.

    Attributes:
        what: the message, for the error ("reminder_firm (letter) for CLI-036").
        channel: the channel it goes on.
        contact: who receives it (a phone script needs their number).
        asks_payment: whether it asks for a payment (a thank-you does not).
        has_link: whether it carries a payment link (then no IBAN is needed).
    """

    what: str
    channel: Channel
    contact: Contact | None
    asks_payment: bool = True
    has_link: bool = False


def require_details(creditor: Creditor, needs: Needs) -> None:
    """Raise :class:`PolicyError` when the message lacks anything a customer must read."""
    kind = channel_spec(needs.channel).template_kind
    gaps = [] if creditor.name else [_NAME]
    if needs.channel in _LETTERS and not creditor.address:
        gaps.append(_ADDRESS)
    paying = needs.asks_payment and kind == "written" and not needs.has_link
    if paying and not creditor.iban:
        gaps.append(_PAYMENT)
    if kind == "script" and not (needs.contact and needs.contact.phone):
        gaps.append("a phone number to call (the contact's phone)")
    if gaps:
        problems = [f"{needs.what}: missing {gap}" for gap in gaps]
        raise PolicyError(problems[0], key="creditor", problems=problems)


def require_all(
    render_one: Callable[[Action], object], actions: Iterable[Action]
) -> dict[str, object]:
    """Render every action first: one :class:`PolicyError` naming every gap, or the
    messages rendered, by action key.

    ``dispatch`` calls it before it sends anything, so a policy without a creditor
    stops the whole run instead of sending some messages and failing others. Any other
    error of one action's renderer is that action's alone: it is left out here, and
    fails as that action's event when it is sent.
    """
    problems: list[str] = []
    rendered: dict[str, object] = {}
    for action in actions:
        try:
            rendered[action.key] = render_one(action)
        except PolicyError as error:
            problems.extend(p for p in error.problems if p not in problems)
        except Exception:  # noqa: BLE001, S112 - one action's renderer; its send reports it
            continue
    if problems:
        raise PolicyError(problems[0], key="creditor", problems=problems)
    return rendered


def creditor_warning(creditor: Creditor) -> str:
    """One line for ``validate`` and ``plan`` when the creditor lacks what messages need."""
    gaps = creditor_gaps(creditor)
    if not gaps:
        return ""
    return "warning: reminders cannot be rendered or sent until the policy sets " + "; ".join(gaps)
