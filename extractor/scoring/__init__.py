"""Scoring of predictions against gold files (ANNOTATION.md §3); imports no spaCy.

>>> from extractor.scoring import normalize_name
>>> normalize_name("Telefónica S.A.") == normalize_name("TELEFONICA")
True
"""

from extractor.scoring.align import NameMatcher, align, max_weight_matching, normalize_name
from extractor.scoring.metrics import (
    ArticleScore,
    evaluate,
    evaluate_pairs,
    read_predictions,
    score_article,
)
from extractor.scoring.report import (
    AttributeCount,
    ErrorRecord,
    EvaluationReport,
    FieldScore,
    TypeScore,
)

__all__ = [
    "ArticleScore",
    "AttributeCount",
    "ErrorRecord",
    "EvaluationReport",
    "FieldScore",
    "NameMatcher",
    "TypeScore",
    "align",
    "evaluate",
    "evaluate_pairs",
    "max_weight_matching",
    "normalize_name",
    "read_predictions",
    "score_article",
]
