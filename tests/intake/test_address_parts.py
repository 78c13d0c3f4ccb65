"""The debtor address parts that place the court (gmina, powiat, voivodeship, district) go
from a case.json or a CSV row through the store and back into the CaseFile."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from intake import import_batch
from law.case import Address
from store.cases import find_case, load_case_file
from tests.intake.conftest import BASE, CREDITOR, case_doc, write_case
from tests.intake.test_csv import HEADER, ROWS, write_csv


def _stored_address(engine: sa.Engine, ref: str) -> Address:
    with Session(engine) as s:
        row = find_case(s, ref)
        assert row is not None and row.id is not None
        return load_case_file(s, row.id).debtor.address


def test_case_json_parts_round_trip(tmp_path: Path, sqlite_engine: sa.Engine) -> None:
    debtor = {
        **BASE["debtor"],
        "street": "al. Jana Pawła II 80",
        "postcode": "80-462",
        "city": "Gdańsk",
        "gmina": "Gdańsk",
        "powiat": "Gdańsk",
        "voivodeship": "pomorskie",
        "district": "Zaspa",
    }
    write_case(tmp_path / "cases" / "t1", case_doc(debtor=debtor))
    report = import_batch(sqlite_engine, tmp_path / "cases")
    assert report.ok, report.errors
    address = _stored_address(sqlite_engine, "T/1")
    assert (address.gmina, address.powiat, address.voivodeship, address.district) == (
        "Gdańsk",
        "Gdańsk",
        "pomorskie",
        "Zaspa",
    )


def test_parts_are_optional(tmp_path: Path, sqlite_engine: sa.Engine) -> None:
    write_case(tmp_path / "cases" / "t1", case_doc())
    assert import_batch(sqlite_engine, tmp_path / "cases").ok
    address = _stored_address(sqlite_engine, "T/1")
    assert (address.city, address.district, address.gmina) == ("Łódź", "", "")


def test_csv_columns(tmp_path: Path, sqlite_engine: sa.Engine) -> None:
    header = [*HEADER, "debtor_gmina", "debtor_powiat", "debtor_voivodeship", "debtor_district"]
    rows = [
        [*ROWS[0], "Łódź", "Łódź", "łódzkie", "Górna"],
        [*ROWS[1], "", "", "", ""],
        [*ROWS[2], "", "", "", ""],
    ]
    path = write_csv(tmp_path / "export", rows, header=header)
    report = import_batch(sqlite_engine, path, creditor=CREDITOR)
    assert report.ok, report.errors
    address = _stored_address(sqlite_engine, "K/1")
    assert (address.city, address.voivodeship, address.district) == ("Łódź", "łódzkie", "Górna")
    assert _stored_address(sqlite_engine, "K/2").district == ""
