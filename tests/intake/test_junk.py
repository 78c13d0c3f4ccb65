"""Property: no input, however broken, makes an exception escape ``import_batch``."""

from __future__ import annotations

import copy
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake import ImportReport, Outcome, import_batch
from intake.csv_import import CASE_COLUMNS, INVOICE_COLUMNS
from store.db import open_store
from tests.intake.conftest import BASE, write_case

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

junk_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            "1 234,56",
            "31.12.2024",
            "../x",
            "/etc/passwd",
            "-1",
            "1e309",
            "{{ x }}",
            "PLN",
            "2024-02-30",
            "\x00",
        ]
    ),
)
junk_json = st.recursive(
    junk_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)


def assert_specific(report: ImportReport) -> None:
    """Every rejection carries its own reasons; none came from the catch-all boundary."""
    for outcome in report.outcomes:
        if outcome.outcome is Outcome.REJECTED:
            assert outcome.errors
        internal = [
            e
            for e in outcome.errors
            if e.message.startswith(("błąd wewnętrzny programu", "odrzucenia nie zapisano"))
        ]
        assert not internal, outcome.errors


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


PATHS = [p for p in _paths(BASE) if p]


@st.composite
def mutated_documents(draw: st.DrawFn) -> Any:
    doc = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(PATHS))
        target: Any = doc
        try:
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = draw(junk_json)
        except (KeyError, IndexError, TypeError):
            continue
    return doc


@pytest.fixture(scope="module")
def junk_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sa.Engine]:
    engine = open_store(f"sqlite:///{tmp_path_factory.mktemp('junk') / 'junk.db'}")
    yield engine
    engine.dispose()


@SETTINGS
@given(doc=st.one_of(junk_json, mutated_documents()))
def test_junk_case_documents_never_raise(junk_engine: sa.Engine, doc: Any) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "batch"
        folder = write_case(root / "c", {})
        (folder / "case.json").write_text(json.dumps(doc), encoding="utf-8")
        report = import_batch(junk_engine, root)
    assert len(report.outcomes) == 1
    assert_specific(report)


COLUMNS = sorted({*CASE_COLUMNS, *INVOICE_COLUMNS})


@SETTINGS
@given(
    header=st.lists(st.sampled_from([*COLUMNS, "junk", ""]), min_size=1, max_size=12),
    rows=st.lists(
        st.lists(junk_scalars.map(lambda v: "" if v is None else str(v)), max_size=14), max_size=5
    ),
    delimiter=st.sampled_from([";", ",", "\t", "|"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1250", "utf-16"]),
)
def test_junk_csv_never_raises(
    junk_engine: sa.Engine,
    header: list[str],
    rows: list[list[str]],
    delimiter: str,
    encoding: str,
) -> None:
    text = "\n".join(delimiter.join(r) for r in [header, *rows])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cases.csv"
        path.write_bytes(text.encode(encoding, "replace"))
        report = import_batch(junk_engine, path)
    assert_specific(report)


@SETTINGS
@given(
    data=st.binary(max_size=300), name=st.sampled_from(["cases.csv", "c/case.json", "c/case.toml"])
)
def test_random_bytes_never_raise(junk_engine: sa.Engine, data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "batch" / name
        path.parent.mkdir(parents=True)
        path.write_bytes(data)
        assert_specific(import_batch(junk_engine, path.parent.parent if "/" in name else path))
