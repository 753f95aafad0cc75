"""Quoting for the SQL the loader assembles from the contract (never from a file or a user)."""

from __future__ import annotations


def ident(identifier: str) -> str:
    """Quote an identifier that comes from the contract (never from a file or a user)."""
    return '"' + identifier.replace('"', '""') + '"'


def literal(text: str) -> str:
    """A SQL string literal for a constant of the loader or the contract."""
    return "'" + text.replace("'", "''") + "'"
