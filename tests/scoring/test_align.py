"""Name normalisation, value comparison and one-to-one alignment."""

from __future__ import annotations

import itertools
import random
from decimal import Decimal

import pytest

from extractor.records import AmountBase, Company, Money, PercentageBase
from extractor.scoring.align import (
    NameMatcher,
    align,
    amount_matches,
    max_weight_matching,
    money_equal,
    normalize_name,
    percentage_matches,
    stake_equal,
    value_close,
)

# (raw name, normalised key)
NAME_CASES_SPEC = [
    ("Telefónica", "telefonica"),
    ("TELEFONICA", "telefonica"),
    ("Telefónica, S.A.", "telefonica"),
    ("Banco Sabadell S.L.", "bancosabadell"),
    ("Apple Inc.", "apple"),
    ("Microsoft Corp.", "microsoft"),
    ("Arm Holdings plc", "armholdings"),
    ("Siemens AG", "siemens"),
    ("SAP SE", "sap"),
    ("OpenAI LLC", "openai"),
    ("Tata Ltd.", "tata"),
    ("Grupo Bimbo, S.A.B. de C.V.", "grupobimbo"),
    ("Grupo Bimbo SAB de CV", "grupobimbo"),
    ("Panificadora La Espiga del Bajío, S.A. de C.V.", "panificadoralaespigadelbajio"),
    ("Kavak S.A.P.I. de C.V.", "kavak"),
    ("Alicorp S.A.A.", "alicorp"),
    ("Rappi S.A.S.", "rappi"),
    ("Natura Cosméticos Ltda.", "naturacosmeticos"),
    ("Prosus N.V.", "prosus"),
    ("Enel S.p.A.", "enel"),
    ("Volkswagen GmbH", "volkswagen"),
    ("Toyota Motor Co., Ltd.", "toyotamotor"),
    ("Just Eat Takeaway.com", "justeattakeawaycom"),
    ("Just Eat Takeaway", "justeattakeaway"),
    ("J.P. Morgan", "jpmorgan"),
    ("Coca-Cola", "cocacola"),
]
# Suffix-like endings that are part of a word, or all that is left, stay.
NAME_CASES_EDGE = [
    ("Nomsa", "nomsa"),
    ("Bancosa", "bancosa"),
    ("SE", "se"),
    ("S.A.", "sa"),
    ("", ""),
    # Punctuation goes before suffixes are read, so "&Co" ends like "Co." (both sides alike).
    ("Natura &Co", "natura"),
    ("...", ""),
]


@pytest.mark.parametrize(("raw", "key"), NAME_CASES_SPEC + NAME_CASES_EDGE, ids=lambda v: repr(v))
def test_normalize_name_table(raw: str, key: str) -> None:
    assert normalize_name(raw) == key


def test_normalize_name_same_key_for_variants() -> None:
    variants = ["Telefónica S.A.", "telefonica", "TELEFÓNICA, S. A.", "Telefonica SA"]
    assert len({normalize_name(v) for v in variants}) == 1


def _matcher(gold: list[Company], pred: list[Company] | None = None) -> NameMatcher:
    return NameMatcher.from_companies(gold, pred or [])


def test_name_matcher_gold_alias() -> None:
    matcher = _matcher([Company(name="Amazon Web Services", aliases=["AWS"])])
    assert matcher.matches("AWS", "Amazon Web Services")
    assert matcher.matches("amazon web services inc.", "Amazon Web Services")
    assert not matcher.matches("Amazon", "Amazon Web Services")


def test_name_matcher_alias_listed_by_prediction() -> None:
    # The prediction names the party "Meta", which its own record ties to Meta Platforms.
    gold = [Company(name="Meta Platforms")]
    pred = [Company(name="Meta Platforms Inc.", aliases=["Meta"])]
    assert _matcher(gold, pred).matches("Meta", "Meta Platforms")
    assert not _matcher(gold).matches("Meta", "Meta Platforms")


def test_name_matcher_empty_key_matches_nothing() -> None:
    matcher = _matcher([Company(name="S.A.")])
    assert not matcher.matches("", "")
    assert not matcher.matches("...", "Grupo")


def test_name_matcher_party_lists() -> None:
    matcher = _matcher([Company(name="Grupo Bimbo, S.A.B. de C.V.", aliases=["Bimbo"])])
    assert matcher.share_one([], [])
    assert not matcher.share_one(["Bimbo"], [])
    assert matcher.same_set(["Bimbo", "Grupo Bimbo"], ["Grupo Bimbo, S.A.B. de C.V."])
    assert not matcher.same_set(["Bimbo", "Banorte"], ["Grupo Bimbo, S.A.B. de C.V."])
    assert matcher.optional_matches(None, None)
    assert not matcher.optional_matches("Bimbo", None)


MONEY_TOLERANCE_CASES = [
    (1000, 1005, True),
    (1000, 995, True),
    (1000, Decimal("1005.01"), False),
    (1000, 994, False),
    (0, 0, True),
    (0, 1, False),
]


@pytest.mark.parametrize(("gold", "pred", "expected"), MONEY_TOLERANCE_CASES)
def test_value_close_half_percent_of_gold(gold: int, pred: int, expected: bool) -> None:
    assert value_close(Decimal(gold), Decimal(pred)) is expected


def test_amount_matches_currency_and_range() -> None:
    gold = AmountBase(text="entre 5 y 10 millones", value=5_000_000, currency="USD",
                      value_max=10_000_000)  # fmt: skip
    assert amount_matches(gold, gold.model_copy(update={"value_max": Decimal(10_040_000)}))
    assert not amount_matches(gold, gold.model_copy(update={"value_max": None}))
    assert not amount_matches(gold, gold.model_copy(update={"value_max": Decimal(11_000_000)}))
    assert not amount_matches(gold, gold.model_copy(update={"currency": "EUR"}))
    no_currency = AmountBase(text="300 millones", value=300_000_000)
    assert amount_matches(no_currency, no_currency)
    assert not amount_matches(no_currency, no_currency.model_copy(update={"currency": "MXN"}))


def test_percentage_matches_numerically() -> None:
    gold = PercentageBase(text="27%", value=27)
    assert percentage_matches(gold, PercentageBase(text="27 por ciento", value=Decimal("27.0")))
    assert not percentage_matches(gold, PercentageBase(text="27,1%", value=Decimal("27.1")))


def test_money_equal_needs_qualifier_and_currency() -> None:
    gold = Money(value=10**10, currency="USD", qualifier="up_to")
    assert money_equal(gold, gold.model_copy(update={"value": Decimal("10040000000")}))
    assert not money_equal(gold, gold.model_copy(update={"qualifier": "exact"}))
    assert not money_equal(gold, gold.model_copy(update={"currency": None}))
    assert money_equal(None, None)
    assert not money_equal(gold, None)


def test_stake_equal_within_a_hundredth() -> None:
    assert stake_equal(Decimal("33.33"), Decimal("33.335"))
    assert not stake_equal(Decimal("33.33"), Decimal("33.34"))
    assert stake_equal(None, None)
    assert not stake_equal(Decimal(10), None)


def _brute_force_best(weights: list[list[int]]) -> int:
    rows, cols = len(weights), len(weights[0])
    best = 0
    for perm in itertools.permutations(range(max(rows, cols)), rows):
        total = sum(weights[r][c] for r, c in enumerate(perm) if c < cols and weights[r][c] > 0)
        best = max(best, total)
    return best


@pytest.mark.parametrize("seed", range(40))
def test_max_weight_matching_agrees_with_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    rows, cols = rng.randint(1, 5), rng.randint(1, 5)
    weights = [[rng.choice([0, 0, 1, 3, 7, 10**30]) for _ in range(cols)] for _ in range(rows)]
    pairs = max_weight_matching(weights)
    assert len({r for r, _ in pairs}) == len({c for _, c in pairs}) == len(pairs)
    assert all(weights[r][c] > 0 for r, c in pairs)
    assert sum(weights[r][c] for r, c in pairs) == _brute_force_best(weights)


def test_align_maximises_pairs_over_greedy() -> None:
    # Greedy in order would pair gold 0 with pred 0 and leave gold 1 alone.
    compatible = {(0, 0), (0, 1), (1, 0)}
    result = align(2, 2, lambda g, p: (g, p) in compatible)
    assert result.pairs == ((0, 1), (1, 0))
    assert result.unmatched_gold == result.unmatched_pred == ()


def test_align_preference_beats_order() -> None:
    result = align(1, 3, lambda g, p: True, [(lambda g, p: int(p == 2), 1)])
    assert result.pairs == ((0, 2),)
    assert result.unmatched_pred == (0, 1)


def test_align_ties_go_to_earliest_items() -> None:
    result = align(2, 3, lambda g, p: True)
    assert result.pairs == ((0, 0), (1, 1))


def test_align_empty_sides() -> None:
    assert align(0, 2, lambda g, p: True).unmatched_pred == (0, 1)
    assert align(2, 0, lambda g, p: True).unmatched_gold == (0, 1)
