"""A plain view of an annotated article: what deal assembly reads.

The spaCy component builds it from a Doc; tests can build it by hand. Token
positions are indices into `tokens`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


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

    def char_span(self, start: int, end: int) -> tuple[int, int]:
        """Character offsets of tokens `[start, end)`."""
        first = self.tokens[start]
        last = self.tokens[end - 1]
        return first.start_char, last.start_char + len(last.text)
