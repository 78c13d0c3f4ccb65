"""Chunking of a batch: a chunk size below 1 never drafts empty chunks, and a handoff run
(a deployment's parameter or HANDOFF_CHUNK_SIZE) refuses it in Polish before importing
anything (issue #15 item 7)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from flows import handoff as handoff_flow
from flows import reverify as reverify_flow
from store.db import open_store
from store.tables import Case
from tests.conftest import SAMPLES

IDS = [1, 2, 3, 4, 5]


@pytest.mark.parametrize("module", [handoff_flow, reverify_flow], ids=["handoff", "reverify"])
@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (2, [[1, 2], [3, 4], [5]]),
        (5, [IDS]),
        (7, [IDS]),
        (1, [[1], [2], [3], [4], [5]]),
        (0, [[1], [2], [3], [4], [5]]),
        (-3, [[1], [2], [3], [4], [5]]),
    ],
)
def test_every_id_in_exactly_one_non_empty_chunk(
    module: object, size: int, expected: list[list[int]]
) -> None:
    assert list(module.chunked(IDS, size)) == expected  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("parameter", "setting", "expected"),
    [(None, 100, 100), (3, 100, 3), (1, 0, 1)],
)
def test_a_good_chunk_size(parameter: int | None, setting: int, expected: int) -> None:
    assert handoff_flow.checked_chunk_size(parameter, setting) == expected


@pytest.mark.parametrize(
    ("parameter", "setting", "message"),
    [
        (0, 100, "parametr chunk_size musi być liczbą co najmniej 1 (jest 0)"),
        (-5, 100, "parametr chunk_size musi być liczbą co najmniej 1 (jest -5)"),
        (None, 0, "HANDOFF_CHUNK_SIZE musi być liczbą co najmniej 1 (jest 0)"),
    ],
)
def test_a_chunk_size_below_one_is_refused(
    parameter: int | None, setting: int, message: str
) -> None:
    with pytest.raises(handoff_flow.BadFlowParameter) as refused:
        handoff_flow.checked_chunk_size(parameter, setting)
    assert str(refused.value).startswith(message)
    assert "nic nie zaimportowano" in str(refused.value)


def test_a_handoff_run_with_chunk_size_zero_fails_before_the_import(
    prefect_api: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a deployment run with ``chunk_size: 0`` would: the run fails with the Polish line
    and the store holds no case (before, 0 fell back to HANDOFF_CHUNK_SIZE silently and a
    negative size drafted empty chunks)."""
    url = f"sqlite:///{tmp_path / 'handoff.db'}"
    monkeypatch.setenv("HANDOFF_HOME", str(tmp_path / "var"))
    monkeypatch.setenv("HANDOFF_DATABASE_URL", url)
    monkeypatch.setenv("HANDOFF_REGISTRIES", "offline")
    with pytest.raises(handoff_flow.BadFlowParameter, match="chunk_size"):
        handoff_flow.handoff(source=str(SAMPLES / "cases"), chunk_size=-1)
    engine = open_store(url)
    with Session(engine) as session:
        assert session.exec(select(Case)).all() == []
    engine.dispose()
