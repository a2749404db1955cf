"""A plain view of an annotated article: what deal assembly reads.

The spaCy component builds it from a Doc; tests can build it by hand. Token
positions are indices into `tokens`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol, TypeVar


@dataclass(frozen=True)
class Token:
    """A token and what the pipeline knows of its tense (None when nothing)."""

    text: str
    start_char: int
    tense: str | None = None

    @property
    def lower(self) -> str:
        """The token in lower case."""
        return self.text.lower()


@dataclass(frozen=True)
class CompanyRef:
    """A company mention at tokens `[start, end)`, by its company's name."""

    start: int
    end: int
    name: str


@dataclass(frozen=True)
class MoneyRef:
    """A money mention."""

    start: int
    end: int
    value: Decimal
    currency: str | None
    qualifier: str
    value_max: Decimal | None = None


@dataclass(frozen=True)
class PercentRef:
    """A percentage mention; `fraction` for "la mitad"-like ones, kept only as stakes."""

    start: int
    end: int
    value: Decimal
    fraction: bool = False


@dataclass(frozen=True)
class DateRef:
    """A resolved date mention."""

    start: int
    end: int
    value: str


class _Located(Protocol):
    start: int
    end: int


L = TypeVar("L", bound=_Located)


def within(items: Sequence[L], starts: Sequence[int], start: int, end: int) -> list[L]:
    """The items of a start-sorted list lying inside tokens `[start, end)` (binary search)."""
    out = []
    for k in range(bisect_left(starts, start), len(items)):
        item = items[k]
        if item.start >= end:
            break
        if item.end <= end:
            out.append(item)
    return out


@dataclass
class ArticleView:
    """Tokens, sentences and mentions of one article."""

    text: str
    tokens: list[Token]
    sentences: list[tuple[int, int]]
    companies: list[CompanyRef] = field(default_factory=list)
    money: list[MoneyRef] = field(default_factory=list)
    percents: list[PercentRef] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)
    others: list[tuple[int, int]] = field(default_factory=list)  # people, public bodies

    def __post_init__(self) -> None:
        for items in (self.companies, self.money, self.percents, self.dates):
            items.sort(key=lambda m: m.start)
        self.others.sort()
        self._starts = {
            "companies": [c.start for c in self.companies],
            "money": [m.start for m in self.money],
            "percents": [p.start for p in self.percents],
            "dates": [d.start for d in self.dates],
        }
        self.in_percent = [False] * len(self.tokens)
        self.in_money = [False] * len(self.tokens)
        self.in_date = [False] * len(self.tokens)
        marks = ((self.in_percent, self.percents), (self.in_money, self.money))
        for flags, items in (*marks, (self.in_date, self.dates)):
            for m in items:
                for i in range(m.start, min(m.end, len(flags))):
                    flags[i] = True
        self.company_at: dict[int, CompanyRef] = {c.start: c for c in self.companies}

    def companies_in(self, start: int, end: int) -> list[CompanyRef]:
        """Company mentions inside tokens `[start, end)`."""
        return within(self.companies, self._starts["companies"], start, end)

    def money_in(self, start: int, end: int) -> list[MoneyRef]:
        """Money mentions inside tokens `[start, end)`."""
        return within(self.money, self._starts["money"], start, end)

    def percents_in(self, start: int, end: int) -> list[PercentRef]:
        """Percentages inside tokens `[start, end)`."""
        return within(self.percents, self._starts["percents"], start, end)

    def dates_in(self, start: int, end: int) -> list[DateRef]:
        """Date mentions inside tokens `[start, end)`."""
        return within(self.dates, self._starts["dates"], start, end)

    def companies_before(self, pos: int, limit: int = 400) -> Iterator[CompanyRef]:
        """Company mentions starting before token `pos`, nearest first (at most `limit`)."""
        k = bisect_left(self._starts["companies"], pos)
        for i in range(k - 1, max(-1, k - 1 - limit), -1):
            yield self.companies[i]

    def others_in(self, start: int, end: int) -> list[tuple[int, int]]:
        """People and public bodies named inside tokens `[start, end)`."""
        k = bisect_left(self.others, (start, -1))
        out = []
        for s, e in self.others[k:]:
            if s >= end:
                break
            if e <= end:
                out.append((s, e))
        return out

    def char_span(self, start: int, end: int) -> tuple[int, int]:
        """Character offsets of tokens `[start, end)`."""
        first = self.tokens[start]
        last = self.tokens[end - 1]
        return first.start_char, last.start_char + len(last.text)
