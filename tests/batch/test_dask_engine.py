"""`run_batch_dask` (`extractor run --engine dask`): the local runner's output, from a cluster.

The tests share a `LocalCluster` of 2 worker processes (`dask_client`) and compare
with the local runner on the same corpus (`mixed_corpus_local`), byte for byte.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from extractor.batch import errors_path, run_batch
from extractor.batch.dask_engine import run_batch_dask
from extractor.batch.jsonl_ranges import iter_line_range, scan_jsonl
from extractor.batch.partitions import plan_partitions
from extractor.batch.shards import MANIFEST, is_shard_folder
from extractor.batch.worker import pipeline_loads
from extractor.cli import app
from extractor.errors import ArticleReadError, BatchError
from extractor.readers import MAX_BYTES, Article, iter_articles
from extractor.version import __version__


def _outputs(out: Path) -> tuple[bytes, bytes, bytes]:
    return out.read_bytes(), errors_path(out).read_bytes(), out.with_suffix(".csv").read_bytes()


def _counts(summary: Any) -> tuple[int, ...]:
    return (summary.articles, summary.deals, summary.errors, summary.skipped, summary.warnings)


def _dask(root: Path, out: Path | str, client: Any, **options: Any) -> Any:
    options.setdefault("partition_size", 4)
    if not is_shard_folder(out):
        options.setdefault("deals_csv", Path(out).with_suffix(".csv"))
    return run_batch_dask([root], out, client=client, model="blank", **options)


# --- the same bytes as the local runner ---------------------------------------------------------
@pytest.mark.parametrize("partition_size", [1, 4, 500])
def test_run_batch_dask_same_bytes_as_local(
    dask_client: Any,
    mixed_corpus: Path,
    mixed_corpus_local: dict[str, Any],
    tmp_path: Path,
    partition_size: int,
) -> None:
    out = tmp_path / "out.jsonl"
    summary = _dask(mixed_corpus, out, dask_client, partition_size=partition_size)
    assert _outputs(out) == mixed_corpus_local["bytes"]
    assert _counts(summary) == _counts(mixed_corpus_local["summary"])
    assert summary.errors == 6  # binary, empty, 2 bad agencia lines, a bad wire line, a duplicate


def test_run_batch_dask_loads_the_pipeline_once_per_worker(
    dask_client: Any, mixed_corpus: Path, tmp_path: Path
) -> None:
    _dask(mixed_corpus, tmp_path / "out.jsonl", dask_client, partition_size=1)
    loads = dask_client.run(pipeline_loads)
    assert len(loads) == 2
    assert all(counts.get("blank") == 1 for counts in loads.values()), loads


# --- errors stay with their article ---------------------------------------------------------------
def test_run_batch_dask_component_failure_is_an_error_and_the_partition_goes_on(
    dask_client: Any, dask_boom_model: str, boom_extractor: Any, tmp_path: Path
) -> None:
    root = tmp_path / "in"
    root.mkdir()
    for name, text in [("a", "Prosus compró Just Eat."), ("b", "BOOM."), ("c", "Enel compró X.")]:
        (root / f"{name}.txt").write_text(text, encoding="utf-8")
    lines = ['{"text": "Naturgy vendió Enel."}', '{"id": "z", "text": "BOOM otra vez."}', "{bad"]
    (root / "d.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    local = run_batch([root], tmp_path / "local.jsonl", extractor=boom_extractor)
    out = tmp_path / "dask.jsonl"
    summary = run_batch_dask(
        [root], out, client=dask_client, model=dask_boom_model, partition_size=100
    )
    assert out.read_bytes() == local.out.read_bytes()
    assert summary.errors_file.read_bytes() == local.errors_file.read_bytes()
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == [
        "a",
        "c",
        "d#1",
    ]
    errors = [json.loads(x) for x in summary.errors_file.read_text(encoding="utf-8").splitlines()]
    assert [(e["id"], e["line"], e["reason"][:24]) for e in errors] == [
        ("b", None, "component test_boom fail"),
        ("z", 2, "component test_boom fail"),
        (None, 3, "not JSON: Expecting prop"),
    ]


# --- a worker lost mid-run ------------------------------------------------------------------------
def test_run_batch_dask_worker_lost_mid_run_every_record_once(
    mixed_corpus: Path, mixed_corpus_local: dict[str, Any], tmp_path: Path
) -> None:
    from distributed import Client, LocalCluster

    out = tmp_path / "out.jsonl"
    killed: list[str] = []
    cluster = LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0"
    )
    with cluster, Client(cluster) as client:

        async def die() -> None:  # a coroutine, for `wait=False`; nested, so sent by value
            os._exit(1)

        def kill_a_busy_worker(summary: Any) -> None:
            if killed or summary.articles < 2:
                return
            busy = [worker for worker, keys in client.processing().items() if keys]
            if busy:
                client.run(die, workers=busy[:1], wait=False)
                killed.append(busy[0])

        summary = _dask(mixed_corpus, out, client, partition_size=2, on_progress=kill_a_busy_worker)
        assert killed, "no worker was busy when the run was under way"
        assert killed[0] not in client.nthreads()
    assert _outputs(out) == mixed_corpus_local["bytes"]
    assert _counts(summary) == _counts(mixed_corpus_local["summary"])


# --- resume across engines ------------------------------------------------------------------------
@pytest.mark.parametrize(("first", "then"), [("local", "dask"), ("dask", "local")])
@pytest.mark.parametrize("whole_lines", [0, 40])
def test_run_batch_resume_across_engines(
    dask_client: Any,
    extractor_rules: Any,
    mixed_corpus: Path,
    mixed_corpus_local: dict[str, Any],
    tmp_path: Path,
    first: str,
    then: str,
    whole_lines: int,
) -> None:
    out = tmp_path / "out.jsonl"

    def run(engine: str, **options: Any) -> Any:
        if engine == "dask":
            return _dask(mixed_corpus, out, dask_client, **options)
        csv_path = out.with_suffix(".csv")
        return run_batch(
            [mixed_corpus], out, extractor=extractor_rules, deals_csv=csv_path, **options
        )

    run(first)
    lines = out.read_bytes().splitlines(keepends=True)
    out.write_bytes(b"".join(lines[:whole_lines]) + lines[whole_lines][:50])  # killed mid-line
    summary = run(then, resume=True)
    assert _outputs(out) == mixed_corpus_local["bytes"]
    assert summary.resumed == whole_lines
    assert summary.articles == mixed_corpus_local["summary"].articles - whole_lines


# --- a folder of shards ---------------------------------------------------------------------------
def _shard_files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_run_batch_dask_shards_hold_the_records_in_order_with_a_manifest(
    dask_client: Any, mixed_corpus: Path, mixed_corpus_local: dict[str, Any], tmp_path: Path
) -> None:
    folder = tmp_path / "shards"
    summary = _dask(mixed_corpus, f"{folder}/", dask_client, partition_size=8)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    shards = manifest["shards"]
    local_out, local_errors, _ = mixed_corpus_local["bytes"]
    assert b"".join((folder / s["file"]).read_bytes() for s in shards) == local_out
    errors_files = [s["errors_file"] for s in shards if s["errors_file"]]
    assert b"".join((folder / name).read_bytes() for name in errors_files) == local_errors
    assert sorted(_shard_files(folder)) == sorted(
        [MANIFEST, *(s["file"] for s in shards), *errors_files]
    )
    assert [s["index"] for s in shards] == list(range(manifest["partitions"]))
    for shard in shards:
        data = (folder / shard["file"]).read_bytes()
        assert (shard["bytes"], shard["articles"]) == (len(data), data.count(b"\n"))
    assert {k: manifest[k] for k in ("engine", "model", "extractor_version")} == {
        "engine": "dask",
        "model": "blank",
        "extractor_version": __version__,
    }
    assert (manifest["partition_size"], manifest["complete"]) == (8, True)
    totals = tuple(manifest[k] for k in ("articles", "deals", "errors", "skipped", "warnings"))
    assert totals == _counts(summary) == _counts(mixed_corpus_local["summary"])
    assert summary.errors_file == folder / MANIFEST


def test_run_batch_dask_shards_resume_redoes_only_what_a_crash_left_unfinished(
    dask_client: Any, mixed_corpus: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "shards"
    full = _dask(mixed_corpus, f"{folder}/", dask_client, partition_size=8, manifest_every=0)
    finished = _shard_files(folder)
    inodes = {p.name: p.stat().st_ino for p in folder.iterdir()}
    manifest = json.loads(finished[MANIFEST])
    last = manifest["shards"][-1]
    # The crash: shard 2 lost, shard 4 half written under its temporary name, and the
    # last shard written after the last manifest update (so not listed in it).
    (folder / "part-00002.jsonl").unlink()
    (folder / ".part-00004.jsonl.tmp-999").write_bytes(b'{"id": "dev/0/es-0')
    manifest.update(shards=manifest["shards"][:-1], complete=False, partitions=None)
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")

    summary = _dask(mixed_corpus, f"{folder}/", dask_client, partition_size=8, resume=True)
    assert _shard_files(folder) == finished
    shards = {s["index"]: s for s in json.loads(finished[MANIFEST])["shards"]}
    redone = {
        MANIFEST,
        *(shards[i][f] for i in (2, last["index"]) for f in ("file", "errors_file")),
    }
    for name, inode in inodes.items():  # a deleted file's inode may be reused: only check kept ones
        if name not in redone:
            assert (folder / name).stat().st_ino == inode, f"{name} was written again"
    assert (folder / last["file"]).stat().st_ino != inodes[last["file"]]
    assert summary.articles == shards[2]["articles"] + last["articles"]
    assert summary.resumed == full.articles - summary.articles
    assert summary.errors == full.errors


def test_run_batch_dask_shards_refuse_an_existing_folder_then_force(
    dask_client: Any, archive: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    folder = tmp_path / "shards"
    _dask(archive[0], f"{folder}/", dask_client)
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(BatchError, match="holds shards: --resume finishes them"):
        _dask(archive[0], folder, dask_client)
    summary = _dask(archive[0] / "news", folder, dask_client, force=True)
    assert sorted(_shard_files(folder)) == [MANIFEST, "notes.txt", "part-00000.jsonl"]
    assert summary.articles == 2


def test_run_batch_dask_shards_resume_refuses_another_model(
    dask_client: Any, archive: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    folder = tmp_path / "shards"
    _dask(archive[0], f"{folder}/", dask_client)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    manifest["model"] = "es_core_news_lg-3.8.0"
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(BatchError, match="written by model es_core_news_lg-3.8.0"):
        _dask(archive[0], folder, dask_client, resume=True)


# --- partitions and JSONL line ranges -------------------------------------------------------------
def test_plan_partitions_same_inputs_same_partitions(mixed_corpus: Path) -> None:
    plans = [list(plan_partitions([mixed_corpus], size=4, max_bytes=MAX_BYTES)) for _ in (1, 2)]
    assert [p.key for p in plans[0]] == [p.key for p in plans[1]]
    assert len({p.key for p in plans[0]}) == len(plans[0])
    assert all(0 < p.articles <= 4 for p in plans[0])


_LONG = b'{"text": "' + b"x" * 300 + b'"}'
JSONL_CASES = {
    "mixed": b'{"text": "a"}\n\n{bad\n{"id": 5, "text": "b"}\r\n'
    + _LONG
    + b"\n   \n"
    + '{"text": "Cepsa adquirió"}\n'.encode("cp1252")
    + b'{"text": "c"}',
    "blank lines": b"\n\n  \n",
    "empty": b"",
    "binary": b'{"text": "a"}\x00\n',
    "over the cap only": _LONG + b"\n" + _LONG,
}


def _key(found: Article | ArticleReadError) -> Any:
    if isinstance(found, ArticleReadError):
        return (found.reason, found.source, found.line)
    return found


@pytest.mark.parametrize("lines", [1, 2, 100])
@pytest.mark.parametrize("case", list(JSONL_CASES))
def test_scan_jsonl_ranges_read_as_iter_articles(tmp_path: Path, case: str, lines: int) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(JSONL_CASES[case])
    expected = [_key(x) for x in iter_articles(path, "feed", max_bytes=200)]
    found: list[Any] = []
    for part in scan_jsonl(path, source=str(path), lines=lines, max_bytes=200):
        if isinstance(part, ArticleReadError):
            found.append(_key(part))
            continue
        assert part.articles <= lines
        found += [
            _key(x)
            for x in iter_line_range(path, part, file_id="feed", source=str(path), max_bytes=200)
        ]
    assert found == expected


# --- the command line -----------------------------------------------------------------------------
def _cli(*args: str | Path) -> Any:
    return CliRunner().invoke(app, ["run", *map(str, args), "--model", "blank"])


def test_run_cli_engine_dask_on_a_scheduler_same_as_local(
    dask_client: Any, mixed_corpus: Path, mixed_corpus_local: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    address = dask_client.scheduler.address
    done = _cli(
        mixed_corpus,
        "-o",
        out,
        "--deals-csv",
        out.with_suffix(".csv"),
        "--engine",
        "dask",
        "--scheduler",
        address,
        "--partition-size",
        "5",
    )
    assert done.exit_code == 1, done.output
    assert f"{mixed_corpus_local['summary'].articles} articles" in done.output
    assert _outputs(out) == mixed_corpus_local["bytes"]


def test_run_cli_engine_dask_starts_a_local_cluster(
    archive: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    done = _cli(
        archive[0] / "news", "-o", f"{tmp_path}/shards/", "--engine", "dask", "--workers", "1"
    )
    assert done.exit_code == 0, done.output
    assert done.output.startswith("2 articles")
    assert (tmp_path / "shards" / "part-00000.jsonl").read_bytes().count(b"\n") == 2


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--scheduler", "tcp://127.0.0.1:8786"], "--scheduler needs --engine dask"),
        (["--workers", "2"], "--workers needs --engine dask"),
        (["--engine", "dask", "--n-process", "2"], "--n-process is for --engine local"),
        (["-o", "{tmp}/shards/"], "shards (-o DIR/) need --engine dask"),
    ],
    ids=["scheduler", "workers", "n-process", "shards"],
)
def test_run_cli_engine_options_refused(
    archive: tuple[Path, dict[str, Any]], tmp_path: Path, options: list[str], message: str
) -> None:
    options = [o.format(tmp=tmp_path) for o in options]
    out = [] if "-o" in options else ["-o", str(tmp_path / "out.jsonl")]
    done = _cli(archive[0], *out, *options)
    assert done.exit_code == 2
    assert message in " ".join(done.output.replace("│", " ").split())


def test_run_cli_engine_dask_without_dask_names_the_install_command(
    archive: tuple[Path, dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    done = _cli(archive[0], "-o", tmp_path / "out.jsonl", "--engine", "dask")
    assert done.exit_code == 2
    assert "pip install 'deal-extractor[dask]'" in done.output
    assert not (tmp_path / "out.jsonl").exists()
