"""`extractor ratchet`: measure, store, refuse drops, regenerate the README table."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from extractor.cli import app
from extractor.ratchet import README_END, README_START, load_ratchet

ROOT = Path(__file__).resolve().parents[1]


def _tiny_root(tmp_path: Path) -> Path:
    """A repository root whose corpus/dev holds the first two dev articles."""
    dev = tmp_path / "corpus" / "dev"
    dev.mkdir(parents=True)
    for gold in sorted((ROOT / "corpus" / "dev").glob("*.gold.json"))[:2]:
        shutil.copy(gold, dev)
        shutil.copy(gold.with_name(gold.name.removesuffix(".gold.json") + ".txt"), dev)
    (tmp_path / "README.md").write_text(
        f"# x\n\n## Figures\n\n{README_START}\n{README_END}\n", encoding="utf-8"
    )
    return tmp_path


def _run(root: Path, *args: str) -> tuple[int, str]:
    done = CliRunner().invoke(app, ["ratchet", "--root", str(root), "--model", "blank", *args])
    return done.exit_code, done.output


def test_ratchet_cli_stores_checks_and_refuses_drops(tmp_path: Path) -> None:
    root = _tiny_root(tmp_path)
    ratchet_file = root / "quality" / "ratchet.json"

    code, output = _run(root, "--update")
    assert code == 0, output
    stored = load_ratchet(ratchet_file)
    assert [e.key for e in stored.entries] == [("corpus/dev", "blank")]
    assert stored.entries[0].articles == 2
    assert "| dev (blank) |" in (root / "README.md").read_text(encoding="utf-8")
    assert "skipped corpus/holdout: no gold files" in output

    code, output = _run(root)
    assert code == 0, output

    # Pretend the stored figure was higher: the fresh one now counts as a drop.
    raw = json.loads(ratchet_file.read_text(encoding="utf-8"))
    raw["entries"][0]["figures"]["deals.f1"] = 1.5
    ratchet_file.write_text(json.dumps(raw), encoding="utf-8")
    code, output = _run(root)
    assert code == 1
    assert "corpus/dev · blank · deals.f1: 1.5000 →" in output
    code, output = _run(root, "--update")
    assert code == 1
    assert "not written" in output
    assert (
        json.loads(ratchet_file.read_text(encoding="utf-8"))["entries"][0]["figures"]["deals.f1"]
        == 1.5
    )
    code, output = _run(root, "--update", "--accept-drops")
    assert code == 0, output
    assert load_ratchet(ratchet_file).entries[0].figures["deals.f1"] <= 1.0


def test_ratchet_cli_rejects_a_broken_file(tmp_path: Path) -> None:
    root = _tiny_root(tmp_path)
    (root / "quality").mkdir()
    (root / "quality" / "ratchet.json").write_text("{not json", encoding="utf-8")
    code, output = _run(root)
    assert code == 2
    assert "cannot read the ratchet file" in output
