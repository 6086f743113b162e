# This file is part of account_dunning_dunningkit (MIT, like dunningkit).
"""Tryton dunning planned by dunningkit.

Tryton 8.2 registers a module's classes from the ``[register]`` section of its
``tryton.cfg`` (the ``register()`` function of older releases is deprecated).
"""
