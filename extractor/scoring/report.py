"""The evaluation report: pydantic models that `evaluate` returns and the CLI prints.

The models hold figures only; `extractor.scoring.metrics` computes them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

ErrorKind = Literal["FN", "FP", "WRONG_ATTR"]

MENTION_FIELDS: tuple[str, ...] = ("amounts", "percentages", "dates")
DEAL_TYPES: tuple[str, ...] = ("investment", "acquisition", "stake", "merger", "contract")
DEAL_STATUSES: tuple[str, ...] = ("potential", "agreed", "completed", "cancelled")
# Row/column label of the type confusion matrix for a missed or spurious deal.
NONE_LABEL = "none"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldScore(_Model):
    """Precision, recall and F1 of one field, with the counts they come from.

    A ratio whose denominator is 0 is 1.0 when gold and prediction are both
    empty (nothing to find, nothing claimed) and 0.0 otherwise.
    """

    precision: float
    recall: float
    f1: float
    tp: int
    fp: int
    fn: int


class AttributeCount(_Model):
    """How many matched deal pairs got one attribute right, out of how many."""

    correct: int
    total: int


class TypeScore(FieldScore):
    """The deal figures restricted to one deal type."""

    exact_deals: float
    exact_deal_count: int
    deal_attributes: dict[str, float]


class ErrorRecord(_Model):
    """One scoring error, for reading rather than counting.

    `field` is the scored field ("companies", "amounts", "deals", ...), or
    "<field>.<attribute>" for a WRONG_ATTR ("deals.amount", "amounts.text").
    `expected` and `got` are readable renderings of the gold and predicted
    values; `gold_index`/`pred_index` point into the article's gold and
    predicted lists of that field.
    """

    kind: ErrorKind
    article_id: str
    field: str
    expected: str | None = None
    got: str | None = None
    evidence: str = ""
    gold_index: int | None = None
    pred_index: int | None = None


class EvaluationReport(_Model):
    """Corpus-level scores: counts summed over articles, then P/R/F1 (micro average).

    Mentions (`amounts`, `percentages`, `dates`) match by value; the `_strict`
    figures also require the same `text`. Deal attributes and `exact_deals`
    are over matched, non-optional deal pairs; `exact_deals` is the share of
    non-optional gold deals matched with every attribute right.
    `confusion_type[gold][pred]` counts deals aligned on target and buyers
    alone ("none" for a miss or a spurious deal); `confusion_status[gold][pred]`
    counts the statuses of matched pairs.
    """

    articles: int
    companies: FieldScore
    amounts: FieldScore
    percentages: FieldScore
    dates: FieldScore
    deals: FieldScore
    amounts_strict: FieldScore
    percentages_strict: FieldScore
    dates_strict: FieldScore
    exact_deals: float
    exact_deal_count: int
    deal_attributes: dict[str, float]
    deal_attribute_counts: dict[str, AttributeCount]
    per_type: dict[str, TypeScore]
    confusion_type: dict[str, dict[str, int]]
    confusion_status: dict[str, dict[str, int]]
    errors: list[ErrorRecord]
    missing_predictions: list[str] = []
    ignored_predictions: list[str] = []

    def to_summary_json(self, indent: int | None = 2) -> str:
        """The whole report as JSON; figures sit at the top level."""
        return self.model_dump_json(indent=indent)

    def headline(self) -> dict[str, float]:
        """Every headline figure under a flat dotted key, e.g. `"deals.f1"`."""
        figures: dict[str, float] = {}
        for name in (
            "companies",
            *MENTION_FIELDS,
            *(f"{m}_strict" for m in MENTION_FIELDS),
            "deals",
        ):
            score: FieldScore = getattr(self, name)
            figures[f"{name}.precision"] = score.precision
            figures[f"{name}.recall"] = score.recall
            figures[f"{name}.f1"] = score.f1
        figures["exact_deals"] = self.exact_deals
        for attribute, accuracy in self.deal_attributes.items():
            figures[f"deal_attributes.{attribute}"] = accuracy
        return figures
