"""``dunningkit links BOOK KEY``: the signed self-service links of one planned action.

The key file is read by :mod:`dunningkit.cli._keys`; nothing here ever prints a key.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from dunningkit.cli._context import load_book, output, policy_of
from dunningkit.cli._keys import load_key_file, warn_if_shared
from dunningkit.cli._options import (
    add_book,
    add_book_options,
    add_command,
    add_today,
    day_arg,
)
from dunningkit.errors import DunningkitError
from dunningkit.links._links import links_for
from dunningkit.planning._run import next_actions

__all__ = ["cmd_links", "register"]


def cmd_links(args: argparse.Namespace) -> int:
    """Print the pay, promise, dispute and contact-me links of one planned action."""
    policy = policy_of(args)
    base_url = args.base_url or policy.links_base_url
    if not base_url:
        sys.stderr.write("error: give --base-url (or links_base_url in the policy)\n")
        return 2
    warn_if_shared(Path(args.key_file))
    signer = load_key_file(args.key_file)
    today: date = args.today or date.today()  # noqa: DTZ011 - the edge of the library
    plan = next_actions(load_book(args), today, policy)
    try:
        action = plan.action(args.action_key)
    except KeyError:
        raise DunningkitError(
            f"no action with key {args.action_key!r} in the plan for {today} "
            "(run `dunningkit plan` with the same --today for the keys)"
        ) from None
    expires_on = args.expires_on or today + timedelta(days=policy.links_valid_days)
    links = links_for(action, signer, base_url=base_url, expires_on=expires_on)
    with output(args) as out:
        if args.format == "json":
            out.write(json.dumps(links, indent=2) + "\n")
            return 0
        width = max(len(purpose) for purpose in links)
        out.write(f"links for {action.key} ({action.customer_id}), valid to {expires_on}\n")
        out.writelines(f"{purpose.ljust(width)}  {url}\n" for purpose, url in links.items())
    return 0


def register(sub: Any) -> None:
    """Add ``links`` to the command line."""
    text = "signed pay, promise and dispute links for one action"
    p = add_command(sub, "links", cmd_links, text)
    add_book(p)
    p.add_argument("action_key", help="the action's key (from `dunningkit plan`)")
    p.add_argument(
        "--base-url", metavar="URL", help="the host's link page, https (default: the policy's)"
    )
    p.add_argument(
        "--key-file",
        required=True,
        metavar="F",
        help="signing keys: KEY_ID=BASE64URL lines, the last one signs (or one raw key)",
    )
    add_today(p, "planning date, YYYY-MM-DD (default: today)", required=False)
    p.add_argument(
        "--expires-on",
        type=day_arg,
        metavar="DATE",
        help="last day the links verify (default: today + the policy's links_valid_days)",
    )
    add_book_options(p, ("text", "json"), locale=False)
