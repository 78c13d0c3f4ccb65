"""A rate entered after drafting redrafts the cases under review that waited for it (K8).

Real Prefect flow runs on a temp store (SQLite and PostgreSQL), the real ``handoff rates
set`` command, the .docx read back. The sample cases are drafted on 1.12.2026, when the
shipped NBP table ends in April 2025: TT/WIND/2026/0152 and TT/WIND/2026/0171 leave their
rekompensata out for the missing Table A rate of 31.08.2026 (the last working day of the
month before their September deadlines, art. 10 ust. 1 u.p.n.o.t.h.).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from docx import Document
from sqlmodel import Session, select
from typer.testing import CliRunner

from law.pl.rates import (
    RATES_ASSUMED_UNCHANGED,
    InterestKind,
    assumption_is_current,
    rate_assumption,
)
from store.db import open_store, session_scope
from store.rates import cases_to_redraft_for_rates, upsert_exchange_rates
from store.review import record_decision
from store.tables import Case, CaseFinding, GeneratedDocument, User
from tests.conftest import SAMPLES
from tests.support import consumer_debtor, insert_case

ON = date(2026, 12, 1)
RATE_DAY = "2026-08-31"
WAITING = "TT/WIND/2026/0152"  # under review: redrafted with the rekompensata
APPROVED = "TT/WIND/2026/0171"  # approved before the rate came: never redrafted


@pytest.fixture
def home(tmp_path: Path, store_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("HANDOFF_HOME", str(tmp_path / "var"))
    monkeypatch.setenv("HANDOFF_DATABASE_URL", store_url)
    monkeypatch.setenv("HANDOFF_REGISTRIES", "offline")
    yield tmp_path / "var"


def _text(path: str) -> str:
    doc = Document(path)
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def _state(url: str) -> dict[str, tuple[str, dict[str, object], list[GeneratedDocument]]]:
    engine = open_store(url)
    with Session(engine) as s:
        out = {}
        for case in s.exec(select(Case)).all():
            docs = s.exec(
                select(GeneratedDocument)
                .where(GeneratedDocument.case_id == case.id, GeneratedDocument.kind == "pozew")
                .order_by(GeneratedDocument.version)  # type: ignore[arg-type]
            ).all()
            out[case.external_ref] = (case.stage, json.loads(case.claim_json or "{}"), list(docs))
    engine.dispose()
    return out


def _missing_days(summary: dict[str, object]) -> set[str]:
    invoices = summary.get("invoices", [])
    assert isinstance(invoices, list)
    return {
        i["compensation_rate_missing_on"] for i in invoices if i["compensation_rate_missing_on"]
    }


@pytest.mark.slow
def test_rate_set_redrafts_cases_under_review_only(
    prefect_api: None, home: Path, store_url: str
) -> None:
    from cli.rates import rates_app
    from flows.handoff import handoff

    handoff(source=str(SAMPLES / "cases"), reference_date=ON)
    before = _state(store_url)
    for ref in (WAITING, APPROVED):
        stage, summary, docs = before[ref]
        assert stage == "ready_for_review" and [d.version for d in docs] == [1]
        assert RATE_DAY in _missing_days(summary), summary
    assert before[WAITING][1]["invoices"][0]["compensation_amount"] is None  # type: ignore[index]
    assert "rekompensat" not in _text(before[WAITING][2][0].path).lower()

    # a partner approves one of them before the rate is known
    engine = open_store(store_url)
    with session_scope(engine) as s:
        s.add(User(username="pawel", full_name="Paweł Nowak", role="partner"))
    with session_scope(engine) as s:
        case = s.exec(select(Case).where(Case.external_ref == APPROVED)).one()
        record_decision(s, int(case.id or 0), "pawel", "approve", override_reason="test")
    with Session(engine) as s:
        assert cases_to_redraft_for_rates(s) == []  # nothing known yet
    engine.dispose()

    # the firm enters the NBP rate by hand (audited); 0152 is picked, the approved one is not
    done = CliRunner().invoke(rates_app, ["set", "EUR", RATE_DAY, "4,2500", "--by", "test"])
    assert done.exit_code == 0, done.output
    engine = open_store(store_url)
    with Session(engine) as s:
        waiting_id = s.exec(select(Case.id).where(Case.external_ref == WAITING)).one()
        assert cases_to_redraft_for_rates(s) == [waiting_id]
    engine.dispose()

    result = handoff(source=str(SAMPLES / "cases"), reference_date=ON)
    outcomes = {r["case_ref"]: r["outcome"] for r in result["cases"]}
    assert outcomes[WAITING] == "drafted", result["cases"]
    assert outcomes[APPROVED] == "unchanged", result["cases"]

    after = _state(store_url)
    stage, summary, docs = after[WAITING]
    assert stage == "ready_for_review" and [d.version for d in docs] == [1, 2]
    assert _missing_days(summary) == set()
    amounts = [
        Decimal(str(i["compensation_amount"]))  # type: ignore[index]
        for i in summary["invoices"]  # type: ignore[union-attr]
        if i["compensation_amount"]  # type: ignore[index]
    ]
    # 40 EUR (<= 5 000 zł) or 70 EUR (> 5 000 zł) x 4,2500 (art. 10 ust. 1 u.p.n.o.t.h.)
    assert amounts and all(a in {Decimal("170.00"), Decimal("297.50")} for a in amounts)
    assert "rekompensat" in _text(docs[-1].path).lower()
    # the approved case keeps its approved draft
    stage, summary, docs = after[APPROVED]
    assert stage == "approved" and [d.version for d in docs] == [1]
    assert RATE_DAY in _missing_days(summary)

    # the next run finds nothing new
    again = handoff(source=str(SAMPLES / "cases"), reference_date=ON)
    assert {r["case_ref"]: r["outcome"] for r in again["cases"]}[WAITING] == "unchanged"
    assert [d.version for d in _state(store_url)[WAITING][2]] == [1, 2]


def _old_assumption() -> str:
    # the K9 note as a draft made with a table verified through 31.03.2026 said it
    return (
        "Odsetki za okres po 31.03.2026 obliczono przy założeniu, że stopa referencyjna NBP "
        "nie zmieniła się (tabela zweryfikowana do 31.03.2026)."
    )


def test_selection_rules(engine: sa.Engine) -> None:
    """Which stored cases ``cases_to_redraft_for_rates`` picks (no flow run)."""
    current = rate_assumption(InterestKind.STATUTORY, ON)
    assert current is not None and assumption_is_current(current)
    assert not assumption_is_current(_old_assumption())
    waiting = {"invoices": [{"compensation_rate_missing_on": "2026-08-31"}]}
    with session_scope(engine) as s:
        ids = {}
        for ref, stage, summary, note in [
            ("A/1", "ready_for_review", waiting, None),  # rate known later: picked
            ("A/2", "approved", waiting, None),  # approved: never
            ("A/3", "ready_for_review", {"invoices": []}, _old_assumption()),  # old table
            ("A/4", "ready_for_review", {"invoices": []}, current),  # current table: no
            ("A/5", "sent_back", waiting, None),  # drafted anyway by draftable_case_ids
        ]:
            ids[ref] = insert_case(
                s,
                ref,
                creditor="Hurtownia Sp. z o.o.",
                debtor=consumer_debtor(),
                stage=stage,
                claim_json=json.dumps(summary, ensure_ascii=False),
            )
            if note is not None:
                s.add(
                    CaseFinding(
                        case_id=ids[ref],
                        source="claim",
                        code=RATES_ASSUMED_UNCHANGED,
                        severity="warning",
                        message=note,
                    )
                )
    with Session(engine) as s:
        assert cases_to_redraft_for_rates(s) == [ids["A/3"]]  # no EUR rate for 31.08.2026 yet
    with session_scope(engine) as s:
        upsert_exchange_rates(s, [_Rate("EUR", date(2026, 8, 31), Decimal("4.25"), "170/A")])
    with Session(engine) as s:
        assert cases_to_redraft_for_rates(s) == [ids["A/1"], ids["A/3"]]
        assert cases_to_redraft_for_rates(s, case_ids=[ids["A/3"], ids["A/2"]]) == [ids["A/3"]]


@dataclass(frozen=True)
class _Rate:
    code: str
    effective_date: date
    mid: Decimal
    table_no: str
