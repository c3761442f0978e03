"""Printed documents: receipts, Z reports and the counter's day, drawn with reportlab.

This package takes plain data (the dataclasses of ``model``) and returns PDF bytes. It knows
no Qt and no SQL: ``caisse.services.receipts`` gathers the data from the store and logs the
prints. Every visible string goes through ``caisse.i18n._``; money and dates are formatted
with Babel in the current language.
"""
