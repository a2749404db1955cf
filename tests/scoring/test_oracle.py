"""The library agrees with the brute-force oracle on perturbed copies of the dev gold."""

from __future__ import annotations

import copy
import random
import unicodedata
from pathlib import Path
from typing import Any

import independent_scorer
import pytest

from extractor.gold import GoldArticle, iter_gold_files, load_gold
from extractor.records import ArticleResult
from extractor.scoring import EvaluationReport, evaluate_pairs

TYPES = ["investment", "acquisition", "stake", "merger", "contract"]
STATUSES = ["potential", "agreed", "completed", "cancelled"]
QUALIFIERS = ["exact", "approximately", "up_to", "more_than", "between"]
Json = dict[str, Any]


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _variant(rng: random.Random, name: str, aliases: list[str]) -> str:
    """Another surface form of a name: an alias, other case or accents, a legal suffix."""
    choices = [
        name.upper(),
        _strip_accents(name),
        f"{name} S.A.",
        f"{name}, Inc.",
        f"{name} S.A.B. de C.V.",
        *aliases,
    ]
    return rng.choice(choices)


def _other_name(rng: random.Random) -> str:
    return rng.choice(["Banamex", "Zeta Capital", "Iberia", "Cabify", "Glovo", "Inditex"])


def _scale(value: Any, factor: float) -> float:
    return round(float(value) * factor, 2)


def _perturb_companies(rng: random.Random, companies: list[Json]) -> list[Json]:
    out: list[Json] = []
    for company in companies:
        roll = rng.random()
        if roll < 0.15:
            continue
        if roll < 0.4:
            company = {**company, "name": _variant(rng, company["name"], company["aliases"])}
        if rng.random() < 0.3:
            company = {**company, "aliases": []}
        out.append(company)
        if rng.random() < 0.1:  # a second record for the same company competes
            out.append({"name": _variant(rng, company["name"], []), "aliases": []})
    if rng.random() < 0.4:
        out.append({"name": _other_name(rng), "aliases": []})
    rng.shuffle(out)
    return out


def _perturb_mention(rng: random.Random, kind: str, mention: Json) -> Json:
    mention = dict(mention)
    roll = rng.random()
    if roll < 0.1:
        mention["text"] = mention["text"] + " aprox."
    elif kind == "amounts" and roll < 0.2:
        mention["value"] = _scale(mention["value"], rng.choice([1.003, 0.997, 1.03, 0.9]))
    elif kind == "amounts" and roll < 0.25:
        mention["currency"] = rng.choice(["USD", "EUR", None])
    elif kind == "amounts" and roll < 0.3 and mention.get("value_max") is not None:
        mention["value_max"] = rng.choice([None, _scale(mention["value_max"], 1.002)])
    elif kind == "percentages" and roll < 0.2:
        mention["value"] = float(mention["value"]) + rng.choice([0.0000001, 0.5, 1])
    elif kind == "dates" and roll < 0.2:
        mention["value"] = mention["value"][:4]
    return mention


def _perturb_mentions(rng: random.Random, kind: str, mentions: list[Json]) -> list[Json]:
    out = []
    for mention in mentions:
        if rng.random() < 0.15:
            continue
        out.append(_perturb_mention(rng, kind, mention))
        if rng.random() < 0.1:
            out.append(_perturb_mention(rng, kind, mention))
    if mentions and rng.random() < 0.3:
        out.append(_perturb_mention(rng, kind, rng.choice(mentions)))
    if rng.random() < 0.3:
        rng.shuffle(out)
    return out


def _perturb_money(rng: random.Random, money: Json | None) -> Json | None:
    if money is None:
        return rng.choice([None, None, {"value": 1000000, "currency": "USD", "qualifier": "exact"}])
    roll = rng.random()
    if roll < 0.3:
        return {**money, "value": _scale(money["value"], rng.choice([1.002, 1.04]))}
    if roll < 0.5:
        return {**money, "qualifier": rng.choice(QUALIFIERS), "value_max": money.get("value_max")}
    if roll < 0.6:
        return None
    return money


def _name_in(rng: random.Random, name: str | None, companies: list[Json]) -> str | None:
    if name is None:
        return None
    aliases = next((c["aliases"] for c in companies if c["name"] == name), [])
    return _variant(rng, name, aliases)


def _perturb_deal(rng: random.Random, deal: Json, companies: list[Json]) -> Json:
    deal = dict(deal)
    deal["optional"] = False
    for key, chance in (
        ("type", 0.1),
        ("status", 0.15),
        ("amount", 0.2),
        ("stake", 0.15),
        ("valuation", 0.1),
        ("date", 0.1),
        ("seller", 0.1),
        ("buyers", 0.25),
        ("target", 0.2),
    ):
        if rng.random() >= chance:
            continue
        if key == "type":
            deal["type"] = rng.choice(TYPES)
        elif key == "status":
            deal["status"] = rng.choice(STATUSES)
        elif key in ("amount", "valuation"):
            deal[key] = _perturb_money(rng, deal[key])
        elif key == "stake":
            stake = deal["stake"]
            deal["stake"] = (
                rng.choice([None, 10.0]) if stake is None else stake + rng.choice([0.005, 1.0])
            )
        elif key == "date":
            deal["date"] = rng.choice([None, "2024", "2025-03"])
        elif key == "seller":
            deal["seller"] = rng.choice(
                [None, _name_in(rng, deal["seller"], companies), _other_name(rng)]
            )
        elif key == "buyers":
            buyers = [_name_in(rng, b, companies) or b for b in deal["buyers"]]
            if rng.random() < 0.4:
                buyers.append(_other_name(rng))
            if buyers and rng.random() < 0.2:
                buyers.pop(0)
            deal["buyers"] = buyers
        else:
            deal["target"] = rng.choice(
                [_name_in(rng, deal["target"], companies), _other_name(rng)]
            )
    return deal


def _perturb_deals(rng: random.Random, deals: list[Json], companies: list[Json]) -> list[Json]:
    out = []
    for deal in deals:
        if rng.random() < 0.15:
            continue
        out.append(_perturb_deal(rng, deal, companies))
        if rng.random() < 0.15:  # a second, competing telling of the same deal
            out.append(_perturb_deal(rng, deal, companies))
    if rng.random() < 0.3:
        names = [c["name"] for c in companies] or ["Nadie"]
        extra = dict.fromkeys(("seller", "amount", "stake", "valuation", "date"))
        extra.update(
            type=rng.choice(TYPES),
            buyers=[rng.choice(names)],
            target=rng.choice(names),
            status=rng.choice(STATUSES),
            optional=False,
            evidence="",
        )
        out.append(extra)
    if rng.random() < 0.3:
        rng.shuffle(out)
    return out


def _perturb_gold(rng: random.Random, gold: GoldArticle) -> GoldArticle:
    """Gold with some deals turned optional, to exercise §3's optional rule more."""
    data = gold.model_dump(mode="json")
    for deal in data["deals"]:
        if rng.random() < 0.2:
            deal["optional"] = not deal["optional"]
    return GoldArticle.model_validate(data)


def _prediction(rng: random.Random, gold: GoldArticle) -> ArticleResult:
    data = copy.deepcopy(gold.model_dump(mode="json", exclude={"published"}))
    if rng.random() < 0.08:
        data = {"id": gold.id, "companies": [], "amounts": [], "percentages": [], "dates": [],
                "deals": []}  # fmt: skip
    data["companies"] = _perturb_companies(rng, data["companies"])
    for kind in ("amounts", "percentages", "dates"):
        data[kind] = _perturb_mentions(rng, kind, data[kind])
        for mention in data[kind]:
            mention.update(start=0, end=1, rule_id="oracle")
            if kind == "dates":
                mention["granularity"] = "day"
    data["deals"] = _perturb_deals(rng, data["deals"], gold.model_dump(mode="json")["companies"])
    for deal in data["deals"]:
        deal.update(evidence_start=0, evidence_end=1)
    return ArticleResult.model_validate({**data, "model": "oracle", "extractor_version": "0"})


def _library_figures(report: EvaluationReport) -> dict[str, float]:
    figures: dict[str, float] = dict(report.headline())
    for name in ("companies", "amounts", "percentages", "dates", "deals"):
        for suffix in ("", "_strict") if name in ("amounts", "percentages", "dates") else ("",):
            score = getattr(report, name + suffix)
            for count in ("tp", "fp", "fn"):
                figures[f"{name}{suffix}.{count}"] = getattr(score, count)
    for deal_type, score in report.per_type.items():
        for key in ("precision", "recall", "f1", "tp", "fp", "fn", "exact_deals"):
            figures[f"per_type.{deal_type}.{key}"] = getattr(score, key)
    return figures


def _oracle_figures(pairs: list[tuple[GoldArticle, ArticleResult]]) -> dict[str, float]:
    return independent_scorer.score_corpus(  # type: ignore[no-any-return]
        [(g.model_dump(mode="json"), p.model_dump(mode="json")) for g, p in pairs]
    )


def _golds(directory: Path) -> list[GoldArticle]:
    return [load_gold(path) for path in iter_gold_files(directory)]


@pytest.mark.parametrize("seed", range(12))
def test_oracle_agrees_on_perturbed_corpus(shared_corpus_dev: Path, seed: int) -> None:
    rng = random.Random(seed)
    golds = [_perturb_gold(rng, g) if seed % 2 else g for g in _golds(shared_corpus_dev)]
    pairs = [(gold, _prediction(rng, gold)) for gold in golds]
    library = _library_figures(evaluate_pairs(pairs))
    oracle = _oracle_figures(pairs)
    assert set(oracle) <= set(library)
    disagreements = {
        key: (library[key], value)
        for key, value in oracle.items()
        if abs(library[key] - value) > 1e-3
    }
    assert disagreements == {}
    # The perturbations must leave something to disagree about.
    assert 0 < library["deals.f1"] < 1
    assert 0 < library["deal_attributes.amount"] < 1


def test_oracle_agrees_on_the_gold_itself(shared_corpus_dev: Path) -> None:
    identity = [(g, _as_result(g)) for g in _golds(shared_corpus_dev)]
    oracle = _oracle_figures(identity)
    assert all(oracle[k] == 1.0 for k in oracle if not k.endswith(("tp", "fp", "fn")))


def _as_result(gold: GoldArticle) -> ArticleResult:
    data = gold.model_dump(mode="json", exclude={"published"})
    for kind in ("amounts", "percentages", "dates"):
        for mention in data[kind]:
            mention.update(start=0, end=1, rule_id="gold")
            if kind == "dates":
                mention["granularity"] = "day"
    for deal in data["deals"]:
        deal.update(evidence_start=0, evidence_end=1)
    return ArticleResult.model_validate({**data, "model": "gold", "extractor_version": "0"})
