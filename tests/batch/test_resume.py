"""Resume: partial last lines, records already written, ids met twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.batch.resume import Claim, IdLedger, drop_partial_line, iter_records
from extractor.errors import BatchError

PARTIAL_CASES = [
    (b'{"id":"a"}\n{"id":"b"}\n', b'{"id":"a"}\n{"id":"b"}\n'),
    (b'{"id":"a"}\n{"id":"b', b'{"id":"a"}\n'),
    (b'{"id":"a"}', b""),
    (b"", b""),
    (b'{"id":"a"}\n' + b"x" * 200_000, b'{"id":"a"}\n'),
]


@pytest.mark.parametrize(
    ("data", "kept"),
    PARTIAL_CASES,
    ids=["whole", "partial", "only-partial", "empty", "partial-longer-than-a-block"],
)
def test_drop_partial_line(tmp_path: Path, data: bytes, kept: bytes) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(data)
    assert drop_partial_line(path) == len(data) - len(kept)
    assert path.read_bytes() == kept


def test_iter_records_reads_ids(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(b'{"id":"a","deals":[]}\n\n{"id":"b"}\n')
    assert [r["id"] for r in iter_records(path)] == ["a", "b"]


@pytest.mark.parametrize(
    ("line", "reason"),
    [(b"{broken", "not a JSON record"), (b'{"title": "x"}', "a record without an id")],
)
def test_iter_records_refuses_a_line_that_is_not_a_record(
    tmp_path: Path, line: bytes, reason: str
) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(b'{"id":"a"}\n' + line + b"\n")
    with pytest.raises(BatchError, match=f"out.jsonl:2: {reason}"):
        list(iter_records(path))


def test_id_ledger_claims() -> None:
    ledger = IdLedger(done={"a"})
    assert [ledger.claim(i) for i in ["a", "b", "a", "b", "c"]] == [
        Claim.DONE,
        Claim.NEW,
        Claim.DUPLICATE,
        Claim.DUPLICATE,
        Claim.NEW,
    ]
