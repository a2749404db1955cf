"""Gold annotation files (ANNOTATION.md §2): the model and a strict loader."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from extractor.errors import GoldFileError
from extractor.records import AmountBase, Company, DateBase, DealBase, PercentageBase


class GoldArticle(BaseModel):
    """One `<id>.gold.json` file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    published: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    companies: list[Company] = []
    amounts: list[AmountBase] = []
    percentages: list[PercentageBase] = []
    dates: list[DateBase] = []
    deals: list[DealBase] = []


def load_gold(path: str | Path) -> GoldArticle:
    """Read and validate a gold file; a malformed one names the file and the field.

    Raises:
        GoldFileError: unreadable JSON, unknown or missing keys, wrong values.
    """
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldFileError(f"{path}: cannot read gold file: {exc}") from exc
    try:
        return GoldArticle.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '<root>'}: {err['msg']}"
            for err in exc.errors()
        )
        raise GoldFileError(f"{path}: {problems}") from exc


def iter_gold_files(directory: str | Path) -> list[Path]:
    """Every `*.gold.json` under a directory, sorted for stable output."""
    return sorted(Path(directory).rglob("*.gold.json"))
