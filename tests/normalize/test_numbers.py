from decimal import Decimal

import pytest

from extractor.normalize.numbers import parse_digits

DIGITS_CASES = [
    ("10.000", "10000"),
    ("1.500", "1500"),
    ("1,500", "1500"),
    ("1.500,5", "1500.5"),
    ("1,500.5", "1500.5"),
    ("1,5", "1.5"),
    ("1.5", "1.5"),
    ("23,28", "23.28"),
    ("0,50", "0.50"),
    ("5.000.000", "5000000"),
    ("1,300,000", "1300000"),
    ("1.234.567,89", "1234567.89"),
    ("99,99", "99.99"),
    ("2025", "2025"),
    ("2.7", "2.7"),
]
NOT_NUMBERS = ["12.", "1.2.3,4,5", "abc", "1..2", "1" * 50, "1.234,567.8"]


@pytest.mark.parametrize(("text", "expected"), DIGITS_CASES, ids=[c[0] for c in DIGITS_CASES])
def test_parse_digits_reads_spanish_and_latin_american_separators(text: str, expected: str) -> None:
    assert parse_digits(text) == Decimal(expected)


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_parse_digits_rejects_what_is_not_a_number(text: str) -> None:
    assert parse_digits(text) is None
