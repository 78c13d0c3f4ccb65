"""casework.court_events / casework.correction on real stores: the case walks the court
stage, each event once; events that do not fit change nothing; a crash leaves nothing.

Expected deadlines: polish_law.md §2.2 and 7.2 (sprzeciw 2 weeks from service, art. 502 §1
KPC; uzasadnienie 1 week from announcement, art. 328 §1; art. 115 KC shift).
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlmodel import Session, select

from casework import Refused
from casework.correction import correct_stage
from casework.court_events import delete_court_event, record_court_event
from casework.filing import file_case
from config import FIRM_TZ
from law.pl.deadlines import EventKind
from law.stages import Stage
from store.db import session_scope
from store.deadlines import sync_limitation_deadlines
from store.tables import Case, Deadline
from store.timeline import timeline

from .conftest import EPU, NAKAZOWE, TODAY, Firm

K = EventKind
WHY = "pozew nie wyszedł z kancelarii"


def _filed(firm: Firm, ref: str = NAKAZOWE, on: date = date(2026, 11, 25)) -> None:
    firm.approve(ref)
    file_case(firm.engine, ref, on, today=TODAY, actor="anna")


def _event(firm: Firm, kind: EventKind, on: date, ref: str = NAKAZOWE, signature: str = ""):
    with session_scope(firm.engine) as s:
        return record_court_event(s, ref, kind, on, today=TODAY, signature=signature, actor="anna")


def _timeline(firm: Firm, ref: str = NAKAZOWE) -> list[tuple[str, str, str, str]]:
    with Session(firm.engine) as s:
        case = s.get(Case, firm.ids[ref])
        assert case is not None
        return [
            (t.date.isoformat(), t.stage, t.event_kind, t.article)
            for t in timeline(s, case, FIRM_TZ)
        ]


def test_nakazowe_case_through_zarzuty_to_a_final_judgment(firm: Firm) -> None:
    _filed(firm)
    issued = _event(firm, K.PAYMENT_ORDER_ISSUED, date(2026, 11, 26), signature="V GNc 7/26")
    assert issued.moved and firm.stage(NAKAZOWE) == "order_issued"
    served = _event(firm, K.PAYMENT_ORDER_SERVED, date(2026, 11, 27))
    # served Fri 27.11.2026 + 2 weeks = Fri 11.12.2026 (art. 502 §1 / 493 KPC)
    assert [(d.action, d.due_on) for d in served.deadlines] == [
        ("sprzeciw / zarzuty", date(2026, 12, 11))
    ]
    objection = _event(firm, K.OBJECTION_FILED, date(2026, 11, 30))
    assert firm.stage(NAKAZOWE) == "ordinary"
    assert "KPC art. 493" in objection.summary()  # zarzuty in nakazowe
    judgment = _event(firm, K.JUDGMENT_ANNOUNCED, date(2026, 12, 1))
    # announced Tue 1.12.2026 + 1 week = Tue 8.12.2026 (art. 328 §1 KPC)
    assert [(d.action, d.due_on) for d in judgment.deadlines] == [
        ("wniosek o uzasadnienie wyroku", date(2026, 12, 8))
    ]
    final = _event(firm, K.JUDGMENT_FINAL, date(2026, 12, 1))
    assert firm.stage(NAKAZOWE) == "final"
    assert [d.action for d in final.deadlines] == ["wniosek o nadanie klauzuli wykonalności"]
    assert _timeline(firm) == [
        ("2026-11-24", "approved", "approval", ""),
        ("2026-11-25", "filed", "lawsuit-filed", "KPC art. 187 §1; KPC art. 165 §2"),
        ("2026-11-26", "order_issued", "payment-order-issued", "KPC art. 485"),
        (
            "2026-11-27",
            "order_served",
            "payment-order-served",
            "KPC art. 502 §1; KPC art. 505; KPC art. 493",
        ),
        (
            "2026-11-30",
            "ordinary",
            "objection-filed",
            "KPC art. 493; rozporządzenie MS z 22.10.2015 § 3 ust. 2",
        ),
        ("2026-12-01", "judgment", "judgment-announced", "KPC art. 328 §1"),
        ("2026-12-01", "final", "judgment-final", "KPC art. 363 §1"),
    ]


def test_the_same_event_twice_changes_nothing(firm: Firm) -> None:
    _filed(firm)
    first = _event(firm, K.PAYMENT_ORDER_ISSUED, date(2026, 11, 26), signature="V GNc 7/26")
    before = firm.counts()
    again = _event(firm, K.PAYMENT_ORDER_ISSUED, date(2026, 11, 26), signature="V GNc 7/26")
    assert not again.recorded and again.event.id == first.event.id
    assert "nic nie zmieniono" in again.summary()
    assert firm.counts() == before


def test_a_crash_before_commit_leaves_nothing_and_the_rerun_records_once(firm: Firm) -> None:
    _filed(firm)
    before = firm.counts()

    class Crash(Exception):
        pass

    with pytest.raises(Crash), session_scope(firm.engine) as s:
        record_court_event(s, NAKAZOWE, K.PAYMENT_ORDER_ISSUED, date(2026, 11, 26), today=TODAY)
        raise Crash  # the process dies before the transaction commits
    assert firm.counts() == before
    assert _event(firm, K.PAYMENT_ORDER_ISSUED, date(2026, 11, 26)).recorded
    assert not _event(firm, K.PAYMENT_ORDER_ISSUED, date(2026, 11, 26)).recorded
    assert [t[2] for t in _timeline(firm)].count("payment-order-issued") == 1


@pytest.mark.parametrize(
    ("kind", "on", "says"),
    [
        (K.OBJECTION_FILED, date(2026, 11, 26), "wymaga wydanego nakazu zapłaty"),
        (K.PAYMENT_ORDER_ISSUED, date(2026, 11, 24), "wcześniejsze niż wniesienie pozwu"),
        (K.EPU_DISCONTINUED, date(2026, 11, 26), "tylko elektronicznego postępowania"),
        (K.CALL_SERVED, date(2026, 12, 2), "nie może być w przyszłości"),
    ],
)
def test_events_that_do_not_fit_change_nothing(
    firm: Firm, kind: EventKind, on: date, says: str
) -> None:
    _filed(firm)
    before = firm.counts()
    with pytest.raises(Refused, match=re.escape(says)):
        _event(firm, kind, on)
    assert firm.counts() == before


def test_an_event_before_the_filing_is_refused_before_filing_too(firm: Firm) -> None:
    firm.approve(NAKAZOWE)
    before = firm.counts()
    with pytest.raises(Refused, match="handoff cases file"):
        _event(firm, K.PAYMENT_ORDER_SERVED, date(2026, 11, 26))
    assert firm.counts() == before


def test_settlement_ends_the_court_deadlines(firm: Firm) -> None:
    _filed(firm)
    _event(firm, K.PAYMENT_ORDER_ISSUED, date(2026, 11, 26))
    _event(firm, K.PAYMENT_ORDER_SERVED, date(2026, 11, 27))
    settled = _event(firm, K.SETTLED, date(2026, 11, 30))
    assert firm.stage(NAKAZOWE) == "settled"
    assert [d.action for d in settled.ended] == ["sprzeciw / zarzuty"]
    with Session(firm.engine) as s:
        statuses = {
            d.status
            for d in s.exec(
                select(Deadline).where(
                    Deadline.case_id == firm.ids[NAKAZOWE],
                    Deadline.event_id.is_not(None),  # type: ignore[union-attr]
                )
            ).all()
        }
    assert statuses == {"cancelled"}


def _open_limitation(firm: Firm, ref: str) -> int:
    with Session(firm.engine) as s:
        return len(
            s.exec(
                select(Deadline).where(
                    Deadline.case_id == firm.ids[ref],
                    Deadline.event_id.is_(None),  # type: ignore[union-attr]
                    Deadline.status == "open",
                )
            ).all()
        )


def test_epu_discontinued_watches_limitation_again_and_is_filed_anew(firm: Firm) -> None:
    firm.approve(EPU)
    with session_scope(firm.engine) as s:
        sync_limitation_deadlines(s)
    watched = _open_limitation(firm, EPU)
    assert watched > 0
    file_case(firm.engine, EPU, date(2026, 11, 25), today=TODAY, actor="anna")
    assert _open_limitation(firm, EPU) == 0
    stopped = _event(firm, K.EPU_DISCONTINUED, date(2026, 11, 27), ref=EPU)
    assert firm.stage(EPU) == "epu_discontinued"
    assert "KPC art. 505^37 §2" in (stopped.step.cites if stopped.step else "")
    assert [d.action for d in stopped.deadlines] == [
        "ponowne wniesienie pozwu do sądu właściwości ogólnej"
    ]
    assert _open_limitation(firm, EPU) == watched  # limitation runs against us again
    with pytest.raises(Refused, match="podaj --court"):
        file_case(firm.engine, EPU, date(2026, 11, 30), today=TODAY, actor="anna")
    again = file_case(
        firm.engine,
        EPU,
        date(2026, 11, 30),
        today=TODAY,
        actor="anna",
        court="Sąd Rejonowy w Opolu, I Wydział Cywilny",
    )
    assert again.step.mode == "paper" and "KPC art. 505^37 §2" in again.step.cites
    assert firm.stage(EPU) == "filed" and _open_limitation(firm, EPU) == 0


def test_deleting_the_last_stage_event_undoes_its_step(firm: Firm) -> None:
    _filed(firm)
    issued = _event(firm, K.PAYMENT_ORDER_ISSUED, date(2026, 11, 26))
    served = _event(firm, K.PAYMENT_ORDER_SERVED, date(2026, 11, 27))
    before = firm.counts()
    with pytest.raises(Refused, match="usuń najpierw późniejsze"), session_scope(firm.engine) as s:
        delete_court_event(s, issued.event.id, today=TODAY, actor="anna")  # type: ignore[arg-type]
    assert firm.counts() == before
    with session_scope(firm.engine) as s:
        delete_court_event(s, served.event.id, today=TODAY, actor="anna")  # type: ignore[arg-type]
    assert firm.stage(NAKAZOWE) == "order_issued"
    (undo,) = firm.audit("case.stage_correction")
    assert "order_served -> order_issued" in undo.detail
    # the same service, recorded again after the mistake, fits again
    assert _event(firm, K.PAYMENT_ORDER_SERVED, date(2026, 11, 28)).moved


def test_correction_goes_back_only_with_a_reason(firm: Firm) -> None:
    _filed(firm)
    before = firm.counts()
    with pytest.raises(Refused, match="powodu"), session_scope(firm.engine) as s:
        correct_stage(s, NAKAZOWE, Stage.APPROVED, " ", today=TODAY, actor="pawel")
    with pytest.raises(Refused, match="wcześniejszy"), session_scope(firm.engine) as s:
        correct_stage(s, NAKAZOWE, Stage.JUDGMENT, "skok", today=TODAY, actor="pawel")
    assert firm.counts() == before
    with session_scope(firm.engine) as s:
        done = correct_stage(s, NAKAZOWE, Stage.APPROVED, WHY, today=TODAY, actor="pawel")
    assert done.stage_after == "approved" and firm.stage(NAKAZOWE) == "approved"
    (audit,) = firm.audit("case.stage_correction")
    assert "pozew nie wyszedł z kancelarii" in audit.detail
    steps = _timeline(firm)
    assert steps[-1][1:3] == ("approved", "correction")
    # the undone filing stays in the timeline; the case may be filed again
    assert file_case(firm.engine, NAKAZOWE, date(2026, 11, 30), today=TODAY, actor="anna").recorded
