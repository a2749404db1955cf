"""Date rules: every rule's own example, then resolution against context."""

import datetime as dt

import pytest

from extractor.normalize.dates import DateContext, clause_tense, date_grammar, resolve, scan_dates


def _tokens(text: str) -> list[str]:
    import spacy

    return [t.text for t in spacy.blank("es")(text)]


RULES = sorted(date_grammar().rules.values(), key=lambda r: r.id)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_date_rule_example_matches_whole_and_resolves(rule) -> None:  # type: ignore[no-untyped-def]
    tokens = _tokens(rule.example)
    found = scan_dates(tokens)
    assert [(m.start, m.end, m.rule_id) for m in found] == [(0, len(tokens), rule.id)]
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


@pytest.mark.parametrize(
    ("text", "published", "expected"), RESOLUTION_CASES, ids=[c[0] for c in RESOLUTION_CASES]
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


NOT_DATES = ["durante cinco años", "los próximos doce meses", "la semana pasada", "el año"]


@pytest.mark.parametrize("text", NOT_DATES)
def test_scan_dates_leaves_out_durations_and_weeks(text: str) -> None:
    assert scan_dates(_tokens(text)) == []
