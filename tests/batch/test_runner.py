"""`run_batch`: one record per good article, one error per bad one, nothing lost or doubled."""

from __future__ import annotations

import csv
import json
import logging
import shutil
from pathlib import Path
from typing import Any

import pytest

from extractor.batch import CSV_COLUMNS, BatchSummary, count_articles, run_batch
from extractor.errors import BatchError


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _errors(summary: BatchSummary, root: Path) -> list[tuple[str, int | None]]:
    return [
        (Path(e["source"]).relative_to(root).as_posix(), e["line"])
        for e in _lines(summary.errors_file)
    ]


# --- every format, broken files, a 3 MB article ------------------------------------------------
def test_run_batch_one_record_per_good_article_one_error_per_bad(
    big_archive_run: dict[str, Any],
) -> None:
    summary, expected = big_archive_run["summary"], big_archive_run["expected"]
    assert [r["id"] for r in _lines(big_archive_run["out"])] == expected["good"]
    assert _errors(summary, big_archive_run["root"]) == expected["bad"]
    assert (summary.articles, summary.errors, summary.skipped) == (
        len(expected["good"]),
        len(expected["bad"]),
        expected["skipped"],
    )
    assert summary.warnings == 1  # the cp1252 file
    assert not summary.ok


def test_run_batch_errors_say_why(big_archive_run: dict[str, Any]) -> None:
    reasons = [e["reason"] for e in _lines(big_archive_run["summary"].errors_file)]
    assert reasons[0] == "binary file (NUL bytes)"
    assert reasons[1] == "empty file"
    assert reasons[2].startswith("not JSON")
    assert reasons[3] == "no 'text' string"


def test_run_batch_record_fields_from_each_format(big_archive_run: dict[str, Any]) -> None:
    records = {r["id"]: r for r in _lines(big_archive_run["out"])}
    assert records["efe-1"]["title"] == "Prosus compra Just Eat"
    assert records["efe-1"]["published"] == "2025-02-24"
    assert records["news/2024/iberdrola"]["published"] == "2024-03-01"
    assert records["pages/sabadell"]["title"] == "Sabadell rechaza la OPA de BBVA"
    assert records["pages/sabadell"]["published"] == "2024-05-06"
    assert [a["text"] for a in records["legacy/latin1"]["amounts"]] == ["200 millones de euros"]


def test_run_batch_long_article_chunked_offsets_refer_to_the_whole_text(
    big_archive_run: dict[str, Any],
) -> None:
    text = (big_archive_run["root"] / "big" / "long.txt").read_text(encoding="utf-8")
    record = next(r for r in _lines(big_archive_run["out"]) if r["id"] == "big/long")
    assert len(text) > 2_900_000
    amounts = record["amounts"]
    assert [a["text"] for a in amounts] == [
        "1.200 millones de euros",
        "2.500 millones de dólares",
        "300 millones de dólares",
    ]
    for mention in [*amounts, *record["percentages"], *record["dates"]]:
        assert text[mention["start"] : mention["end"]] == mention["text"]
    for company in record["companies"]:
        for mention in company["mentions"]:
            assert text[mention["start"] : mention["end"]] == mention["text"]
    big_deals = big_archive_run["expected"]["big_deals"]
    assert [d["evidence"].strip() for d in record["deals"]] == big_deals
    for deal in record["deals"]:
        assert text[deal["evidence_start"] : deal["evidence_end"]] == deal["evidence"]
    assert max(d["evidence_start"] for d in record["deals"]) > 2_000_000


def test_run_batch_deals_csv_has_a_row_per_deal(big_archive_run: dict[str, Any]) -> None:
    path = big_archive_run["out"].with_suffix(".csv")
    with path.open(encoding="utf-8-sig", newline="") as stream:
        header, *rows = list(csv.reader(stream))
    assert header == list(CSV_COLUMNS)
    records = _lines(big_archive_run["out"])
    assert len(rows) == sum(len(r["deals"]) for r in records) == big_archive_run["summary"].deals
    assert [r[0] for r in rows] == [r["id"] for r in records for _ in r["deals"]]


# --- determinism --------------------------------------------------------------------------------
def test_run_batch_same_bytes_with_one_and_two_processes(
    archive: tuple[Path, dict[str, Any]], extractor_rules: Any, tmp_path: Path
) -> None:
    root, _ = archive
    outputs = []
    for n in (1, 2):
        out = tmp_path / f"n{n}" / "out.jsonl"
        csv_path = out.with_suffix(".csv")
        summary = run_batch(
            [root], out, extractor=extractor_rules, n_process=n, batch_size=2, deals_csv=csv_path
        )
        outputs.append((out.read_bytes(), summary.errors_file.read_bytes(), csv_path.read_bytes()))
    assert outputs[0] == outputs[1]
    assert outputs[0][0].count(b"\n") == 7


# --- existing outputs: refuse, force, resume ----------------------------------------------------
def test_run_batch_refuses_an_existing_output(
    archive: tuple[Path, dict[str, Any]], extractor_rules: Any, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("keep me\n", encoding="utf-8")
    with pytest.raises(BatchError, match="out.jsonl exists: --resume finishes it"):
        run_batch([archive[0]], out, extractor=extractor_rules)
    assert out.read_text(encoding="utf-8") == "keep me\n"


def test_run_batch_refuses_an_existing_csv(
    archive: tuple[Path, dict[str, Any]], extractor_rules: Any, tmp_path: Path
) -> None:
    (tmp_path / "deals.csv").write_text("x", encoding="utf-8")
    with pytest.raises(BatchError, match="deals.csv exists"):
        run_batch(
            [archive[0]],
            tmp_path / "o.jsonl",
            extractor=extractor_rules,
            deals_csv=tmp_path / "deals.csv",
        )


def test_run_batch_force_overwrites(
    archive: tuple[Path, dict[str, Any]], extractor_rules: Any, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")
    summary = run_batch([archive[0]], out, extractor=extractor_rules, force=True)
    assert [r["id"] for r in _lines(out)] == archive[1]["good"]
    assert summary.articles == len(archive[1]["good"])


def test_run_batch_resume_and_force_together_are_refused(
    archive: tuple[Path, dict[str, Any]], extractor_rules: Any, tmp_path: Path
) -> None:
    with pytest.raises(BatchError, match="choose one"):
        run_batch(
            [archive[0]], tmp_path / "o.jsonl", extractor=extractor_rules, resume=True, force=True
        )


@pytest.mark.parametrize("whole_lines", [0, 3, 6])
def test_run_batch_resume_after_a_partial_line_equals_an_uninterrupted_run(
    archive: tuple[Path, dict[str, Any]], extractor_rules: Any, tmp_path: Path, whole_lines: int
) -> None:
    root, expected = archive
    full = tmp_path / "full" / "out.jsonl"
    run_batch([root], full, extractor=extractor_rules, deals_csv=full.with_suffix(".csv"))
    lines = full.read_bytes().splitlines(keepends=True)
    out = tmp_path / "cut" / "out.jsonl"
    out.parent.mkdir()
    out.write_bytes(b"".join(lines[:whole_lines]) + lines[whole_lines][:40])
    summary = run_batch(
        [root], out, extractor=extractor_rules, resume=True, deals_csv=out.with_suffix(".csv")
    )
    assert out.read_bytes() == full.read_bytes()
    assert summary.errors_file.read_bytes() == full.with_name("out.errors.jsonl").read_bytes()
    assert out.with_suffix(".csv").read_bytes() == full.with_suffix(".csv").read_bytes()
    assert (summary.resumed, summary.articles) == (whole_lines, len(expected["good"]) - whole_lines)


def test_run_batch_resume_of_a_finished_run_adds_nothing(
    archive: tuple[Path, dict[str, Any]], extractor_rules: Any, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    run_batch([archive[0]], out, extractor=extractor_rules)
    before = out.read_bytes()
    summary = run_batch([archive[0]], out, extractor=extractor_rules, resume=True)
    assert out.read_bytes() == before
    assert (summary.articles, summary.resumed) == (0, len(archive[1]["good"]))


def test_run_batch_resume_without_output_starts_afresh(
    archive: tuple[Path, dict[str, Any]], extractor_rules: Any, tmp_path: Path
) -> None:
    summary = run_batch([archive[0]], tmp_path / "o.jsonl", extractor=extractor_rules, resume=True)
    assert summary.articles == len(archive[1]["good"])


# --- ids, inputs, failures ----------------------------------------------------------------------
def test_run_batch_duplicate_id_is_an_error(extractor_rules: Any, tmp_path: Path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.md").write_text("Prosus compró Just Eat.", encoding="utf-8")
    (root / "a.txt").write_text("Naturgy vendió Enel.", encoding="utf-8")
    summary = run_batch([root], tmp_path / "o.jsonl", extractor=extractor_rules)
    assert [r["id"] for r in _lines(summary.out)] == ["a"]
    (error,) = _lines(summary.errors_file)
    assert error == {
        "source": str(root / "a.txt"),
        "line": None,
        "id": "a",
        "reason": "duplicate id 'a': an earlier input has it",
    }


def test_run_batch_never_reads_its_own_outputs(
    archive: tuple[Path, dict[str, Any]], extractor_rules: Any
) -> None:
    root, expected = archive
    out = root / "out.jsonl"
    run_batch([root], out, extractor=extractor_rules, deals_csv=root / "deals.csv")
    summary = run_batch([root], out, extractor=extractor_rules, force=True)
    assert [r["id"] for r in _lines(out)] == expected["good"]
    assert summary.skipped == expected["skipped"] + 1  # deals.csv


def test_run_batch_missing_input_and_empty_folder(extractor_rules: Any, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    out = tmp_path / "o.jsonl"
    summary = run_batch([tmp_path / "empty", tmp_path / "none"], out, extractor=extractor_rules)
    assert out.read_bytes() == b""
    assert [e["reason"] for e in _lines(summary.errors_file)] == ["no such file or directory"]
    assert (summary.articles, summary.errors) == (0, 1)


def test_run_batch_component_failure_is_an_error_and_the_batch_goes_on(
    boom_extractor: Any, tmp_path: Path
) -> None:
    root = tmp_path / "in"
    root.mkdir()
    for name, text in [("a", "Prosus compró Just Eat."), ("b", "BOOM."), ("c", "Enel compró X.")]:
        (root / f"{name}.txt").write_text(text, encoding="utf-8")
    summary = run_batch([root], tmp_path / "o.jsonl", extractor=boom_extractor)
    assert [r["id"] for r in _lines(summary.out)] == ["a", "c"]
    (error,) = _lines(summary.errors_file)
    assert (error["id"], error["reason"]) == ("b", "component test_boom failed: ValueError: boom")


def test_run_batch_progress_reaches_the_count(
    archive: tuple[Path, dict[str, Any]], extractor_rules: Any, tmp_path: Path
) -> None:
    seen: list[int] = []
    run_batch(
        [archive[0]],
        tmp_path / "o.jsonl",
        extractor=extractor_rules,
        on_progress=lambda s: seen.append(s.done),
    )
    assert seen == sorted(seen)
    assert seen[-1] == count_articles([archive[0]])


def test_run_batch_summary_line(
    archive: tuple[Path, dict[str, Any]], extractor_rules: Any, tmp_path: Path
) -> None:
    summary = run_batch([archive[0]], tmp_path / "o.jsonl", extractor=extractor_rules)
    line = summary.line()
    assert line.startswith(
        f"7 articles, {summary.deals} deals, 4 errors (see {summary.errors_file})"
    )
    assert "1 files skipped" in line
    assert "1 warnings" in line


def test_run_batch_copies_of_an_archive_get_their_own_ids(
    archive: tuple[Path, dict[str, Any]], extractor_rules: Any, tmp_path: Path
) -> None:
    root, expected = archive
    shutil.copytree(root / "news", tmp_path / "other" / "news")
    summary = run_batch(
        [root / "news", tmp_path / "other"], tmp_path / "o.jsonl", extractor=extractor_rules
    )
    assert [r["id"] for r in _lines(summary.out)] == [
        "2024/iberdrola",
        "telefonica",
        "news/2024/iberdrola",
        "news/telefonica",
    ]


def test_run_batch_resume_refuses_records_of_another_model(
    archive: tuple[Path, dict[str, Any]], extractor_rules: Any, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    record = {"id": "efe-1", "model": "es_core_news_lg-3.8.0", "extractor_version": "0.1.0"}
    out.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(BatchError, match="out.jsonl:1: written by model es_core_news_lg-3.8.0"):
        run_batch([archive[0]], out, extractor=extractor_rules, resume=True)
    assert _lines(out) == [record]


def test_run_batch_empty_folder_warns(
    extractor_rules: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "empty").mkdir()
    with caplog.at_level(logging.WARNING, logger="extractor"):
        summary = run_batch([tmp_path / "empty"], tmp_path / "o.jsonl", extractor=extractor_rules)
    assert summary.ok
    assert f"no articles (.txt, .md, .html, .jsonl) in {tmp_path / 'empty'}" in caplog.text
