"""Where every case of a creditor stands: counts and amounts per stage, next deadlines, and
what was recovered.

Load the cases with their stage, WPS, filing and open deadlines (``store.timeline``,
three queries), group them per creditor and stage here, in stage order of the lifecycle.
The per-case rows are what the CSV export holds; the groups are what the console shows.

Recovered (issue #18), per case and per creditor:

* recovered: the payments recorded after the handoff (``handoff payments``), less any
  surplus to be returned to the debtor;
* left: the principal still owed (kapitał), after every payment (the creditor's own and
  those recorded) allocated under art. 451 KC (``law.pl.payments``); the interest accruing
  is not in it (``handoff payments list`` shows it per case). A case paid in full (closed as
  paid) has 0 left. Set-based: sums per case in SQL, the allocation run only for the cases
  that have payments;
* last payment: the day of the latest recorded payment.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

import sqlalchemy as sa
from sqlmodel import Session

from law.stages import RANK, STAGE_LABELS, Stage
from store.tables import Case, Creditor, Invoice, RecordedPayment
from store.tables import Payment as IntakePayment
from store.timeline import PortfolioCase, PortfolioDeadline, portfolio_cases

ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class Recovery:
    """What a case got back after the handoff (module docstring)."""

    recovered: Decimal = ZERO
    left: Decimal = ZERO
    last_paid_on: date | None = None


@dataclass
class StageTotal:
    stage: str
    label: str
    cases: int = 0
    amount: Decimal = Decimal("0.00")


@dataclass
class CreditorPortfolio:
    creditor: str
    nip: str
    stages: list[StageTotal] = field(default_factory=list)
    cases: list[PortfolioCase] = field(default_factory=list)
    next_deadlines: list[PortfolioDeadline] = field(default_factory=list)
    recovery: dict[str, Recovery] = field(default_factory=dict)  # case reference -> figures

    def recovery_of(self, case: PortfolioCase) -> Recovery:
        return self.recovery.get(case.case_ref, Recovery())

    @property
    def recovered(self) -> Decimal:
        return sum((r.recovered for r in self.recovery.values()), ZERO)

    @property
    def left(self) -> Decimal:
        return sum((r.left for r in self.recovery.values()), ZERO)

    @property
    def last_paid_on(self) -> date | None:
        days = [r.last_paid_on for r in self.recovery.values() if r.last_paid_on is not None]
        return max(days, default=None)

    @property
    def total_cases(self) -> int:
        return sum(s.cases for s in self.stages)

    @property
    def total_amount(self) -> Decimal:
        return sum((s.amount for s in self.stages), Decimal("0.00"))


def _rank(stage: str) -> int:
    try:
        return RANK[Stage(stage)]
    except ValueError:
        return len(RANK)


def portfolio(
    session: Session, creditor_nip: str | None = None, *, deadlines: int = 10
) -> list[CreditorPortfolio]:
    """One portfolio per creditor (only the one with ``creditor_nip`` when given); each
    lists its stages in lifecycle order and its ``deadlines`` nearest open deadlines."""
    cases, open_deadlines = portfolio_cases(session, creditor_nip)
    recovery = recoveries(session, creditor_nip)
    out: dict[str, CreditorPortfolio] = {}
    for case in cases:
        key = case.creditor_nip or case.creditor
        entry = out.setdefault(key, CreditorPortfolio(case.creditor, case.creditor_nip))
        entry.cases.append(case)
        entry.recovery[case.case_ref] = recovery.get(
            (case.creditor, case.creditor_nip, case.case_ref), Recovery()
        )
    for entry in out.values():
        totals: dict[str, StageTotal] = {}
        for case in entry.cases:
            try:
                label = STAGE_LABELS[Stage(case.stage)]
            except ValueError:
                label = case.stage
            total = totals.setdefault(case.stage, StageTotal(case.stage, label))
            total.cases += 1
            total.amount += case.total_claim or Decimal("0.00")
        entry.stages = sorted(totals.values(), key=lambda t: (_rank(t.stage), t.stage))
        # by case, not by NIP alone: creditors without a NIP must not share their deadlines
        refs = {(case.creditor_nip or "", case.case_ref) for case in entry.cases}
        entry.next_deadlines = [
            d for d in open_deadlines if ((d.creditor_nip or ""), d.case_ref) in refs
        ][:deadlines]
    return list(out.values())


def recoveries(
    session: Session, creditor_nip: str | None = None
) -> dict[tuple[str, str, str], Recovery]:
    """Per case, keyed (creditor name, creditor NIP, case reference) as
    ``store.timeline.PortfolioCase`` names it: a few set-based queries, then the art. 451
    allocation only for the cases with payments (module docstring)."""
    from casework.payments import allocation_of, costs_of
    from store.cases import load_case_files

    c, cr = Case.__table__, Creditor.__table__  # type: ignore[attr-defined]
    i, r = Invoice.__table__, RecordedPayment.__table__  # type: ignore[attr-defined]
    p = IntakePayment.__table__  # type: ignore[attr-defined]
    conn = session.connection()
    mine = [cr.c.nip == creditor_nip] if creditor_nip is not None else []
    heads = {
        row.id: row
        for row in conn.execute(
            sa.select(c.c.id, c.c.external_ref, c.c.stage, cr.c.name, cr.c.nip)
            .join(cr, cr.c.id == c.c.creditor_id)
            .where(*mine)
        )
    }
    of_creditor = sa.select(c.c.id).join(cr, cr.c.id == c.c.creditor_id).where(*mine)
    # sums in Python over exact decimal text (SQLite's SUM of such a column is a float)
    principal: dict[int, Decimal] = {}
    for case_id, raw in conn.execute(
        sa.select(i.c.case_id, sa.cast(i.c.amount, sa.String)).where(
            i.c.currency == "PLN", i.c.case_id.in_(of_creditor)
        )
    ).tuples():
        principal[case_id] = principal.get(case_id, ZERO) + Decimal(raw)
    got: dict[int, Decimal] = {}
    last: dict[int, date] = {}
    for case_id, raw, surplus, paid_on in conn.execute(
        sa.select(r.c.case_id, sa.cast(r.c.amount, sa.String), sa.cast(r.c.surplus, sa.String))
        .add_columns(r.c.paid_on)
        .where(r.c.case_id.in_(of_creditor))
    ).tuples():
        got[case_id] = got.get(case_id, ZERO) + Decimal(raw) - Decimal(surplus)
        last[case_id] = max(paid_on, last.get(case_id, paid_on))
    with_payments = set(got) | set(
        conn.execute(
            sa.select(p.c.case_id).where(p.c.case_id.in_(of_creditor)).distinct()
        ).scalars()
    )
    left: dict[int, Decimal] = {}
    ids = sorted(with_payments & set(heads))
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        files = load_case_files(session, chunk)
        for case_id in chunk:
            case = session.get(Case, case_id)
            assert case is not None
            result = allocation_of(files[case_id], case.stage, costs_of(session, case))
            left[case_id] = sum((d.principal for d in result.debts), ZERO)
    out: dict[tuple[str, str, str], Recovery] = {}
    for case_id, head in heads.items():
        owed = left.get(case_id, principal.get(case_id, ZERO))
        if head.stage == Stage.PAID.value:
            owed = ZERO
        out[(head.name, head.nip or "", head.external_ref)] = Recovery(
            _money(got.get(case_id)), _money(max(owed, ZERO)), last.get(case_id)
        )
    return out


def _money(value: Any) -> Decimal:
    return ZERO if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


# --- the CSV export (``handoff portfolio --csv`` and the review page's download) -----------
# What Polish Excel opens without an import dialog: UTF-8 with a BOM (the caller's encoding,
# ``utf-8-sig``), ``;`` between fields, amounts with a decimal comma.
CSV_HEADER = (
    "Wierzyciel",
    "NIP wierzyciela",
    "Sygnatura wierzyciela",
    "Dłużnik",
    "Etap",
    "Etap (kod)",
    "Tryb",
    "WPS (zł)",
    "Data wniesienia",
    "Sąd",
    "Sygnatura akt",
    "Najbliższy termin",
    "Czynność",
    # issue #18, added at the end (a spreadsheet reading the columns above keeps working)
    "Odzyskano (zł)",
    "Pozostało - kapitał (zł)",
    "Ostatnia wpłata",
)


def pl_amount(value: Any) -> str:
    return "" if value is None else f"{value:.2f}".replace(".", ",")


def write_csv(fh: TextIO, result: Iterable[CreditorPortfolio]) -> None:
    """One row per case of ``result`` (open ``fh`` with ``newline=""``)."""
    writer = csv.writer(fh, delimiter=";")
    writer.writerow(CSV_HEADER)
    for entry in result:
        for c in entry.cases:
            try:
                label = STAGE_LABELS[Stage(c.stage)]
            except ValueError:
                label = c.stage
            back = entry.recovery_of(c)
            writer.writerow(
                (
                    c.creditor,
                    c.creditor_nip,
                    c.case_ref,
                    c.debtor,
                    label,
                    c.stage,
                    c.procedure,
                    pl_amount(c.total_claim),
                    c.filed_on.isoformat() if c.filed_on else "",
                    c.court,
                    c.signature,
                    c.next_due_on.isoformat() if c.next_due_on else "",
                    c.next_action,
                    pl_amount(back.recovered),
                    pl_amount(back.left),
                    back.last_paid_on.isoformat() if back.last_paid_on else "",
                )
            )


# --- the XLSX export (``handoff portfolio --xlsx``) ----------------------------------------
# The same rows and columns as the CSV, typed: amounts as numbers with two decimals, days as
# dates; a second sheet with one row per creditor (cases, WPS, recovered, left, last payment).
MONEY_FORMAT = "#,##0.00"
MONEY_COLUMNS = frozenset({"WPS (zł)", "Odzyskano (zł)", "Pozostało - kapitał (zł)"})
DATE_COLUMNS = frozenset({"Data wniesienia", "Najbliższy termin", "Ostatnia wpłata"})
SUMMARY_HEADER = (
    "Wierzyciel",
    "NIP wierzyciela",
    "Sprawy",
    "WPS razem (zł)",
    "Odzyskano (zł)",
    "Pozostało - kapitał (zł)",
    "Ostatnia wpłata",
)


def write_xlsx(path: Path, result: Iterable[CreditorPortfolio]) -> None:
    """``path`` as an Excel workbook: sheet "Sprawy" (the CSV's rows), sheet "Wierzyciele"."""
    import io

    from openpyxl import Workbook

    entries = list(result)
    buffer = io.StringIO(newline="")
    write_csv(buffer, entries)
    rows = list(csv.reader(io.StringIO(buffer.getvalue()), delimiter=";"))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sprawy"
    header = rows[0]
    sheet.append(header)
    for row in rows[1:]:
        sheet.append([_typed(name, value) for name, value in zip(header, row, strict=True)])
    _format(sheet, header)
    summary = book.create_sheet("Wierzyciele")
    summary.append(SUMMARY_HEADER)
    for e in entries:
        summary.append(
            [
                e.creditor,
                e.nip,
                e.total_cases,
                e.total_amount,
                e.recovered,
                e.left,
                e.last_paid_on,
            ]
        )
    _format(summary, list(SUMMARY_HEADER))
    book.save(path)


def _typed(column: str, value: str) -> object:
    if not value:
        return None
    if column in MONEY_COLUMNS:
        return Decimal(value.replace(",", "."))
    if column in DATE_COLUMNS:
        return date.fromisoformat(value)
    return value


def _format(sheet: Any, header: list[str]) -> None:
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = "A2"
    for n, name in enumerate(header, start=1):
        letter = get_column_letter(n)
        sheet.column_dimensions[letter].width = max(12, min(40, len(name) + 4))
        if name in MONEY_COLUMNS or name.endswith("(zł)"):
            for cell in sheet[letter][1:]:
                cell.number_format = MONEY_FORMAT
        elif name in DATE_COLUMNS or name == "Ostatnia wpłata":
            for cell in sheet[letter][1:]:
                cell.number_format = "yyyy-mm-dd"
