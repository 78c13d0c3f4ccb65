"""``sync_limitation_deadlines(session, case_ids=...)`` plans exactly what the whole-store
sync plans for those cases and leaves every other case's deadlines as they were, on SQLite
and PostgreSQL (a payment import replans only the cases it touched, issue #18).

The store holds one case of each kind the sync distinguishes: per-invoice watch rows (an
invoice added, one gone, a date moved), a case-wide row of a case drafted before the
per-invoice watch (kept, and replaced once the case gets watch rows), a case filed since
its last sync (its rows cancelled), a done deadline whose date moves (stays done), a new
paralegal (the responsible person follows) and a procedural deadline of a court event
(never touched). Each scenario is run in a transaction that is rolled back, so the scoped
and the global sync start from the same rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

import store.deadlines as deadlines
from store.db import session_scope
from store.deadlines import (
    LIMITATION_RULE,
    mark_done,
    replace_limitation_watch,
    sync_limitation_deadlines,
)
from store.tables import Case, CourtEvent, Deadline
from tests.support import consumer_debtor, insert_case

A, B, C = "FV/2024/10/015", "FV/2025/01/003", "FV/2025/03/100"
Row = tuple[object, ...]


def _case(s: Session, ref: str, stage: str, limitation: date | None = None) -> int:
    return insert_case(
        s,
        ref,
        creditor="Hurtownia",
        debtor=consumer_debtor(),
        stage=stage,
        earliest_limitation=limitation,
        paralegal="anna",
        partner="piotr",
    )


def _watch(s: Session, case_id: int, *rows: tuple[str, date]) -> None:
    replace_limitation_watch(s, {case_id: [(n, d, "") for n, d in rows]})


def _store(engine: sa.Engine) -> dict[str, int]:
    """Cases in sync with their watch (one global sync), then changed as a day's work
    changes them, not yet synced. Returns case ids by name."""
    with session_scope(engine) as s:
        ids = {
            "steady": _case(s, "S/1", "ready_for_review"),
            "moved": _case(s, "S/2", "intake"),
            "legacy": _case(s, "S/3", "approved", date(2026, 12, 31)),
            "legacy_watched": _case(s, "S/4", "intake", date(2026, 6, 30)),
            "filed": _case(s, "S/5", "approved"),
            "done": _case(s, "S/6", "sent_back"),
            "paralegal": _case(s, "S/7", "intake"),
            "court": _case(s, "S/8", "filed"),
            "outside": _case(s, "S/9", "intake"),
        }
        _watch(s, ids["steady"], (A, date(2026, 12, 31)), (B, date(2027, 12, 31)))
        _watch(s, ids["moved"], (A, date(2026, 12, 31)), (B, date(2027, 12, 31)))
        _watch(s, ids["filed"], (A, date(2027, 12, 31)))
        _watch(s, ids["done"], (A, date(2027, 12, 31)))
        _watch(s, ids["paralegal"], (B, date(2028, 12, 31)))
        _watch(s, ids["court"], (A, date(2026, 12, 31)))
        _watch(s, ids["outside"], (A, date(2026, 12, 31)), (C, date(2027, 12, 31)))
        event = CourtEvent(case_id=ids["court"], kind="call-served", occurred_on=date(2026, 11, 2))
        s.add(event)
        s.flush()
        s.add(
            Deadline(
                case_id=ids["court"],
                event_id=event.id,
                rule_key="call-served:0",
                action="odpowiedź na wezwanie",
                side="ours",
                due_on=date(2026, 11, 9),
                status="open",
            )
        )
    with session_scope(engine) as s:
        assert sync_limitation_deadlines(s) > 0
    with session_scope(engine) as s:
        _watch(s, ids["moved"], (A, date(2027, 12, 31)), (C, date(2028, 12, 31)))  # B paid
        _watch(s, ids["legacy_watched"], (B, date(2027, 6, 30)))
        _watch(s, ids["outside"], (A, date(2029, 12, 31)))
        (done,) = s.exec(
            select(Deadline).where(Deadline.case_id == ids["done"], Deadline.event_id.is_(None))  # type: ignore[union-attr]
        ).all()
        assert done.id is not None
        mark_done(s, done.id)
        _watch(s, ids["done"], (A, date(2028, 12, 31)))
        for name, change in (("filed", {"stage": "filed"}), ("paralegal", {"paralegal": "ola"})):
            case = s.get(Case, ids[name])
            assert case is not None
            for key, value in change.items():
                setattr(case, key, value)
            s.add(case)
    return ids


def _rows(s: Session) -> dict[tuple[int, str], Row]:
    """Every deadline by (case, rule key); ``updated_at`` kept for the untouched check."""
    d = Deadline.__table__  # type: ignore[attr-defined]
    out = {}
    for row in s.connection().execute(sa.select(d).order_by(d.c.id)).mappings():
        out[(row["case_id"], row["rule_key"])] = tuple(
            row[k]
            for k in (
                "event_id",
                "action",
                "side",
                "due_on",
                "cites",
                "reason",
                "responsible",
                "status",
                "updated_at",
            )
        )
    return out


def _after(engine: sa.Engine, sync: Callable[[Session], int]) -> tuple[int, dict]:
    """What ``sync`` returns and leaves, in a transaction rolled back afterwards."""
    with Session(engine) as s:
        changed = sync(s)
        rows = _rows(s)
        s.rollback()
    return changed, rows


def _planned(rows: dict[tuple[int, str], Row], cases: Iterable[int]) -> dict:
    """The rows of ``cases`` without ``updated_at`` (the clock of each sync)."""
    wanted = set(cases)
    return {k: v[:-1] for k, v in rows.items() if k[0] in wanted}


def test_scoped_sync_plans_what_the_global_sync_plans(engine: sa.Engine) -> None:
    ids = _store(engine)
    with Session(engine) as s:
        before = _rows(s)
    everything, global_rows = _after(engine, sync_limitation_deadlines)
    scope = [ids[n] for n in ("moved", "legacy_watched", "filed", "done", "paralegal", "court")]
    rest = [i for i in ids.values() if i not in scope]

    scoped, scoped_rows = _after(engine, lambda s: sync_limitation_deadlines(s, case_ids=scope))
    assert _planned(scoped_rows, scope) == _planned(global_rows, scope)
    # the other cases' rows are exactly as they were (the out-of-scope watch change waits)
    assert {k: v for k, v in scoped_rows.items() if k[0] in rest} == {
        k: v for k, v in before.items() if k[0] in rest
    }
    unscoped, _ = _after(engine, lambda s: sync_limitation_deadlines(s, case_ids=rest))
    assert scoped + unscoped == everything

    # what the global sync planned, spelled out
    lim = LIMITATION_RULE
    plan = _planned(global_rows, ids.values())

    def status(name: str, key: str) -> tuple[date, object, object]:
        row = plan[(ids[name], key)]
        return row[3], row[6], row[7]  # due_on, responsible, status

    assert status("moved", f"{lim}:{A}") == (date(2027, 12, 31), "anna", "open")
    assert status("moved", f"{lim}:{B}")[2] == "cancelled"
    assert status("moved", f"{lim}:{C}") == (date(2028, 12, 31), "anna", "open")
    assert status("legacy", lim) == (date(2026, 12, 31), "anna", "open")
    assert status("legacy_watched", lim)[2] == "cancelled"
    assert status("legacy_watched", f"{lim}:{B}") == (date(2027, 6, 30), "anna", "open")
    assert status("filed", f"{lim}:{A}")[2] == "cancelled"
    assert status("done", f"{lim}:{A}") == (date(2028, 12, 31), "anna", "done")
    assert status("paralegal", f"{lim}:{B}") == (date(2028, 12, 31), "ola", "open")
    assert status("court", "call-served:0")[2] == "open"
    assert (ids["court"], f"{lim}:{A}") not in plan  # filed before its first sync
    assert status("outside", f"{lim}:{A}") == (date(2029, 12, 31), "anna", "open")
    assert status("outside", f"{lim}:{C}")[2] == "cancelled"
    assert scoped == 8  # moved 3, legacy_watched 2, filed 1, done 1 (its date), paralegal 1
    assert unscoped == 2


def test_scoped_sync_of_every_case_in_chunks_is_the_global_sync(
    engine: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _store(engine)
    everything, global_rows = _after(engine, sync_limitation_deadlines)
    monkeypatch.setattr(deadlines, "SYNC_CHUNK", 2)  # five IN (...) lists of two cases
    scoped, scoped_rows = _after(
        engine, lambda s: sync_limitation_deadlines(s, case_ids=reversed(list(ids.values())))
    )
    assert scoped == everything
    assert _planned(scoped_rows, ids.values()) == _planned(global_rows, ids.values())
    assert _after(engine, lambda s: sync_limitation_deadlines(s, case_ids=[]))[0] == 0
    with session_scope(engine) as s:
        sync_limitation_deadlines(s, case_ids=ids.values())
    with session_scope(engine) as s:
        assert sync_limitation_deadlines(s) == 0  # nothing left for the whole store to do
