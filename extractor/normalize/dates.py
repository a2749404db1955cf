"""Date expressions: find them in tokens and resolve them to ISO values.

Values keep their own granularity ("2025", "2025-03", "2025-03-14",
"2025-Q1", "2025-H2"); what the text leaves unknown is written `X`. Relative
and year-less expressions resolve from the publication date, or else from the
nearest earlier explicit year in the article (ANNOTATION.md §2).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from extractor.normalize.patterns import (
    Pattern,
    PatternMatch,
    PatternSet,
    TokenClass,
    compile_pattern,
    make_context,
)
from extractor.rules import RuleModel, load_yaml_model

Granularity = Literal["day", "month", "quarter", "half", "year"]
Kind = Literal[
    "calendar",
    "numeric",
    "offset",
    "weekday",
    "week_weekday",
    "nth_weekday",
    "month_relative",
    "quarter",
    "half",
    "anaphora",
]
Unit = Literal["day", "month", "year"]
Direction = Literal["past", "future", "nearest"]

YEAR_WINDOW = 20  # a two-digit year is the latest one no more than this after the base year
_NUMERIC_SPLIT = re.compile(r"[/.\-~,]")


class DateClassRule(RuleModel):
    """A token class: a regex, words with canonical values, or both; minus `exclude`."""

    regex: str | None = None
    words: dict[str, list[str]] = {}
    exclude: list[str] = []


class DateRule(RuleModel):
    """One date pattern with how it resolves and a self-checking example.

    `example` is a text in which the pattern matches `match` (the whole
    example when `match` is not given); `after`, `not_after`, `before` and
    `not_before` are context conditions (see `extractor.normalize.patterns`).
    """

    id: str
    pattern: str
    kind: Kind
    unit: Unit | None = None
    offset: int | str | None = None
    direction: Direction | None = None
    after: list[str] = []
    not_after: list[str] = []
    before: list[str] = []
    not_before: list[str] = []
    example: str
    match: str | None = None
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
    previous_month: DateValue | None = None
    previous_day: DateValue | None = None


@dataclass(frozen=True)
class DateGrammar:
    """Compiled date rules."""

    patterns: PatternSet
    rules: dict[str, DateRule]
    month_words: dict[str, int]
    future_words: frozenset[str]
    future_endings: tuple[str, ...]
    not_future: frozenset[str]
    past_words: frozenset[str]
    past_endings: tuple[str, ...]


@cache
def date_grammar() -> DateGrammar:
    """Load and compile `dates.yaml` once."""
    data = load_yaml_model("dates.yaml", DatesFile)
    classes = {
        name: TokenClass(
            name=name,
            words={w.lower(): value for value, forms in rule.words.items() for w in forms},
            regex=re.compile(rule.regex, re.IGNORECASE) if rule.regex else None,
            exclude=frozenset(w.lower() for w in rule.exclude),
        )
        for name, rule in data.classes.items()
    }
    compiled: list[Pattern] = [
        compile_pattern(
            r.id,
            r.pattern,
            classes,
            make_context(
                after=r.after, not_after=r.not_after, before=r.before, not_before=r.not_before
            ),
        )
        for r in data.patterns
    ]
    cues = data.future_cues
    months = {**classes["MONTH"].words, **classes["MABBR"].words}
    return DateGrammar(
        patterns=PatternSet(compiled),
        rules={r.id: r for r in data.patterns},
        month_words={word.rstrip("."): int(value) for word, value in months.items()},
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


_IN_CALENDAR = re.compile(r"^(X{4}|(?!0000)\d{4})(-|$)")


def resolve(match: PatternMatch, context: DateContext, future: bool = False) -> DateValue | None:
    """Resolve a matched date expression and update `context` for the next one.

    >>> ctx = DateContext(published=dt.date(2025, 2, 25))
    >>> resolve(next(iter(scan_dates(["ayer"]))), ctx).value
    '2025-02-24'
    """
    rule = date_grammar().rules[match.rule_id]
    try:
        value = _RESOLVERS[rule.kind](rule, match.captures, context, future)
    except (OverflowError, ValueError):
        return None  # "ayer" published on 0001-01-01: outside the calendar
    if value is not None and not _IN_CALENDAR.match(value.value):
        return None  # "el próximo año" published on 9999-12-31
    if value is not None:
        context.previous = value
        if value.granularity in ("month", "day"):
            context.previous_month = value
        if value.granularity == "day":
            context.previous_day = value
    return value


def _calendar(
    rule: DateRule, cap: dict[str, str], ctx: DateContext, future: bool
) -> DateValue | None:
    month = _month(cap)
    day = _day(cap)
    year = _year(cap, ctx)
    if day is None and "DAYTENS" in cap:
        return None
    if year is not None:
        ctx.last_year = year
    elif rule.offset is not None and month is not None:
        if ctx.published is None:
            return DateValue(f"XXXX-{month:02d}", "month")
        year = ctx.published.year + _offset_amount(rule, cap)
    elif month is not None:
        year = _context_year(ctx, month, day or 1, future)
    elif day is not None:
        return _day_of_month(day, rule.direction, ctx, future)
    return _calendar_value(year, month, day)


def _calendar_value(year: int | None, month: int | None, day: int | None) -> DateValue | None:
    year_text = f"{year:04d}" if year is not None else "XXXX"
    if month is None:
        return DateValue(year_text, "year") if year is not None else None
    if not 1 <= month <= 12:
        return None
    if day is None:
        return DateValue(f"{year_text}-{month:02d}", "month")
    if not _valid_day(year if year is not None else 2000, month, day):
        return None
    return DateValue(f"{year_text}-{month:02d}-{day:02d}", "day")


def _digits(text: str) -> int | None:
    found = re.search(r"\d+", text)
    return int(found.group()) if found else None


def _month(cap: dict[str, str]) -> int | None:
    for name in ("MONTH", "MABBR", "MONTHNUM", "MONTHSEP"):
        if name in cap:
            return _digits(cap[name])
    if "DAYMON" in cap:
        word = re.split(r"[-/]", cap["DAYMON"], maxsplit=1)[1].rstrip(".")
        return date_grammar().month_words.get(word.lower())
    return None


def _day(cap: dict[str, str]) -> int | None:
    if "DAY" in cap:
        return _digits(cap["DAY"])
    if "DAYMON" in cap:
        return _digits(cap["DAYMON"])
    if "DAYW" in cap:
        day = int(cap["DAYW"]) + int(cap.get("DAYTENS", 0))
        if "DAYTENS" in cap and int(cap["DAYW"]) > 9:
            return None
        return day
    return None


def _year(cap: dict[str, str], ctx: DateContext) -> int | None:
    for name in ("YEAR", "SEPYEAR"):
        if name in cap:
            return _digits(cap[name])
    if "YEAR2" in cap:
        short = _digits(cap["YEAR2"])
        return full_year(short, _base_year(ctx)) if short is not None else None
    return None


def _base_year(ctx: DateContext) -> int:
    if ctx.published is not None:
        return ctx.published.year
    return ctx.last_year or 2000


def full_year(short: int, base: int) -> int:
    """The four-digit year of a two-digit one: the latest not over `YEAR_WINDOW` after `base`.

    >>> full_year(27, 2016), full_year(71, 2016), full_year(99, 2000), full_year(5, 2025)
    (2027, 1971, 1999, 2005)
    """
    year = base // 100 * 100 + short
    if year > base + YEAR_WINDOW:
        year -= 100
    elif year <= base + YEAR_WINDOW - 100:
        year += 100
    return year


def _day_of_month(
    day: int, direction: Direction | None, ctx: DateContext, future: bool
) -> DateValue | None:
    """Day `day` of the publication month, or of the month before or after it."""
    pub = ctx.published
    if not 1 <= day <= 31:
        return None
    if pub is None:
        return DateValue(f"XXXX-XX-{day:02d}", "day")
    if direction in (None, "nearest"):
        step = 1 if future else -1
        shift = 0 if (day >= pub.day if future else day <= pub.day) else step
    elif direction == "future":
        step, shift = 1, 0 if day > pub.day else 1
    else:
        step, shift = -1, 0 if day < pub.day else -1
    for _ in range(3):  # skip months too short for the day ("el 31")
        index = pub.year * 12 + pub.month - 1 + shift
        year, month = index // 12, index % 12 + 1
        if _valid_day(year, month, day):
            return DateValue(f"{year:04d}-{month:02d}-{day:02d}", "day")
        shift += step
    return None


def parse_numeric_date(text: str) -> tuple[str | None, int, int | None] | None:
    """Year digits (or None), month and day (or None) of a date written in digits.

    Day before month, as Spanish writes it; month first only when that is
    the one possible reading ("4/22"); a four-digit first part is the year.

    >>> parse_numeric_date("22/02/2016"), parse_numeric_date("9-18-15")
    (('2016', 2, 22), ('15', 9, 18))
    >>> parse_numeric_date("2015.5.13"), parse_numeric_date("11/2016"), parse_numeric_date("4/22")
    (('2015', 5, 13), ('2016', 11, None), (None, 4, 22))
    >>> parse_numeric_date("31/02/2016") is None
    True
    """
    parts = _NUMERIC_SPLIT.split(text)
    if not all(p.isdigit() for p in parts) or len(parts) not in (2, 3):
        return None
    if len(parts) == 2:
        first, second = parts
        if len(first) == 4:
            return (first, int(second), None) if 1 <= int(second) <= 12 else None
        if len(second) == 4:
            return (second, int(first), None) if 1 <= int(first) <= 12 else None
        year, day, month = None, int(first), int(second)
    elif len(parts[0]) == 4:
        year, month, day = parts[0], int(parts[1]), int(parts[2])
        return (year, month, day) if _valid_day(int(year), month, day) else None
    else:
        year, day, month = parts[2], int(parts[0]), int(parts[1])
    leap = int(year) if year is not None and len(year) == 4 else 2000
    if not (1 <= month <= 12 and _valid_day(leap, month, day)):
        day, month = month, day
        if not (1 <= month <= 12 and _valid_day(leap, month, day)):
            return None
    return year, month, day


def _numeric(
    rule: DateRule, cap: dict[str, str], ctx: DateContext, future: bool
) -> DateValue | None:
    token = next((cap[n] for n in ("NUMDATE", "NUMDM", "NUMDM_SEP", "NUMMY") if n in cap), "")
    parsed = parse_numeric_date(token)
    if parsed is None:
        return None
    digits, month, day = parsed
    year: int | None
    if digits is not None:
        year = int(digits) if len(digits) == 4 else full_year(int(digits), _base_year(ctx))
        ctx.last_year = year
    else:
        year = _context_year(ctx, month, day or 1, future)
    return _calendar_value(year, month, day)


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


def _week_weekday(
    rule: DateRule, cap: dict[str, str], ctx: DateContext, future: bool
) -> DateValue | None:
    """The WEEKDAY of the week (Monday first) `offset` weeks from publication."""
    pub = ctx.published
    if pub is None:
        return DateValue("XXXX-XX-XX", "day")
    monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=_offset_amount(rule, cap))
    return DateValue((monday + dt.timedelta(days=int(cap["WEEKDAY"]))).isoformat(), "day")


def _nth_weekday(
    rule: DateRule, cap: dict[str, str], ctx: DateContext, future: bool
) -> DateValue | None:
    """The first ... fourth or last WEEKDAY of a month."""
    pub = ctx.published
    month = _month(cap)
    year = _year(cap, ctx)
    if month is None:
        if pub is None:
            return DateValue("XXXX-XX-XX", "day")
        index = pub.year * 12 + pub.month - 1 + _offset_amount(rule, cap)
        year, month = index // 12, index % 12 + 1
    elif year is not None:
        ctx.last_year = year
    else:
        year = _context_year(ctx, month, 1, future)
    if year is None:
        return DateValue(f"XXXX-{month:02d}-XX", "day")
    found = nth_weekday(year, month, int(cap["WEEKDAY"]), int(cap["NTH"]))
    return DateValue(found.isoformat(), "day") if found else None


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date | None:
    """The `nth` (1-5, or -1 for the last) `weekday` (Monday 0) of a month.

    >>> nth_weekday(2017, 7, 4, 1), nth_weekday(2025, 3, 0, -1), nth_weekday(2025, 2, 0, 5)
    (datetime.date(2017, 7, 7), datetime.date(2025, 3, 31), None)
    """
    if nth == -1:
        last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
    first = dt.date(year, month, 1)
    found = first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    return found if found.month == month else None


def _month_relative(
    rule: DateRule, cap: dict[str, str], ctx: DateContext, future: bool
) -> DateValue | None:
    """MONTH of the publication year, or its next or last occurrence."""
    month = _month(cap)
    pub = ctx.published
    if month is None:
        return None
    if pub is None:
        return DateValue(f"XXXX-{month:02d}", "month")
    year = pub.year
    if rule.direction == "future" and month <= pub.month:
        year += 1
    elif rule.direction == "past" and month >= pub.month:
        year -= 1
    return DateValue(f"{year:04d}-{month:02d}", "month")


Resolver = Callable[[DateRule, dict[str, str], DateContext, bool], DateValue | None]


def _period(size: int, code: str, capture: str, granularity: Granularity) -> Resolver:
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
    for token_class in ("QTOKEN", "HTOKEN"):
        if token_class in cap:
            token = cap[token_class]
            digits = token[2:]
            year = int(digits) + 2000 if len(digits) == 2 else int(digits)
            return int(token[0]), year
    for name in (capture, "QT", "HORDF", "HT"):
        if name in cap:
            return int(cap[name]), year
    return None, year


def _anaphora(
    rule: DateRule, cap: dict[str, str], ctx: DateContext, future: bool
) -> DateValue | None:
    unit = rule.unit or "year"
    if unit == "day" and rule.offset is not None:
        return _day_after(_offset_amount(rule, cap), ctx)
    prev = {"year": ctx.previous, "month": ctx.previous_month, "day": ctx.previous_day}[unit]
    unknown = {"year": "XXXX", "month": "XXXX-XX", "day": "XXXX-XX-XX"}[unit]
    if prev is None and unit == "month" and ctx.previous is not None:
        return DateValue(f"{ctx.previous.value[:4]}-XX", "month")  # only a year before
    if prev is None:
        return DateValue(unknown, unit)
    year = prev.value[:4]
    if unit == "year":
        return DateValue(year, "year")
    if unit == "month":
        return DateValue(f"{year}-{prev.value[5:7]}", "month")
    return DateValue(prev.value, "day")


def _day_after(days: int, ctx: DateContext) -> DateValue:
    """`days` from the previous day mentioned ("al día siguiente"), else from publication."""
    prev = ctx.previous_day
    if prev is not None and "X" not in prev.value:
        base = dt.date.fromisoformat(prev.value)
    elif ctx.published is not None:
        base = ctx.published
    else:
        return DateValue("XXXX-XX-XX", "day")
    return DateValue((base + dt.timedelta(days=days)).isoformat(), "day")


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


_RESOLVERS: dict[str, Resolver] = {
    "calendar": _calendar,
    "numeric": _numeric,
    "offset": _offset,
    "weekday": _weekday,
    "week_weekday": _week_weekday,
    "nth_weekday": _nth_weekday,
    "month_relative": _month_relative,
    "quarter": _period(3, "Q", "QORD", "quarter"),
    "half": _period(6, "H", "HORD", "half"),
    "anaphora": _anaphora,
}
