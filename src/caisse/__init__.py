"""Caisse: offline-first till, ledger and registry for local-currency associations."""

__version__ = "0.1.0"
