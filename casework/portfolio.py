"""Where every case of a creditor stands: counts and amounts per stage, next deadlines.

Load the cases with their stage, WPS, filing and open deadlines (``store.timeline``,
three queries), group them per creditor and stage here, in stage order of the lifecycle.
The per-case rows are what the CSV export holds; the groups are what the console shows.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TextIO

from sqlmodel import Session

from law.stages import RANK, STAGE_LABELS, Stage
from store.timeline import PortfolioCase, PortfolioDeadline, portfolio_cases


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
    out: dict[str, CreditorPortfolio] = {}
    for case in cases:
        key = case.creditor_nip or case.creditor
        entry = out.setdefault(key, CreditorPortfolio(case.creditor, case.creditor_nip))
        entry.cases.append(case)
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
                )
            )
