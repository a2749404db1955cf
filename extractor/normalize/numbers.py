"""Spanish numbers written with digits or words, as `Decimal`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from extractor.normalize.lexicons import number_lexicon

# A group of exactly three digits after a separator marks thousands
# (ANNOTATION.md §2); anything else after a separator is a decimal part.
_DIGITS = re.compile(r"^\d{1,30}(?:[.,]\d{1,30}){0,8}$")
MAX_DIGITS_LEN = 40


def parse_digits(text: str) -> Decimal | None:
    """Read a number written with digits and Spanish or Latin American separators.

    >>> parse_digits("10.000"), parse_digits("1.500,5"), parse_digits("1,500")
    (Decimal('10000'), Decimal('1500.5'), Decimal('1500'))
    >>> parse_digits("1,5"), parse_digits("23,28"), parse_digits("1.234.567,89")
    (Decimal('1.5'), Decimal('23.28'), Decimal('1234567.89'))
    >>> parse_digits("1,500.25"), parse_digits("12.") is None
    (Decimal('1500.25'), True)
    """
    if len(text) > MAX_DIGITS_LEN or not _DIGITS.match(text):
        return None
    groups = re.split(r"([.,])", text)
    numbers, seps = groups[0::2], groups[1::2]
    if not seps:
        return Decimal(text)
    if len(set(seps)) == 2:
        # Both marks: the last one is the decimal mark, the others group thousands.
        decimal_sep = seps[-1]
        if decimal_sep in seps[:-1]:
            return None
        if any(len(g) != 3 for g in numbers[1:-1]):
            return None
        integer = "".join(numbers[:-1])
        return _decimal(f"{integer}.{numbers[-1]}")
    if len(seps) > 1:
        # "5.000.000" or "1,500,000": every group after the first has three digits.
        if all(len(g) == 3 for g in numbers[1:]) and len(numbers[0]) <= 3:
            return _decimal("".join(numbers))
        return None
    head, tail = numbers
    if len(tail) == 3 and len(head) <= 3 and head != "0":
        return _decimal(head + tail)
    return _decimal(f"{head}.{tail}")


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def word_value(word: str) -> Decimal | None:
    """The value of one Spanish number word ("quinientos" -> 500), else None."""
    return number_lexicon().words.get(word.lower())


def combine_quantity(parts: Sequence[tuple[str, Decimal]]) -> Decimal | None:
    """Fold number parts and multipliers into one value, Spanish-style.

    Each part is ("num", value), ("scale", multiplier) or ("half", 0.5) for a
    trailing "y medio". "mil" multiplies what precedes it and stays open, so
    "mil millones" is 10^9 and "dos mil trescientos millones" 2.3 × 10^9.

    >>> D = Decimal
    >>> combine_quantity([("num", D(1500)), ("scale", D(10**6))])
    Decimal('1500000000')
    >>> combine_quantity([("scale", D(1000)), ("scale", D(10**6))])
    Decimal('1000000000')
    >>> combine_quantity([("num", D(2)), ("scale", D(10**6)), ("half", D("0.5"))])
    Decimal('2500000.0')
    """
    total = Decimal(0)
    current: Decimal | None = None
    last_scale = Decimal(1)
    for kind, value in parts:
        if kind == "num":
            current = value if current is None else current + value
        elif kind == "half":
            total += value * last_scale
        elif value == 1000:
            current = (current if current is not None else Decimal(1)) * value
        else:
            total += (current if current is not None else Decimal(1)) * value
            current = None
            last_scale = value
    result = total + (current if current is not None else Decimal(0))
    return result if result > 0 else None
