"""Money as the document's language writes it: CLDR's pattern (Babel), with CLDR's space between a currency
in letters and the number, and the catalog's currency words where a language writes them after the number."""

from __future__ import annotations

import pytest

from cvgen.document.catalog import Catalog
from cvgen.document.money import currency_problem, money


@pytest.mark.parametrize(("language", "currency", "amount", "expected"), [
    ("en", "EUR", 2000000, "€2,000,000"),
    ("de", "EUR", 2000000, "2.000.000\u00a0€"),
    ("en", "CHF", 450000, "CHF\u00a0450,000"),  # not "CHF450,000"
    ("ja", "JPY", 3200000, "3,200,000円"),  # not "￥3,200,000"
    ("zh", "CNY", 3200000, "3,200,000元"),
    ("ko", "KRW", 3200000, "3,200,000원"),
    ("en", "JPY", 3200000, "¥3,200,000"),  # an English CV keeps the symbol
    ("hi", "INR", 9500000, "₹95,00,000"),  # Indian grouping, by CLDR
    ("ja", "USD", 5000.5, "$5,000.50"),
])
def test_money_follows_the_language(language, currency, amount, expected):
    assert money(amount, currency, language, Catalog(language).currency(currency)) == expected


def test_a_code_that_is_not_iso_gets_the_one_it_means():
    assert currency_problem("RMB") == "'RMB' is not an ISO 4217 currency code; did you mean 'CNY'?"
    assert currency_problem("NTD") == "'NTD' is not an ISO 4217 currency code; did you mean 'TWD'?"
    assert currency_problem("CNY") is None and currency_problem("INR") is None
