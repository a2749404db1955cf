"""The library entry point: `Extractor().extract(text, published=...)`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from spacy.language import Language

from extractor.errors import ConfigError
from extractor.output import doc_to_result
from extractor.pipeline import load, model_name
from extractor.readers import Article
from extractor.records import ArticleResult
from extractor.version import __version__


class Extractor:
    """Deals, companies, amounts, percentages and dates from Spanish news.

    The spaCy pipeline loads on first use: the best installed Spanish model
    (lg > md > sm), the one named, or a blank pipeline with `model="blank"`.
    """

    def __init__(self, model: str | None = None, *, nlp: Language | None = None) -> None:
        self._model = model
        self._nlp = nlp

    @property
    def nlp(self) -> Language:
        """The loaded spaCy pipeline with our components."""
        if self._nlp is None:
            self._nlp = load(self._model)
        return self._nlp

    @property
    def model_name(self) -> str:
        """Provenance name of the statistical model ("blank" when none)."""
        return model_name(self.nlp)

    def extract(
        self,
        text: str,
        published: str | dt.date | None = None,
        *,
        id: str | None = None,
        title: str | None = None,
    ) -> ArticleResult:
        """Extract everything from one article body.

        Raises:
            ConfigError: `published` is not an ISO date.
        """
        article = Article(text=text, id=id, title=title, published=_iso(published))
        return next(self.extract_many([article]))

    def extract_many(
        self, articles: Iterable[Article], *, batch_size: int = 16, n_process: int = 1
    ) -> Iterator[ArticleResult]:
        """Stream results for many articles, in input order."""
        nlp = self.nlp
        name = model_name(nlp)
        pairs = ((_prepare(nlp, a), a) for a in articles)
        docs = nlp.pipe(
            ((doc, a) for doc, a in pairs),
            as_tuples=True,
            batch_size=batch_size,
            n_process=n_process,
        )
        for doc, article in docs:
            yield doc_to_result(
                doc, model=name, version=__version__, id=article.id, title=article.title
            )


def _prepare(nlp: Language, article: Article) -> object:
    doc = nlp.make_doc(article.text)
    doc._.published = article.published
    return doc


def _iso(published: str | dt.date | None) -> str | None:
    if published is None or isinstance(published, dt.date):
        return published.isoformat() if published else None
    try:
        return dt.date.fromisoformat(published.strip()[:10]).isoformat()
    except ValueError as exc:
        raise ConfigError(f"published {published!r} is not an ISO date YYYY-MM-DD") from exc
