"""Amounts of money as the document's language writes them, by CLDR (Babel): "€2,000,000", "2.000.000 €".

Babel is imported only when a profile has an amount to print.
"""

from __future__ import annotations

from .dates import plain_spaces


def money(amount: float, currency: str | None, language: str) -> str:
    """The amount with thousands separators, and its currency where given; no decimals for whole amounts."""
    from babel import Locale
    from babel.numbers import format_currency, format_decimal

    whole = float(amount).is_integer()
    if not currency:
        return plain_spaces(format_decimal(int(amount) if whole else amount, locale=language.replace("-", "_")))
    locale = language.replace("-", "_")
    pattern = Locale.parse(locale).currency_formats["standard"].pattern
    if whole:
        pattern = pattern.replace(".00", "")
    return plain_spaces(format_currency(amount, currency, format=pattern, locale=locale, currency_digits=not whole))
