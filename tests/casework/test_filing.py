"""casework.filing on real stores: an approved case is filed once; every refusal changes
nothing. The court is the one the draft names (law.pl.courts.court_for_case)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlmodel import Session, select

from casework import Refused, UnknownCase
from casework.filing import file_case
from law.pl.case_claim import claim_input
from law.pl.claim import compute_claim
from law.pl.courts import court_for_case
from store.cases import load_case_file
from store.db import session_scope
from store.deadlines import OPEN, sync_limitation_deadlines
from store.tables import CaseFinding, CaseStep, Deadline

from .conftest import EPU, NAKAZOWE, TODAY, Firm

FILED_ON = date(2026, 11, 25)


def _file(firm: Firm, ref: str = NAKAZOWE, on: date = FILED_ON, **kw: object):
    return file_case(firm.engine, ref, on, today=TODAY, actor="anna", **kw)  # type: ignore[arg-type]


def _limitation(firm: Firm, ref: str) -> list[str]:
    with Session(firm.engine) as s:
        rows = s.exec(
            select(Deadline).where(Deadline.case_id == firm.ids[ref], Deadline.event_id.is_(None))  # type: ignore[union-attr]
        ).all()
        return sorted(r.status for r in rows)


def test_filing_an_approved_case(firm: Firm) -> None:
    firm.approve(NAKAZOWE)
    with session_scope(firm.engine) as s:
        sync_limitation_deadlines(s)  # what the deadline check does every morning
    assert set(_limitation(firm, NAKAZOWE)) == {OPEN}

    outcome = _file(firm, signature="V GNc 1/26")

    assert outcome.recorded and (outcome.stage_before, outcome.stage_after) == ("approved", "filed")
    assert firm.stage(NAKAZOWE) == "filed"
    with Session(firm.engine) as s:
        case_file = load_case_file(s, firm.ids[NAKAZOWE])
        claim = compute_claim(claim_input(case_file, FILED_ON))
    choice = court_for_case(case_file, claim)  # the court the draft's pozew names
    # the draft's court; no division where the data does not know it (K11)
    assert outcome.step.court == ", ".join(p for p in (choice.name, choice.division) if p)
    assert outcome.step.mode == "paper" and outcome.step.signature == "V GNc 1/26"
    assert outcome.step.cites == "KPC art. 187 §1; KPC art. 165 §2"
    # the pre-filing limitation watch ends (store.deadlines.sync_limitation_deadlines)
    assert set(_limitation(firm, NAKAZOWE)) == {"cancelled"}
    assert outcome.limitation_changes == len(_limitation(firm, NAKAZOWE))
    (audit,) = firm.audit("case.filed")
    assert audit.case_id == firm.ids[NAKAZOWE] and audit.actor == "anna"
    (moved,) = firm.audit("case.stage")
    assert "approved -> filed" in moved.detail


def test_the_same_filing_twice_changes_nothing(firm: Firm) -> None:
    firm.approve(NAKAZOWE)
    first = _file(firm)
    before = firm.counts()
    again = _file(firm)
    assert not again.recorded and again.step.id == first.step.id
    assert "już zapisane" in again.summary() and "nic nie zmieniono" in again.summary()
    assert firm.counts() == before
    with pytest.raises(Refused, match="już wniesiony"):  # other data: not the same filing
        _file(firm, on=date(2026, 11, 26))
    assert firm.counts() == before


def test_epu_goes_through_the_portal_to_lublin(firm: Firm) -> None:
    firm.approve(EPU)
    before = firm.counts()
    with pytest.raises(Refused, match="wyłącznie drogą elektroniczną"):  # K10
        _file(firm, EPU, mode="paper")
    assert firm.counts() == before
    outcome = _file(firm, EPU)
    assert outcome.step.mode == "portal"
    assert outcome.step.court == "Sąd Rejonowy Lublin-Zachód w Lublinie, VI Wydział Cywilny"


@pytest.mark.parametrize(
    ("ref", "on", "says"),
    [
        ("NIE/MA/1", FILED_ON, "nie ma sprawy"),
        (NAKAZOWE, date(2026, 12, 2), "nie może być w przyszłości"),
        (NAKAZOWE, date(2026, 11, 23), "wcześniejsza niż zatwierdzenie projektu (2026-11-24)"),
        (EPU, FILED_ON, "zatwierdzonej przez partnera (etap: do akceptacji)"),
    ],
)
def test_refusals_change_nothing(firm: Firm, ref: str, on: date, says: str) -> None:
    firm.approve(NAKAZOWE)
    before = firm.counts()
    with pytest.raises(Refused, match=re.escape(says)) as caught:
        _file(firm, ref, on)
    assert "\n" not in str(caught.value)
    assert firm.counts() == before
    if ref == "NIE/MA/1":
        assert isinstance(caught.value, UnknownCase)


def _bankrupt(firm: Firm, ref: str) -> None:
    with session_scope(firm.engine) as s:
        s.add(
            CaseFinding(
                case_id=firm.ids[ref],
                source="registry",
                code="bankruptcy",
                severity="blocker",
                message="KRS: ogłoszono upadłość dłużnika.",
                subject="krs",
            )
        )


def test_a_blocker_after_approval_refuses_the_filing(firm: Firm) -> None:
    firm.approve(NAKAZOWE)
    _bankrupt(firm, NAKAZOWE)  # a reverify found it after the partner approved
    before = firm.counts()
    with pytest.raises(Refused, match="uwagi blokujące \\(1\\): KRS: ogłoszono upadłość"):
        _file(firm)
    assert firm.counts() == before and firm.stage(NAKAZOWE) == "approved"


def test_an_override_approval_may_be_filed(firm: Firm) -> None:
    _bankrupt(firm, NAKAZOWE)
    firm.approve(NAKAZOWE, override_reason="Zgłaszamy wierzytelność i pozywamy.")
    assert _file(firm).stage_after == "filed"


def test_court_given_by_hand(firm: Firm) -> None:
    firm.approve(NAKAZOWE)
    outcome = _file(firm, court="Sąd Rejonowy dla Krakowa-Śródmieścia, V Wydział Gospodarczy")
    assert outcome.step.court.startswith("Sąd Rejonowy dla Krakowa")
    with Session(firm.engine) as s:
        (step,) = s.exec(select(CaseStep)).all()
        assert step.trigger == "lawsuit-filed" and step.to_stage == "filed"
