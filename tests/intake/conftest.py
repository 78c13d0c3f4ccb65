"""Helpers for the intake tests: a minimal valid case document and folder writers."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from intake.synthetic import minimal_pdf
from tests.conftest import StoreTemplates, migrated_copy

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
PDF = minimal_pdf(["Faktura testowa"])

CREDITOR: dict[str, Any] = json.loads((SAMPLES / "creditor.json").read_text(encoding="utf-8"))

BASE: dict[str, Any] = {
    "format": "handoff-case/1",
    "external_ref": "T/1",
    "creditor": CREDITOR,
    "debtor": {
        "kind": "company",
        "name": "Budomax Wykonawstwo sp. z o.o.",
        "nip": "2141707530",
        "street": "ul. Przemysłowa 21",
        "postcode": "93-121",
        "city": "Łódź",
    },
    "claim_basis": "sale",
    "invoices": [
        {
            "number": "FV/1",
            "issue_date": "2026-06-01",
            "due_date": "2026-06-15",
            "amount": "1000.00",
            "file": "fv1.pdf",
        },
        {
            "number": "FV/2",
            "issue_date": "2026-07-01",
            "due_date": "2026-07-15",
            "amount": "500.00",
        },
    ],
    "payments": [{"paid_on": "2026-06-20", "amount": "100.00", "invoice_number": "FV/1"}],
    "correspondence": [
        {"kind": "final_demand", "sent_on": "2026-10-01", "delivered_on": "2026-10-05"}
    ],
}


def case_doc(**changes: Any) -> dict[str, Any]:
    """A deep copy of ``BASE`` with top-level keys replaced."""
    doc = copy.deepcopy(BASE)
    doc.update(copy.deepcopy(changes))
    return doc


def write_case(folder: Path, doc: dict[str, Any], files: tuple[str, ...] = ("fv1.pdf",)) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "case.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    for name in files:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(PDF)
    return folder


@pytest.fixture
def sample_cases(tmp_path: Path) -> Path:
    """A private copy of samples/cases (tests may change it)."""
    return Path(shutil.copytree(SAMPLES / "cases", tmp_path / "cases"))


@pytest.fixture
def sqlite_engine(sqlite_url: str, store_templates: StoreTemplates) -> Iterator[sa.Engine]:
    """SQLite only: for tests about input handling, where the database dialect is not at stake
    (a copy of the store migrated once per session, as ``engine``)."""
    from store.db import open_store

    migrated_copy(store_templates, sqlite_url)
    engine = open_store(sqlite_url)
    yield engine
    engine.dispose()
