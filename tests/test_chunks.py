"""Long articles: sentence-aligned chunks, merged results whose offsets fit the whole text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from extractor.api import Extractor
from extractor.chunks import merge_results, split_text
from extractor.records import ArticleResult

CORPUS = Path(__file__).parents[1] / "corpus" / "dev"

SPLIT_CASES = [
    ("Uno dos.\n\nTres cuatro. Cinco seis.", 20, ["Uno dos.\n\n", "Tres cuatro. ", "Cinco seis."]),
    ("Una frase larga. Otra frase larga.", 25, ["Una frase larga. ", "Otra frase larga."]),
    ("palabras sin punto alguno aquí", 12, ["palabras ", "sin punto ", "alguno aquí"]),
    ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
    ("corto", 100, ["corto"]),
    ("", 10, [""]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "limit", "chunks"),
    SPLIT_CASES,
    ids=["paragraph-then-sentence", "sentence", "words", "no-space-hard-cut", "short", "empty"],
)
def test_split_text_cuts(text: str, limit: int, chunks: list[str]) -> None:
    found = split_text(text, limit)
    assert [c for _, c in found] == chunks
    assert [o for o, _ in found] == [sum(len(c) for c in chunks[:i]) for i in range(len(chunks))]


def test_split_text_covers_the_text_never_cutting_a_word() -> None:
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))[:12])
    for limit in (300, 1000, 5000):
        chunks = split_text(text, limit)
        assert "".join(c for _, c in chunks) == text
        assert all(len(c) <= limit for _, c in chunks)
        assert all(text[o - 1].isspace() for o, _ in chunks[1:])


def test_split_text_prefers_a_paragraph_break() -> None:
    text = "Una frase. Otra frase.\n\nUn párrafo nuevo. Con dos frases."
    assert split_text(text, 40)[0][1] == "Una frase. Otra frase.\n\n"


def test_merge_results_shifts_offsets_and_merges_companies_by_name(make_result: Any) -> None:
    def part(start: int, alias: str) -> ArticleResult:
        at = {"start": start, "end": start + 6}
        mention = {**at, "rule_id": "t", "text": "Prosus"}
        company = {"name": "Prosus", "aliases": [alias], "mentions": [mention]}
        amount = {**at, "text": "1 euro", "value": 1, "currency": "EUR"}
        deal = {
            "type": "stake",
            "evidence": "x",
            "evidence_start": start,
            "evidence_end": start + 1,
        }
        return make_result(companies=[company], amounts=[amount], deals=[deal])

    merged = merge_results([(0, part(2, "Naspers")), (100, part(3, "Prosus NV"))])
    (company,) = merged.companies
    assert company.aliases == ["Naspers", "Prosus NV"]
    assert [(m.start, m.end) for m in company.mentions] == [(2, 8), (103, 109)]
    assert [(a.start, a.end) for a in merged.amounts] == [(2, 8), (103, 109)]
    assert [(d.evidence_start, d.evidence_end) for d in merged.deals] == [(2, 3), (103, 104)]


def _assert_offsets_fit(result: ArticleResult, text: str) -> None:
    for mention in [*result.amounts, *result.percentages, *result.dates]:
        assert text[mention.start : mention.end] == mention.text
    for company in result.companies:
        for mention in company.mentions:
            assert text[mention.start : mention.end] == mention.text
    for deal in result.deals:
        assert text[deal.evidence_start : deal.evidence_end] == deal.evidence


def test_extract_long_article_in_chunks_offsets_refer_to_the_whole_text(
    extractor_rules: Any,
) -> None:
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))[:6])
    chunked = Extractor(nlp=extractor_rules.nlp, chunk_chars=1500).extract(text)
    assert len(split_text(text, 1500)) > 5
    _assert_offsets_fit(chunked, text)
    assert chunked.amounts
    assert chunked.companies
    assert chunked.deals
    assert chunked.deals[-1].evidence_start > 1500


def test_extract_never_reaches_spacy_max_length() -> None:
    from extractor.pipeline import load

    nlp = load("blank")
    nlp.max_length = 5_000
    filler = "la economía de la región creció un poco durante el periodo analizado. " * 200
    text = filler + "Telefónica compró Digital Bridge por 1.200 millones de euros. " + filler
    result = Extractor(nlp=nlp).extract(text)
    assert len(text) > 4 * nlp.max_length
    (amount,) = result.amounts
    assert amount.text == "1.200 millones de euros"
    _assert_offsets_fit(result, text)
