"""Money amounts and percentages in a sequence of tokens.

`scan_amounts(tokens)` walks the tokens once, left to right, trying at each
position a small grammar (currency symbol, quantity, multipliers, currency
name or abbreviation) whose every step looks ahead a bounded number of
tokens, so the time is linear in the text whatever it contains. The surface
forms come from the lexicon files; this module holds only the grammar.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal, TypeVar

from extractor.normalize.lexicons import (
    currency_lexicon,
    number_lexicon,
    qualifier_lexicon,
    scale_lexicon,
)
from extractor.normalize.numbers import combine_quantity, parse_digits

Kind = Literal["money", "percent", "fraction"]
T = TypeVar("T")

MAX_PHRASE = 4  # longest multi-token surface form we look up
MAX_QUANTITY = 12  # longest run of number words and multipliers
_COMPOUND = re.compile(r"^([^\d\s]{1,6}?)?(\d[\d.,]{0,38}?)([^\d\s.,][^\d\s]{0,5})?$")
_DASH_RANGE = re.compile(r"^(\d[\d.,]{0,20})[-–](\d[\d.,]{0,20})$")
_PERCENT_WORDS = {
    ("%",),
    ("por", "ciento"),
    ("por", "cien"),
    ("pct",),
    ("pct", "."),
    ("por", "100"),
}
_RANGE_OPENERS = {"entre"}
_RANGE_JOINERS = {"y", "e", "a", "-", "–"}


@dataclass(frozen=True)
class AmountMatch:
    """A money amount or percentage found at tokens `[start, end)`.

    `currency` is an ISO code, the pseudo-codes PESO or DOLLAR_SIGN (resolved
    per article), or None for a scaled number with no currency ("531 millones").
    """

    start: int
    end: int
    kind: Kind
    value: Decimal
    rule_id: str
    currency: str | None = None
    value_max: Decimal | None = None
    qualifier: str = "exact"
    multiplier: Decimal = Decimal(1)


@dataclass(frozen=True)
class _Quantity:
    value: Decimal
    end: int
    multiplier: Decimal
    from_digits: bool
    scaled: bool


def split_pieces(tokens: Sequence[str]) -> list[tuple[str, int]]:
    """Split compound tokens ("45MDD", "u$s300", "10,5%") into grammar pieces.

    Each piece keeps the index of the token it came from.

    >>> split_pieces(["45MDD", "de", "150-200"])
    [('45', 0), ('MDD', 0), ('de', 1), ('150', 2), ('-', 2), ('200', 2)]
    """
    known = _affixes()
    pieces: list[tuple[str, int]] = []
    for index, token in enumerate(tokens):
        if 1 < len(token) <= 50 and any(c.isdigit() for c in token):
            dash = _DASH_RANGE.match(token)
            if dash:
                pieces += [(dash.group(1), index), ("-", index), (dash.group(2), index)]
                continue
            match = _COMPOUND.match(token)
            if match and (match.group(1) or match.group(3)):
                pre, num, suf = match.groups()
                if (pre is None or pre in known) and (suf is None or suf in known):
                    pieces += [(p, index) for p in (pre, num, suf) if p]
                    continue
        pieces.append((token, index))
    return pieces


def _affixes() -> frozenset[str]:
    cur, scales = currency_lexicon(), scale_lexicon()
    return frozenset([*cur.symbols, *cur.abbreviations, *scales.abbreviations, "%"])


class _Scanner:
    def __init__(self, tokens: Sequence[str]) -> None:
        self.tokens = tokens
        self.pieces = split_pieces(tokens)
        self.text = [p for p, _ in self.pieces]
        self.lower = [p.lower() for p in self.text]
        self.numbers = number_lexicon()
        self.scales = scale_lexicon()
        self.currencies = currency_lexicon()

    # -- phrase lookup -------------------------------------------------------
    def phrase(self, table: Mapping[str, T], i: int, lower: bool) -> tuple[T, int] | None:
        """Longest surface form of `table` starting at piece i (joined with or without spaces)."""
        words = self.lower if lower else self.text
        for k in range(min(MAX_PHRASE, len(words) - i), 0, -1):
            chunk = words[i : i + k]
            for key in (" ".join(chunk), "".join(chunk)):
                if key in table:
                    return table[key], k
        return None

    # -- quantities ----------------------------------------------------------
    def quantity(self, i: int, allow_scale: bool = True) -> _Quantity | None:
        parts: list[tuple[str, Decimal]] = []
        j, from_digits = i, False
        last_scale: Decimal | None = None
        while j < len(self.text) and j - i < MAX_QUANTITY:
            word = self.lower[j]
            digits = parse_digits(word) if word[:1].isdigit() else None
            if digits is not None:
                if parts:
                    break
                parts.append(("num", digits))
                from_digits = True
            elif allow_scale and word in self.scales.words:
                scale = self.scales.words[word]
                if last_scale is not None and (last_scale != 1000 or scale <= 1000):
                    break
                if last_scale is None and not parts and scale != 1000:
                    return None
                parts.append(("scale", scale))
                last_scale = scale
                j += 1
                continue
            elif word in self.numbers.words and not from_digits:
                value = self.numbers.words[word]
                if value == Decimal("0.5") and not self._next_is_scale(j):
                    break
                parts.append(("num", value))
            elif word in self.numbers.joiners and parts and j + 1 < len(self.text):
                following = self.lower[j + 1]
                if following in ("medio", "media") and parts[-1][0] == "scale":
                    parts.append(("half", Decimal("0.5")))
                    j += 2
                    continue
                if following in self.numbers.words and parts[-1][0] == "num" and not from_digits:
                    j += 1
                    continue
                break
            else:
                break
            last_scale = None if parts[-1][0] == "num" and last_scale != 1000 else last_scale
            j += 1
        if not parts:
            return None
        value = combine_quantity(parts)
        if value is None:
            return None
        scaled = any(kind == "scale" for kind, _ in parts)
        if not from_digits and not scaled and value < 2:
            return None  # "un", "una", "medio": articles, not quantities
        return _Quantity(value, j, _trailing_multiplier(parts), from_digits, scaled)

    def _next_is_scale(self, j: int) -> bool:
        return j + 1 < len(self.lower) and self.lower[j + 1] in self.scales.words

    def scale_abbreviation(self, q: _Quantity) -> _Quantity:
        """ "300 M", "5 MM", "9 mill." after digits multiply the quantity."""
        if not q.from_digits or q.end >= len(self.text):
            return q
        found = self.phrase(self.scales.abbreviations, q.end, lower=False)
        if not found:
            return q
        scale, k = found
        return replace(
            q, value=q.value * scale, end=q.end + k, multiplier=q.multiplier * scale, scaled=True
        )

    # -- money ---------------------------------------------------------------
    def money(self, i: int) -> AmountMatch | None:
        prefix = self.phrase(self.currencies.symbols, i, lower=False)
        if prefix:
            currency, k = prefix
            q = self.quantity(i + k)
            if q is None or not q.from_digits and not q.scaled:
                return None
            q = self.scale_abbreviation(q)
            return self._match(i, q.end, "money", q, "money.symbol_before", currency)
        q = self.quantity(i)
        if q is None:
            return None
        q = self.scale_abbreviation(q)
        j = q.end
        abbreviation = self.phrase(self.currencies.abbreviations, j, lower=False)
        if abbreviation:
            (currency, scale), k = abbreviation
            scaled = replace(q, value=q.value * scale, multiplier=q.multiplier * scale)
            return self._match(i, j + k, "money", scaled, "money.abbreviation", currency)
        after_de = j + 1 if j < len(self.lower) and self.lower[j] == "de" else j
        name = self.phrase(self.currencies.names, after_de, lower=True)
        if name:
            currency, k = name
            return self._match(i, after_de + k, "money", q, "money.currency_name", currency)
        symbol = self.phrase(self.currencies.symbols, j, lower=False)
        if symbol and q.from_digits:
            currency, k = symbol
            return self._match(i, j + k, "money", q, "money.symbol_after", currency)
        followed_by_noun = j < len(self.lower) and self.lower[j] == "de"
        if q.from_digits and q.multiplier >= 10**6 and not followed_by_noun:
            # "5.447 millones": money only if the article's context says so.
            return self._match(i, j, "money", q, "money.bare_scaled", None)
        return None

    def money_range(self, i: int) -> AmountMatch | None:
        """ "entre 150 y 200 millones de dólares", "US$ 150-200 millones"."""
        opener = i > 0 and self.lower[i - 1] in _RANGE_OPENERS
        prefix = self.phrase(self.currencies.symbols, i, lower=False)
        start_q = i + prefix[1] if prefix else i
        low = self.quantity(start_q)
        if low is None or low.end >= len(self.text) - 1:
            return None
        joiner = self.lower[low.end]
        if joiner not in _RANGE_JOINERS or (not opener and joiner not in ("-", "–")):
            return None
        high = self.money(low.end + 1)
        if high is None or high.kind != "money":
            return None
        low_value = low.value if low.scaled else low.value * high.multiplier
        if low_value > high.value:
            return None
        currency = prefix[0] if prefix else high.currency
        return AmountMatch(
            start=i,
            end=high.end,
            kind="money",
            value=low_value,
            rule_id="money.range",
            currency=currency,
            value_max=high.value,
            qualifier="between",
            multiplier=high.multiplier,
        )

    # -- percentages ---------------------------------------------------------
    def percent(self, i: int) -> AmountMatch | None:
        q = self.quantity(i, allow_scale=False)
        if q is None:
            return None
        for k in (2, 1):
            words = tuple(self.lower[q.end : q.end + k])
            if len(words) == k and words in _PERCENT_WORDS:
                return self._match(i, q.end + k, "percent", q, "percent.number", None)
        return None

    def fraction(self, i: int) -> AmountMatch | None:
        found = self.phrase(self.numbers.fractions, i, lower=True)
        if not found:
            return None
        value, k = found
        q = _Quantity(value, i + k, Decimal(1), False, False)
        return self._match(i, i + k, "fraction", q, "percent.fraction", None)

    def _match(
        self, i: int, end: int, kind: Kind, q: _Quantity, rule_id: str, currency: str | None
    ) -> AmountMatch:
        return AmountMatch(
            start=i,
            end=end,
            kind=kind,
            value=q.value,
            rule_id=rule_id,
            currency=currency,
            multiplier=q.multiplier,
        )

    def scan(self) -> list[AmountMatch]:
        found: list[AmountMatch] = []
        i = 0
        while i < len(self.text):
            match = self.money_range(i) or self.percent(i) or self.money(i) or self.fraction(i)
            if match is None:
                i += 1
                continue
            found.append(self._to_tokens(match))
            i = match.end
        return found

    def _to_tokens(self, match: AmountMatch) -> AmountMatch:
        start = self.pieces[match.start][1]
        end = self.pieces[match.end - 1][1] + 1
        qualifier = match.qualifier
        if qualifier == "exact":
            qualifier = qualifier_before(self.tokens, start)
        return replace(match, start=start, end=end, qualifier=qualifier)


def _trailing_multiplier(parts: Sequence[tuple[str, Decimal]]) -> Decimal:
    """The multipliers after the last number ("200 millones" -> 10^6)."""
    multiplier = Decimal(1)
    for kind, value in reversed(parts):
        if kind != "scale":
            break
        multiplier *= value
    if parts and parts[0][0] == "scale" and multiplier == combine_quantity(parts):
        multiplier /= parts[0][1]  # "mil millones": the number is "mil", the scale 10^6
    return multiplier


def qualifier_before(tokens: Sequence[str], start: int) -> str:
    """The qualifier written right before token `start` ("hasta", "más de"), else "exact".

    >>> qualifier_before(["invertir", "hasta", "10.000", "millones"], 2)
    'up_to'
    >>> qualifier_before(["por", "encima", "de", "los", "5"], 4)
    'more_than'
    """
    table = qualifier_lexicon()
    for k in range(min(MAX_PHRASE + 1, start), 0, -1):
        phrase = " ".join(t.lower() for t in tokens[start - k : start])
        if phrase in table:
            return str(table[phrase])
    return "exact"


def scan_amounts(tokens: Sequence[str]) -> list[AmountMatch]:
    """Every money amount, percentage and stake fraction in `tokens`, in order.

    >>> [(m.value, m.currency) for m in scan_amounts("invertir hasta 10.000 millones de dólares".split())]
    [(Decimal('10000000000'), 'USD')]
    >>> [(m.kind, m.value) for m in scan_amounts(["un", "27", "%", "de", "participación"])]
    [('percent', Decimal('27'))]
    """
    return _Scanner(tokens).scan()
