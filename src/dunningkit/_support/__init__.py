"""Leaf helpers: plugins, value sharing, exact JSON, URLs, the door for optional extras."""

from dunningkit._support._version import __version__

__all__ = ["__version__"]
