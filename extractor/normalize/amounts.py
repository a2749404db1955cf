"""Money amounts and percentages in a sequence of tokens.

`scan_amounts(tokens)` walks the tokens once, left to right, trying at each
position a small grammar (currency symbol, quantity, multipliers, currency
name or abbreviation, sub-unit, cents; for percentages also signs, spoken
decimals, fractions and ratios) whose every step looks ahead a bounded number
of tokens (`MAX_PHRASE`, `MAX_QUANTITY`), so the time is linear in the text
whatever it contains. The surface forms come from the lexicon files; this
module holds only the grammar.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from typing import Literal, TypeVar

from extractor.normalize.lexicons import (
    currency_lexicon,
    number_lexicon,
    qualifier_lexicon,
    scale_lexicon,
)
from extractor.normalize.numbers import (
    combine_quantity,
    decimal_part,
    parse_denominator,
    parse_digits,
    parse_percent_digits,
    parse_slash_fraction,
)

Kind = Literal["money", "percent", "fraction"]
T = TypeVar("T")

MAX_PHRASE = 4  # longest multi-token surface form we look up
MAX_QUANTITY = 32  # longest run of number words and multipliers
_COMPOUND = re.compile(r"^([^\d\s]{1,6}?)?(\d[\d.,]{0,38}?)([^\d\s.,][^\d\s]{0,5})?$")
_DASH_RANGE = re.compile(r"^(\d[\d.,]{0,20})[-–](\d[\d.,]{0,20})$")
_SLASH_FRACTION = re.compile(r"^(\d{1,6}/\d{1,6})(%)?$")
_SCIENTIFIC_PERCENT = re.compile(r"^(\d{1,6}(?:[.,]\d{1,6})?[eE]\d{1,2})(%)$")  # "1e10%"
_SIGNS = frozenset("-−")
_HUNDREDTH = Decimal("0.01")
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
    """Split compound tokens ("45MDD", "u$s300", "10,5%", "-3%") into grammar pieces.

    Each piece keeps the index of the token it came from.

    >>> split_pieces(["45MDD", "de", "150-200"])
    [('45', 0), ('MDD', 0), ('de', 1), ('150', 2), ('-', 2), ('200', 2)]
    >>> split_pieces(["-3,2%", "3/4%"])
    [('-', 0), ('3,2', 0), ('%', 0), ('3/4', 1), ('%', 1)]
    """
    known = _affixes()
    pieces: list[tuple[str, int]] = []
    for index, token in enumerate(tokens):
        if len(token) > 1 and token[0] in _SIGNS and token[1].isdigit():
            pieces.append((token[0], index))
            token = token[1:]
        pieces += _split_token(token, index, known)
    return pieces


def _split_token(token: str, index: int, known: frozenset[str]) -> list[tuple[str, int]]:
    if token.isalpha():  # most tokens: words
        return [(token, index)]
    if 1 < len(token) <= 50 and any(c.isdigit() for c in token):
        dash = _DASH_RANGE.match(token)
        if dash:
            return [(dash.group(1), index), ("-", index), (dash.group(2), index)]
        slash = _SLASH_FRACTION.match(token) or _SCIENTIFIC_PERCENT.match(token)
        if slash:
            return [(p, index) for p in slash.groups() if p]
        match = _COMPOUND.match(token)
        if match and (match.group(1) or match.group(3)):
            pre, num, suf = match.groups()
            if (pre is None or pre in known) and (suf is None or suf in known):
                return [(p, index) for p in (pre, num, suf) if p]
    return [(token, index)]


@cache
def _affixes() -> frozenset[str]:
    cur, scales = currency_lexicon(), scale_lexicon()
    return frozenset([*cur.symbols, *cur.abbreviations, *scales.abbreviations, "%"])


class _Scanner:
    def __init__(self, tokens: Sequence[str], spaces: Sequence[bool] | None) -> None:
        self.tokens = tokens
        self.spaces = spaces
        self.pieces = split_pieces(tokens)
        self.text = [p for p, _ in self.pieces]
        self.lower = [p.lower() for p in self.text]
        self.numbers = number_lexicon()
        self.scales = scale_lexicon()
        self.currencies = currency_lexicon()

    # -- phrase lookup -------------------------------------------------------
    def phrase(self, table: Mapping[str, T], i: int, lower: bool) -> tuple[T, int] | None:
        """Longest surface form of `table` starting at piece i.

        Pieces join with spaces ("millones de dólares"), or without them when
        one holds a sign ("US" + "$" = "US$"), never letters alone ("y" + "en").
        """
        words = self.lower if lower else self.text
        if i >= len(words) or words[i] not in _heads(table):
            return None
        for k in range(min(MAX_PHRASE, len(words) - i), 0, -1):
            chunk = words[i : i + k]
            keys = [" ".join(chunk)]
            if k > 1 and not all(w.isalpha() for w in chunk):
                keys.append("".join(chunk))
            for key in keys:
                if key in table:
                    return table[key], k
        return None

    def glued(self, i: int) -> bool:
        """Whether piece i is written against piece i + 1, with no space between."""
        if i + 1 >= len(self.pieces):
            return False
        token, following = self.pieces[i][1], self.pieces[i + 1][1]
        if token == following:
            return True
        return self.spaces is not None and following == token + 1 and not self.spaces[token]

    def clause_ends(self, j: int) -> bool:
        """Whether the text ends, or punctuation comes, at piece j."""
        return j >= len(self.text) or not any(c.isalnum() for c in self.text[j])

    # -- quantities ----------------------------------------------------------
    def quantity(
        self, i: int, allow_scale: bool = True, allow_one: bool = False, percent: bool = False
    ) -> _Quantity | None:
        """Digits or number words with multipliers from piece i, Spanish-style.

        Number words follow each other only as Spanish writes them: a hundred
        before tens or units ("ciento treinta"), tens before "y" and a unit
        ("treinta y cinco"); so "un veinticinco" is two numbers, not 26.
        """
        parts: list[tuple[str, Decimal]] = []
        j, from_digits = i, False
        last_scale: Decimal | None = None
        last_word: Decimal | None = None  # the last number word since the last multiplier
        joined = False  # a "y" that `_follows` accepted comes right before
        read_digits = parse_percent_digits if percent else parse_digits
        while j < len(self.text) and j - i < MAX_QUANTITY:
            word = self.lower[j]
            digits = read_digits(word) if word[:1].isdigit() else None
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
                last_scale, last_word = scale, None
                j += 1
                continue
            elif word in self.numbers.words and not from_digits:
                value = self.numbers.words[word]
                if value == Decimal("0.5") and not self._next_is_scale(j):
                    break
                if last_word is not None and not joined and not _follows(last_word, value, False):
                    break
                parts.append(("num", value))
                last_word, joined = value, False
            elif word in self.numbers.joiners and parts and j + 1 < len(self.text):
                following = self.lower[j + 1]
                if following in ("medio", "media") and parts[-1][0] == "scale":
                    parts.append(("half", Decimal("0.5")))
                    j += 2
                    continue
                unit = self.numbers.words.get(following)
                if (
                    unit is not None
                    and parts[-1][0] == "num"
                    and not from_digits
                    and last_word is not None
                    and _follows(last_word, unit, joined=True)
                ):
                    j += 1
                    joined = True
                    continue
                break
            else:
                break
            last_scale = None if parts[-1][0] == "num" and last_scale != 1000 else last_scale
            j += 1
        if not parts:
            return None
        total = combine_quantity(parts)
        if total is None:
            return None
        scaled = any(kind == "scale" for kind, _ in parts)
        if not from_digits and not scaled and total < 2 and not allow_one:
            return None  # "un", "una", "medio": articles, not quantities
        return _Quantity(total, j, _trailing_multiplier(parts), from_digits, scaled)

    def _next_is_scale(self, j: int) -> bool:
        return j + 1 < len(self.lower) and self.lower[j + 1] in self.scales.words

    def scale_abbreviation(self, q: _Quantity) -> _Quantity:
        """Multiply by an abbreviation after digits: "300 M", "5 MM", "9 mill."."""
        if not q.from_digits or q.end >= len(self.text):
            return q
        found = self.phrase(self.scales.abbreviations, q.end, lower=False)
        if not found:
            return q
        scale, k = found
        return _scaled(q, scale, q.end + k)

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
            return self.one_unit(i)
        q = self.scale_abbreviation(q)
        j = q.end
        abbreviation = self.phrase(self.currencies.abbreviations, j, lower=False)
        if abbreviation:
            (currency, scale), k = abbreviation
            scaled = replace(q, value=q.value * scale, multiplier=q.multiplier * scale)
            return self._match(i, j + k, "money", scaled, "money.abbreviation", currency)
        subunit = self.subunit(i, q, j)
        if subunit:
            return subunit
        after_de = j + 1 if j < len(self.lower) and self.lower[j] == "de" else j
        name = self.phrase(self.currencies.names, after_de, lower=True)
        if name:
            currency, k = name
            found = self._match(i, after_de + k, "money", q, "money.currency_name", currency)
            return self.with_cents(found, q)
        symbol = self.phrase(self.currencies.symbols, j, lower=False)
        if symbol and q.from_digits:
            currency, k = symbol
            end = j + k
            if not q.scaled and end < len(self.lower) and self.lower[end] in self.scales.words:
                # "75 USD millones": the multiplier after the code
                q = _scaled(q, self.scales.words[self.lower[end]], end + 1)
                end += 1
            found = self._match(i, end, "money", q, "money.symbol_after", currency)
            return self.with_cents(found, q)
        followed_by_noun = j < len(self.lower) and self.lower[j] == "de"
        whole = q.from_digits or q.scaled and not self._after_number(i)
        if whole and q.multiplier >= 10**6 and not followed_by_noun:
            # "5.447 millones", "mil millones": money only if the article's context says so.
            return self._match(i, j, "money", q, "money.bare_scaled", None)
        return None

    def _after_number(self, i: int) -> bool:
        """Whether piece i continues a run of number words ("mil mil millones")."""
        before = self.lower[i - 1] if i > 0 else ""
        return before in self.numbers.words or before in self.scales.words

    def one_unit(self, i: int) -> AmountMatch | None:
        """One unit ("un dólar", "un centavo") of a currency whose name is no common word."""
        if self.lower[i] not in ("un", "una") or i + 1 >= len(self.lower):
            return None
        if self.lower[i + 1] not in self.currencies.one_unit:
            return None
        one = _Quantity(Decimal(1), i + 1, Decimal(1), False, False)
        found = self.subunit(i, one, i + 1) or self._named(i, one, i + 1)
        if found and found.end < len(self.lower):
            if self.lower[found.end] in self.currencies.one_unit_not_before:
                return None  # "frente a un dólar fuerte": the currency, not one unit of it
        return found

    def _named(self, i: int, q: _Quantity, j: int) -> AmountMatch | None:
        name = self.phrase(self.currencies.names, j, lower=True)
        if not name:
            return None
        currency, k = name
        return self._match(i, j + k, "money", q, "money.currency_name", currency)

    def subunit(self, i: int, q: _Quantity, j: int) -> AmountMatch | None:
        """Hundredths of a currency: "34 centavos", "470 peniques", "12 centavos de dólar"."""
        found = self.phrase(self.currencies.subunits, j, lower=True)
        if not found:
            return None
        currency, k = found
        end = j + k
        if end + 1 < len(self.lower) and self.lower[end] == "de":
            name = self.phrase(self.currencies.names, end + 1, lower=True)
            if name:
                currency, end = name[0], end + 1 + name[1]
        cents = replace(q, value=q.value * _HUNDREDTH, multiplier=q.multiplier * _HUNDREDTH)
        return self._match(i, end, "money", cents, "money.subunit", currency)

    def with_cents(self, match: AmountMatch, q: _Quantity) -> AmountMatch:
        """Extend "15 dólares" with its cents: "y 15 centavos", "con 50", "y 15." or " 50,".

        Without a sub-unit name the cents must close the clause, and without
        "y"/"con" they must be two digits ("15 dólares 50.").
        """
        if q.scaled or q.value != q.value.to_integral_value():
            return match
        k = match.end
        joined = k < len(self.lower) and self.lower[k] in ("y", "con")
        cents = self.quantity(k + 1 if joined else k, allow_scale=False, allow_one=True)
        if cents is None or cents.value >= 100 or cents.value != cents.value.to_integral_value():
            return match
        if cents.from_digits and len(self.text[cents.end - 1]) > 2:
            return match
        end = cents.end
        subunit = self.phrase(self.currencies.subunits, end, lower=True)
        if subunit:
            end += subunit[1]
        elif not self.clause_ends(end) or not (joined or cents.from_digits):
            return match
        elif not joined and len(self.text[cents.end - 1]) != 2:
            return match
        value = match.value + cents.value * _HUNDREDTH
        return replace(match, end=end, value=value, rule_id="money.with_cents")

    def money_range(self, i: int) -> AmountMatch | None:
        """A range: "entre 150 y 200 millones de dólares", "US$ 150-200 millones"."""
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
        """A percentage: "27%", "-3,2 %", "27 por ciento", "siete con cincuenta por ciento"."""
        start, negative = i, False
        if self.text[i] in _SIGNS and self.glued(i):
            negative, i = True, i + 1
        found = self.percent_number(i)
        if found is None:
            return None
        value, end = found
        for k in (2, 1):
            words = tuple(self.lower[end : end + k])
            if len(words) == k and words in _PERCENT_WORDS:
                q = _Quantity(-value if negative else value, end + k, Decimal(1), True, False)
                return self._match(start, end + k, "percent", q, "percent.number", None)
        return None

    def percent_number(self, i: int) -> tuple[Decimal, int] | None:
        """The number of a percentage from piece i, and the piece after it.

        Besides a quantity: a slash fraction ("3/4"), a leading decimal mark
        (",08"), a mixed number ("7 3/4"), spoken decimals ("dos coma cinco"),
        fractions ("tres quintos", "ciento treinta con dos quintos") and
        ratios ("uno sobre tres").
        """
        piece = self.text[i]
        fraction = parse_slash_fraction(piece)
        if fraction is not None:
            return fraction, i + 1
        if piece in (",", ".") and self.glued(i) and self.text[i + 1].isdigit():
            # ",08 por ciento": a decimal mark that opens a word, not one between numbers
            token = self.pieces[i][1]
            opens = token == 0 or self.spaces is not None and self.spaces[token - 1]
            if opens and (i == 0 or self.pieces[i - 1][1] != token):
                return Decimal(f"0.{self.text[i + 1]}"), i + 2
            return None
        q = self.quantity(i, allow_one=True, percent=True)
        if q is None:
            return None
        value, j = q.value, q.end
        if self._power_at(j) and q.from_digits:  # "1,1^23 por ciento"
            return value ** int(self.text[j + 1]), j + 2
        word = self.lower[j] if j < len(self.lower) else ""
        mixed = parse_slash_fraction(word) if q.from_digits and not q.scaled else None
        denominator = parse_denominator(word) if word else None
        if mixed is not None and mixed < 1:
            return value + mixed, j + 1
        if word in self.numbers.decimal_marks or word in self.numbers.decimal_joiners:
            tail = self.quantity(j + 1, allow_one=True)
            if tail is not None and tail.value == tail.value.to_integral_value():
                after = self.lower[tail.end] if tail.end < len(self.lower) else ""
                below = parse_denominator(after) if after else None
                if below is not None and word in self.numbers.decimal_joiners:
                    return value + tail.value / below, tail.end + 1
                return value + decimal_part(tail.value), tail.end
            return None
        if denominator is not None:
            return value / denominator, j + 1
        if word in self.numbers.ratio_words:
            divisor = self.quantity(j + 1, allow_one=True)
            if divisor is not None and divisor.value != 0:
                return value / divisor.value, divisor.end
            return None
        if not q.from_digits and not q.scaled and value < 2:
            return None
        return value, j

    def _power_at(self, j: int) -> bool:
        following = self.text[j + 1] if j + 1 < len(self.text) else ""
        return (
            j < len(self.text)
            and self.text[j] == "^"
            and following.isdigit()
            and len(following) <= 2
        )

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
            if not self.may_open(i):
                i += 1
                continue
            match = self.money_range(i) or self.percent(i) or self.money(i) or self.fraction(i)
            if match is None:
                i += 1
                continue
            found.append(self._to_tokens(match))
            i = match.end
        return found

    def may_open(self, i: int) -> bool:
        """Whether an amount could start at piece i (a quick test; most pieces are words)."""
        word = self.lower[i]
        lowers, texts = _openers()
        if word in lowers or self.text[i] in texts:
            return True
        if word in _WEAK_OPENERS:  # frequent: they open an amount only before a number
            nxt = self.lower[i + 1] if i + 1 < len(self.lower) else ""
            return nxt in lowers or nxt in self.currencies.one_unit or _has_digit(nxt)
        return _has_digit(word)

    def _to_tokens(self, match: AmountMatch) -> AmountMatch:
        start = self.pieces[match.start][1]
        end = self.pieces[match.end - 1][1] + 1
        qualifier = match.qualifier
        if qualifier == "exact":
            qualifier = qualifier_before(self.tokens, start)
        return replace(match, start=start, end=end, qualifier=qualifier)


_HEADS: dict[int, tuple[Mapping[str, object], frozenset[str]]] = {}
_WEAK_OPENERS = frozenset({"un", "una", ",", "."})


def _has_digit(word: str) -> bool:
    return not word.isalpha() and any(c.isdigit() for c in word)


@cache
def _openers() -> tuple[frozenset[str], frozenset[str]]:
    """Lower-case pieces and exact pieces that may open an amount (besides digits)."""
    numbers = number_lexicon()
    lowers = frozenset({*numbers.words, *scale_lexicon().words, *_heads(numbers.fractions)})
    return lowers, frozenset({*_SIGNS, *_heads(currency_lexicon().symbols)})


def _heads(table: Mapping[str, object]) -> frozenset[str]:
    """Pieces that may open a key of `table`: its first word, or a prefix of a glued key."""
    cached = _HEADS.get(id(table))
    if cached is not None and cached[0] is table:
        return cached[1]
    heads: set[str] = set()
    for key in table:
        heads.add(key.split()[0])
        if not key.replace(" ", "").isalpha():
            heads.update(key[:n] for n in range(1, len(key) + 1))
    _HEADS[id(table)] = (table, frozenset(heads))
    return _HEADS[id(table)][1]


def _follows(previous: Decimal, value: Decimal, joined: bool) -> bool:
    """Whether number word `value` may follow `previous` ("y" between them when `joined`)."""
    if joined:
        return previous in _TENS and 1 <= value <= 9
    return previous % 100 == 0 and 100 <= previous <= 900 and value < 100


_TENS = frozenset(Decimal(n) for n in range(30, 100, 10))


def _scaled(q: _Quantity, scale: Decimal, end: int) -> _Quantity:
    return replace(q, value=q.value * scale, end=end, multiplier=q.multiplier * scale, scaled=True)


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


def scan_amounts(tokens: Sequence[str], spaces: Sequence[bool] | None = None) -> list[AmountMatch]:
    """Every money amount, percentage and stake fraction in `tokens`, in order.

    `spaces[i]` says whether token i is followed by white space (spaCy's
    `whitespace_`); without it, tokens are taken as apart ("- 3 %" is not
    negative, ", 08" not a decimal).

    >>> text = "invertir hasta 10.000 millones de dólares"
    >>> [(m.value, m.currency) for m in scan_amounts(text.split())]
    [(Decimal('10000000000'), 'USD')]
    >>> [(m.kind, m.value) for m in scan_amounts(["un", "27", "%", "de", "participación"])]
    [('percent', Decimal('27'))]
    """
    return _Scanner(tokens, spaces).scan()
