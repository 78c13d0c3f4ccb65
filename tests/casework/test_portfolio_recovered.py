"""Recovered per case and per creditor in ``handoff portfolio`` (JSON, the CSV's added
columns, the XLSX export read back) on the sample cases, SQLite and PostgreSQL.

Expected figures (tests/casework/test_payments.py): TT/WIND/2026/0152, one invoice of
8 487,00 zł; 1 000,00 zł paid on 20.11.2026 covers 211,01 zł interest, then 788,99 zł
principal (art. 451 §1 zd. 2, §3 KC): 7 698,01 zł principal left.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from casework.portfolio import CSV_HEADER
from tests.casework.cli_helpers import ok, refused

from .conftest import NAKAZOWE, Firm

OLD_COLUMNS = 13  # the columns before issue #18's three


def _csv(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_portfolio_shows_recovered_left_and_last_payment(firm: Firm, tmp_path: Path) -> None:
    before = {r["Sygnatura wierzyciela"]: r for r in _csv_of(tmp_path, "przed.csv")}
    assert before[NAKAZOWE]["Odzyskano (zł)"] == "0,00"
    assert before[NAKAZOWE]["Pozostało - kapitał (zł)"] == "8487,00"
    assert before[NAKAZOWE]["Ostatnia wpłata"] == ""

    ok("payments", "add", NAKAZOWE, "--amount", "1000", "--on", "2026-11-20")
    ok("payments", "add", NAKAZOWE, "--amount", "50,50", "--on", "2026-11-10")
    target, book = tmp_path / "portfel.csv", tmp_path / "portfel.xlsx"
    data = json.loads(ok("portfolio", "--csv", str(target), "--xlsx", str(book), "--json"))
    creditor = next(e for e in data if e["recovered"] != "0.00")
    assert creditor["recovered"] == "1050.50"
    assert creditor["last_payment_on"] == "2026-11-20"
    assert {"creditor", "nip", "cases", "amount", "stages", "next_deadlines"} <= set(creditor)

    rows = {r["Sygnatura wierzyciela"]: r for r in _csv(target)}
    row = rows[NAKAZOWE]
    assert list(row)[:OLD_COLUMNS] == list(CSV_HEADER[:OLD_COLUMNS])  # old columns first
    assert row["Odzyskano (zł)"] == "1050,50" and row["Ostatnia wpłata"] == "2026-11-20"
    left = Decimal(row["Pozostało - kapitał (zł)"].replace(",", "."))
    assert Decimal("7000") < left < Decimal("7698.01")  # the 10.11 payment took principal too
    others = [r for ref, r in rows.items() if ref != NAKAZOWE]
    assert all(r["Odzyskano (zł)"] == "0,00" and r["Ostatnia wpłata"] == "" for r in others)
    assert Decimal(creditor["left"]) >= left

    # the XLSX holds the CSV's rows, typed
    wb = load_workbook(book)
    assert wb.sheetnames == ["Sprawy", "Wierzyciele"]
    sheet = wb["Sprawy"]
    header = [c.value for c in sheet[1]]
    assert header == list(CSV_HEADER)
    cells = {r[2]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert len(cells) == len(rows)
    got = dict(zip(header, cells[NAKAZOWE], strict=True))
    assert Decimal(str(got["Odzyskano (zł)"])) == Decimal("1050.50")
    assert Decimal(str(got["Pozostało - kapitał (zł)"])) == left
    last = got["Ostatnia wpłata"]
    assert isinstance(last, datetime) and last.date() == date(2026, 11, 20)
    assert sheet.cell(row=2, column=header.index("WPS (zł)") + 1).number_format == "#,##0.00"
    summary = {r[0]: r for r in wb["Wierzyciele"].iter_rows(min_row=2, values_only=True)}
    total = summary[creditor["creditor"]]
    assert total[2] == creditor["cases"]
    assert Decimal(str(total[4])) == Decimal("1050.50")


def _csv_of(tmp_path: Path, name: str) -> list[dict[str, str]]:
    target = tmp_path / name
    ok("portfolio", "--csv", str(target))
    return _csv(target)


def test_paid_case_has_nothing_left_and_bad_xlsx_path_is_refused(
    firm: Firm, tmp_path: Path
) -> None:
    firm.approve(NAKAZOWE)
    ok("cases", "file", NAKAZOWE, "--on", "2026-11-25", "--signature", "V GNc 7/26")
    whole = json.loads(ok("payments", "list", NAKAZOWE, "--json"))["left"]["total"]
    ok("payments", "add", NAKAZOWE, "--amount", whole, "--on", "2026-12-01")
    row = {r["Sygnatura wierzyciela"]: r for r in _csv_of(tmp_path, "p.csv")}[NAKAZOWE]
    assert row["Etap (kod)"] == "paid" and row["Pozostało - kapitał (zł)"] == "0,00"
    assert row["Odzyskano (zł)"] == whole.replace(".", ",")
    assert ".xlsx" in refused("portfolio", "--xlsx", str(tmp_path / "portfel.csv"))
    assert "jest folderem" in refused("portfolio", "--xlsx", str(tmp_path))
    assert not (tmp_path / "portfel.csv").exists()
