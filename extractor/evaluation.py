"""Running the extractor over a gold folder and scoring it (the `eval` command's library side)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from extractor.errors import GoldFileError
from extractor.gold import GoldArticle, iter_gold_files, load_gold
from extractor.readers import Article, read_article
from extractor.records import ArticleResult
from extractor.scoring import EvaluationReport, evaluate_pairs, read_predictions

if TYPE_CHECKING:
    from extractor.api import Extractor


@dataclass(frozen=True)
class EvaluatedArticle:
    """One gold article, its text, and what was predicted for it."""

    gold: GoldArticle
    article: Article
    predicted: ArticleResult | None


def iter_gold_articles(gold_dir: str | Path) -> Iterator[tuple[GoldArticle, Article]]:
    """Every gold file with the article next to it (`<id>.txt` or `<id>.md`).

    Raises:
        GoldFileError: a gold file with no article beside it.
    """
    for path in iter_gold_files(gold_dir):
        gold = load_gold(path)
        stem = path.name.removesuffix(".gold.json")
        article_path = next(
            (
                p
                for p in (path.with_name(stem + ".txt"), path.with_name(stem + ".md"))
                if p.exists()
            ),
            None,
        )
        if article_path is None:
            raise GoldFileError(f"{path}: no article {stem}.txt or {stem}.md next to it")
        yield gold, read_article(article_path, id=gold.id)


def evaluate_dir(
    gold_dir: str | Path,
    *,
    pred: str | Path | None = None,
    model: str | None = None,
    extractor: Extractor | None = None,
) -> tuple[EvaluationReport, list[EvaluatedArticle]]:
    """Score saved predictions (`pred`, JSONL) or fresh ones against `gold_dir`.

    Args:
        gold_dir: a folder of `<id>.txt` (or `.md`) articles with `<id>.gold.json` beside them.
        pred: saved predictions (JSONL); when None the extractor runs on the articles.
        model: the spaCy model to extract with (see `Extractor`); ignored with `pred`
            or `extractor`.
        extractor: an already loaded extractor to reuse across calls.
    """
    pairs = list(iter_gold_articles(gold_dir))
    if pred is not None:
        saved = read_predictions(pred)
        predicted = [saved.get(g.id) for g, _ in pairs]
    else:
        if extractor is None:
            from extractor.api import Extractor

            extractor = Extractor(model)
        predicted = list(extractor.extract_many(a for _, a in pairs))
    items = [EvaluatedArticle(g, a, p) for (g, a), p in zip(pairs, predicted, strict=True)]
    report = evaluate_pairs(
        (i.gold, i.predicted if i.predicted is not None else _empty(i.gold.id, model))
        for i in items
    )
    return report, items


def _empty(article_id: str, model: str | None) -> ArticleResult:
    from extractor.version import __version__

    return ArticleResult(id=article_id, model=model or "none", extractor_version=__version__)
