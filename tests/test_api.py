"""`Extractor.extract_many`: one failing article never ends the stream."""

from __future__ import annotations

import logging

import pytest

from extractor.api import Extractor
from extractor.readers import Article

ARTICLES = [
    Article(text="Prosus compró Just Eat Takeaway por 4.100 millones de euros.", id="a"),
    Article(text="BOOM. Telefónica vendió su filial por 300 millones de euros.", id="b"),
    Article(text="Iberdrola adquirió el 8% de Avangrid por 2.550 millones de dólares.", id="c"),
]


@pytest.mark.parametrize("n_process", [1, 2])
def test_extract_many_reports_a_failing_article_and_goes_on(
    boom_extractor: Extractor, n_process: int
) -> None:
    failed: list[tuple[str | None, str]] = []
    results = boom_extractor.extract_many(
        ARTICLES, n_process=n_process, batch_size=1, on_error=lambda a, r: failed.append((a.id, r))
    )
    assert [r.id for r in results] == ["a", "c"]
    assert failed == [("b", "component test_boom failed: ValueError: boom")]


def test_extract_many_without_on_error_gives_an_empty_result(
    boom_extractor: Extractor, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="extractor"):
        results = list(boom_extractor.extract_many(ARTICLES))
    assert [r.id for r in results] == ["a", "b", "c"]
    assert results[1].amounts == []
    assert results[2].amounts
    assert "article b: component test_boom failed: ValueError: boom" in caplog.text


def test_extract_long_chunked_article_fails_whole_naming_the_chunk(
    boom_extractor: Extractor,
) -> None:
    article = Article(text="Uno dos tres. " * 20 + "BOOM. " + "Cuatro cinco. " * 20, id="long")
    extractor = Extractor(nlp=boom_extractor.nlp, chunk_chars=100)
    failed: list[str] = []
    results = list(extractor.extract_many([article], on_error=lambda a, r: failed.append(r)))
    assert results == []
    (reason,) = failed
    assert reason.startswith("component test_boom failed: ValueError: boom (chunk ")


def test_extract_text_the_tokenizer_refuses_gives_an_empty_result(
    extractor_rules: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(text: str) -> None:
        raise UnicodeEncodeError("utf-8", text, 0, 1, "surrogates not allowed")

    monkeypatch.setattr(extractor_rules.nlp, "make_doc", refuse)
    failed: list[str] = []
    article = Article(text="Amazon invertirá 10 millones de euros en OpenAI", id="a")
    assert (
        list(extractor_rules.extract_many([article], on_error=lambda a, r: failed.append(r))) == []
    )
    assert failed == [
        "tokenizer failed: UnicodeEncodeError: 'utf-8' codec can't encode "
        "character '\\x41' in position 0: surrogates not allowed"
    ]


def test_extract_lone_surrogate_keeps_findings_and_offsets(extractor_rules: Extractor) -> None:
    text = "Amazon invertirá 10 millones de euros en \ud800 OpenAI"
    result = extractor_rules.extract(text)
    (amount,) = result.amounts
    assert text[amount.start : amount.end] == "10 millones de euros"
    assert [c.name for c in result.companies] == ["Amazon", "OpenAI"]
