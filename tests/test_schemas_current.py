"""The committed `schemas/*.schema.json` equal the schemas generated from the models."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest

from extractor.schemas import SCHEMA_MODELS, export_schemas, to_schema_text

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schemas"


@pytest.mark.parametrize("name", sorted(SCHEMA_MODELS))
def test_schemas_committed_file_current(name: str) -> None:
    generated = export_schemas()[name]
    path = SCHEMA_DIR / name
    assert path.is_file(), f"{path} is missing: run `extractor schemas` and commit schemas/"
    committed_text = path.read_text(encoding="utf-8")
    if json.loads(committed_text) != generated:
        diff = "".join(
            difflib.unified_diff(
                committed_text.splitlines(keepends=True),
                to_schema_text(generated).splitlines(keepends=True),
                fromfile=f"schemas/{name} (committed)",
                tofile=f"schemas/{name} (from the models)",
                n=2,
            )
        )
        pytest.fail(
            f"schemas/{name} drifted from the pydantic models: run `extractor schemas` "
            f"and commit schemas/\n{diff[:4000]}"
        )


def test_schemas_no_uncommitted_extra_file() -> None:
    # A schema file nobody generates any more is a leftover of a renamed model.
    extra = {p.name for p in SCHEMA_DIR.glob("*.schema.json")} - set(SCHEMA_MODELS)
    assert not extra, f"schemas/ holds files no model generates (delete them): {sorted(extra)}"
