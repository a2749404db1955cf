"""Deal assembly on the blank pipeline: one row per sentence shape the product promises.

Sentences are our own; the companies in them are real names the gazetteer knows,
so these rows test the deal rules, not company recognition.
"""

from typing import Any

import pytest

# (text, published, expected deals as (type, buyers, target, seller, status, amount, stake, date))
DEAL_CASES = [
    (
        "Iberdrola compró el 51% de Neoenergia por 1.200 millones de euros en marzo de 2024.",
        None,
        [
            (
                "acquisition",
                ["Iberdrola"],
                "Neoenergia",
                None,
                "completed",
                "1200000000",
                "51",
                "2024-03",
            )
        ],
    ),
    (
        "Cabify fue adquirida por Uber por 500 millones de dólares.",
        None,
        [("acquisition", ["Uber"], "Cabify", None, "completed", "500000000", None, None)],
    ),
    (
        "Telefónica vendió su filial Movistar Chile a América Móvil por US$ 1.000 millones.",
        None,
        [
            (
                "acquisition",
                ["América Móvil"],
                "Movistar Chile",
                "Telefónica",
                "completed",
                "1000000000",
                None,
                None,
            )
        ],
    ),
    (
        "OpenAI ha crecido mucho. Microsoft, que sigue siendo su principal accionista con un 27% del capital, apoyó la decisión.",
        None,
        [("stake", ["Microsoft"], "OpenAI", None, "completed", None, "27", None)],
    ),
    (
        "Rappi cerró una ronda de 300 millones de dólares liderada por SoftBank, con la participación de Tiger Global y General Atlantic.",
        None,
        [
            (
                "investment",
                ["SoftBank", "Tiger Global", "General Atlantic"],
                "Rappi",
                None,
                "completed",
                "300000000",
                None,
                None,
            )
        ],
    ),
    (
        "Nvidia invertirá 5.000 millones de dólares en Intel, según anunciaron ayer ambas compañías.",
        "2025-09-19",
        [("investment", ["Nvidia"], "Intel", None, "agreed", "5000000000", None, "2025-09-18")],
    ),
    (
        "Mapfre estaría negociando la compra de Verti por unos 300 millones de euros, según fuentes del mercado.",
        None,
        [("acquisition", ["Mapfre"], "Verti", None, "potential", "300000000", None, None)],
    ),
    (
        "Glovo y Delivery Hero anunciaron su fusión el pasado lunes.",
        "2024-06-12",
        [("merger", ["Glovo", "Delivery Hero"], None, None, "agreed", None, None, "2024-06-10")],
    ),
    (
        "Cellnex canceló la compra de Hivory tras la oposición del regulador francés.",
        None,
        [("acquisition", ["Cellnex"], "Hivory", None, "cancelled", None, None, None)],
    ),
    (
        "Ecopetrol constituyó con Occidental Petroleum una empresa conjunta para explorar en Texas.",
        None,
        [
            (
                "contract",
                ["Ecopetrol", "Occidental Petroleum"],
                None,
                None,
                "completed",
                None,
                None,
                None,
            )
        ],
    ),
    (
        "Inditex firmó con Maersk un contrato de transporte marítimo por 80 millones de euros.",
        None,
        [("contract", ["Inditex"], "Maersk", None, "completed", "80000000", None, None)],
    ),
    (
        "Oracle suministrará capacidad de cómputo a OpenAI durante cinco años.",
        None,
        [("contract", ["OpenAI"], "Oracle", None, "agreed", None, None, None)],
    ),
    (
        "Santander acordó la compra de TSB. La operación quedó cerrada en julio de 2024 por 2.650 millones de libras.",
        None,
        [("acquisition", ["Santander"], "TSB", None, "completed", "2650000000", None, "2024-07")],
    ),
    # A subsidiary named after its parent and a country is sold by that parent.
    (
        "Carrefour se retiró de Argentina hace años. Ahora Cencosud compró Carrefour Argentina "
        "por 300 millones de dólares.",
        None,
        [
            (
                "acquisition",
                ["Cencosud"],
                "Carrefour Argentina",
                "Carrefour",
                "completed",
                "300000000",
                None,
                None,
            )
        ],
    ),
    # A status cue in a relative clause about a company is not the deal's.
    (
        "Telefónica vendió el 40% de Telxius al fondo KKR, que años después abandonó el negocio "
        "de torres.",
        None,
        [("stake", ["KKR"], "Telxius", "Telefónica", "completed", None, "40", None)],
    ),
    # Joint ventures: every partner a buyer, the full name before its bracketed alias.
    (
        "La petrolera Ecopetrol y la Empresa Nacional del Petróleo (ENAP) firmaron un acuerdo que "
        "crea una empresa conjunta para explorar gas en Colombia.",
        None,
        [
            (
                "contract",
                ["Ecopetrol", "Empresa Nacional del Petróleo"],
                None,
                None,
                "completed",
                None,
                None,
                None,
            )
        ],
    ),
    (
        "La española Iberdrola y la emiratí Masdar anunciaron la creación de una coinversión "
        "eólica.",
        None,
        [("contract", ["Iberdrola", "Masdar"], None, None, "agreed", None, None, None)],
    ),
    # "la compañía" unqualified is the company the article is about.
    (
        "Rappi cerró el año con ventas récord. SoftBank invirtió 500 millones de dólares en la "
        "compañía en 2019.",
        None,
        [("investment", ["SoftBank"], "Rappi", None, "completed", "500000000", None, "2019")],
    ),
]

# Lists of parties: a repeated preposition, "además de", a place inside the noun phrase.
DEAL_CASES += [
    (
        "Cabify cerró una ronda de 40 millones de euros liderada por el fondo soberano de "
        "Singapur GIC y por Sequoia Capital, con la participación de Kibo Ventures y de "
        "Seaya Ventures, además de Samaipata.",
        None,
        [
            (
                "investment",
                ["GIC", "Sequoia Capital", "Kibo Ventures", "Seaya Ventures", "Samaipata"],
                "Cabify",
                None,
                "completed",
                "40000000",
                None,
                None,
            )
        ],
    ),
    (
        "Walmart vendió en 2020 su división mayorista, Smart Foodservice, a US Foods por 970 "
        "millones de dólares.",
        None,
        [
            (
                "acquisition",
                ["US Foods"],
                "Smart Foodservice",
                "Walmart",
                "completed",
                "970000000",
                None,
                "2020",
            )
        ],
    ),
    # "El fondo tejano": the fund of the article, not a company after "fondo." in an earlier
    # sentence; "la eléctrica" after a paragraph break: the utility, not the last subject.
    (
        "Lone Star es un fondo estadounidense. BPCE estudia comprar Novo Banco a Lone Star. "
        "El fondo tejano se hizo con el 75% de Novo Banco en 2017.",
        None,
        [
            ("acquisition", ["BPCE"], "Novo Banco", "Lone Star", "potential", None, None, None),
            ("acquisition", ["Lone Star"], "Novo Banco", None, "completed", None, "75", "2017"),
        ],
    ),
    (
        "Iberdrola acordó comprar Electricity North West (ENW) por 2.100 millones de libras. "
        "ENW da servicio a cinco millones de clientes, y ENW conecta con la red de Scottish "
        "Power.\n\nPrecisamente, la eléctrica desembarcó en el mercado británico en 2007 con la "
        "compra de Scottish Power por unos 17.000 millones de euros.",
        None,
        [
            (
                "acquisition",
                ["Iberdrola"],
                "Electricity North West",
                None,
                "agreed",
                "2100000000",
                None,
                None,
            ),
            (
                "acquisition",
                ["Iberdrola"],
                "Scottish Power",
                None,
                "completed",
                "17000000000",
                None,
                "2007",
            ),
        ],
    ),
    # A deal ranked after it is told is the same deal; sources are never parties.
    (
        "Banamex fue adquirido por Citigroup en 2001 por 12.500 millones de dólares, en la que "
        "entonces fue la mayor compra de un banco mexicano por parte de una institución "
        "extranjera.",
        None,
        [("acquisition", ["Citigroup"], "Banamex", None, "completed", "12500000000", None, "2001")],
    ),
    (
        "La agencia Bloomberg informó de que Stripe negociaba una nueva ronda de unos 1.000 "
        "millones de dólares.",
        None,
        [("investment", [], "Stripe", None, "potential", "1000000000", None, None)],
    ),
    (
        "Naturgy adjudicó a Acciona un contrato de 300 millones de euros, según un reporte "
        "enviado a la Bolsa de Madrid.",
        None,
        [("contract", ["Naturgy"], "Acciona", None, "completed", "300000000", None, None)],
    ),
    # The date of a relative clause with a subject of its own is not the deal's.
    (
        "Telefónica vendió Movistar Argentina a Telecom Argentina. La desinversión encaja en "
        "el plan que la compañía presentó el año pasado.",
        "2025-02-25",
        [
            (
                "acquisition",
                ["Telecom Argentina"],
                "Movistar Argentina",
                "Telefónica",
                "completed",
                None,
                None,
                None,
            )
        ],
    ),
    (
        "Prosus cerró la compra de la estadounidense Grubhub, que se completó en 2021.",
        None,
        [("acquisition", ["Prosus"], "Grubhub", None, "completed", None, None, "2021")],
    ),
    # A relative aside about the company is not a status cue ("que ofrece ..."); "esta
    # inyección" points back to the round told, its running total is no new deal.
    (
        "La fintech Kavak, que ofrece autos usados con garantía, cerró una ronda de 700 millones "
        "de dólares liderada por SoftBank. Con esta inyección, Kavak suma 1.600 millones de "
        "dólares captados desde su fundación.",
        None,
        [("investment", ["SoftBank"], "Kavak", None, "completed", "700000000", None, None)],
    ),
    (
        "Cabify cerró una ronda de 40 millones de euros. Esta operación se completó el 3 de "
        "marzo de 2024.",
        None,
        [("investment", [], "Cabify", None, "completed", "40000000", None, "2024-03-03")],
    ),
    (
        "Kavak recibirá una inyección de capital de 95 millones de dólares del fondo japonés "
        "SoftBank, que a cambio tomará el 25 % de la compañía.",
        None,
        [("investment", ["SoftBank"], "Kavak", None, "agreed", "95000000", "25", None)],
    ),
    (
        "CriteriaCaixa posee alrededor del 10% del capital de Telefónica.",
        None,
        [("stake", ["CriteriaCaixa"], "Telefónica", None, "completed", None, "10", None)],
    ),
]

NO_DEAL_CASES = [
    "Los accionistas minoristas, que controlan más de la mitad del capital de Sabadell, "
    "no acudieron a la junta.",
    "Sus accionistas minoritarios controlan el 30% de Sabadell.",
    "Repsol ganó 3.000 millones de euros en 2024, un 10 % más que el año anterior.",
    "La CNMC impuso una multa de 20 millones de euros a Telefónica por prácticas abusivas.",
    "El mercado de vehículos eléctricos en México mueve más de 5.000 millones de dólares al año.",
    "El Gobierno destinará 2 billones de pesos a Bogotá para el metro.",
]


def _deals(extractor: Any, text: str, published: str | None) -> list[tuple[Any, ...]]:
    result = extractor.extract(text, published)
    return [
        (
            d.type,
            d.buyers,
            d.target,
            d.seller,
            d.status,
            str(d.amount.value) if d.amount else None,
            format(d.stake.normalize(), "f") if d.stake is not None else None,
            d.date,
        )
        for d in result.deals
    ]


@pytest.mark.parametrize(
    ("text", "published", "expected"), DEAL_CASES, ids=[c[0][:40] for c in DEAL_CASES]
)
def test_assemble_reads_deal_sentences(
    extractor_rules: Any, text: str, published: str | None, expected: list[Any]
) -> None:
    assert _deals(extractor_rules, text, published) == expected


@pytest.mark.parametrize("text", NO_DEAL_CASES, ids=[c[:40] for c in NO_DEAL_CASES])
def test_assemble_leaves_out_amounts_that_are_not_deals(extractor_rules: Any, text: str) -> None:
    assert _deals(extractor_rules, text, None) == []
