"""Money and percentage formats, one row per format the product promises."""

from decimal import Decimal

import pytest

from extractor.normalize.amounts import scan_amounts

# (text, mention text, value, currency, qualifier, value_max)
MONEY_CASES = [
    (
        "invirtió 10.000 millones de dólares",
        "10.000 millones de dólares",
        "1e10",
        "USD",
        "exact",
        None,
    ),
    ("por US$ 1.245 millones en efectivo", "US$ 1.245 millones", "1245e6", "USD", "exact", None),
    ("captó US$1.5 millones", "US$ 1.5 millones", "1.5e6", "USD", "exact", None),
    (
        "costó 1.500,5 millones de euros",
        "1.500,5 millones de euros",
        "1500.5e6",
        "EUR",
        "exact",
        None,
    ),
    (
        "vendió por 1,500 millones de pesos mexicanos",
        "1,500 millones de pesos mexicanos",
        "1.5e9",
        "MXN",
        "exact",
        None,
    ),
    (
        "cerca de 1,3 billones de pesos chilenos",
        "1,3 billones de pesos chilenos",
        "1.3e12",
        "CLP",
        "approximately",
        None,
    ),
    ("pagó mil millones de dólares", "mil millones de dólares", "1e9", "USD", "exact", None),
    (
        "pagó dos mil millones de dólares",
        "dos mil millones de dólares",
        "2e9",
        "USD",
        "exact",
        None,
    ),
    ("unos 3 millardos de euros", "3 millardos de euros", "3e9", "EUR", "approximately", None),
    ("medio billón de euros", "medio billón de euros", "5e11", "EUR", "exact", None),
    (
        "un billón de pesos colombianos",
        "un billón de pesos colombianos",
        "1e12",
        "COP",
        "exact",
        None,
    ),
    ("diez millones de euros", "diez millones de euros", "1e7", "EUR", "exact", None),
    (
        "mil quinientos millones de dólares",
        "mil quinientos millones de dólares",
        "1.5e9",
        "USD",
        "exact",
        None,
    ),
    ("un millón de euros", "un millón de euros", "1e6", "EUR", "exact", None),
    (
        "dos millones y medio de euros",
        "dos millones y medio de euros",
        "2.5e6",
        "EUR",
        "exact",
        None,
    ),
    (
        "treinta y cinco millones de dólares",
        "treinta y cinco millones de dólares",
        "35e6",
        "USD",
        "exact",
        None,
    ),
    ("por 45 MDD", "45 MDD", "45e6", "USD", "exact", None),
    ("por 45MDD", "45MDD", "45e6", "USD", "exact", None),
    ("invertirá 3.000 mdp", "3.000 mdp", "3e9", "MXN", "exact", None),
    ("un presupuesto de 300 M€", "300 M€", "3e8", "EUR", "exact", None),
    ("multa de 9 mill. de euros", "9 mill. de euros", "9e6", "EUR", "exact", None),
    ("por MXN$ 500 millones", "MXN$ 500 millones", "5e8", "MXN", "exact", None),
    ("por R$ 300 mil", "R$ 300 mil", "3e5", "BRL", "exact", None),
    ("por USD 17.400 millones", "USD 17.400 millones", "17.4e9", "USD", "exact", None),
    ("por 5.000 USD", "5.000 USD", "5000", "USD", "exact", None),
    ("por € 40 millones", "€ 40 millones", "4e7", "EUR", "exact", None),
    ("cuesta 25 €", "25 €", "25", "EUR", "exact", None),
    ("por £ 200 millones", "£ 200 millones", "2e8", "GBP", "exact", None),
    ("207 millones de libras", "207 millones de libras", "2.07e8", "GBP", "exact", None),
    ("34.000 millones de reales", "34.000 millones de reales", "3.4e10", "BRL", "exact", None),
    ("S/ 300 millones", "S/ 300 millones", "3e8", "PEN", "exact", None),
    ("10.800 millones de soles", "10.800 millones de soles", "1.08e10", "PEN", "exact", None),
    ("u$s 300 millones", "u$s 300 millones", "3e8", "USD", "exact", None),
    ("US$ 5 MM", "US$ 5 MM", "5e6", "USD", "exact", None),
    (
        "300 millones de francos suizos",
        "300 millones de francos suizos",
        "3e8",
        "CHF",
        "exact",
        None,
    ),
    (
        "hasta 10.000 millones de dólares",
        "10.000 millones de dólares",
        "1e10",
        "USD",
        "up_to",
        None,
    ),
    (
        "más de 500.000 millones de dólares",
        "500.000 millones de dólares",
        "5e11",
        "USD",
        "more_than",
        None,
    ),
    ("al menos US$ 400 millones", "US$ 400 millones", "4e8", "USD", "at_least", None),
    (
        "menos de cinco millones de dólares",
        "cinco millones de dólares",
        "5e6",
        "USD",
        "less_than",
        None,
    ),
    (
        "alrededor de US$ 1.300 millones",
        "US$ 1.300 millones",
        "1.3e9",
        "USD",
        "approximately",
        None,
    ),
    (
        "entre 150 y 200 millones de dólares",
        "150 y 200 millones de dólares",
        "1.5e8",
        "USD",
        "between",
        "2e8",
    ),
    (
        "entre 1.000 y 1.500 millones de euros",
        "1.000 y 1.500 millones de euros",
        "1e9",
        "EUR",
        "between",
        "1.5e9",
    ),
    (
        "entre US$ 45.000 millones y US$ 55.000 millones",
        "US$ 45.000 millones y US$ 55.000 millones",
        "4.5e10",
        "USD",
        "between",
        "5.5e10",
    ),
    (
        "entre 500 y mil millones de euros",
        "500 y mil millones de euros",
        "5e8",
        "EUR",
        "between",
        "1e9",
    ),
    ("a 23,28 dólares por título", "23,28 dólares", "23.28", "USD", "exact", None),
    ("un dividendo de 0,50 euros", "0,50 euros", "0.5", "EUR", "exact", None),
]


def _tokens(text: str) -> list[str]:
    import spacy

    return [t.text for t in spacy.blank("es")(text)]


@pytest.mark.parametrize(
    ("text", "mention", "value", "currency", "qualifier", "value_max"),
    MONEY_CASES,
    ids=[c[0] for c in MONEY_CASES],
)
def test_scan_amounts_reads_money_formats(
    text: str, mention: str, value: str, currency: str, qualifier: str, value_max: str | None
) -> None:
    tokens = _tokens(text)
    found = [m for m in scan_amounts(tokens) if m.kind == "money"]
    assert len(found) == 1
    m = found[0]
    assert " ".join(tokens[m.start : m.end]) == " ".join(_tokens(mention))
    assert m.value == Decimal(value)
    assert m.currency == currency
    assert m.qualifier == qualifier
    assert m.value_max == (Decimal(value_max) if value_max else None)


PERCENT_CASES = [
    ("el 27% de OpenAI", "27%", "27"),
    ("un 10 % más", "10 %", "10"),
    ("el 51 por ciento de", "51 por ciento", "51"),
    ("el 15 por cien", "15 por cien", "15"),
    ("un 3,5 % anual", "3,5 %", "3.5"),
    ("el 99,99% del capital", "99,99%", "99.99"),
    ("un 2.5% mensual", "2.5%", "2.5"),
    ("veinte por ciento", "veinte por ciento", "20"),
]


@pytest.mark.parametrize(
    ("text", "mention", "value"), PERCENT_CASES, ids=[c[0] for c in PERCENT_CASES]
)
def test_scan_amounts_reads_percentages(text: str, mention: str, value: str) -> None:
    tokens = _tokens(text)
    found = [m for m in scan_amounts(tokens) if m.kind == "percent"]
    assert len(found) == 1
    assert " ".join(tokens[found[0].start : found[0].end]) == " ".join(_tokens(mention))
    assert found[0].value == Decimal(value)


NOT_MONEY = [
    "más de 30 millones de líneas",
    "1,5 millones de clientes",
    "un 10 % de las ventas",
    "2.7 veces deuda neta",
    "mil mil mil mil millones",
    "unas 5.800 personas",
    "una participación",
]


@pytest.mark.parametrize("text", NOT_MONEY)
def test_scan_amounts_leaves_out_what_is_not_money(text: str) -> None:
    assert [m for m in scan_amounts(_tokens(text)) if m.kind == "money"] == []


def test_scan_amounts_marks_bare_scaled_numbers_for_context() -> None:
    found = scan_amounts(_tokens("y BBVA, 5.447 millones."))
    assert [(m.rule_id, m.currency, m.value) for m in found] == [
        ("money.bare_scaled", None, Decimal("5447e6"))
    ]


def test_scan_amounts_keeps_pseudo_currencies_for_the_article_to_resolve() -> None:
    found = scan_amounts(_tokens("1,9 billones de pesos y $ 500 millones"))
    assert [m.currency for m in found] == ["PESO", "DOLLAR_SIGN"]
