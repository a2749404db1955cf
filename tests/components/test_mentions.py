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


def _dates(doc: Any) -> list[tuple[str, str]]:
    return [(s.text, s._.value) for s in doc.spans["date"]]


def test_mentions_centavos_take_the_peso_of_the_article(annotate: Any) -> None:
    doc = annotate("En la Bolsa Mexicana, la acción de Bimbo bajó 34 centavos.")
    assert _money(doc) == [("34 centavos", "0.34", "MXN")]


def test_mentions_centavos_without_a_country_are_dollar_cents(annotate: Any) -> None:
    doc = annotate("La acción bajó 34 centavos.")
    assert _money(doc) == [("34 centavos", "0.34", "USD")]


def test_mentions_centimos_are_euro_cents_unless_the_article_is_peruvian(annotate: Any) -> None:
    assert _money(annotate("Paga un dividendo de 50 céntimos."))[0][2] == "EUR"
    assert _money(annotate("En Lima, el pasaje subió 50 céntimos."))[0][2] == "PEN"


def test_mentions_francs_take_the_country_or_stay_unknown(annotate: Any) -> None:
    assert _money(annotate("El banco suizo UBS pagó 300 millones de francos."))[0][2] == "CHF"
    assert _money(annotate("Pagó 300 millones de francos."))[0][2] is None


def test_mentions_bare_amount_in_a_clause_that_counts_things_is_not_money(annotate: Any) -> None:
    doc = annotate(
        "Las remesas sumaron 5,484 millones de dólares. "
        "El número de operaciones llegó a 161.5 millones."
    )
    assert [m[0] for m in _money(doc)] == ["5,484 millones de dólares"]


def test_mentions_bare_amount_in_words_takes_the_currency_before(annotate: Any) -> None:
    doc = annotate("Sus ingresos superan los US$ 5.000 millones, frente a cerca de mil millones.")
    assert _money(doc)[1] == ("mil millones", "1000000000", "USD")


def test_mentions_a_verb_right_after_a_date_decides_its_tense(annotate: Any) -> None:
    doc = annotate(
        "HSBC será adquirido por Galicia, que el martes anunció un acuerdo.",
        published="2024-04-10",
    )
    assert _dates(doc) == [("el martes", "2024-04-09")]


def test_mentions_a_date_before_a_future_verb_is_in_the_future(annotate: Any) -> None:
    doc = annotate("Anunció que en marzo cerrará la compra.", published="2024-11-20")
    assert _dates(doc) == [("marzo", "2025-03")]


def test_mentions_negative_percentage_keeps_its_sign(annotate: Any) -> None:
    doc = annotate("El PIB cayó un -3,2% en el trimestre.")
    assert [(s.text, s._.value) for s in doc.spans["percent"]] == [("-3,2%", "-3.2")]


def test_mentions_weekday_glued_to_a_layout_bar(annotate: Any) -> None:
    doc = annotate("Cierre de mercados |viernes", published="2016-11-07")
    assert _dates(doc) == [("|viernes", "2016-11-04")]
