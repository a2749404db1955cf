"""The quality ratchet: stored figures hold, the file and the README agree with each other.

The slow test recomputes every (gold set, model) entry of quality/ratchet.json and
fails when a figure drops more than the file's tolerance below its stored value.
Gold sets that are absent here (../shared/corpus-dev on some machines) and models
that are not installed are skipped. Refresh after an improvement with
`.venv/bin/extractor ratchet --update`.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pytest

from extractor.errors import ConfigError
from extractor.ratchet import (
    GOLD_SETS,
    MODELS,
    RATCHET_FIGURES,
    RATCHET_FILE,
    README_END,
    README_START,
    Change,
    Ratchet,
    RatchetEntry,
    compare,
    drop_message,
    drops,
    figures_markdown,
    gold_set_available,
    load_ratchet,
    measure_entry,
    merge,
    model_available,
    replace_readme_section,
    rise_message,
    rises,
    to_json,
)

ROOT = Path(__file__).resolve().parents[1]
RATCHET = load_ratchet(ROOT / RATCHET_FILE)
# Session fixtures of conftest that hold a loaded extractor for a model.
_EXTRACTOR_FIXTURE = {"es_core_news_sm": "extractor_full", "blank": "extractor_rules"}


def _entry(path: str = "corpus/dev", model: str = "blank", **figures: float) -> RatchetEntry:
    return RatchetEntry(path=path, model=model, articles=3, figures=figures)


# --- the stored file ----------------------------------------------------------------------


def test_ratchet_file_covers_every_set_and_model() -> None:
    keys = {entry.key for entry in RATCHET.entries}
    assert keys == {(path, model) for path in GOLD_SETS for model in MODELS}
    for entry in RATCHET.entries:
        assert set(entry.figures) == set(RATCHET_FIGURES), entry.key
        assert all(0.0 <= value <= 1.0 for value in entry.figures.values()), entry.key
        assert entry.articles > 0
        assert 0 <= entry.matched_deals <= entry.gold_deals, entry.key


def test_ratchet_file_is_as_the_tool_writes_it() -> None:
    text = (ROOT / RATCHET_FILE).read_text(encoding="utf-8")
    assert to_json(load_ratchet(ROOT / RATCHET_FILE)) == text


def test_readme_figures_match_ratchet_file() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert replace_readme_section(readme, RATCHET) == readme, (
        "README.md's figures are stale: run `.venv/bin/python scripts/update_readme_figures.py`"
    )


# --- the logic, on hand-made entries ------------------------------------------------------

CHANGE_CASES = [
    # (stored, measured, tolerance, dropped figures, risen figures)
    ({"deals.f1": 0.50}, {"deals.f1": 0.50}, 0.005, [], []),
    ({"deals.f1": 0.50}, {"deals.f1": 0.496}, 0.005, [], []),
    ({"deals.f1": 0.50}, {"deals.f1": 0.495}, 0.005, [], []),
    ({"deals.f1": 0.50}, {"deals.f1": 0.4949}, 0.005, ["deals.f1"], []),
    ({"deals.f1": 0.50}, {"deals.f1": 0.52}, 0.005, [], ["deals.f1"]),
    ({"deals.f1": 0.5, "exact_deals": 0.2}, {"deals.f1": 0.6, "exact_deals": 0.1}, 0.005,
     ["exact_deals"], ["deals.f1"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("stored", "measured", "tolerance", "dropped", "risen"),
    CHANGE_CASES,
    ids=["same", "within", "at-tolerance", "below", "rise", "one-each"],
)
def test_ratchet_compare_finds_drops_and_rises(
    stored: dict[str, float],
    measured: dict[str, float],
    tolerance: float,
    dropped: list[str],
    risen: list[str],
) -> None:
    changes = compare([_entry(**stored)], [_entry(**measured)])
    assert [c.figure for c in drops(changes, tolerance)] == dropped
    assert [c.figure for c in rises(changes, tolerance)] == risen


def test_ratchet_compare_ignores_entries_not_stored() -> None:
    assert compare([_entry(model="blank", x=0.9)], [_entry(model="other", x=0.1)]) == []


def test_ratchet_merge_keeps_entries_not_measured() -> None:
    shared = _entry("../shared/corpus-dev", **{"deals.f1": 0.7})
    stored = Ratchet(entries=[_entry(**{"deals.f1": 0.5}), shared])
    merged = merge(stored, [_entry(**{"deals.f1": 0.6})])
    assert [(e.path, e.figures["deals.f1"]) for e in merged.entries] == [
        ("corpus/dev", 0.6),
        ("../shared/corpus-dev", 0.7),
    ]


def test_ratchet_drop_message_says_which_how_much_and_what_to_do() -> None:
    message = drop_message([Change("corpus/dev", "blank", "deals.f1", 0.5, 0.45)], 0.005, "q.json")
    assert "corpus/dev · blank · deals.f1: 0.5000 → 0.4500 (-0.0500)" in message
    assert "extractor ratchet --update" in message
    assert "extractor ratchet --update" in rise_message([], "q.json")


def test_ratchet_compare_counts_attribute_right_over_matched_deals() -> None:
    old = _entry(**{"deal_attributes.date": 0.9}).model_copy(update={"matched_deals": 10})
    new = _entry(**{"deal_attributes.date": 0.75}).model_copy(update={"matched_deals": 12})
    (change,) = compare([old], [new])
    assert change.note == "right 9/10 → 9/12 matched deals"
    assert "[right 9/10 → 9/12 matched deals]" in change.describe()
    assert "not a regression" in drop_message([change], 0.005, "q.json")


def test_ratchet_load_rejects_unknown_keys(tmp_path: Path) -> None:
    path = tmp_path / "ratchet.json"
    path.write_text(json.dumps({"tolerance": 0.005, "entrys": []}), encoding="utf-8")
    with pytest.raises(ConfigError, match="ratchet.json"):
        load_ratchet(path)


def test_ratchet_readme_section_is_replaced_between_markers() -> None:
    ratchet = Ratchet(entries=[_entry(**dict.fromkeys(RATCHET_FIGURES, 0.5))])
    text = f"# T\n\n## Figures\n{README_START}\nold\n{README_END}\nafter\n"
    new = replace_readme_section(text, ratchet)
    assert "\nold\n" not in new
    assert new.endswith(f"{README_END}\nafter\n")
    assert replace_readme_section(new, ratchet) == new
    table = figures_markdown(ratchet)
    assert table.splitlines()[0] == "| figure | dev (blank) |"
    assert len(table.splitlines()) == 4 + len(RATCHET_FIGURES)
    with pytest.raises(ConfigError):
        replace_readme_section("# no markers\n", ratchet)


# --- the figures hold ---------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "stored", RATCHET.entries, ids=[f"{e.path}-{e.model}" for e in RATCHET.entries]
)
def test_quality_ratchet_holds(stored: RatchetEntry, request: pytest.FixtureRequest) -> None:
    if not gold_set_available(ROOT, stored.path):
        pytest.skip(f"no gold files in {ROOT / stored.path}")
    if not model_available(stored.model):
        pytest.skip(f"model {stored.model} is not installed")
    extractor: Any
    if stored.model in _EXTRACTOR_FIXTURE:
        extractor = request.getfixturevalue(_EXTRACTOR_FIXTURE[stored.model])
    else:
        from extractor.api import Extractor

        extractor = Extractor(stored.model)
    measured = measure_entry(ROOT, stored.path, extractor, stored.model)
    changes = compare([stored], [measured])
    risen = rises(changes, RATCHET.tolerance)
    if risen:
        warnings.warn(rise_message(risen, RATCHET_FILE), stacklevel=1)
    dropped = drops(changes, RATCHET.tolerance)
    assert not dropped, drop_message(dropped, RATCHET.tolerance, RATCHET_FILE)
