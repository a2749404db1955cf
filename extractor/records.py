"""Output records: the contract with users, using ANNOTATION.md's field names.

Gold files share the same shapes (see `extractor.gold`); predictions add
character offsets (into the article body), the rule that produced each item
and the evidence sentence of each deal.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer


def _decimal_to_json(value: Decimal) -> int | float:
    # Gold files hold plain JSON numbers; integral amounts stay integers.
    return int(value) if value == value.to_integral_value() else float(value)


Number = Annotated[Decimal, PlainSerializer(_decimal_to_json, return_type=int | float)]

DealType = Literal["investment", "acquisition", "stake", "merger", "contract"]
DealStatus = Literal["potential", "agreed", "completed", "cancelled"]
Qualifier = Literal[
    "exact", "approximately", "up_to", "more_than", "less_than", "at_least", "between"
]
Granularity = Literal["day", "month", "quarter", "half", "year"]

DATE_VALUE_PATTERN = r"^[0-9X]{4}(-(Q[1-4]|H[12]|[0-9X]{2}(-[0-9X]{2})?))?$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Money(_Model):
    """An amount of money: `value` units of ISO `currency` (null when unknown)."""

    value: Number = Field(ge=0)
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    qualifier: Qualifier = "exact"
    value_max: Number | None = None


class Company(_Model):
    """A business organisation under the fullest name the article uses."""

    name: str
    aliases: list[str] = []


class AmountBase(_Model):
    """A money mention as gold files write it."""

    text: str
    value: Number = Field(ge=0)
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    value_max: Number | None = None


class PercentageBase(_Model):
    """A percentage mention as gold files write it."""

    text: str
    value: Number


class DateBase(_Model):
    """A date mention as gold files write it: ISO with its own granularity."""

    text: str
    value: str = Field(pattern=DATE_VALUE_PATTERN)


class DealBase(_Model):
    """A deal as gold files write it."""

    type: DealType
    buyers: list[str] = []
    target: str | None = None
    seller: str | None = None
    amount: Money | None = None
    stake: Number | None = None
    valuation: Money | None = None
    date: str | None = Field(default=None, pattern=DATE_VALUE_PATTERN)
    status: DealStatus
    optional: bool = False
    evidence: str = ""


class Span(_Model):
    """Where a mention sits: character offsets into the article body."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    rule_id: str


class AmountMention(AmountBase, Span):
    """A money amount found in the text, normalised."""

    qualifier: Qualifier = "exact"


class PercentageMention(PercentageBase, Span):
    """A percentage found in the text, normalised."""


class DateMention(DateBase, Span):
    """A date expression found in the text, resolved to ISO."""

    granularity: Granularity


class CompanyMention(Span):
    """One occurrence of a company in the text."""

    text: str


class CompanyRecord(Company):
    """A company with every occurrence and the evidence that made it one."""

    mentions: list[CompanyMention] = []
    evidence: list[str] = []


class Deal(DealBase):
    """A deal with its evidence sentence, offsets and provenance."""

    evidence_start: int = Field(ge=0)
    evidence_end: int = Field(ge=0)
    rule_ids: list[str] = []


class ArticleResult(_Model):
    """Everything extracted from one article."""

    id: str | None = None
    title: str | None = None
    published: str | None = None
    companies: list[CompanyRecord] = []
    amounts: list[AmountMention] = []
    percentages: list[PercentageMention] = []
    dates: list[DateMention] = []
    deals: list[Deal] = []
    model: str
    extractor_version: str
