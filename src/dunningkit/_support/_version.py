"""The library's version, read by the root namespace and the command line."""

__version__ = "0.1.0.dev0"
