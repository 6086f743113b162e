"""``dunningkit render BOOK --today D --action KEY``: preview one planned message."""

from __future__ import annotations

import argparse
from typing import Any

from dunningkit.cli._context import UsageError, load_book, output, policy_of
from dunningkit.cli._keys import load_key_file
from dunningkit.cli._options import add_book, add_book_options, add_command, add_today
from dunningkit.errors import DunningkitError
from dunningkit.messages._render import render
from dunningkit.planning._plan import Plan
from dunningkit.planning._results import Action
from dunningkit.planning._run import next_actions

__all__ = ["cmd_render", "find_action", "register"]


def _by_key(plan: Plan, key: str) -> Action:
    for action in plan.actions:
        if action.key == key:
            return action
    sample = ", ".join(a.key for a in plan.actions[:3]) or "none today"
    raise DunningkitError(
        f"no action with key {key!r} in the plan for {plan.today} "
        f"(run `dunningkit plan` for the keys; e.g. {sample})"
    )


def find_action(
    plan: Plan, *, key: str | None, customer_id: str | None, step_id: str | None
) -> Action:
    """The action a person asked for, by key or by customer and step; one clear error."""
    if key:
        return _by_key(plan, key)
    mine = [a for a in plan.actions if a.customer_id == customer_id]
    if not mine:
        raise DunningkitError(
            f"no action for customer {customer_id!r} in the plan for {plan.today} "
            f"(`dunningkit explain BOOK {customer_id} --today {plan.today}` says why)"
        )
    chosen = [a for a in mine if step_id is None or a.step_id == step_id]
    if not chosen:
        steps = ", ".join(sorted({a.step_id for a in mine}))
        raise DunningkitError(
            f"customer {customer_id!r} has no {step_id!r} action on {plan.today}; "
            f"planned steps: {steps}"
        )
    if len(chosen) > 1:
        keys = ", ".join(f"{a.key} ({a.step_id}, {a.currency})" for a in chosen)
        raise DunningkitError(
            f"customer {customer_id!r} has {len(chosen)} actions on {plan.today}; "
            f"choose one with --action: {keys}"
        )
    return chosen[0]


def _check(args: argparse.Namespace) -> None:
    if args.action and (args.customer or args.step):
        raise UsageError("render takes --action KEY or --customer ID --step STEP, not both")
    if args.step and not args.customer:
        raise UsageError("--step needs --customer ID")
    if not args.action and not args.customer:
        raise UsageError("render needs --action KEY, or --customer ID (with --step STEP)")


def cmd_render(args: argparse.Namespace) -> int:
    """Print the message of one planned action, with its channel, recipient and locale."""
    _check(args)
    portfolio = load_book(args)
    policy = policy_of(args)
    plan = next_actions(portfolio, args.today, policy)
    action = find_action(plan, key=args.action, customer_id=args.customer, step_id=args.step)
    signer = load_key_file(args.key_file) if args.key_file else None
    message = render(action, portfolio, policy, today=args.today, signer=signer)
    with output(args) as out:
        out.write(
            f"channel: {message.channel}   to: {message.to or '-'}   locale: {message.locale}\n"
            f"action: {action.key}   customer: {action.customer_id}   step: {action.step_id}\n"
        )
        if message.subject:
            out.write(f"subject: {message.subject}\n")
        out.write(f"\n{message.body}")
    return 0


def register(sub: Any) -> None:
    """Add ``render`` to the command line."""
    p = add_command(sub, "render", cmd_render, "preview the message of one planned action")
    add_book(p)
    add_today(p, "planning date, YYYY-MM-DD")
    p.add_argument("--action", metavar="KEY", help="the action's key (from `plan`)")
    p.add_argument("--customer", metavar="ID", help="or: the customer's planned action")
    p.add_argument("--step", metavar="STEP", help="with --customer: the step's id")
    p.add_argument("--key-file", metavar="F", help="link keys, when the policy sets links_base_url")
    add_book_options(p, ("text",), locale=False)
