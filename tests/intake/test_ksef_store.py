"""The KSeF number as its own store column (Invoice.ksef_number, migration 0014): filled by
intake from the case document and from the CSV column, read back with the case, and found by
number; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select

from casework.ksef_fetch import cases_with_number
from intake import import_batch
from store.cases import find_case, load_case_file
from store.tables import Invoice
from tests.intake.conftest import CREDITOR
from tests.intake.test_ksef import NUMBER, invoice_xml, ksef_case


def test_the_ksef_number_is_stored_and_read_back(tmp_path: Path, engine: sa.Engine) -> None:
    report = import_batch(engine, ksef_case(tmp_path, invoice_xml()), today=date(2026, 11, 30))
    assert report.ok, report.errors
    with Session(engine) as s:
        rows = {i.number: i.ksef_number for i in s.exec(select(Invoice)).all()}
        case = find_case(s, "T/1", "2588139984")
        assert case is not None and case.id is not None
        loaded = load_case_file(s, case.id)
        assert cases_with_number(s, NUMBER) == [("T/1", "FV/1")]
        assert cases_with_number(s, NUMBER[:-2] + "00") == []
    assert rows == {"FV/1": NUMBER, "FV/2": None}
    assert {i.number: i.ksef_number for i in loaded.invoices} == rows


def test_the_csv_column_fills_it(tmp_path: Path, engine: sa.Engine) -> None:
    (tmp_path / "evidence").mkdir()
    header = (
        "external_ref;claim_basis;debtor_kind;debtor_name;debtor_nip;debtor_street;"
        "debtor_postcode;debtor_city;invoice_number;issue_date;due_date;amount;ksef_number"
    )
    row = (
        "T/9;sale;company;Budomax Wykonawstwo sp. z o.o.;2141707530;ul. Przemysłowa 21;93-121;"
        f"Łódź;FV/1;01.06.2026;15.06.2026;1 000,00;{NUMBER}"
    )
    csv = tmp_path / "cases.csv"
    csv.write_text(f"{header}\n{row}\n", encoding="utf-8")
    report = import_batch(engine, csv, creditor=CREDITOR, today=date(2026, 11, 30))
    assert report.ok, report.errors
    with Session(engine) as s:
        assert [i.ksef_number for i in s.exec(select(Invoice)).all()] == [NUMBER]
