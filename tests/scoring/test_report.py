"""The report's JSON shape and the `evaluate` entry point (gold folder + predictions)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from extractor.errors import ExtractorError, GoldFileError
from extractor.gold import GoldArticle, iter_gold_files, load_gold
from extractor.records import ArticleResult
from extractor.scoring import EvaluationReport, evaluate, evaluate_pairs, read_predictions

MakeGold = Callable[..., GoldArticle]
MakeResult = Callable[..., ArticleResult]

PRF_KEYS = {"precision", "recall", "f1", "tp", "fp", "fn"}
SUMMARY_KEYS = {
    "companies",
    "amounts",
    "percentages",
    "dates",
    "deals",
    "amounts_strict",
    "percentages_strict",
    "dates_strict",
    "exact_deals",
    "deal_attributes",
    "per_type",
    "confusion_type",
    "confusion_status",
    "errors",
    "articles",
    "missing_predictions",
}


def _write_gold(directory: Path, *golds: GoldArticle) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for gold in golds:
        path = directory / f"{gold.id}.gold.json"
        path.write_text(gold.model_dump_json(), encoding="utf-8")
    return directory


def _write_jsonl(path: Path, *results: ArticleResult) -> Path:
    lines = [r.model_dump_json() for r in results]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def gold_dir(tmp_path: Path, make_gold: MakeGold) -> Path:
    return _write_gold(
        tmp_path / "gold",
        make_gold(id="a", companies=["Prosus"]),
        make_gold(id="b", companies=["Adobe", "Figma"]),
    )


def test_report_summary_json_top_level_shape(make_gold: MakeGold, make_result: MakeResult) -> None:
    report = evaluate_pairs([(make_gold(companies=["Prosus"]), make_result())])
    summary = json.loads(report.to_summary_json())
    assert SUMMARY_KEYS <= set(summary)
    for field in ("companies", "amounts", "percentages", "dates", "deals", "dates_strict"):
        assert set(summary[field]) == PRF_KEYS
    assert isinstance(summary["exact_deals"], float)
    assert set(summary["deal_attributes"]) == {
        "amount", "stake", "valuation", "date", "status", "seller", "buyers"
    }  # fmt: skip
    assert set(summary["per_type"]) == {"investment", "acquisition", "stake", "merger", "contract"}
    assert PRF_KEYS | {"exact_deals", "deal_attributes"} <= set(summary["per_type"]["stake"])
    assert set(summary["confusion_type"]["none"]) == set(summary["per_type"]) | {"none"}
    assert summary["articles"] == 1
    assert summary["errors"][0] == {
        "kind": "FN",
        "article_id": "art",
        "field": "companies",
        "expected": "Prosus",
        "got": None,
        "evidence": "",
        "gold_index": 0,
        "pred_index": None,
    }
    assert EvaluationReport.model_validate(summary) == report


def test_report_headline_is_flat(make_gold: MakeGold, make_result: MakeResult) -> None:
    headline = evaluate_pairs([(make_gold(), make_result())]).headline()
    assert headline["deals.f1"] == 1.0
    assert headline["deal_attributes.buyers"] == 1.0
    assert all(isinstance(v, float) for v in headline.values())


def test_evaluate_mapping_missing_and_ignored(gold_dir: Path, make_result: MakeResult) -> None:
    report = evaluate(gold_dir, {"a": make_result(id="a", companies=["Prosus"]),
                                 "zzz": make_result(id="zzz")})  # fmt: skip
    # b has no prediction: its two companies are FN.
    assert report.articles == 2
    assert (report.companies.tp, report.companies.fp, report.companies.fn) == (1, 0, 2)
    assert report.missing_predictions == ["b"]
    assert report.ignored_predictions == ["zzz"]


def test_evaluate_iterable_and_jsonl_agree(
    gold_dir: Path, tmp_path: Path, make_result: MakeResult
) -> None:
    results = [
        make_result(id="a", companies=["Prosus"]),
        make_result(id="b", companies=["Figma", "Canva"]),
    ]
    from_iterable = evaluate(gold_dir, results)
    from_file = evaluate(gold_dir, _write_jsonl(tmp_path / "run.jsonl", *results))
    from_str = evaluate(str(gold_dir), str(tmp_path / "run.jsonl"))
    assert from_iterable == from_file == from_str
    assert (from_file.companies.tp, from_file.companies.fp, from_file.companies.fn) == (2, 1, 1)
    assert from_file.missing_predictions == []


def test_read_predictions_rejects_bad_lines(tmp_path: Path, make_result: MakeResult) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "model": "m"}\n', encoding="utf-8")
    with pytest.raises(ExtractorError, match=r"bad\.jsonl:1"):
        read_predictions(bad)
    twice = _write_jsonl(tmp_path / "twice.jsonl", make_result(id="a"), make_result(id="a"))
    with pytest.raises(ExtractorError, match="two predictions"):
        read_predictions(twice)
    with pytest.raises(ExtractorError, match="no id"):
        evaluate(tmp_path, [make_result(id=None)])


def test_evaluate_rejects_duplicate_gold_ids(tmp_path: Path, make_gold: MakeGold) -> None:
    gold = make_gold(id="a")
    _write_gold(tmp_path / "one", gold)
    _write_gold(tmp_path / "two", gold)
    with pytest.raises(GoldFileError, match="another gold file"):
        evaluate(tmp_path, {})


def test_evaluate_empty_folder_warns(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        report = evaluate(tmp_path, [])
    assert report.articles == 0
    assert report.deals.f1 == 1.0
    assert "no *.gold.json" in caplog.text


def test_evaluate_shared_corpus_gold_against_itself(shared_corpus_dev: Path) -> None:
    golds = [load_gold(p) for p in iter_gold_files(shared_corpus_dev)]
    perfect = [_as_prediction(g) for g in golds]
    report = evaluate(shared_corpus_dev, perfect)
    assert set(report.headline().values()) == {1.0}
    assert report.errors == []
    assert report.articles == len(golds) > 0


def _as_prediction(gold: GoldArticle) -> ArticleResult:
    data = gold.model_dump(mode="json", exclude={"published"})
    for kind in ("amounts", "percentages", "dates"):
        for mention in data[kind]:
            mention.update(start=0, end=1, rule_id="gold")
    for mention in data["dates"]:
        mention["granularity"] = "day"
    for deal in data["deals"]:
        deal.update(evidence_start=0, evidence_end=1)
    return ArticleResult.model_validate({**data, "model": "gold", "extractor_version": "0"})
