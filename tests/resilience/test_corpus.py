"""The bad-input corpus: every malformed case and CSV row gets its specific error.

One import of the whole corpus mixed with 1,000 good synthetic cases (case folders), and one
import per corpus CSV file; then one test per corpus item checks its outcome against the
manifest: rejected with an error on the named field whose message holds the named fragment,
or accepted and read exactly (Polish amounts and dates, BOM and Windows-1250 files, names
with Jinja syntax that must print literally in the pozew). No item may end as an
"(internal)" rejection: that would be an exception that escaped the checks.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from docx import Document
from sqlmodel import Session, select

from intake.importer import CaseOutcome, ImportReport, Outcome, import_batch
from intake.synthetic import CREDITOR as SYNTHETIC_CREDITOR
from intake.synthetic import generate_cases
from intake.validation import FieldError
from law.case import CaseFile
from store.cases import load_case_file
from store.db import open_store
from store.tables import Case
from tests.resilience import corpus

TODAY = date.fromisoformat(corpus.manifest()["today"])
GOOD_CASES = 1000
ITEMS = corpus.document_items()
CSV_ENTRIES = corpus.manifest()["csv_files"]
CSV_CREDITOR = corpus.base_case()["creditor"]


def _internal(errors: tuple[FieldError, ...] | list[FieldError]) -> list[str]:
    return [str(e) for e in errors if e.field == "(internal)"]


class Imported:
    """One import's outcomes, looked up by case folder or by external_ref."""

    def __init__(self, engine: sa.Engine, report: ImportReport) -> None:
        self.engine = engine
        self.report = report
        self.by_folder: dict[str, CaseOutcome] = {}
        self.by_ref: dict[str, CaseOutcome] = {}
        for o in report.outcomes:
            parts = o.source.split("/")
            if len(parts) > 1:
                self.by_folder[parts[1]] = o
            if o.external_ref:
                self.by_ref.setdefault(o.external_ref, o)

    def case_file(self, outcome: CaseOutcome) -> CaseFile:
        assert outcome.case_id is not None
        with Session(self.engine) as session:
            return load_case_file(session, outcome.case_id)


@pytest.fixture(scope="module")
def folder_batch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Imported]:
    root = tmp_path_factory.mktemp("corpus")
    batch = root / "batch"
    # The generator dates a case's later invoices up to 30 days after its ``today``; those
    # would be "in the future" for the corpus' clock, so the good cases are a month older.
    generate_cases(GOOD_CASES, batch, seed=11, today=TODAY)
    corpus.write_corpus(batch)
    engine = open_store(f"sqlite:///{root / 'handoff.db'}")
    report = import_batch(engine, batch, today=TODAY)
    yield Imported(engine, report)
    engine.dispose()


@pytest.fixture(scope="module")
def csv_batches(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Imported]]:
    root = tmp_path_factory.mktemp("csv-corpus")
    engine = open_store(f"sqlite:///{root / 'handoff.db'}")
    out = {
        entry["file"]: Imported(
            engine, import_batch(engine, path, creditor=CSV_CREDITOR, today=TODAY)
        )
        for path, entry in corpus.write_csv_corpus(root / "handover")
    }
    yield out
    engine.dispose()


def _known_gap(item: dict[str, Any], request: pytest.FixtureRequest) -> None:
    """An item the software gets wrong today: a strict xfail, so a fix shows up as XPASS."""
    if "gap" in item:
        request.applymarker(pytest.mark.xfail(strict=True, reason=item["gap"]))


def _check_rejected(outcome: CaseOutcome, expected: dict[str, Any]) -> None:
    assert outcome.outcome is Outcome.REJECTED, f"accepted, but should fail: {expected}"
    assert not _internal(outcome.errors), _internal(outcome.errors)
    wanted = [(expected["field"], expected["message"]), *map(tuple, expected.get("also", []))]
    for field, fragment in wanted:
        hits = [e for e in outcome.errors if e.field == field and fragment in e.message]
        found = list(map(str, outcome.errors))
        assert hits, f"no error on {field!r} containing {fragment!r}: {found}"
        if "row" in expected and field == expected["field"]:
            assert any(e.row == expected["row"] for e in hits), [e.row for e in hits]
    assert all(e.message and e.field for e in outcome.errors)


def _read(case: CaseFile, key: str) -> object:
    if key == "invoice_count":
        return len(case.invoices)
    if key.startswith("debtor_"):
        return getattr(case.debtor, key.removeprefix("debtor_"))
    if key.startswith("payment0_"):
        return str(getattr(case.payments[0], key.removeprefix("payment0_")))
    index, name = int(key[len("invoice")]), key[len("invoiceN_") :]
    value = getattr(case.invoices[index], name)
    return str(value) if isinstance(value, Decimal | date) else value


def _check_accepted(imported: Imported, outcome: CaseOutcome, checks: dict[str, Any]) -> None:
    assert outcome.outcome is Outcome.CREATED, list(map(str, outcome.errors))
    case = imported.case_file(outcome)
    for key, expected in checks.items():
        assert _read(case, key) == expected, key


def _pozew_text(case: CaseFile) -> str:
    from documents.context import DocumentInputs, pozew_context
    from documents.firm import load_firm_profile
    from documents.render import render
    from law.evidence import exhibits
    from law.pl.case_claim import claim_input
    from law.pl.claim import compute_claim
    from tests.conftest import SAMPLES

    claim = compute_claim(claim_input(case, TODAY))
    inputs = DocumentInputs(
        case=case,
        claim=claim,
        firm=load_firm_profile(SAMPLES / "firm.json"),
        exhibits=exhibits(case),
        on=TODAY,
        evidence_findings=(),
        registry=None,
    )
    doc = Document(io.BytesIO(render("pozew", pozew_context(inputs)).content))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


@pytest.mark.parametrize("position", range(len(ITEMS)), ids=[item["id"] for item in ITEMS])
def test_case_document_item(
    folder_batch: Imported, position: int, request: pytest.FixtureRequest
) -> None:
    item = ITEMS[position]
    _known_gap(item, request)
    outcome = folder_batch.by_folder[corpus.folder_name(position, item)]
    if "ok" not in item:
        _check_rejected(outcome, item)
        return
    _check_accepted(folder_batch, outcome, item["ok"])
    if item.get("render"):
        case = folder_batch.case_file(outcome)
        text = _pozew_text(case)
        assert case.debtor.name in text, "the debtor's name must print literally"
        assert case.invoices[0].number in text


def test_every_good_case_of_the_mixed_batch_is_imported(folder_batch: Imported) -> None:
    report = folder_batch.report
    good = [o for o in report.outcomes if o.source.split("/")[1].startswith("SYN-")]
    assert len(good) == GOOD_CASES
    assert all(o.outcome is Outcome.CREATED for o in good), [
        list(map(str, o.errors)) for o in good if o.outcome is not Outcome.CREATED
    ][:3]
    bad = sum(1 for item in ITEMS if "ok" not in item)
    accepted_by_gap = sum(1 for item in ITEMS if "ok" not in item and "gap" in item)
    assert report.rejected == bad - accepted_by_gap
    assert report.created == GOOD_CASES + len(ITEMS) - bad + accepted_by_gap
    assert not _internal(report.errors)
    with Session(folder_batch.engine) as session:
        stored = session.exec(select(sa.func.count()).select_from(Case)).one()
        creditor_cases = session.exec(
            select(sa.func.count()).select_from(Case).where(Case.external_ref.startswith("SYN-"))  # type: ignore[attr-defined]
        ).one()
    assert stored == report.created
    assert creditor_cases == GOOD_CASES
    assert SYNTHETIC_CREDITOR["nip"]  # the good cases have their own creditor


CSV_ITEMS = [
    (entry["file"], key) for entry in CSV_ENTRIES for key in (entry.get("expect") or {"(file)": {}})
]


@pytest.mark.parametrize(("file", "key"), CSV_ITEMS, ids=[f"{f}:{k}" for f, k in CSV_ITEMS])
def test_csv_item(
    csv_batches: dict[str, Imported], file: str, key: str, request: pytest.FixtureRequest
) -> None:
    entry = next(e for e in CSV_ENTRIES if e["file"] == file)
    _known_gap(entry.get("expect", {}).get(key, {}), request)
    imported = csv_batches[file]
    assert not _internal(imported.report.errors)
    if "file_error" in entry:
        outcomes = imported.report.outcomes
        assert [o.outcome for o in outcomes] == [Outcome.REJECTED]
        assert any(entry["file_error"] in e.message for e in outcomes[0].errors), [
            str(e) for e in outcomes[0].errors
        ]
        return
    expected = entry["expect"][key]
    if key.startswith("@row"):
        outcome = next(
            o for o in imported.report.outcomes if o.errors and o.errors[0].row == expected["row"]
        )
    else:
        outcome = imported.by_ref[key]
    if "ok" in expected:
        _check_accepted(imported, outcome, expected["ok"])
    else:
        _check_rejected(outcome, expected)


def test_corpus_size() -> None:
    bad_documents = sum(1 for item in ITEMS if "ok" not in item)
    bad_csv = sum(
        1 if "file_error" in e else sum(1 for v in e["expect"].values() if "ok" not in v)
        for e in CSV_ENTRIES
    )
    assert bad_documents + bad_csv >= 200
    assert len({item["id"] for item in ITEMS}) == len(ITEMS)


def test_messages_show_no_template_placeholders(folder_batch: Imported) -> None:
    messages = [e.message for e in folder_batch.report.errors]
    assert not [m for m in messages if "{value" in m]
