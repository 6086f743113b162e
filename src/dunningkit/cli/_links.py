"""``dunningkit links``: the signed self-service links of one planned action.

Kept apart from :mod:`dunningkit.cli` so the command and its key file stay in one
place. The key file is the only secret the command line reads; nothing here ever
prints a key.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import json
import os
import re
import stat
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from dunningkit.errors import DunningkitError, LinkError
from dunningkit.io._loaders import load_portfolio
from dunningkit.links._links import LinkSigner, links_for
from dunningkit.planning._run import next_actions
from dunningkit.policy._policy import Policy, default_policy, load_policy

__all__ = ["add_links_command", "cmd_links", "load_key_file"]

_KEY_LINE = re.compile(r"\s*([A-Za-z0-9_-]{1,32})\s*=\s*([A-Za-z0-9_=-]+)\s*")
_SINGLE_KEY_ID = "default"


def _decode_key(text: str) -> bytes:
    padded = text.rstrip("=")
    raw = base64.urlsafe_b64decode(padded + "=" * (-len(padded) % 4))
    if base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii") != padded:
        raise ValueError(text)
    return raw


def load_key_file(path: str | Path) -> LinkSigner:
    """A signer from a key file; the file names its keys and the last one signs.

    Two forms:

    - lines ``KEY_ID=SECRET`` (``SECRET`` in base64url, as printed by
      ``secrets.token_urlsafe(32)``); ``#`` starts a comment. The last key listed
      is the current one, so rotation appends a line and later removes the oldest.
    - anything else is one key, the file's bytes (a final line break excluded),
      under the key id ``default``.

    Raises:
        LinkError: a file that cannot be read or a key that cannot be used; the
            message names the file, the line and the key id, never a key.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise LinkError(f"key file {path}: {error.strerror or error}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    lines = [
        (number, line.strip())
        for number, line in enumerate((text or "").splitlines(), start=1)
        if line.strip() and not line.strip().startswith("#")
    ]
    if text is not None and lines and all(_KEY_LINE.fullmatch(line) for _, line in lines):
        keys: dict[str, bytes] = {}
        current = ""
        for number, line in lines:
            match = _KEY_LINE.fullmatch(line)
            assert match is not None  # noqa: S101 - matched just above
            key_id, secret = match.groups()
            if key_id in keys:
                raise LinkError(f"key file {path}, line {number}: key id {key_id} is listed twice")
            try:
                keys[key_id] = _decode_key(secret)
            except (ValueError, binascii.Error):
                raise LinkError(
                    f"key file {path}, line {number}: the key of {key_id} is not base64url text"
                ) from None
            current = key_id
    else:
        secret = raw[:-2] if raw.endswith(b"\r\n") else raw.removesuffix(b"\n")
        keys, current = {_SINGLE_KEY_ID: secret}, _SINGLE_KEY_ID
    try:
        return LinkSigner(keys, current=current)
    except LinkError as error:
        raise LinkError(f"key file {path}: {error}") from None


def _warn_if_shared(path: Path) -> None:
    if os.name != "posix":
        return
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # reported when the file is read
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        sys.stderr.write(
            f"warning: key file {path} can be read by other users; restrict it (chmod 600)\n"
        )


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def cmd_links(args: argparse.Namespace) -> int:
    """Print the pay, promise, dispute and contact-me links of one planned action."""
    policy: Policy = load_policy(args.policy) if args.policy else default_policy()
    base_url = args.base_url or policy.links_base_url
    if not base_url:
        sys.stderr.write("error: give --base-url (or links_base_url in the policy)\n")
        return 2
    _warn_if_shared(Path(args.key_file))
    signer = load_key_file(args.key_file)
    today: date = args.today or date.today()  # noqa: DTZ011 - the edge of the library
    portfolio = load_portfolio(args.portfolio)
    plan = next_actions(portfolio, today, policy)
    try:
        action = plan.action(args.action_key)
    except KeyError:
        raise DunningkitError(
            f"no action with key {args.action_key!r} in the plan for {today} "
            "(run `dunningkit plan` with the same --today for the keys)"
        ) from None
    expires_on = args.expires_on or today + timedelta(days=policy.links_valid_days)
    links = links_for(action, signer, base_url=base_url, expires_on=expires_on)
    if args.format == "json":
        sys.stdout.write(json.dumps(links, indent=2) + "\n")
        return 0
    width = max(len(purpose) for purpose in links)
    sys.stdout.write(f"links for {action.key} ({action.customer_id}), valid to {expires_on}\n")
    for purpose, url in links.items():
        sys.stdout.write(f"{purpose.ljust(width)}  {url}\n")
    return 0


def add_links_command(
    command: Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser],
) -> None:
    """Register ``dunningkit links`` with the parser's ``command`` helper."""
    parser = command("links", cmd_links, "signed pay, promise and dispute links for one action")
    parser.add_argument("portfolio", help="a .json or .jsonl file, or a folder of CSV files")
    parser.add_argument("action_key", help="the action's key (from `dunningkit plan`)")
    parser.add_argument(
        "--base-url", metavar="URL", help="the host's link page, https (default: the policy's)"
    )
    parser.add_argument(
        "--key-file",
        required=True,
        metavar="F",
        help="signing keys: KEY_ID=BASE64URL lines, the last one signs (or one raw key)",
    )
    parser.add_argument("--today", type=_day, help="planning date, YYYY-MM-DD (default: today)")
    parser.add_argument("--policy", metavar="FILE", help="policy file (.toml or .json)")
    parser.add_argument(
        "--expires-on",
        type=_day,
        metavar="DATE",
        help="last day the links verify (default: today + the policy's links_valid_days)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
