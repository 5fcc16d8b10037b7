"""Generators of the reference pages of the documentation site.

Every page under ``reference/`` and ``en/reference/`` is rendered at build time from the
standard (through :mod:`cnbudget.standard`, the one module that knows where ``schema/`` is)
and from the ``cnbudget`` command (its typer app, through click). Nothing here is copied by
hand, so the site cannot drift from the standard.
"""
