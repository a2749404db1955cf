"""Date rules: every rule's own example, then resolution against context."""

import datetime as dt

import pytest

from extractor.normalize.dates import DateContext, clause_tense, date_grammar, resolve, scan_dates


def _tokens(text: str) -> list[str]:
    import spacy

    return [t.text for t in spacy.blank("es")(text)]


RULES = sorted(date_grammar().rules.values(), key=lambda r: r.id)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_date_rule_example_matches_and_resolves(rule) -> None:  # type: ignore[no-untyped-def]
    tokens = _tokens(rule.example)
    found = scan_dates(tokens)
    assert [(" ".join(tokens[m.start : m.end]), m.rule_id) for m in found] == [
        (" ".join(_tokens(rule.match or rule.example)), rule.id)
    ]
    value = resolve(found[0], DateContext(published=dt.date(2025, 6, 18)))
    assert value is not None
    assert value.value == rule.expect


# (text, published, expected values in order)
RESOLUTION_CASES = [
    ("anunció ayer la venta", "2025-02-25", ["2025-02-24"]),
    ("el pasado jueves firmó", "2024-06-12", ["2024-06-06"]),
    ("comunicó este jueves que", "2024-02-02", ["2024-02-01"]),
    ("El lunes, la neerlandesa", "2025-09-11", ["2025-09-08"]),
    ("El año pasado acabó vendiéndola", "2025-02-26", ["2024"]),
    ("hace dos años", "2025-06-01", ["2023"]),
    ("las conversaciones que mantenía desde diciembre", "2024-02-02", ["2023-12"]),
    ("Prosus espera completar la transacción en el segundo semestre", "2025-02-26", ["2025-H2"]),
    ("Bimbo reportó ventas en el primer trimestre de 2024", "2024-06-12", ["2024-Q1"]),
    ("en el último trimestre del año", "2024-09-20", ["2024-Q4"]),
    ("la inflación se moderó en agosto", "2024-09-20", ["2024-08"]),
    ("cerrará la compra en marzo", "2024-11-20", ["2025-03"]),
    ("que cerró marzo en 2.7 veces, y tendrá", "2024-06-12", ["2024-03"]),
    ("a finales de 2023", None, ["2023"]),
    ("a mediados de mayo de 2024", None, ["2024-05"]),
    (
        "En marzo de 2025 destinó; en octubre anunció; Ese mismo mes firmó",
        None,
        ["2025-03", "2025-10", "2025-10"],
    ),
    ("anunciaron en noviembre la fusión", None, ["XXXX-11"]),
    ("el 26 de septiembre de 2019 y la liquidó en diciembre", None, ["2019-09-26", "2019-12"]),
    ("en 2029 y 2030", None, ["2029", "2030"]),
    ("lanzar a finales de ese mismo año", None, ["XXXX"]),
    ("resultados del 1T25", None, ["2025-Q1"]),
    ("el lunes 3 de marzo de 2025", None, ["2025-03-03"]),
]


# Formats of the peer suite (Recognizers-Text, Spanish DateParser.json and the in-scope
# DatePeriodParser.json cases), published on Monday 2016-11-07.
PEER = "2016-11-07"
RESOLUTION_CASES_PEER = [
    ("volveré el 2 Octubre", PEER, ["2017-10-02"]),
    ("volví el 2-Oct", PEER, ["2016-10-02"]),
    ("volví el 2/Oct", PEER, ["2016-10-02"]),
    ("el 12 de enero, 2016", PEER, ["2016-01-12"]),
    ("el lunes 12 de enero, 2016", PEER, ["2016-01-12"]),
    ("el 15 Junio 2016", PEER, ["2016-06-15"]),
    ("el 22/02/2016", PEER, ["2016-02-22"]),
    ("el 21/04/16", PEER, ["2016-04-21"]),
    ("el 21-04-2016", PEER, ["2016-04-21"]),
    ("el 9-18-15", PEER, ["2015-09-18"]),
    ("el 13.5.2015", PEER, ["2015-05-13"]),
    ("el 2015/08/12", PEER, ["2015-08-12"]),
    ("el 08/12,2015", PEER, ["2015-12-08"]),
    ("el 05/05/71", PEER, ["1971-05-05"]),
    ("el 3-7-27", PEER, ["2027-07-03"]),
    ("volveré el 22/04", PEER, ["2017-04-22"]),
    ("volveré el 4-22", PEER, ["2017-04-22"]),
    ("volveré 1ro de Ene", PEER, ["2017-01-01"]),
    ("volveré el Mi, 22 de Ene", PEER, ["2017-01-22"]),
    ("volveré el primero de Ene", PEER, ["2017-01-01"]),
    ("volveré el veintiuno de Mayo", PEER, ["2017-05-21"]),
    ("volveré el segundo de Ago.", PEER, ["2017-08-02"]),
    ("volveré el vigesimo segundo de Junio", PEER, ["2017-06-22"]),
    ("volveré en Mayo veintiuno", PEER, ["2017-05-21"]),
    ("volveré el 15", PEER, ["2016-11-15"]),
    ("la compra hecha el 17 del 11", PEER, ["2015-11-17"]),
    ("volveré en viernes", PEER, ["2016-11-11"]),
    ("volveré mañana", PEER, ["2016-11-08"]),
    ("volveré pasado mañana", PEER, ["2016-11-09"]),
    ("el día después de mañana", PEER, ["2016-11-09"]),
    ("volví el día antes de ayer", PEER, ["2016-11-05"]),
    ("volveré el próximo día", PEER, ["2016-11-08"]),
    ("volveré el día siguiente", PEER, ["2016-11-08"]),
    ("volveré este viernes", PEER, ["2016-11-11"]),
    ("volveré el ultimo domingo", PEER, ["2016-11-06"]),
    ("el viernes de esta semana", PEER, ["2016-11-11"]),
    ("el domingo de la siguiente semana", PEER, ["2016-11-20"]),
    ("el domingo de la última semana", PEER, ["2016-11-06"]),
    ("volveré el primer viernes de julio", PEER, ["2017-07-07"]),
    ("el primer viernes de este mes", PEER, ["2016-11-04"]),
    ("estaré afuera este septiembre", PEER, ["2016-09"]),
    ("estaré afuera el próximo junio", PEER, ["2017-06"]),
    ("estaré afuera en junio del próximo año", PEER, ["2017-06"]),
    ("estaré afuera 2015.3", PEER, ["2015-03"]),
    ("estaré afuera 3~2015", PEER, ["2015-03"]),
    ("estaré afuera 11 / 2016", PEER, ["2016-11"]),
    ("estaré afuera 11- 2016", PEER, ["2016-11"]),
    ("estaré afuera en nov, 2016", PEER, ["2016-11"]),
    ("el tercer trimestre de este año", PEER, ["2016-Q3"]),
    ("el tercer cuarto de 2016", PEER, ["2016-Q3"]),
    ("en 2ª mitad de 2016", PEER, ["2016-H2"]),
    ("vacaciones del mes que viene", PEER, ["2016-12"]),
    ("los registros de agosto de 99", None, ["1999-08"]),
]

# Forms of Spanish and Latin American news.
RESOLUTION_CASES_NEWS = [
    ("la junta se celebrará el próximo día 20", "2025-06-18", ["2025-06-20"]),
    ("lo anunció el pasado día 3", "2025-06-18", ["2025-06-03"]),
    ("lo anunció el pasado día 25", "2025-06-18", ["2025-05-25"]),
    ("cerró el día 15", "2025-06-18", ["2025-06-15"]),
    ("el día de ayer", "2025-06-18", ["2025-06-17"]),
    ("a partir de mañana", "2025-06-18", ["2025-06-19"]),
    (
        "la firmó el 3 de marzo y al día siguiente la anunció",
        "2025-06-18",
        ["2025-03-03", "2025-03-04"],
    ),
    ("cerró en septiembre pasado", "2025-06-18", ["2024-09"]),
    ("las ventas del año pasado", "2025-06-18", ["2024"]),
    ("en marzo del año que viene", "2025-06-18", ["2026-03"]),
    ("resultados del 1S25", None, ["2025-H1"]),
    ("en el S2 2024", None, ["2024-H2"]),
    ("el último lunes de marzo de 2024", None, ["2024-03-25"]),
    ("marzo 21, 2025", None, ["2025-03-21"]),
    ("Santo Domingo, 3 de marzo de 2025", None, ["2025-03-03"]),
    ("desde el 15/10", "2025-06-18", ["2024-10-15"]),
]

# Bugs caught on corpus/dev.
RESOLUTION_CASES_DEV = [
    (
        "En noviembre de 2023 lo pactó y en 2021 ... Ese mismo mes",
        None,
        ["2023-11", "2021", "2023-11"],
    ),
    ("el 22 de febrero de 2022 ... ese día", None, ["2022-02-22", "2022-02-22"]),
]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    RESOLUTION_CASES + RESOLUTION_CASES_PEER + RESOLUTION_CASES_NEWS + RESOLUTION_CASES_DEV,
    ids=[
        c[0]
        for c in RESOLUTION_CASES
        + RESOLUTION_CASES_PEER
        + RESOLUTION_CASES_NEWS
        + RESOLUTION_CASES_DEV
    ],
)
def test_resolve_uses_publication_date_tense_and_previous_dates(
    text: str, published: str | None, expected: list[str]
) -> None:
    tokens = _tokens(text)
    context = DateContext(published=dt.date.fromisoformat(published) if published else None)
    values = []
    for match in scan_dates(tokens):
        tense = clause_tense(tokens[max(0, match.start - 12) : match.start])
        value = resolve(match, context, tense == "future")
        assert value is not None
        values.append(value.value)
    assert values == expected


NOT_DATES = [
    "durante cinco años",
    "los próximos doce meses",
    "la semana pasada",
    "el año",
    # numbers that look like dates
    "la Ley 11/2016",
    "el Real Decreto 3/2020",
    "abierto 24/7.",
    "7/10 empresas",
    "subió 4.22 puntos",
    "el 2.5",
    # weekdays that are not one date, or are names
    "abre de lunes a viernes",
    "los viernes",
    "en Santo Domingo",
    "Domingo Cavallo",
    # "mañana" as morning or as the future
    "por la mañana",
    "el día de mañana",
    "el mundo del mañana",
    # abbreviations alone
    "en mar abierto",
    "un set de tenis",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_scan_dates_leaves_out_durations_and_weeks(text: str) -> None:
    assert scan_dates(_tokens(text)) == []


# -- hostile text: the date scanner stays linear --------------------------------------------------
ADVERSARIAL_UNITS = {
    "de de de": ["de"],
    "days and months": ["15", "de", "marzo", "de", "de", "el", "día", "15"],
    "numeric": ["22/02/2016", "4-22", "11/2016", "-", "2016", "el", "11"],
    "relative": ["el", "próximo", "viernes", "de", "la", "semana", "que", "viene", "mañana"],
}


def _best_time(tokens: list[str], runs: int = 3) -> float:
    import time

    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        scan_dates(tokens)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("unit", list(ADVERSARIAL_UNITS), ids=list(ADVERSARIAL_UNITS))
def test_scan_dates_time_grows_linearly_on_hostile_text(unit: str) -> None:
    pattern = ADVERSARIAL_UNITS[unit]
    small = pattern * (2000 // len(pattern))
    large = small * 8
    # Linear growth gives a ratio near 8, quadratic near 64; allow noise up to 24.
    assert _best_time(large) < 24 * max(_best_time(small), 1e-4)
