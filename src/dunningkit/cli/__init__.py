"""The dunningkit command."""

from dunningkit.cli._main import (
    build_parser,
    main,
)

__all__ = [
    "build_parser",
    "main",
]
