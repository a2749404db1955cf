"""Batch inputs: walk order, stable ids, skipped and missing files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from extractor.batch.sources import InputFile, Skipped, count_articles, file_id, iter_input_files
from extractor.errors import ArticleReadError


def _listing(items: list[Any], root: Path) -> list[tuple[str, str, str]]:
    out = []
    for item in items:
        if isinstance(item, InputFile):
            out.append(("file", item.path.relative_to(root).as_posix(), item.id))
        elif isinstance(item, Skipped):
            out.append(("skipped", item.path.relative_to(root).as_posix(), ""))
        else:
            out.append(("error", item.source or "", item.reason))
    return out


def test_iter_input_files_walks_sorted_paths_with_relative_ids(
    archive: tuple[Path, dict[str, Any]],
) -> None:
    root, _ = archive
    assert _listing(list(iter_input_files([root])), root) == [
        ("file", "broken/binary.txt", "broken/binary"),
        ("file", "broken/empty.txt", "broken/empty"),
        ("file", "feeds/agencia.jsonl", "feeds/agencia"),
        ("file", "legacy/latin1.txt", "legacy/latin1"),
        ("file", "news/2024/iberdrola.md", "news/2024/iberdrola"),
        ("file", "news/telefonica.txt", "news/telefonica"),
        ("skipped", "notes.csv", ""),
        ("file", "pages/sabadell.html", "pages/sabadell"),
    ]


def test_iter_input_files_file_given_alone_has_its_stem(
    archive: tuple[Path, dict[str, Any]],
) -> None:
    root, _ = archive
    (item,) = iter_input_files([root / "news" / "2024" / "iberdrola.md"])
    assert isinstance(item, InputFile)
    assert item.id == "iberdrola"


def test_iter_input_files_subfolder_as_root(archive: tuple[Path, dict[str, Any]]) -> None:
    root, _ = archive
    ids = [i.id for i in iter_input_files([root / "news"]) if isinstance(i, InputFile)]
    assert ids == ["2024/iberdrola", "telefonica"]


def test_iter_input_files_missing_input_is_an_error(tmp_path: Path) -> None:
    (error,) = iter_input_files([tmp_path / "none"])
    assert isinstance(error, ArticleReadError)
    assert str(error) == f"{tmp_path / 'none'}: no such file or directory"


def test_iter_input_files_leaves_out_excluded_files(archive: tuple[Path, dict[str, Any]]) -> None:
    root, _ = archive
    exclude = [root / "feeds" / "agencia.jsonl"]
    paths = [i.path for i in iter_input_files([root], exclude=exclude)]
    assert root / "feeds" / "agencia.jsonl" not in paths
    assert root / "news" / "telefonica.txt" in paths


def test_count_articles_counts_jsonl_lines(archive: tuple[Path, dict[str, Any]]) -> None:
    root, _ = archive
    assert count_articles([root]) == 6 + 5  # six one-article files, five non-blank JSONL lines


def test_file_id_drops_only_the_last_suffix() -> None:
    assert file_id(Path("a/b/x.y.txt"), Path("a")) == "b/x.y"
    assert file_id(Path("a/b/x.y.txt"), None) == "x.y"
