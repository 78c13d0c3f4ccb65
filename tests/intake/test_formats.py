"""The published formats: the committed schema is current and the examples are valid."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import jsonschema
import sqlalchemy as sa

from intake import CaseDocument, import_batch
from intake.schema import SCHEMA_PATH, case_schema, schema_text
from intake.synthetic import generate_cases, iter_case_documents
from tests.intake.conftest import REPO, SAMPLES


def test_committed_schema_is_current() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), "run: python -m intake.schema"


def test_samples_and_the_docs_example_match_the_schema() -> None:
    validator = jsonschema.Draft202012Validator(case_schema())
    docs = (REPO / "docs" / "intake.md").read_text(encoding="utf-8")
    example = json.loads(re.search(r"```json\n(.*?)```", docs, re.S).group(1))  # type: ignore[union-attr]
    documents = [example] + [
        json.loads(p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("cases/*/case.json"))
    ]
    assert len(documents) == 6
    for doc in documents:
        validator.validate(doc)
        CaseDocument.model_validate(doc)


def test_synthetic_documents_are_valid_and_repeatable() -> None:
    docs = list(iter_case_documents(300, seed=7))
    assert docs == list(iter_case_documents(300, seed=7))
    assert docs != list(iter_case_documents(300, seed=8))
    assert len({d["external_ref"] for d in docs}) == 300
    assert {d["debtor"]["kind"] for d in docs} == {"company", "sole_trader", "consumer"}
    for doc in docs:
        CaseDocument.model_validate(doc)


def test_generated_cases_import(engine: sa.Engine, tmp_path: Path) -> None:
    root = generate_cases(40, tmp_path / "syn", seed=3)
    report = import_batch(engine, root)
    assert report.ok, report.errors[:3]
    assert report.created == 40


def test_thousands_of_cases_are_generated_quickly(tmp_path: Path) -> None:
    # 10,000 cases take about 3 s on an idle disk; 2,000 keep the suite fast
    started = time.perf_counter()
    root = generate_cases(2_000, tmp_path / "syn")
    assert time.perf_counter() - started < 20
    assert sum(1 for p in root.iterdir() if not p.name.startswith(".")) == 2_000
    assert generate_cases(2, tmp_path / "syn") == root  # re-running over a batch is fine
