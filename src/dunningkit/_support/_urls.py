"""Where signed links may point: the one check of a base URL, read by the policy and the links."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from dunningkit.errors import LinkError

__all__ = ["check_base_url"]

_URL_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


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
