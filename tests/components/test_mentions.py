"""The mentions component on `spacy.blank("es")`: spans, values, article context."""

from typing import Any


def _money(doc: Any) -> list[tuple[str, str, str | None]]:
    return [(s.text, s._.value, s._.currency) for s in doc.spans["money"]]


def test_mentions_pesos_take_the_country_of_the_article(annotate: Any) -> None:
    doc = annotate("Rappi, nacida en Bogotá, perdió 400.000 millones de pesos en Colombia.")
    assert _money(doc) == [("400.000 millones de pesos", "400000000000", "COP")]


def test_mentions_pesos_stay_unknown_without_a_country(annotate: Any) -> None:
    doc = annotate("La empresa ganó 300 millones de pesos.")
    assert _money(doc) == [("300 millones de pesos", "300000000", None)]


def test_mentions_dollar_sign_is_pesos_in_an_argentine_article(annotate: Any) -> None:
    doc = annotate("El Tesoro argentino colocó $ 500.000 millones en Buenos Aires.")
    assert _money(doc) == [("$ 500.000 millones", "500000000000", "ARS")]


def test_mentions_bare_amount_takes_the_currency_of_the_previous_one(annotate: Any) -> None:
    doc = annotate("Sabadell ganó 975 millones de euros y BBVA, 5.447 millones.")
    assert _money(doc)[1] == ("5.447 millones", "5447000000", "EUR")


def test_mentions_bare_amount_alone_is_not_money(annotate: Any) -> None:
    doc = annotate("La red suma 30 millones.")
    assert _money(doc) == []


def test_mentions_percentage_is_never_a_date(annotate: Any) -> None:
    doc = annotate("Microsoft tiene un 27% de participación desde 2019.")
    assert [s.text for s in doc.spans["percent"]] == ["27%"]
    assert [(s.text, s._.value) for s in doc.spans["date"]] == [("2019", "2019")]


def test_mentions_dates_resolve_from_published(annotate: Any) -> None:
    doc = annotate("La operadora anunció ayer la venta, pactada en julio.", published="2025-02-25")
    assert [(s.text, s._.value, s._.granularity) for s in doc.spans["date"]] == [
        ("ayer", "2025-02-24", "day"),
        ("julio", "2024-07", "month"),
    ]


def test_mentions_offsets_point_into_the_text(annotate: Any) -> None:
    text = "Nvidia invertirá USD 5.000 millones en Intel."
    doc = annotate(text)
    span = doc.spans["money"][0]
    assert text[span.start_char : span.end_char] == "USD 5.000 millones"
    assert span._.rule_id == "money.symbol_before"
