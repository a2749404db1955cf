"""`extractor.schemas`: real records and every gold file validate against the schemas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.gold import load_gold
from extractor.records import ArticleResult
from extractor.schemas import SCHEMA_MODELS, check_schemas, export_schemas, write_schemas
from extractor.scoring import evaluate_pairs

_ROOT = Path(__file__).resolve().parents[1]
_GOLD_FILES = sorted((_ROOT / "corpus").glob("*/*.gold.json")) + sorted(
    (_ROOT.parent / "shared" / "corpus-dev").glob("*.gold.json")
)

ARTICLE_TEXTS = [
    "Google compró Wiz por 32.000 millones de dólares.",
    "Amazon podría invertir hasta 10.000 millones de dólares en OpenAI, según fuentes "
    "cercanas, lo que valoraría a la empresa en más de 500.000 millones. El 27% de "
    "Telefónica Argentina se vendió el pasado jueves por 1.245 millones de dólares.",
    "",
]


def _validator(name: str) -> jsonschema.protocols.Validator:
    schema = export_schemas()[name]
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _errors(name: str, instance: Any) -> list[str]:
    return [
        f"{'/'.join(str(p) for p in e.absolute_path) or '<root>'}: {e.message}"
        for e in _validator(name).iter_errors(instance)
    ]


@pytest.mark.parametrize("name", sorted(SCHEMA_MODELS))
def test_export_schemas_valid_2020_12(name: str) -> None:
    schema = export_schemas()[name]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("text", ARTICLE_TEXTS, ids=["wiz", "amazon-telefonica", "empty"])
def test_export_schemas_extraction_result_validates(extractor_rules: Any, text: str) -> None:
    result = extractor_rules.extract(text, published="2025-02-25", id="a1", title="T")
    instance = result.model_dump(mode="json")
    assert _errors("article_result.schema.json", instance) == []
    for deal in instance["deals"]:
        assert _errors("deal_record.schema.json", deal) == []
    # The JSON text users read is the same document.
    assert json.loads(result.model_dump_json()) == instance


def test_export_schemas_numbers_are_json_numbers(extractor_rules: Any) -> None:
    result = extractor_rules.extract("Google compró Wiz por 32.000 millones de dólares.")
    instance = result.model_dump(mode="json")
    assert instance["amounts"][0]["value"] == 32_000_000_000
    bad = json.loads(json.dumps(instance))
    bad["amounts"][0]["value"] = "32000000000"
    assert _errors("article_result.schema.json", bad)
    bad["amounts"][0]["value"] = -1
    assert any(
        "minimum" in e or "less than" in e for e in _errors("article_result.schema.json", bad)
    )


@pytest.mark.parametrize("path", _GOLD_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_export_schemas_gold_file_validates(path: Path) -> None:
    instance = json.loads(path.read_text(encoding="utf-8"))
    assert _errors("gold_article.schema.json", instance) == []
    # What the loader accepts and what the schema accepts agree on these files.
    assert load_gold(path).id == instance["id"]


def test_export_schemas_gold_files_found() -> None:
    assert any(p.is_relative_to(_ROOT / "corpus") for p in _GOLD_FILES)


def test_export_schemas_evaluation_report_validates(
    extractor_rules: Any, shared_corpus_dev: Path
) -> None:
    gold = load_gold(shared_corpus_dev / "seed-amazon-openai.gold.json")
    text = (shared_corpus_dev / "seed-amazon-openai.txt").read_text(encoding="utf-8")
    predicted = extractor_rules.extract(text, published=gold.published)
    empty = ArticleResult(model="none", extractor_version="0")
    report = evaluate_pairs([(gold, predicted), (gold, empty)])
    assert report.errors
    assert _errors("evaluation_report.schema.json", report.model_dump(mode="json")) == []


def test_write_schemas_then_check_schemas_clean(tmp_path: Path) -> None:
    written = write_schemas(tmp_path / "out")
    assert [p.name for p in written] == list(SCHEMA_MODELS)
    assert check_schemas(tmp_path / "out") == []


def test_check_schemas_names_stale_and_missing(tmp_path: Path) -> None:
    write_schemas(tmp_path)
    (tmp_path / "deal_record.schema.json").write_text('{"title": "old"}\n', encoding="utf-8")
    (tmp_path / "gold_article.schema.json").unlink()
    assert check_schemas(tmp_path) == ["deal_record.schema.json", "gold_article.schema.json"]


def test_schemas_cli_writes_then_checks(tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "schemas"
    stale = runner.invoke(app, ["schemas", "--check", "--dir", str(target)])
    assert stale.exit_code == 1
    assert "run `extractor schemas`" in stale.output
    written = runner.invoke(app, ["schemas", "--dir", str(target)])
    assert written.exit_code == 0, written.output
    assert sorted(p.name for p in target.iterdir()) == sorted(SCHEMA_MODELS)
    current = runner.invoke(app, ["schemas", "--check", "--dir", str(target)])
    assert current.exit_code == 0, current.output
