"""Named scoring scenarios; every count below is worked out by hand in the comments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from extractor.gold import GoldArticle
from extractor.records import ArticleResult
from extractor.scoring import ErrorRecord, EvaluationReport, evaluate_pairs, score_article
from extractor.scoring.metrics import Tally, prf

MakeGold = Callable[..., GoldArticle]
MakeResult = Callable[..., ArticleResult]

BN = 1_000_000_000
PROSUS_JET = [("Prosus", []), ("Just Eat Takeaway.com", ["Just Eat Takeaway"])]
JET_DEAL: dict[str, Any] = {
    "type": "acquisition",
    "buyers": ["Prosus"],
    "target": "Just Eat Takeaway.com",
    "amount": {"value": 4_100_000_000, "currency": "EUR", "qualifier": "exact"},
    "date": "2025-02-24",
    "status": "agreed",
    "evidence": "Prosus acordó el lunes la compra de Just Eat Takeaway.com",
}


def _one(gold: GoldArticle, pred: ArticleResult) -> EvaluationReport:
    return evaluate_pairs([(gold, pred)])


def _counts(report: EvaluationReport, field: str) -> tuple[int, int, int]:
    score = getattr(report, field)
    return (score.tp, score.fp, score.fn)


def _prf(report: EvaluationReport, field: str) -> tuple[float, float, float]:
    score = getattr(report, field)
    return (round(score.precision, 4), round(score.recall, 4), round(score.f1, 4))


# --- the 0/0 convention ---------------------------------------------------------------------

PRF_CASES = [
    # (tp, fp, fn) -> (P, R, F1)
    ((0, 0, 0), (1.0, 1.0, 1.0)),  # nothing to find, nothing claimed
    ((0, 2, 0), (0.0, 0.0, 0.0)),  # empty gold: recall 0/0 is 0.0 since something was claimed
    ((0, 0, 3), (0.0, 0.0, 0.0)),  # empty prediction: precision 0/0 is 0.0
    ((1, 1, 2), (0.5, 1 / 3, 0.4)),
]


@pytest.mark.parametrize(("counts", "expected"), PRF_CASES, ids=str)
def test_prf_zero_over_zero_convention(
    counts: tuple[int, int, int], expected: tuple[float, float, float]
) -> None:
    score = prf(Tally(*counts))
    assert (score.precision, score.recall, score.f1) == pytest.approx(expected)


# --- empty sides ------------------------------------------------------------------------------


def test_evaluate_pairs_both_empty(make_gold: MakeGold, make_result: MakeResult) -> None:
    report = _one(make_gold(), make_result())
    for field in ("companies", "amounts", "percentages", "dates", "deals", "dates_strict"):
        assert _prf(report, field) == (1.0, 1.0, 1.0)
        assert _counts(report, field) == (0, 0, 0)
    assert report.exact_deals == 1.0
    assert set(report.deal_attributes.values()) == {1.0}
    assert report.errors == []


def test_evaluate_pairs_empty_prediction(make_gold: MakeGold, make_result: MakeResult) -> None:
    gold = make_gold(
        companies=PROSUS_JET,
        amounts=[("4.100 millones de euros", 4_100_000_000, "EUR")],
        percentages=[("27%", 27)],
        dates=[("el lunes", "2025-02-24")],
        deals=[JET_DEAL, {**JET_DEAL, "type": "stake", "optional": True}],
    )
    report = _one(gold, make_result())
    # 2 gold companies missed; the optional deal is not counted when missed.
    assert _counts(report, "companies") == (0, 0, 2)
    assert _counts(report, "amounts") == (0, 0, 1)
    assert _counts(report, "deals") == (0, 0, 1)
    assert _prf(report, "companies") == (0.0, 0.0, 0.0)
    assert report.exact_deals == 0.0
    assert set(report.deal_attributes.values()) == {0.0}  # 0 pairs out of 1 gold deal
    assert [e.kind for e in report.errors] == ["FN"] * 6  # 2 companies, 3 mentions, 1 deal
    assert report.errors[1].expected == "Just Eat Takeaway.com (aliases: Just Eat Takeaway)"


def test_evaluate_pairs_empty_gold(make_gold: MakeGold, make_result: MakeResult) -> None:
    pred = make_result(
        companies=["Prosus"],
        amounts=[("4.100 millones de euros", 4_100_000_000, "EUR")],
        deals=[JET_DEAL],
    )
    report = _one(make_gold(), pred)
    assert _counts(report, "companies") == (0, 1, 0)
    assert _counts(report, "deals") == (0, 1, 0)
    assert _prf(report, "deals") == (0.0, 0.0, 0.0)
    assert _prf(report, "percentages") == (1.0, 1.0, 1.0)  # empty on both sides
    assert report.exact_deals == 0.0
    assert [(e.kind, e.field) for e in report.errors] == [
        ("FP", "companies"),
        ("FP", "amounts"),
        ("FP", "deals"),
    ]


# --- companies --------------------------------------------------------------------------------


def test_companies_alias_and_suffix_and_accent(
    make_gold: MakeGold, make_result: MakeResult
) -> None:
    gold = make_gold(
        companies=[
            ("Amazon Web Services", ["AWS"]),
            "Grupo Bimbo, S.A.B. de C.V.",
            "Telefónica",
            "Banorte",
        ]
    )
    pred = make_result(companies=["AWS", "Grupo Bimbo", "TELEFONICA S.A.", "Banamex"])
    report = _one(gold, pred)
    # 3 matched (alias, suffix, accent+case+suffix); Banamex FP, Banorte FN.
    assert _counts(report, "companies") == (3, 1, 1)
    assert _prf(report, "companies") == (0.75, 0.75, 0.75)


def test_companies_one_to_one(make_gold: MakeGold, make_result: MakeResult) -> None:
    gold = make_gold(companies=[("Grupo Bimbo, S.A.B. de C.V.", ["Bimbo"])])
    pred = make_result(companies=["Bimbo", "Grupo Bimbo"])
    report = _one(gold, pred)
    # Both predictions denote the one gold company; it absorbs only one of them.
    assert _counts(report, "companies") == (1, 1, 0)
    assert _prf(report, "companies") == (0.5, 1.0, 0.6667)
    # Name-to-name wins the tie, so the alias-only "Bimbo" is the FP.
    assert [(e.kind, e.got) for e in report.errors] == [("FP", "Bimbo")]


def test_companies_prediction_alias_matches_gold_name(
    make_gold: MakeGold, make_result: MakeResult
) -> None:
    gold = make_gold(companies=["Meta Platforms"])
    pred = make_result(companies=[("Meta", ["Meta Platforms Inc."])])
    assert _counts(_one(gold, pred), "companies") == (1, 0, 0)


# --- mentions ---------------------------------------------------------------------------------


def test_mentions_by_value_and_strict(make_gold: MakeGold, make_result: MakeResult) -> None:
    gold = make_gold(
        amounts=[("10.000 millones de dólares", 10 * BN, "USD")],
        percentages=[("27%", 27), ("un tercio", 33.33)],
        dates=[("marzo de 2025", "2025-03")],
    )
    pred = make_result(
        amounts=[("10.000 millones de dólares", 10_040_000_000, "USD")],  # 0.4% off: a match
        percentages=[("27 %", 27.0), ("un tercio", 33.3)],  # 33.3 != 33.33
        dates=[("marzo", "2025-03")],
    )
    report = _one(gold, pred)
    assert _counts(report, "amounts") == (1, 0, 0)
    assert _counts(report, "amounts_strict") == (1, 0, 0)
    assert _counts(report, "percentages") == (1, 1, 1)
    assert _counts(report, "percentages_strict") == (0, 2, 2)
    assert _counts(report, "dates") == (1, 0, 0)
    assert _counts(report, "dates_strict") == (0, 1, 1)
    text_errors = [(e.field, e.expected, e.got) for e in report.errors if e.kind == "WRONG_ATTR"]
    assert text_errors == [
        ("percentages.text", "27%", "27 %"),
        ("dates.text", "marzo de 2025", "marzo"),
    ]


def test_mentions_matching_maximises_pairs(make_gold: MakeGold, make_result: MakeResult) -> None:
    # 1005 is within 0.5% of both 1000 and 1010; 999 only of 1000. In order,
    # greedy would give 1 pair; the maximum is 2 (1000-999, 1010-1005).
    gold = make_gold(amounts=[("1.000 dólares", 1000, "USD"), ("1.010 dólares", 1010, "USD")])
    pred = make_result(amounts=[("1.005 dólares", 1005, "USD"), ("999 dólares", 999, "USD")])
    assert _counts(_one(gold, pred), "amounts") == (2, 0, 0)


def test_mentions_prefer_same_text(make_gold: MakeGold, make_result: MakeResult) -> None:
    gold = make_gold(amounts=[("1.000 dólares", 1000, "USD")])
    pred = make_result(amounts=[("mil dólares", 1000, "USD"), ("1.000 dólares", 1000, "USD")])
    report = _one(gold, pred)
    assert _counts(report, "amounts") == (1, 1, 0)
    assert _counts(report, "amounts_strict") == (1, 1, 0)
    assert [(e.kind, e.pred_index) for e in report.errors] == [("FP", 0)]


def test_mentions_currency_and_ranges(make_gold: MakeGold, make_result: MakeResult) -> None:
    gold = make_gold(
        amounts=[
            ("5 y 10 millones de dólares", 5_000_000, "USD", 10_000_000),
            ("300 millones", 300_000_000, None),
            ("1.500 millones de pesos", 1_500_000_000, "MXN"),
        ]
    )
    pred = make_result(
        amounts=[
            ("5 y 10 millones de dólares", 5_000_000, "USD"),  # no value_max: no match
            ("300 millones", 300_000_000, None),  # None == None
            ("1.500 millones de pesos", 1_500_000_000, "USD"),  # wrong currency
            ("5 y 10 millones de dólares", 5_010_000, "USD", 10_030_000),  # within 0.5%
        ]
    )
    assert _counts(_one(gold, pred), "amounts") == (2, 2, 1)


# --- deals ------------------------------------------------------------------------------------


def test_deals_alias_suffix_accent_names(make_gold: MakeGold, make_result: MakeResult) -> None:
    companies = [
        ("Grupo Bimbo, S.A.B. de C.V.", ["Bimbo"]),
        "Panificadora La Espiga del Bajío, S.A. de C.V.",
    ]
    deal = {
        "type": "acquisition",
        "buyers": ["Grupo Bimbo, S.A.B. de C.V."],
        "target": "Panificadora La Espiga del Bajío, S.A. de C.V.",
    }
    gold = make_gold(companies=companies, deals=[deal])
    pred = make_result(
        companies=["Bimbo"],
        deals=[{**deal, "buyers": ["Bimbo"], "target": "Panificadora La Espiga del Bajio"}],
    )
    report = _one(gold, pred)
    assert _counts(report, "deals") == (1, 0, 0)
    assert report.deal_attributes["buyers"] == 1.0
    assert report.exact_deals == 1.0


def test_deals_prediction_listed_alias(make_gold: MakeGold, make_result: MakeResult) -> None:
    deal = {"type": "investment", "buyers": ["Meta Platforms"], "target": "Scale AI"}
    gold = make_gold(companies=["Meta Platforms", "Scale AI"], deals=[deal])
    without = make_result(deals=[{**deal, "buyers": ["Meta"]}])
    with_alias = make_result(
        companies=[("Meta Platforms", ["Meta"])], deals=[{**deal, "buyers": ["Meta"]}]
    )
    assert _counts(_one(gold, without), "deals") == (0, 1, 1)
    assert _counts(_one(gold, with_alias), "deals") == (1, 0, 0)


def test_deals_match_rule(make_gold: MakeGold, make_result: MakeResult) -> None:
    gold = make_gold(
        companies=["Adobe", "Figma", "Oracle", "OpenAI", "A", "B"],
        deals=[
            {"type": "acquisition", "buyers": ["Adobe"], "target": "Figma"},
            {"type": "contract", "buyers": [], "target": "Oracle"},
            {"type": "merger", "buyers": ["A", "B"], "target": None},
        ],
    )
    pred = make_result(
        deals=[
            {"type": "stake", "buyers": ["Adobe"], "target": "Figma"},  # type differs
            {"type": "contract", "buyers": [], "target": "Oracle"},  # two empty buyer lists
            {"type": "merger", "buyers": ["B"], "target": None},  # shares B, both targets None
            {"type": "merger", "buyers": ["A"], "target": "B"},  # target differs
        ]
    )
    report = _one(gold, pred)
    assert _counts(report, "deals") == (2, 2, 1)
    # The merger pair matched but its buyer set differs: 1 of 2 buyers right.
    assert report.deal_attributes["buyers"] == 0.5


def test_deals_two_predictions_compete(make_gold: MakeGold, make_result: MakeResult) -> None:
    gold = make_gold(companies=PROSUS_JET, deals=[JET_DEAL])
    pred = make_result(deals=[{**JET_DEAL, "status": "completed"}, JET_DEAL])
    report = _one(gold, pred)
    # One gold deal absorbs one prediction; the exact one wins although it comes second.
    assert _counts(report, "deals") == (1, 1, 0)
    assert _prf(report, "deals") == (0.5, 1.0, 0.6667)
    assert report.deal_attributes["status"] == 1.0
    assert report.exact_deals == 1.0
    deal_errors = [(e.kind, e.pred_index) for e in report.errors if e.field.startswith("deals")]
    assert deal_errors == [("FP", 0)]


def test_deals_optional_matched_removed_missed_not_counted(
    make_gold: MakeGold, make_result: MakeResult
) -> None:
    gold = make_gold(
        companies=["Amazon", "OpenAI", "Microsoft", "Anthropic"],
        deals=[
            {"type": "investment", "buyers": ["Amazon"], "target": "OpenAI"},
            {"type": "stake", "buyers": ["Microsoft"], "target": "OpenAI", "optional": True},
            {"type": "investment", "buyers": ["Amazon"], "target": "Anthropic", "optional": True},
        ],
    )
    pred = make_result(
        deals=[
            {"type": "investment", "buyers": ["Amazon"], "target": "OpenAI"},
            {"type": "stake", "buyers": ["Microsoft"], "target": "OpenAI", "stake": 27},
        ]
    )
    report = _one(gold, pred)
    # The matched optional deal leaves both sides (its wrong stake is not scored);
    # the missed optional deal is not a FN.
    assert _counts(report, "deals") == (1, 0, 0)
    assert report.deal_attributes["stake"] == 1.0
    assert report.exact_deals == 1.0
    assert [e for e in report.errors if e.field.startswith("deals")] == []
    assert sum(sum(row.values()) for row in report.confusion_type.values()) == 1


def test_deals_required_gold_wins_over_optional(
    make_gold: MakeGold, make_result: MakeResult
) -> None:
    base = {"type": "investment", "buyers": ["Amazon"], "target": "OpenAI"}
    required = {
        **base,
        "buyers": ["Amazon", "Google"],
        "seller": "Microsoft",
        "amount": {"value": 10 * BN, "currency": "USD", "qualifier": "up_to"},
        "stake": 5,
        "valuation": {"value": 500 * BN, "currency": "USD", "qualifier": "more_than"},
        "date": "2025",
        "status": "completed",
    }
    gold = make_gold(
        companies=["Amazon", "OpenAI", "Google", "Microsoft"],
        deals=[{**base, "status": "potential", "optional": True}, required],
    )
    one = make_result(deals=[{**base, "status": "potential"}])
    two = make_result(deals=[{**base, "status": "potential"}, {**base, "status": "potential"}])
    # One prediction: it copies the optional deal (listed first) and gets every
    # scored attribute of the required one wrong, yet it goes to the required
    # deal: a TP with 0 of 7 attributes right beats a pair that is not scored.
    report = _one(gold, one)
    assert _counts(report, "deals") == (1, 0, 0)
    assert set(report.deal_attributes.values()) == {0.0}
    # Two predictions: one per gold deal; the optional pair leaves both sides.
    assert _counts(_one(gold, two), "deals") == (1, 0, 0)


def test_deals_attribute_accuracy_and_exact_deals(
    make_gold: MakeGold, make_result: MakeResult
) -> None:
    companies = ["Prosus", "Delivery Hero", "iFood", "Just Eat Takeaway.com", "Grubhub"]
    stake_deal = {
        "type": "stake",
        "buyers": ["Prosus"],
        "target": "iFood",
        "seller": "Just Eat Takeaway.com",
        "amount": {"value": 1_800_000_000, "currency": "EUR", "qualifier": "up_to"},
        "stake": 33.0,
        "date": "2022-08",
        "status": "agreed",
    }
    exact_deal = {"type": "stake", "buyers": ["Prosus"], "target": "Delivery Hero", "stake": 27.0}
    missed = {"type": "acquisition", "buyers": ["Just Eat Takeaway.com"], "target": "Grubhub"}
    gold = make_gold(companies=companies, deals=[exact_deal, stake_deal, missed])
    wrong = {
        **stake_deal,
        "amount": {"value": 1_800_000_000, "currency": "EUR", "qualifier": "exact"},  # qualifier
        "stake": 33.5,  # off by 0.5
        "seller": None,
        "date": "2022",
    }
    report = _one(gold, make_result(deals=[exact_deal, wrong]))
    # 2 pairs, 1 missed. Pair 1 all right; pair 2 wrong amount, stake, seller, date.
    assert _counts(report, "deals") == (2, 0, 1)
    assert report.deal_attributes == {
        "amount": 0.5,
        "stake": 0.5,
        "valuation": 1.0,
        "date": 0.5,
        "status": 1.0,
        "seller": 0.5,
        "buyers": 1.0,
    }
    assert report.exact_deals == pytest.approx(1 / 3)
    assert report.exact_deal_count == 1
    assert report.deal_attribute_counts["amount"].total == 2


def test_deals_ranges_in_amount(make_gold: MakeGold, make_result: MakeResult) -> None:
    between = {
        "value": 5_000_000,
        "value_max": 10_000_000,
        "currency": "USD",
        "qualifier": "between",
    }
    deal = {"type": "investment", "buyers": ["Kfund"], "target": "Ondalia", "amount": between}
    gold = make_gold(companies=["Kfund", "Ondalia"], deals=[deal])
    no_max = {**between, "value_max": None}
    close_max = {**between, "value_max": 10_040_000}
    assert (
        _one(gold, make_result(deals=[{**deal, "amount": no_max}])).deal_attributes["amount"] == 0.0
    )
    assert (
        _one(gold, make_result(deals=[{**deal, "amount": close_max}])).deal_attributes["amount"]
        == 1.0
    )


def test_deals_per_type_and_confusion(make_gold: MakeGold, make_result: MakeResult) -> None:
    gold = make_gold(
        companies=["A", "B", "C", "D", "E"],
        deals=[
            {"type": "investment", "buyers": ["A"], "target": "B"},
            {"type": "acquisition", "buyers": ["A"], "target": "C", "status": "agreed"},
            {"type": "contract", "buyers": ["D"], "target": "E", "status": "agreed"},
        ],
    )
    pred = make_result(
        deals=[
            {"type": "investment", "buyers": ["A"], "target": "B"},
            {"type": "stake", "buyers": ["A"], "target": "C"},  # wrong type: FP stake + FN acq.
            {"type": "contract", "buyers": ["D"], "target": "E", "status": "potential"},
            {"type": "contract", "buyers": ["E"], "target": "D"},  # spurious
        ]
    )
    report = _one(gold, pred)
    assert _counts(report, "deals") == (2, 2, 1)
    per_type = report.per_type
    assert (per_type["investment"].tp, per_type["investment"].f1) == (1, 1.0)
    assert (per_type["acquisition"].fn, per_type["acquisition"].f1) == (1, 0.0)
    assert (per_type["stake"].fp, per_type["stake"].precision) == (1, 0.0)
    contract = per_type["contract"]
    assert (contract.tp, contract.fp, contract.fn) == (1, 1, 0)
    assert round(contract.f1, 4) == 0.6667
    assert contract.deal_attributes["status"] == 0.0
    assert contract.exact_deals == 0.0
    assert per_type["merger"].f1 == 1.0  # no mergers anywhere
    # Aligned on target and buyers alone: A->C pairs acquisition with stake.
    assert report.confusion_type["acquisition"]["stake"] == 1
    assert report.confusion_type["investment"]["investment"] == 1
    assert report.confusion_type["contract"]["contract"] == 1
    assert report.confusion_type["none"]["contract"] == 1
    assert sum(sum(row.values()) for row in report.confusion_type.values()) == 4
    assert report.confusion_status["completed"]["completed"] == 1
    assert report.confusion_status["agreed"]["potential"] == 1
    assert sum(sum(row.values()) for row in report.confusion_status.values()) == 2


def test_error_list_content(make_gold: MakeGold, make_result: MakeResult) -> None:
    gold = make_gold(
        id="dev-12",
        companies=PROSUS_JET + ["Delivery Hero"],
        percentages=[("27%", 27)],
        deals=[
            JET_DEAL,
            {"type": "stake", "buyers": ["Prosus"], "target": "Delivery Hero", "stake": 27,
             "evidence": "con un 27% del capital"},
        ],
    )  # fmt: skip
    pred = make_result(
        id="dev-12",
        companies=["Prosus", "Just Eat Takeaway", "Wonder"],
        percentages=[("33%", 33)],
        deals=[
            {**JET_DEAL, "amount": {"value": 4 * BN, "currency": "EUR"}, "status": "completed",
             "evidence": "la compra"},
            {"type": "investment", "buyers": ["Wonder"], "target": "Grubhub",
             "evidence": "Wonder invirtió en Grubhub"},
        ],
    )  # fmt: skip
    errors = _one(gold, pred).errors
    assert errors == [
        ErrorRecord(kind="FN", article_id="dev-12", field="companies", expected="Delivery Hero",
                    gold_index=2),
        ErrorRecord(kind="FP", article_id="dev-12", field="companies", got="Wonder",
                    pred_index=2),
        ErrorRecord(kind="FN", article_id="dev-12", field="percentages", expected="27% = 27",
                    evidence="27%", gold_index=0),
        ErrorRecord(kind="FP", article_id="dev-12", field="percentages", got="33% = 33",
                    evidence="33%", pred_index=0),
        ErrorRecord(kind="FN", article_id="dev-12", field="deals",
                    expected="stake (completed): Prosus -> Delivery Hero",
                    evidence="con un 27% del capital", gold_index=1),
        ErrorRecord(kind="WRONG_ATTR", article_id="dev-12", field="deals.amount",
                    expected="exact 4100000000 EUR", got="exact 4000000000 EUR",
                    evidence=JET_DEAL["evidence"], gold_index=0, pred_index=0),
        ErrorRecord(kind="WRONG_ATTR", article_id="dev-12", field="deals.status",
                    expected="agreed", got="completed",
                    evidence=JET_DEAL["evidence"], gold_index=0, pred_index=0),
        ErrorRecord(kind="FP", article_id="dev-12", field="deals",
                    got="investment (completed): Wonder -> Grubhub",
                    evidence="Wonder invirtió en Grubhub", pred_index=1),
    ]  # fmt: skip


def test_score_article_keeps_the_alignment(make_gold: MakeGold, make_result: MakeResult) -> None:
    gold = make_gold(companies=PROSUS_JET, deals=[JET_DEAL, {**JET_DEAL, "type": "stake"}])
    pred = make_result(deals=[{**JET_DEAL, "type": "merger"}, JET_DEAL])
    score = score_article(gold, pred)
    assert [(p.gold_index, p.pred_index, p.exact) for p in score.deal_pairs] == [(0, 1, True)]
    assert score.missed_deals == [1]
    assert score.spurious_deals == [0]


def test_evaluate_pairs_sums_over_articles(make_gold: MakeGold, make_result: MakeResult) -> None:
    gold_a = make_gold(id="a", companies=["Prosus", "Wonder"])
    gold_b = make_gold(id="b", companies=["Adobe"])
    report = evaluate_pairs(
        [
            (gold_a, make_result(id="a", companies=["Prosus"])),
            (gold_b, make_result(id="b", companies=["Adobe", "Figma"])),
        ]
    )
    # a: tp 1, fn 1; b: tp 1, fp 1 -> micro P = 2/3, R = 2/3.
    assert report.articles == 2
    assert _counts(report, "companies") == (2, 1, 1)
    assert _prf(report, "companies") == (0.6667, 0.6667, 0.6667)
    assert {e.article_id for e in report.errors} == {"a", "b"}
