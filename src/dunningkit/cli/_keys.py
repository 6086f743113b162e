"""The link key file: the only secret the command line reads; nothing here prints a key."""

from __future__ import annotations

import base64
import binascii
import os
import re
import stat
import sys
from pathlib import Path

from dunningkit.errors import LinkError
from dunningkit.links._links import LinkSigner

__all__ = ["load_key_file", "warn_if_shared"]

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


def warn_if_shared(path: Path) -> None:
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
