"""The court the pozew names is found from the debtor's address while drafting (K11); an
address no court can be placed for is a blocker stored with the case's findings (source
"court"), so the review gate refuses approval, and the pozew never shows a guessed court."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from docx import Document
from sqlmodel import Session, select

from flows.case_pipeline import draft_cases
from intake.importer import import_batch
from store.drafting import draftable_case_ids
from store.review import blockers_for, case_badges
from store.tables import Case, CaseFinding, GeneratedDocument
from tests.flows.test_case_pipeline import _ctx
from tests.intake.conftest import BASE, write_case


def _nakazowe_case(tmp_path: Path, **debtor: str) -> Path:
    """BASE with accepted invoices: nakazowe (art. 485 § 1 pkt 2 KPC), not EPU, so the pozew
    names the general court of the debtor's seat."""
    doc: dict[str, Any] = copy.deepcopy(BASE)
    doc["debtor"].update(debtor)
    for invoice in doc["invoices"]:
        invoice["accepted_by_debtor"] = True
    return write_case(tmp_path / "cases" / "t1", doc)


def _draft(engine: sa.Engine, tmp_path: Path) -> tuple[list[CaseFinding], str]:
    import_batch(engine, tmp_path / "cases")
    (case_id,) = draftable_case_ids(engine)
    (outcome,) = draft_cases(engine, [case_id], _ctx(tmp_path))
    assert outcome.outcome == "drafted", outcome
    with Session(engine) as s:
        findings = list(s.exec(select(CaseFinding).where(CaseFinding.source == "court")).all())
        blockers = [f.code for f in blockers_for(s, case_id)]
        case = s.get(Case, case_id)
        assert case is not None
        badge = ("blocker", "Sąd nieustalony") in case_badges(s, case)
        assert badge == ("court_not_placed" in blockers)  # the queue shows it too
        pozew = s.exec(
            select(GeneratedDocument).where(
                GeneratedDocument.case_id == case_id, GeneratedDocument.kind == "pozew"
            )
        ).one()
    assert ("court_not_placed" in blockers) == any(f.code == "court_not_placed" for f in findings)
    text = "\n".join(p.text for p in Document(pozew.path).paragraphs)
    return findings, text


def test_split_city_without_district_blocks(engine: sa.Engine, tmp_path: Path) -> None:
    # Łódź: "dla dzielnic: Bałuty, Polesie i Śródmieście" / "dzielnic Górna i Widzew" - two
    # courts, no "Sąd Rejonowy w Łodzi" (courts/README.md)
    _nakazowe_case(tmp_path)
    findings, pozew = _draft(engine, tmp_path)
    codes = {(f.code, f.severity) for f in findings}
    assert ("court_not_placed", "blocker") in codes
    (placed,) = [f for f in findings if f.code == "court_not_placed"]
    assert "Podaj dzielnicę" in placed.message
    assert "Sąd Rejonowy w Łodzi" not in pozew and "[właściwy dla" not in pozew
    assert "SĄD DO USTALENIA" in pozew


def test_district_places_the_court(engine: sa.Engine, tmp_path: Path) -> None:
    # "Sąd Rejonowy dla Łodzi-Widzewa w Łodzi | ... dla dzielnic Górna i Widzew ..."
    _nakazowe_case(tmp_path, district="Górna")
    findings, pozew = _draft(engine, tmp_path)
    assert "court_not_placed" not in {f.code for f in findings}
    # both parties businesses: the wydział gospodarczy is to be confirmed (warning only)
    assert {(f.code, f.severity) for f in findings} == {
        ("commercial_division_unconfirmed", "warning")
    }
    assert "Sąd Rejonowy dla Łodzi-Widzewa w Łodzi" in pozew
    assert "Wydział Gospodarczy" not in pozew  # not in the data: a person confirms it (K11)
