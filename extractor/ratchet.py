"""The quality ratchet: headline figures per gold set and model, stored in the repository.

`quality/ratchet.json` holds, for each gold folder (a path relative to the
repository root) and each model ("es_core_news_sm", "blank"), the figures of
`RATCHET_FIGURES` as last measured. CI recomputes them and fails when one drops
by more than `tolerance` below its stored value; a change that raises them
rewrites the file with `extractor ratchet --update`, which also regenerates the
README's figures table.

>>> stored = RatchetEntry(path="corpus/dev", model="blank", articles=2, figures={"deals.f1": 0.5})
>>> fresh = stored.model_copy(update={"figures": {"deals.f1": 0.49}})
>>> [c.describe() for c in compare([stored], [fresh])]
['corpus/dev · blank · deals.f1: 0.5000 → 0.4900 (-0.0100)']
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, ValidationError

from extractor.errors import ConfigError
from extractor.scoring.report import EvaluationReport

if TYPE_CHECKING:
    from extractor.api import Extractor

RATCHET_FILE = "quality/ratchet.json"
UPDATE_COMMAND = ".venv/bin/extractor ratchet --update"
DEFAULT_TOLERANCE = 0.005
# Gold folders, relative to the repository root; the shared one may be absent.
GOLD_SETS: tuple[str, ...] = ("corpus/dev", "corpus/holdout", "../shared/corpus-dev")
# The embedded default model and the blank pipeline (rules only).
MODELS: tuple[str, ...] = ("es_core_news_sm", "blank")
# Keys of `EvaluationReport.headline()` kept by the ratchet, with their README labels.
RATCHET_FIGURES: dict[str, str] = {
    "companies.f1": "companies F1",
    "amounts.f1": "amounts F1 (value)",
    "percentages.f1": "percentages F1 (value)",
    "dates.f1": "dates F1 (value)",
    "deals.precision": "deals P",
    "deals.recall": "deals R",
    "deals.f1": "deals F1",
    "exact_deals": "exact deals",
    "deal_attributes.amount": "deal amount acc.",
    "deal_attributes.stake": "deal stake acc.",
    "deal_attributes.valuation": "deal valuation acc.",
    "deal_attributes.date": "deal date acc.",
    "deal_attributes.status": "deal status acc.",
    "deal_attributes.seller": "deal seller acc.",
    "deal_attributes.buyers": "deal buyers acc.",
}
# The headline figures CI holds: F1 of each field and the share of exact deals.
ENFORCED = frozenset(
    {"companies.f1", "amounts.f1", "percentages.f1", "dates.f1", "deals.f1", "exact_deals"}
)
README_START = "<!-- figures:start -->"
README_END = "<!-- figures:end -->"
_DIGITS = 4


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RatchetEntry(_Model):
    """The figures of one gold folder under one model.

    `gold_deals` and `matched_deals` (non-optional pairs) are context, not
    ratcheted: attribute accuracies are over matched deals, so they can fall
    when more deals match; the counts let a reader tell that from a regression.
    """

    path: str
    model: str
    articles: int
    gold_deals: int = 0
    matched_deals: int = 0
    figures: dict[str, float]

    @property
    def key(self) -> tuple[str, str]:
        """(path, model): what identifies the entry."""
        return (self.path, self.model)


class Ratchet(_Model):
    """The whole ratchet file."""

    tolerance: float = DEFAULT_TOLERANCE
    update_command: str = UPDATE_COMMAND
    entries: list[RatchetEntry] = []


@dataclass(frozen=True)
class Change:
    """One figure that moved between the stored and a fresh measurement."""

    path: str
    model: str
    figure: str
    stored: float
    measured: float
    note: str = ""

    @property
    def delta(self) -> float:
        """Measured minus stored."""
        return self.measured - self.stored

    def describe(self) -> str:
        """One line: where, which figure, from what to what."""
        return (
            f"{self.path} · {self.model} · {self.figure}: "
            f"{self.stored:.4f} → {self.measured:.4f} ({self.delta:+.4f})"
            + (f" [{self.note}]" if self.note else "")
        )


# --- the file -----------------------------------------------------------------------------


def load_ratchet(path: str | Path) -> Ratchet:
    """Read and validate a ratchet file.

    Raises:
        ConfigError: unreadable, not JSON, or not the expected shape.
    """
    path = Path(path)
    try:
        return Ratchet.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, ValidationError) as exc:
        raise ConfigError(f"{path}: cannot read the ratchet file: {exc}") from exc


def to_json(ratchet: Ratchet) -> str:
    """The file's text: stable order, one figure a line, a final newline."""
    return json.dumps(ratchet.model_dump(), indent=2, ensure_ascii=False) + "\n"


def write_ratchet(path: str | Path, ratchet: Ratchet) -> None:
    """Write the ratchet file, creating its folder."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_json(ratchet), encoding="utf-8")


# --- measuring ----------------------------------------------------------------------------


def entry_from_report(path: str, model: str, report: EvaluationReport) -> RatchetEntry:
    """The ratchet figures of one evaluation, rounded to four decimals."""
    headline = report.headline()
    pairs = [count.total for count in report.deal_attribute_counts.values()]
    return RatchetEntry(
        path=path,
        model=model,
        articles=report.articles,
        gold_deals=report.deals.tp + report.deals.fn,
        matched_deals=max(pairs, default=0),
        figures={name: round(headline.get(name, 0.0), _DIGITS) for name in RATCHET_FIGURES},
    )


def measure_entry(root: str | Path, path: str, extractor: Extractor, model: str) -> RatchetEntry:
    """Run `extractor` over the gold folder `root/path` and keep the ratchet figures."""
    from extractor.evaluation import evaluate_dir

    report, _ = evaluate_dir(Path(root) / path, extractor=extractor)
    return entry_from_report(path, model, report)


def model_available(model: str) -> bool:
    """Whether `model` can be loaded here ("blank" always can)."""
    import spacy

    return model == "blank" or bool(spacy.util.is_package(model)) or Path(model).exists()


def gold_set_available(root: str | Path, path: str) -> bool:
    """Whether `root/path` holds any gold file."""
    return any((Path(root) / path).glob("*.gold.json"))


def measure(
    root: str | Path,
    sets: Sequence[str] = GOLD_SETS,
    models: Sequence[str] = MODELS,
) -> tuple[list[RatchetEntry], list[str]]:
    """Measure every available (gold set, model) pair.

    Args:
        root: the repository root that set paths are relative to.
        sets: gold folders, relative to `root`.
        models: spaCy model names ("blank" for none).

    Returns:
        The entries measured, and a note for each pair skipped (absent folder or model).
    """
    from extractor.api import Extractor

    entries: list[RatchetEntry] = []
    skipped: list[str] = []
    present = [p for p in sets if gold_set_available(root, p)]
    skipped += [f"{p}: no gold files" for p in sets if p not in present]
    for model in models:
        if not model_available(model):
            skipped.append(f"{model}: not installed")
            continue
        extractor = Extractor(model)
        entries += [measure_entry(root, path, extractor, model) for path in present]
    return entries, skipped


# --- comparing and updating ---------------------------------------------------------------


def compare(stored: Iterable[RatchetEntry], measured: Iterable[RatchetEntry]) -> list[Change]:
    """Every figure whose value differs between stored and measured entries of the same key."""
    by_key = {entry.key: entry for entry in stored}
    changes: list[Change] = []
    for fresh in measured:
        old = by_key.get(fresh.key)
        if old is None:
            continue
        for name, value in fresh.figures.items():
            before = old.figures.get(name)
            if before is not None and value != before:
                note = _attribute_note(old, fresh, name)
                changes.append(Change(fresh.path, fresh.model, name, before, value, note))
    return changes


def _attribute_note(old: RatchetEntry, new: RatchetEntry, figure: str) -> str:
    """For an attribute accuracy over a changed number of matched deals: right / pairs."""
    if not figure.startswith("deal_attributes.") or 0 in (old.matched_deals, new.matched_deals):
        return ""
    if old.matched_deals == new.matched_deals:
        return ""
    right_old = round(old.figures[figure] * old.matched_deals)
    right_new = round(new.figures[figure] * new.matched_deals)
    return f"right {right_old}/{old.matched_deals} → {right_new}/{new.matched_deals} matched deals"


def drops(changes: Iterable[Change], tolerance: float) -> list[Change]:
    """The headline changes that fall more than `tolerance` below the stored value.

    Deal precision, recall and attribute accuracies are stored for context but
    not enforced: a change that finds more deals moves them in either direction
    while the F1 and the exact-deal share say whether it is better.
    """
    return [c for c in changes if c.figure in ENFORCED and c.delta < -tolerance - 1e-9]


def rises(changes: Iterable[Change], tolerance: float) -> list[Change]:
    """The changes that rise more than `tolerance` above the stored value."""
    return [c for c in changes if c.delta > tolerance + 1e-9]


def merge(stored: Ratchet, measured: Iterable[RatchetEntry]) -> Ratchet:
    """Stored entries replaced by fresh ones; those not measured (absent here) are kept."""
    fresh = {entry.key: entry for entry in measured}
    kept = [e for e in stored.entries if e.key not in fresh]
    entries = sorted([*kept, *fresh.values()], key=_entry_order)
    return stored.model_copy(update={"entries": entries})


def _entry_order(entry: RatchetEntry) -> tuple[int, str, int, str]:
    set_rank = GOLD_SETS.index(entry.path) if entry.path in GOLD_SETS else len(GOLD_SETS)
    model_rank = MODELS.index(entry.model) if entry.model in MODELS else len(MODELS)
    return (set_rank, entry.path, model_rank, entry.model)


def drop_message(found: Sequence[Change], tolerance: float, ratchet_file: str) -> str:
    """What a failing ratchet says: which figures fell, by how much, and what to do."""
    lines = [f"{len(found)} figure(s) fell more than {tolerance} below {ratchet_file}:"]
    lines += [f"  {c.describe()}" for c in found]
    if any(c.note for c in found):
        lines.append(
            "An attribute accuracy is over matched deals: when more deals match and as many "
            "attributes or more are right, the fall comes from the new matches, not a regression."
        )
    lines.append(
        "Fix the regression, or, if the drop is intended (a gold correction, a deliberate "
        f"trade-off, more deals matched), run `{UPDATE_COMMAND} --accept-drops` and commit "
        f"{ratchet_file} and README.md with the reason."
    )
    return "\n".join(lines)


def rise_message(found: Sequence[Change], ratchet_file: str) -> str:
    """What the ratchet says when figures rose: lock the gain in."""
    lines = [f"{len(found)} figure(s) rose above {ratchet_file}; lock them in:"]
    lines += [f"  {c.describe()}" for c in found]
    lines.append(f"Run `{UPDATE_COMMAND}` and commit {ratchet_file} and README.md.")
    return "\n".join(lines)


# --- README -------------------------------------------------------------------------------

_SET_LABELS = {
    "corpus/dev": "dev",
    "corpus/holdout": "holdout",
    "../shared/corpus-dev": "shared dev",
}
_MODEL_LABELS = {"es_core_news_sm": "sm", "blank": "blank"}


def entry_label(entry: RatchetEntry, sep: str = " ") -> str:
    """A short column heading: "dev (sm)", "shared dev (blank)"."""
    model = _MODEL_LABELS.get(entry.model, entry.model)
    return f"{_SET_LABELS.get(entry.path, entry.path)}{sep}({model})"


def figures_markdown(ratchet: Ratchet) -> str:
    """The README's figures table: one row per figure, one column per (set, model)."""
    entries = sorted(ratchet.entries, key=_entry_order)
    heads = [entry_label(e) for e in entries]
    lines = [
        "| figure | " + " | ".join(heads) + " |",
        "|---|" + "---:|" * len(entries),
        "| articles | " + " | ".join(str(e.articles) for e in entries) + " |",
        "| gold deals | " + " | ".join(str(e.gold_deals) for e in entries) + " |",
    ]
    for name, label in RATCHET_FIGURES.items():
        cells = [_cell(e.figures.get(name)) for e in entries]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _cell(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def readme_section(ratchet: Ratchet) -> str:
    """The generated text between the README markers (markers excluded)."""
    sets = ", ".join(
        f"`{p}`" for p in dict.fromkeys(e.path for e in sorted(ratchet.entries, key=_entry_order))
    )
    prose = textwrap.fill(
        f"Gold sets {sets}; `sm` is the embedded default model `es_core_news_sm`, `blank` "
        "the rules alone. Mentions are scored by value; attribute accuracies are over "
        "matched deals; exact deals is the share of gold deals reproduced with every "
        "attribute right. CI fails when an F1 or the exact-deal share drops more than "
        f"{ratchet.tolerance} below these.",
        width=78,
    )
    return (
        "\n<!-- Generated from quality/ratchet.json by scripts/update_readme_figures.py\n"
        f"     (or `{UPDATE_COMMAND}`); do not edit by hand. -->\n"
        f"{prose}\n\n{figures_markdown(ratchet)}\n"
    )


_SECTION = re.compile(re.escape(README_START) + r".*?" + re.escape(README_END), re.DOTALL)


def replace_readme_section(text: str, ratchet: Ratchet) -> str:
    """`text` with the part between the figures markers regenerated.

    Raises:
        ConfigError: the markers are missing.
    """
    if not _SECTION.search(text):
        raise ConfigError(f"README has no {README_START} ... {README_END} section")
    section = f"{README_START}{readme_section(ratchet)}{README_END}"
    return _SECTION.sub(lambda _: section, text, count=1)
