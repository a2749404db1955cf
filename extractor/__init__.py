"""Business deals from Spanish-language news, as validated records.

>>> from extractor import Extractor
>>> result = Extractor(model="blank").extract("Google compró Wiz por 32.000 millones de dólares.")
>>> result.amounts[0].value, result.amounts[0].currency
(Decimal('32000000000'), 'USD')

Names load on first use, so `import extractor.scoring` (or records, gold)
does not import spaCy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from extractor.version import __version__

_EXPORTS = {
    "Extractor": "extractor.api",
    "load": "extractor.pipeline",
    "Article": "extractor.readers",
    "read_article": "extractor.readers",
    "ArticleResult": "extractor.records",
    "Deal": "extractor.records",
    "Money": "extractor.records",
    "GoldArticle": "extractor.gold",
    "load_gold": "extractor.gold",
    "evaluate": "extractor.scoring",
    "EvaluationReport": "extractor.scoring",
    "ExtractorError": "extractor.errors",
    "ConfigError": "extractor.errors",
    "RuleFileError": "extractor.errors",
    "ArticleReadError": "extractor.errors",
    "GoldFileError": "extractor.errors",
}

__all__ = [
    "Article",
    "ArticleReadError",
    "ArticleResult",
    "ConfigError",
    "Deal",
    "EvaluationReport",
    "Extractor",
    "ExtractorError",
    "GoldArticle",
    "GoldFileError",
    "Money",
    "RuleFileError",
    "__version__",
    "evaluate",
    "load",
    "load_gold",
    "read_article",
]

if TYPE_CHECKING:
    from extractor.api import Extractor
    from extractor.errors import (
        ArticleReadError,
        ConfigError,
        ExtractorError,
        GoldFileError,
        RuleFileError,
    )
    from extractor.gold import GoldArticle, load_gold
    from extractor.pipeline import load
    from extractor.readers import Article, read_article
    from extractor.records import ArticleResult, Deal, Money
    from extractor.scoring import EvaluationReport, evaluate


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'extractor' has no attribute {name!r}")
