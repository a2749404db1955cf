"""Spanish numbers written with digits or words, as `Decimal`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from extractor.normalize.lexicons import number_lexicon, scale_lexicon

# A group of exactly three digits after a separator marks thousands
# (ANNOTATION.md §2); anything else after a separator is a decimal part.
_DIGITS = re.compile(r"^\d{1,30}(?:[.,]\d{1,30}){0,8}$")
_SCIENTIFIC = re.compile(r"^(\d{1,6}(?:[.,]\d{1,6})?)[eE](\d{1,2})$")  # "1e10", "2,5E3"
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


def parse_percent_digits(text: str) -> Decimal | None:
    """Read the number of a percentage, where three decimals are common.

    As `parse_digits`, except that one separator followed by exactly three
    digits after a one- or two-digit integer is a decimal mark: rates are
    quoted with three decimals ("Euríbor al 2,468%", "tasa de 11.250%"),
    while percentages above a thousand are rare.

    >>> parse_percent_digits("2,468"), parse_percent_digits("4,800")
    (Decimal('2.468'), Decimal('4.800'))
    >>> parse_percent_digits("1.500,5")
    Decimal('1500.5')
    >>> parse_percent_digits("150,000"), parse_percent_digits("27")
    (Decimal('150000'), Decimal('27'))
    >>> parse_percent_digits("1e10") == 10**10, parse_percent_digits("2,5E3") == 2500
    (True, True)
    """
    scientific = _SCIENTIFIC.match(text)
    if scientific:
        mantissa = _decimal(scientific.group(1).replace(",", "."))
        return None if mantissa is None else mantissa.scaleb(int(scientific.group(2)))
    head, sep, tail = text.partition("," if "," in text else ".")
    if sep and head.isdigit() and tail.isdigit() and len(tail) == 3 and len(head) <= 2:
        return _decimal(f"{head}.{tail}")
    return parse_digits(text)


def parse_slash_fraction(text: str) -> Decimal | None:
    """Read a fraction written with a slash ("3/4" -> 0.75), else None.

    >>> parse_slash_fraction("3/4"), parse_slash_fraction("2/0"), parse_slash_fraction("a/4")
    (Decimal('0.75'), None, None)
    """
    numerator, slash, denominator = text.partition("/")
    if not (slash and numerator.isdigit() and denominator.isdigit()):
        return None
    if len(numerator) > 6 or len(denominator) > 6 or int(denominator) == 0:
        return None
    return Decimal(numerator) / Decimal(denominator)


def decimal_part(value: Decimal) -> Decimal:
    """A whole number read as the digits after a decimal mark ("coma veintiocho").

    >>> decimal_part(Decimal(28)), decimal_part(Decimal(200)), decimal_part(Decimal(5))
    (Decimal('0.28'), Decimal('0.200'), Decimal('0.5'))
    """
    digits = str(int(value))
    return Decimal(digits).scaleb(-len(digits))


def word_value(word: str) -> Decimal | None:
    """The value of one Spanish number word ("quinientos" -> 500), else None."""
    return number_lexicon().words.get(word.lower())


def parse_number_word(word: str) -> Decimal | None:
    """A number written as one word, compounds included, else None.

    Besides the lexicon ("veintiuno"), it reads the one-word spellings of
    "treinta y cinco" ("treintaicinco") and of thousands ("dosmil", "veintemil").

    >>> parse_number_word("treintaicinco"), parse_number_word("dosmil"), parse_number_word("casa")
    (Decimal('35'), Decimal('2000'), None)
    """
    words = number_lexicon().words
    low = word.lower()
    if low in words:
        return words[low]
    for cut in range(4, min(len(low), 12)):
        tens, joint, unit = low[:cut], low[cut], low[cut + 1 :]
        if joint in "iy" and tens in words and unit in words:
            if words[tens] in _TENS and 1 <= words[unit] <= 9:
                return words[tens] + words[unit]
    if low.endswith("mil") and len(low) > 3:
        head = parse_number_word(low[:-3])
        if head is not None and head >= 2:
            return head * 1000
    return None


_TENS = frozenset(Decimal(n) for n in range(30, 100, 10))


def parse_denominator(word: str) -> Decimal | None:
    """The denominator a fraction word names ("quintos" -> 5), else None.

    Listed words come from `numbers.yaml`; the others are a number word with
    -avo ("veintiunavos" -> 21, "treintavo" -> 30) or -ésimo ("milésimo" ->
    1000, "dosmilésimos" -> 2000, "billonésimo" -> 10^12).

    >>> [parse_denominator(w) for w in ("quintos", "veintiunavo", "treintavos")]
    [Decimal('5'), Decimal('21'), Decimal('30')]
    >>> [parse_denominator(w) for w in ("dosmilesimos", "billonésimo", "bravo")]
    [Decimal('2000'), Decimal('1000000000000'), None]
    """
    lexicon = number_lexicon()
    low = word.lower()
    if low in lexicon.denominators:
        return lexicon.denominators[low]
    for suffixes, scales_too in ((lexicon.avo_suffixes, False), (lexicon.esimo_suffixes, True)):
        for suffix in suffixes:
            if low.endswith(suffix) and len(low) > len(suffix) + 1:
                value = _stem_value(low[: -len(suffix)], scales_too)
                if value is not None and value >= 2:
                    return value
    return None


def _stem_value(stem: str, scales_too: bool) -> Decimal | None:
    """A number word cut before -avo/-ésimo: "veintiun", "treint", "dosmil", "millon"."""
    for candidate in (stem, stem + "o", stem + "a", stem + "e"):
        value = parse_number_word(candidate)
        if value is not None:
            return value
    if scales_too:
        scales = scale_lexicon().words
        for candidate in (stem, stem.replace("on", "ón")):
            if candidate in scales:
                return scales[candidate]
        for scale_word in ("millon", "billon"):
            if stem.endswith(scale_word) and len(stem) > len(scale_word):
                head = parse_number_word(stem[: -len(scale_word)])
                if head is not None:
                    return head * scales[scale_word]
    return None


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
