"""From an annotated Doc to the `ArticleResult` record (pydantic, validated)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from spacy.tokens import Doc

from extractor.extensions import COMPANY, DATE, MONEY, PERCENT
from extractor.records import (
    AmountMention,
    ArticleResult,
    CompanyMention,
    CompanyRecord,
    DateMention,
    Deal,
    PercentageMention,
)


def doc_to_result(
    doc: Doc,
    *,
    model: str,
    version: str,
    id: str | None = None,
    title: str | None = None,
) -> ArticleResult:
    """The record of one processed article; offsets refer to `doc.text`."""
    return ArticleResult(
        id=id,
        title=title,
        published=doc._.published,
        companies=[_company(c) for c in doc._.companies or []],
        amounts=[
            AmountMention(
                text=s.text,
                value=Decimal(s._.value),
                currency=s._.currency,
                value_max=Decimal(s._.value_max) if s._.value_max else None,
                qualifier=s._.qualifier or "exact",
                start=s.start_char,
                end=s.end_char,
                rule_id=s._.rule_id,
            )
            for s in doc.spans.get(MONEY, [])
        ],
        percentages=[
            PercentageMention(
                text=s.text,
                value=Decimal(s._.value),
                start=s.start_char,
                end=s.end_char,
                rule_id=s._.rule_id,
            )
            for s in doc.spans.get(PERCENT, [])
        ],
        dates=[
            DateMention(
                text=s.text,
                value=s._.value,
                granularity=s._.granularity,
                start=s.start_char,
                end=s.end_char,
                rule_id=s._.rule_id,
            )
            for s in doc.spans.get(DATE, [])
        ],
        deals=[Deal.model_validate(d) for d in doc._.deals or []],
        model=model,
        extractor_version=version,
    )


def _company(raw: dict[str, Any]) -> CompanyRecord:
    return CompanyRecord(
        name=raw["name"],
        aliases=raw["aliases"],
        mentions=[CompanyMention.model_validate(m) for m in raw["mentions"]],
        evidence=raw["evidence"],
    )


__all__ = ["doc_to_result", "COMPANY"]
