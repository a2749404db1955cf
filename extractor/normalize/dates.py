"""Date expressions: find them in tokens and resolve them to ISO values.

Values keep their own granularity ("2025", "2025-03", "2025-03-14",
"2025-Q1", "2025-H2"); what the text leaves unknown is written `X`. Relative
and year-less expressions resolve from the publication date, or else from the
nearest earlier explicit year in the article (ANNOTATION.md §2).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from extractor.normalize.patterns import (
    Pattern,
    PatternMatch,
    PatternSet,
    TokenClass,
    compile_pattern,
)
from extractor.rules import RuleModel, load_yaml_model

Granularity = Literal["day", "month", "quarter", "half", "year"]
Kind = Literal["calendar", "offset", "weekday", "quarter", "half", "anaphora"]
Unit = Literal["day", "month", "year"]


class DateClassRule(RuleModel):
    """A token class: a regex, words with canonical values, or both."""

    regex: str | None = None
    words: dict[str, list[str]] = {}


class DateRule(RuleModel):
    """One date pattern with how it resolves and a self-checking example."""

    id: str
    pattern: str
    kind: Kind
    unit: Unit | None = None
    offset: int | str | None = None
    direction: Literal["past", "future", "nearest"] | None = None
    example: str
    expect: str


class PastCues(RuleModel):
    """Surface signs of a past-tense clause."""

    words: list[str]
    endings: list[str]


class FutureCues(RuleModel):
    """Surface signs of a clause about the future."""

    words: list[str]
    endings: list[str]
    not_future: list[str]


class DatesFile(RuleModel):
    """`dates.yaml`."""

    classes: dict[str, DateClassRule]
    patterns: list[DateRule]
    past_cues: PastCues
    future_cues: FutureCues


@dataclass(frozen=True)
class DateValue:
    """A resolved date: ISO `value` and its granularity."""

    value: str
    granularity: Granularity


@dataclass
class DateContext:
    """What resolution needs to know, updated mention by mention in text order."""

    published: dt.date | None = None
    last_year: int | None = None
    previous: DateValue | None = None


@dataclass(frozen=True)
class DateGrammar:
    """Compiled date rules."""

    patterns: PatternSet
    rules: dict[str, DateRule]
    future_words: frozenset[str]
    future_endings: tuple[str, ...]
    not_future: frozenset[str]
    past_words: frozenset[str]
    past_endings: tuple[str, ...]


@cache
def date_grammar() -> DateGrammar:
    """Load and compile `dates.yaml` once."""
    import re

    data = load_yaml_model("dates.yaml", DatesFile)
    classes = {
        name: TokenClass(
            name=name,
            words={w.lower(): value for value, forms in rule.words.items() for w in forms},
            regex=re.compile(rule.regex, re.IGNORECASE) if rule.regex else None,
        )
        for name, rule in data.classes.items()
    }
    compiled: list[Pattern] = [compile_pattern(r.id, r.pattern, classes) for r in data.patterns]
    cues = data.future_cues
    return DateGrammar(
        patterns=PatternSet(compiled),
        rules={r.id: r for r in data.patterns},
        future_words=frozenset(cues.words),
        future_endings=tuple(cues.endings),
        not_future=frozenset(cues.not_future),
        past_words=frozenset(data.past_cues.words),
        past_endings=tuple(data.past_cues.endings),
    )


def scan_dates(tokens: Sequence[str], blocked: Sequence[bool] = ()) -> list[PatternMatch]:
    """Date expressions in `tokens`, longest first, never over `blocked` tokens.

    >>> [m.rule_id for m in scan_dates("En marzo de 2025 , destinó".split())]
    ['date.month_year']
    """
    return date_grammar().patterns.scan(tokens, blocked)


def word_tense(word: str) -> Literal["past", "future"] | None:
    """Whether a word reads as a past or a future verb form, from the cue lists.

    >>> word_tense("cerrará"), word_tense("compró"), word_tense("compañía")
    ('future', 'past', None)
    """
    grammar = date_grammar()
    low = word.lower()
    if low in grammar.future_words:
        return "future"
    if low in grammar.past_words:
        return "past"
    if len(low) > 3 and low not in grammar.not_future:
        if low.endswith(grammar.future_endings):
            return "future"
        if low.endswith(grammar.past_endings):
            return "past"
    return None


def clause_tense(words: Sequence[str]) -> Literal["past", "future"] | None:
    """The tense of the nearest verb-like word, reading back from a date.

    >>> clause_tense(["prevé", "cerrarla", "en", "el"]), clause_tense(["tendrá", "que", "cerró"])
    ('future', 'past')
    """
    for word in reversed(words):
        tense = word_tense(word)
        if tense is not None:
            return tense
    return None


def resolve(match: PatternMatch, context: DateContext, future: bool = False) -> DateValue | None:
    """Resolve a matched date expression and update `context` for the next one.

    >>> ctx = DateContext(published=dt.date(2025, 2, 25))
    >>> resolve(next(iter(scan_dates(["ayer"]))), ctx).value
    '2025-02-24'
    """
    rule = date_grammar().rules[match.rule_id]
    value = _RESOLVERS[rule.kind](rule, match.captures, context, future)
    if value is not None:
        context.previous = value
    return value


def _calendar(
    rule: DateRule, cap: dict[str, str], ctx: DateContext, future: bool
) -> DateValue | None:
    month = int(cap["MONTH"]) if "MONTH" in cap else None
    day = int(cap["DAY"].rstrip("º°.")) if "DAY" in cap else None
    year = int(cap["YEAR"]) if "YEAR" in cap else None
    if year is not None:
        ctx.last_year = year
    elif month is not None:
        year = _context_year(ctx, month, day or 1, future)
    year_text = f"{year:04d}" if year is not None else "XXXX"
    if month is None:
        return DateValue(year_text, "year") if year is not None else None
    if day is None:
        return DateValue(f"{year_text}-{month:02d}", "month")
    if year is not None and not _valid_day(year, month, day):
        return None
    return DateValue(f"{year_text}-{month:02d}-{day:02d}", "day")


def _offset(
    rule: DateRule, cap: dict[str, str], ctx: DateContext, future: bool
) -> DateValue | None:
    amount = _offset_amount(rule, cap)
    unit = rule.unit or "day"
    pub = ctx.published
    if unit == "year":
        return DateValue(f"{pub.year + amount:04d}" if pub else "XXXX", "year")
    if unit == "month":
        if pub is None:
            return DateValue("XXXX-XX", "month")
        index = pub.year * 12 + pub.month - 1 + amount
        return DateValue(f"{index // 12:04d}-{index % 12 + 1:02d}", "month")
    if pub is None:
        return DateValue("XXXX-XX-XX", "day")
    return DateValue((pub + dt.timedelta(days=amount)).isoformat(), "day")


def _weekday(
    rule: DateRule, cap: dict[str, str], ctx: DateContext, future: bool
) -> DateValue | None:
    pub = ctx.published
    if pub is None:
        return DateValue("XXXX-XX-XX", "day")
    wanted, today = int(cap["WEEKDAY"]), pub.weekday()
    direction = rule.direction
    if direction == "nearest":
        direction = "future" if future else "past"
        strict = False
    else:
        strict = True
    if direction == "past":
        back = (today - wanted) % 7 or (7 if strict else 0)
        return DateValue((pub - dt.timedelta(days=back)).isoformat(), "day")
    ahead = (wanted - today) % 7 or (7 if strict else 0)
    return DateValue((pub + dt.timedelta(days=ahead)).isoformat(), "day")


def _period(size: int, code: str, capture: str, granularity: Granularity):  # type: ignore[no-untyped-def]
    """Resolver for quarters (size 3, "Q") and halves (size 6, "H")."""

    def resolve_period(
        rule: DateRule, cap: dict[str, str], ctx: DateContext, future: bool
    ) -> DateValue | None:
        number, year = _period_number(cap, capture)
        if number is None:
            return None
        if year is not None:
            ctx.last_year = year
        elif rule.offset is not None:
            base = ctx.published.year if ctx.published else None
            year = base + _offset_amount(rule, cap) if base is not None else None
        else:
            year = _context_year(ctx, (number - 1) * size + 1, 1, future)
        year_text = f"{year:04d}" if year is not None else "XXXX"
        return DateValue(f"{year_text}-{code}{number}", granularity)

    return resolve_period


def _period_number(cap: dict[str, str], capture: str) -> tuple[int | None, int | None]:
    year = int(cap["YEAR"]) if "YEAR" in cap else None
    if "QTOKEN" in cap:
        token = cap["QTOKEN"]
        digits = token[2:]
        year = int(digits) + 2000 if len(digits) == 2 else int(digits)
        return int(token[0]), year
    for name in (capture, "QT", "HORDF"):
        if name in cap:
            return int(cap[name]), year
    return None, year


def _anaphora(
    rule: DateRule, cap: dict[str, str], ctx: DateContext, future: bool
) -> DateValue | None:
    prev = ctx.previous
    unit = rule.unit or "year"
    unknown = {"year": "XXXX", "month": "XXXX-XX", "day": "XXXX-XX-XX"}[unit]
    if prev is None:
        return DateValue(unknown, unit)
    year = prev.value[:4]
    if unit == "year":
        return DateValue(year, "year")
    if unit == "month":
        month = prev.value[5:7] if prev.granularity in ("day", "month") else "XX"
        return DateValue(f"{year}-{month}", "month")
    if prev.granularity == "day":
        return DateValue(prev.value, "day")
    return DateValue(unknown, "day")


def _offset_amount(rule: DateRule, cap: dict[str, str]) -> int:
    if isinstance(rule.offset, int):
        return rule.offset
    if isinstance(rule.offset, str) and rule.offset.endswith("COUNT") and "COUNT" in cap:
        return -int(cap["COUNT"]) if rule.offset.startswith("-") else int(cap["COUNT"])
    return 0


def _context_year(ctx: DateContext, month: int, day: int, future: bool) -> int | None:
    """The year of a year-less date: the publication year, shifted by tense."""
    pub = ctx.published
    if pub is None:
        return ctx.last_year
    later = (month, day) > (pub.month, pub.day) if day > 1 else month > pub.month
    earlier = (month, day) < (pub.month, pub.day) if day > 1 else month < pub.month
    if later and not future:
        return pub.year - 1
    if earlier and future:
        return pub.year + 1
    return pub.year


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


_RESOLVERS = {
    "calendar": _calendar,
    "offset": _offset,
    "weekday": _weekday,
    "quarter": _period(3, "Q", "QORD", "quarter"),
    "half": _period(6, "H", "HORD", "half"),
    "anaphora": _anaphora,
}
