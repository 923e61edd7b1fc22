"""Amounts of money as the document's language writes them, by CLDR (Babel): "€2,000,000", "2.000.000 €",
"CHF 450,000"; and where a language writes a currency as a word after the number (the catalog's
`currencies:`, e.g. Japanese "3,200,000円"), that.

Babel is imported only when a profile has an amount to print.
"""

from __future__ import annotations

import difflib
import re

from cvgen.document.dates import plain_spaces

# Codes people write that are not ISO 4217 ones, and the code they mean.
_NOT_ISO = {"RMB": "CNY", "NTD": "TWD", "YEN": "JPY", "SFR": "CHF", "UKP": "GBP", "STG": "GBP"}
# CLDR's currency spacing: a currency shown in letters (CHF, kr) and the number are kept apart by a no-break
# space, which Babel's patterns leave out ("CHF450,000").
_LETTERS_TOUCH_DIGITS = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")


def money(amount: float, currency: str | None, language: str, written: str | None = None) -> str:
    """The amount with thousands separators, and its currency where given; no decimals for whole amounts.
    `written`: how the document's language writes this currency, from its catalog ("{amount}円"), if it has one."""
    from babel import Locale
    from babel.numbers import format_currency, format_decimal

    whole = float(amount).is_integer()
    locale = language.replace("-", "_")
    if not currency or written:
        number = plain_spaces(format_decimal(int(amount) if whole else amount, locale=locale))
        return written.format(amount=number) if written and currency else number
    pattern = Locale.parse(locale).currency_formats["standard"].pattern
    if whole:
        pattern = pattern.replace(".00", "")
    formatted = format_currency(amount, currency, format=pattern, locale=locale, currency_digits=not whole)
    return plain_spaces(_LETTERS_TOUCH_DIGITS.sub("\u00a0", formatted))


def currency_problem(code: str) -> str | None:
    """What is wrong with `code` as a currency, or None: it must be an ISO 4217 code CLDR knows."""
    from babel.numbers import list_currencies

    known = list_currencies()
    if code in known:
        return None
    guess = _NOT_ISO.get(code) or next(iter(difflib.get_close_matches(code, sorted(known), n=1, cutoff=0.6)), None)
    hint = f"; did you mean {guess!r}?" if guess else "; expected an ISO 4217 code such as EUR, USD, CNY or JPY"
    return f"{code!r} is not an ISO 4217 currency code{hint}"
