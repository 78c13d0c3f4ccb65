"""A statement's payments recorded as one batch (``casework.payments.record_payments``) leave
exactly what recording them one by one (``record_payment``) leaves: payments, art. 451
allocation lines, findings, stages, limitation watch and deadlines, audit rows; a case paid
in full by an earlier line is not paid again by a later one; and a person assigns an
unmatched credit to a case (``handoff payments assign``). On SQLite and PostgreSQL, on the
sample cases imported and drafted for real."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from casework import Refused
from casework.payments import PaymentIn, PaymentOutcome, record_payment, record_payments
from store.tables import (
    AuditLog,
    Case,
    CaseFinding,
    Deadline,
    LimitationWatch,
    PaymentAllocation,
    RecordedPayment,
    UnmatchedTransaction,
)
from tests.casework.cli_helpers import ok, refused

from .conftest import EPU, NAKAZOWE, TODAY, Firm

FILES = Path(__file__).parent / "statements"
OTHER = "TT/WIND/2026/0141"  # FV/2025/01/114


def _items(firm: Firm) -> list[tuple[int, PaymentIn]]:
    """Several payments on one case (one of them backdated), others on other cases, one
    refused (before the case's invoices) in the middle."""
    return [
        (firm.ids[NAKAZOWE], PaymentIn(date(2026, 11, 20), Decimal("1000.00"), source="csv")),
        (firm.ids[EPU], PaymentIn(date(2026, 11, 21), Decimal("300.00"), source="csv")),
        (firm.ids[OTHER], PaymentIn(date(2019, 1, 1), Decimal("50.00"), source="csv")),
        (
            firm.ids[NAKAZOWE],
            PaymentIn(date(2026, 10, 15), Decimal("500.00"), transaction_key="csv:K2"),
        ),
        (
            firm.ids[OTHER],
            PaymentIn(
                date(2026, 11, 22),
                Decimal("200.00"),
                invoice_number="FV/2025/01/114",
                designated=True,
            ),
        ),
    ]


def _snapshot(s: Session) -> dict[str, object]:
    """What the payments wrote, without ids and clock times."""
    order = {
        p.id: n
        for n, p in enumerate(s.exec(select(RecordedPayment).order_by(col(RecordedPayment.id))))
    }
    audit = []
    for row in s.exec(select(AuditLog).where(AuditLog.action == "payment.recorded")).all():
        detail = json.loads(row.detail)
        detail["payment_id"] = order[detail["payment_id"]]
        audit.append((row.case_id, detail))
    return {
        "payments": [
            (p.case_id, p.paid_on, p.amount, p.invoice_number, p.designated, p.surplus)
            for p in s.exec(select(RecordedPayment).order_by(col(RecordedPayment.id)))
        ],
        "lines": sorted(
            (
                order[a.payment_id],
                a.invoice_number,
                a.to_costs,
                a.to_interest,
                a.to_principal,
                a.cites,
            )
            for a in s.exec(select(PaymentAllocation))
        ),
        "findings": sorted(
            (f.case_id, f.code, f.severity, f.message)
            for f in s.exec(select(CaseFinding).where(CaseFinding.source == "payments"))
        ),
        "stages": sorted((c.id, c.stage) for c in s.exec(select(Case))),
        "watch": sorted(
            (w.case_id, w.invoice_number, w.expires_on, w.reason)
            for w in s.exec(select(LimitationWatch))
        ),
        "deadlines": sorted(
            (d.case_id, d.rule_key, d.due_on, d.status) for d in s.exec(select(Deadline))
        ),
        "audit": sorted(audit, key=lambda a: (a[0], a[1]["payment_id"])),
    }


def _outcome(r: object) -> object:
    if isinstance(r, Refused | str):
        return str(r)
    assert isinstance(r, PaymentOutcome)
    return (r.case_ref, r.amount, r.surplus, r.left, r.stage_before, r.stage_after, r.notes)


def test_a_batch_writes_what_one_by_one_writes(firm: Firm) -> None:
    items = _items(firm)
    with Session(firm.engine) as s:
        one_by_one: list[object] = []
        for case_id, pay in items:
            try:
                one_by_one.append(record_payment(s, f"#{case_id}", pay, today=TODAY, actor="t"))
            except Refused as exc:
                one_by_one.append(str(exc))
        expected = _snapshot(s)
        s.rollback()
    with Session(firm.engine) as s:
        batch = record_payments(s, items, today=TODAY, actor="t")
        got = _snapshot(s)
        s.rollback()
    assert got == expected
    assert len(expected["payments"]) == 4 and len(expected["lines"]) >= 4  # type: ignore[arg-type]
    # each outcome as recorded alone; its lines are those the whole batch leaves (the
    # backdated 15.10 payment re-allocates the 20.11 one, as in the store)
    assert [_outcome(r) for r in batch] == [_outcome(r) for r in one_by_one]
    assert "przed najwcześniejszą fakturą" in str(batch[2])


def test_a_later_line_does_not_pay_a_case_an_earlier_line_closed(
    firm: Firm, tmp_path: Path
) -> None:
    firm.approve(NAKAZOWE)
    ok("cases", "file", NAKAZOWE, "--on", "2026-11-25", "--signature", "V GNc 7/26")
    whole = json.loads(ok("payments", "list", NAKAZOWE, "--json"))["left"]["total"]
    day = TODAY.isoformat()
    csv = tmp_path / "wyciag.csv"
    csv.write_text(
        "data;kwota;tytuł;kontrahent;id transakcji\n"
        f"{day};{whole.replace('.', ',')};Zapłata {NAKAZOWE};Zielona Dolina;B-1\n"
        f"{day};100,00;Zapłata {NAKAZOWE} reszta;Zielona Dolina;B-2\n",
        encoding="utf-8",
    )
    report = json.loads(ok("payments", "import", str(csv), "--json"))
    assert [r["transaction_key"] for r in report["recorded"]] == ["csv:B-1"]
    (left,) = report["unmatched"]
    assert left["transaction_key"] == "csv:B-2"
    assert f"sprawa {NAKAZOWE} jest na etapie: zapłacona" in left["reason"]
    assert firm.stage(NAKAZOWE) == "paid"


def _unmatched_id(firm: Firm) -> int:
    (row,) = [
        u for u in json.loads(ok("payments", "unmatched", "--json")) if u["amount"] == "123.45"
    ]
    assert row["counterparty"] == "JAN NOWAK"
    return int(row["id"])


def test_assign_an_unmatched_credit_to_a_case(firm: Firm) -> None:
    ok("payments", "import", str(FILES / "statement.sta"))
    txn = _unmatched_id(firm)
    done = json.loads(ok("payments", "assign", str(txn), OTHER, "--by", "anna", "--json"))
    assert done["case"] == OTHER and done["amount"] == "123.45"
    assert done["assigned_by"] == "anna"
    # FV/2025/01/114 long overdue: interest first (art. 451 §1 zd. 2 KC)
    (line,) = done["allocation"]
    assert line["invoice_number"] == "FV/2025/01/114" and "art. 451" in line["cites"]
    assert Decimal(line["to_interest"]) + Decimal(line["to_principal"]) == Decimal("123.45")
    assert json.loads(ok("payments", "unmatched", "--json")) == []
    listed = json.loads(ok("payments", "list", OTHER, "--json"))["payments"]
    assert [(p["amount"], p["matched_by"], p["source"]) for p in listed][-1] == (
        "123.45",
        "assigned",
        "mt940",
    )
    (audit,) = firm.audit("payment.assigned")
    assert audit.actor == "anna" and audit.case_id == firm.ids[OTHER]
    assert json.loads(audit.detail)["unmatched_id"] == txn
    recorded = [a for a in firm.audit("payment.recorded") if a.case_id == firm.ids[OTHER]]
    assert recorded[-1].actor == "anna"

    # the same statement again records nothing, the assigned credit included
    again = json.loads(ok("payments", "import", str(FILES / "statement.sta"), "--json"))
    assert again["recorded"] == [] and again["unmatched"] == [] and again["already_imported"] == 3
    said = refused("payments", "assign", str(txn), NAKAZOWE)
    assert f"została już przypisana do sprawy {OTHER}" in said


def _assign_counts(firm: Firm) -> tuple[int, ...]:
    with Session(firm.engine) as s:
        counts = [
            s.exec(select(sa.func.count()).select_from(t)).one()
            for t in (RecordedPayment, PaymentAllocation, AuditLog)
        ]
        still_open = select(sa.func.count()).select_from(UnmatchedTransaction)
        counts.append(s.exec(still_open.where(UnmatchedTransaction.status == "open")).one())
        return tuple(counts)


def test_assign_refusals_are_one_polish_line_and_change_nothing(firm: Firm) -> None:
    firm.approve(NAKAZOWE)
    ok("cases", "file", NAKAZOWE, "--on", "2026-11-25", "--signature", "V GNc 7/26")
    whole = json.loads(ok("payments", "list", NAKAZOWE, "--json"))["left"]["total"]
    ok("payments", "add", NAKAZOWE, "--amount", whole, "--on", TODAY.isoformat())
    assert firm.stage(NAKAZOWE) == "paid"
    ok("payments", "import", str(FILES / "statement.sta"))
    txn = _unmatched_id(firm)
    before = _assign_counts(firm)
    assert "nie ma nierozpoznanej wpłaty" in refused("payments", "assign", "99999", OTHER)
    assert "nie ma nierozpoznanej wpłaty" in refused("payments", "assign", "csv:NIE", OTHER)
    assert "nie ma sprawy" in refused("payments", "assign", str(txn), "NIE/MA/1")
    said = refused("payments", "assign", str(txn), NAKAZOWE)
    assert f"sprawa {NAKAZOWE} jest na etapie: zapłacona" in said
    assert _assign_counts(firm) == before


def test_a_replan_shared_with_a_forked_process_writes_what_one_process_writes(
    firm: Firm, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The limitation replan of a big batch computes its claims in a forked copy of the
    process while this one stores the batch (``REPLAN_SHARED_FROM``): the same watch rows
    and deadlines, in the same order, as computed here; this process computed none."""
    import casework.payments as payments

    here: list[int] = []  # the cases each call computed in this process
    watch_rows = payments._watch_rows

    def counted(items: list[tuple[int, object]], *args: object) -> object:
        here.append(len(items))
        return watch_rows(items, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(payments, "_watch_rows", counted)
    items = _items(firm)
    with Session(firm.engine) as s:
        record_payments(s, items, today=TODAY, actor="t")
        alone = _snapshot(s)
        alone_order = list(s.exec(select(LimitationWatch.case_id).order_by(LimitationWatch.id)))
        s.rollback()
    (replanned,) = here
    assert replanned >= 2
    here.clear()
    monkeypatch.setattr(payments, "REPLAN_SHARED_FROM", 2)
    monkeypatch.setattr(payments, "_may_fork", lambda: True)  # (pytest-xdist has threads)
    with Session(firm.engine) as s:
        record_payments(s, items, today=TODAY, actor="t")
        shared = _snapshot(s)
        shared_order = list(s.exec(select(LimitationWatch.case_id).order_by(LimitationWatch.id)))
        s.rollback()
    assert shared == alone and shared_order == alone_order
    assert here == []  # all computed by the forked process


def test_rows_inserted_in_bulk_are_bound_as_an_insert_binds_them(firm: Firm) -> None:
    """``store.bulk.insert_rows`` (COPY on PostgreSQL, executemany elsewhere) stores each
    value as the column's type binds it in an INSERT (MoneyType rounds half to even: 10.005
    -> 10.00, where PostgreSQL's own rounding would give 10.01), and a driver's refusal
    comes as SQLAlchemy's own error (a transaction key recorded twice: IntegrityError)."""
    from store.bulk import insert_rows

    t = RecordedPayment.__table__  # type: ignore[attr-defined]
    row = {
        "case_id": firm.ids[NAKAZOWE],
        "paid_on": date(2026, 11, 20),
        "amount": Decimal("10.005"),
        "title": "tab\there; new\nline \\ 'quoted' ążźćńółęś",
        "invoice_number": None,
        "designated": False,
        "instalment": None,
        "source": "mt940",
        "transaction_key": "bulk:1",
        "counterparty": "",
        "account": "",
        "matched_by": "reference",
        "surplus": Decimal("0"),
        "recorded_by": "t",
        "recorded_at": datetime(2026, 12, 1, 10, 30, tzinfo=UTC),
    }
    with Session(firm.engine) as s:
        conn = s.connection()
        conn.execute(sa.insert(t), [row])
        inserted = conn.execute(sa.select(t).where(t.c.transaction_key == "bulk:1")).one()
        conn.execute(sa.delete(t).where(t.c.id == inserted.id))
        insert_rows(conn, t, [row, row | {"transaction_key": "bulk:2"}])
        bulk = conn.execute(sa.select(t).where(t.c.transaction_key == "bulk:1")).one()
        assert dict(bulk._mapping) | {"id": 0} == dict(inserted._mapping) | {"id": 0}
        assert bulk.amount == Decimal("10.00") and bulk.title == row["title"]
        with pytest.raises(sa.exc.IntegrityError):
            insert_rows(conn, t, [row])
        s.rollback()
