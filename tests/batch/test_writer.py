"""Batch outputs: JSON lines, error lines, deal rows."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from extractor.batch.writer import CSV_COLUMNS, DealsCsv, deal_rows, errors_path, to_json_line


def _record(make_result: Any) -> dict[str, Any]:
    import json

    result = make_result(
        id="news/a",
        companies=["Amazon", "OpenAI", "Anthropic"],
        deals=[
            {
                "type": "investment",
                "buyers": ["Amazon", "Anthropic"],
                "target": "OpenAI",
                "amount": {"value": 10_000_000_000, "currency": "USD", "qualifier": "up_to"},
                "valuation": {"value": 500_000_000_000, "currency": "USD"},
                "stake": 27.5,
                "date": "2025-12",
                "status": "potential",
                "evidence": 'Amazon invertiría "hasta" 10.000 millones, dijo; otra frase',
            },
            {"type": "contract", "buyers": [], "status": "agreed"},
        ],
    )
    return dict(json.loads(to_json_line(result)))


def test_to_json_line_is_one_deterministic_line(make_result: Any) -> None:
    result = make_result(id="x", companies=["Telefónica"])
    line = to_json_line(result)
    assert line == to_json_line(make_result(id="x", companies=["Telefónica"]))
    assert line.endswith("}\n")
    assert line.count("\n") == 1
    assert "Telefónica" in line


def test_deal_rows_columns(make_result: Any) -> None:
    rows = list(deal_rows(_record(make_result)))
    assert [dict(zip(CSV_COLUMNS, r, strict=True)) for r in rows] == [
        {
            "article_id": "news/a",
            "type": "investment",
            "buyers": "Amazon; Anthropic",
            "target": "OpenAI",
            "seller": "",
            "amount_value": "10000000000",
            "currency": "USD",
            "qualifier": "up_to",
            "stake": "27.5",
            "valuation": "500000000000",
            "date": "2025-12",
            "status": "potential",
            "evidence": 'Amazon invertiría "hasta" 10.000 millones, dijo; otra frase',
        },
        {
            "article_id": "news/a",
            "type": "contract",
            "buyers": "",
            "target": "",
            "seller": "",
            "amount_value": "",
            "currency": "",
            "qualifier": "",
            "stake": "",
            "valuation": "",
            "date": "",
            "status": "agreed",
            "evidence": "",
        },
    ]


def test_deals_csv_reads_back_in_a_spreadsheet_dialect(make_result: Any, tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    with DealsCsv(path) as out:
        out.write(_record(make_result))
    assert path.read_bytes().startswith(b"\xef\xbb\xbfarticle_id,")
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == list(CSV_COLUMNS)
    assert rows[1][-1] == 'Amazon invertiría "hasta" 10.000 millones, dijo; otra frase'
    assert len(rows) == 3


def test_errors_path_sits_beside_the_output() -> None:
    assert errors_path(Path("out/run.jsonl")) == Path("out/run.errors.jsonl")
    assert errors_path(Path("run")) == Path("run.errors.jsonl")
