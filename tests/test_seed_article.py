"""The user's own example article: every non-optional gold deal, every attribute right."""

from pathlib import Path
from typing import Any

import pytest

from extractor.gold import load_gold
from extractor.readers import read_article
from extractor.scoring import score_article

SEED = Path(__file__).resolve().parents[2] / "shared" / "corpus-dev" / "seed-amazon-openai.txt"

pytestmark = pytest.mark.skipif(not SEED.exists(), reason="../shared/corpus-dev is not here")


def _check_seed(extractor: Any) -> None:
    article = read_article(SEED)
    gold = load_gold(SEED.with_name("seed-amazon-openai.gold.json"))
    result = extractor.extract(article.text, article.published, id=article.id)
    score = score_article(gold, result)
    required = [d for d in gold.deals if not d.optional]
    exact = [p for p in score.deal_pairs if not p.optional and p.exact]
    missed = [e for e in score.errors if e.field.startswith("deals")]
    assert len(exact) == len(required), [(e.kind, e.field, e.expected, e.got) for e in missed]


def test_seed_article_every_required_deal_exact_with_the_default_model(extractor_full: Any) -> None:
    _check_seed(extractor_full)


def test_seed_article_every_required_deal_exact_without_a_model(extractor_rules: Any) -> None:
    _check_seed(extractor_rules)
