"""The bulk CSV: encodings, delimiters, Polish numbers and dates, grouping rows into cases."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from intake.csv_import import detect_delimiter, iter_csv_cases
from intake.importer import check_batch, prepare_case
from tests.intake.conftest import CREDITOR, PDF

HEADER = [
    "external_ref",
    "debtor_kind",
    "debtor_name",
    "debtor_nip",
    "debtor_city",
    "claim_basis",
    "invoice_number",
    "issue_date",
    "due_date",
    "amount",
    "invoice_file",
    "paid_amount",
    "paid_on",
]
ROWS = [
    [
        "K/1",
        "sole_trader",
        "Zakład Usług Łódź Żaneta Świątek",
        "9766344001",
        "Łódź",
        "services",
        "FV/1",
        "31.12.2025",
        "14.01.2026",
        "1 234,56",
        "evidence/fv1.pdf",
        "234,56",
        "20.01.2026",
    ],
    ["K/1", "", "", "", "", "", "FV/2", "2026-02-01", "2026-02-15", "10 000,00", "", "", ""],
    [
        "K/2",
        "company",
        "Piekarnia Złoty Kłos sp. z o.o.",
        "8787680459",
        "Lublin",
        "sale",
        "A-7",
        "01.03.2026",
        "15.03.2026",
        "99,99",
        "",
        "",
        "",
    ],
]


def write_csv(
    folder: Path,
    rows: list[list[str]],
    *,
    delimiter: str = ";",
    encoding: str = "utf-8",
    header: list[str] = HEADER,
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "evidence").mkdir(exist_ok=True)
    (folder / "evidence" / "fv1.pdf").write_bytes(PDF)
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([header, *rows])
    path = folder / "cases.csv"
    path.write_bytes(text.getvalue().encode(encoding))
    return path


def checked(path: Path) -> list[tuple[str, list[str]]]:
    return [
        (raw.source, [str(e) for e in errors])
        for raw, errors in check_batch(path, creditor=CREDITOR)
    ]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        ("utf-8", ";"),
        ("utf-8-sig", ";"),
        ("cp1250", ";"),
        ("cp1250", ","),
        ("utf-8", "\t"),
        ("utf-16", ";"),
    ],
)
def test_encodings_and_delimiters(tmp_path: Path, encoding: str, delimiter: str) -> None:
    path = write_csv(tmp_path, ROWS, delimiter=delimiter, encoding=encoding)
    raws = list(iter_csv_cases(path, CREDITOR))
    assert [r.source for r in raws] == ["cases.csv wiersze 2-3", "cases.csv wiersz 4"]
    prepared, errors = prepare_case(raws[0])
    assert errors == [] and prepared is not None
    case = prepared.case
    assert case.debtor.name == "Zakład Usług Łódź Żaneta Świątek"
    assert case.debtor.address.city == "Łódź"
    assert [i.amount for i in case.invoices] == [Decimal("1234.56"), Decimal("10000.00")]
    assert case.invoices[0].issue_date == date(2025, 12, 31)
    assert case.payments[0].amount == Decimal("234.56")
    assert case.payments[0].invoice_number == "FV/1" and case.payments[0].designated
    assert case.creditor.nip == "2588139984"  # the default creditor


def test_cp1250_is_detected_not_mangled(tmp_path: Path) -> None:
    path = write_csv(tmp_path, ROWS, encoding="cp1250")
    assert path.read_bytes().count("Ł".encode("cp1250")) >= 1
    assert checked(path) == [("cases.csv wiersze 2-3", []), ("cases.csv wiersz 4", [])]


def test_delimiter_is_read_from_the_header() -> None:
    assert detect_delimiter("a;b;c") == ";"
    assert detect_delimiter("a,b,c") == ","
    assert detect_delimiter("a\tb\tc") == "\t"
    assert detect_delimiter("a;b,c") == ";"


def test_errors_point_at_row_and_column(tmp_path: Path) -> None:
    rows = [list(r) for r in ROWS]
    rows[1][8] = "01.01.2026"  # due before issue in row 3
    rows[2][3] = "8787680458"  # bad NIP in row 4
    path = write_csv(tmp_path, rows)
    results = list(check_batch(path, creditor=CREDITOR))
    (due,) = results[0][1]
    assert (due.source, due.row, due.field, due.value) == ("cases.csv", 3, "due_date", "2026-01-01")
    assert "due_date 2026-01-01 jest przed issue_date 2026-02-01" in due.message
    (nip,) = results[1][1]
    assert (nip.row, nip.field) == (4, "debtor_nip")
    assert "NIP 8787680458: błędna suma kontrolna" in nip.message


def test_duplicated_invoice_numbers_in_a_case(tmp_path: Path) -> None:
    rows = [list(r) for r in ROWS]
    rows[1][6] = "FV/1"
    (result, _) = list(check_batch(write_csv(tmp_path, rows), creditor=CREDITOR))
    (error,) = result[1]
    assert (error.row, error.field) == (3, "invoice_number")
    assert "występuje dwa razy" in error.message


def test_payment_larger_than_invoice_points_at_paid_amount(tmp_path: Path) -> None:
    rows = [list(r) for r in ROWS]
    rows[0][11] = "2 000,00"
    (result, _) = list(check_batch(write_csv(tmp_path, rows), creditor=CREDITOR))
    (error,) = result[1]
    assert (error.row, error.field) == (2, "paid_amount")
    assert "więcej niż kwota faktury 1234.56" in error.message


def test_case_columns_must_agree_between_rows(tmp_path: Path) -> None:
    rows = [list(r) for r in ROWS]
    rows[1][2] = "Inna Firma"
    (result, _) = list(check_batch(write_csv(tmp_path, rows), creditor=CREDITOR))
    (error,) = result[1]
    assert (error.row, error.field) == (3, "debtor_name")
    assert "różni się od wiersza 2" in error.message


def test_rows_of_a_case_need_not_be_adjacent(tmp_path: Path) -> None:
    rows = [ROWS[0], ROWS[2], ROWS[1]]
    path = write_csv(tmp_path, rows)
    assert checked(path) == [("cases.csv wiersz 3", []), ("cases.csv wiersze 2-4", [])]


def test_unknown_and_missing_columns_reject_the_file(tmp_path: Path) -> None:
    path = write_csv(tmp_path, ROWS, header=[*HEADER[:-1], "zaplacono"])
    ((_, errors),) = checked(path)
    assert "nieznane kolumny: zaplacono" in errors[0]
    path = write_csv(tmp_path / "b", [r[:9] for r in ROWS], header=HEADER[:9])
    ((_, errors),) = checked(path)
    assert "brak wymaganych kolumn: amount" in errors[0]


def test_row_problems(tmp_path: Path) -> None:
    rows = [list(r) for r in ROWS]
    rows[2] = [*rows[2], "nadmiar"]
    rows.append(["", *ROWS[2][1:]])
    results = checked(write_csv(tmp_path, rows))
    assert results[1][0] == "cases.csv wiersz 4" and "a nagłówek 13 kolumn" in results[1][1][0]
    assert results[2] == (
        "cases.csv",
        ["cases.csv wiersz 5: external_ref: pusta kolumna external_ref"],
    )


def test_not_text_at_all(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_bytes(b"\x81\x83\x88\x90\x98" * 10)
    ((_, errors),) = checked(path)
    expected = (
        "wiersz 1, bajt 0x81 (pozycja 0 w pliku) nie jest poprawnym znakiem w UTF-8 ani w cp1250"
    )
    assert expected in errors[0]


def test_missing_creditor_is_reported(tmp_path: Path) -> None:
    path = write_csv(tmp_path, ROWS[2:])
    ((_, errors),) = [(r.source, e) for r, e in check_batch(path)]
    assert [(e.row, e.field) for e in errors] == [(2, "creditor")]
    assert "creditor jest wymagane" in errors[0].message


def test_an_unreadable_row_rejects_the_whole_file_before_any_case(tmp_path: Path) -> None:
    path = write_csv(tmp_path, ROWS)
    with open(path, "ab") as fh:
        fh.write(b'K/2;;;;;;A-8;01.03.2026;15.03.2026;"1' + b"0" * 200_000 + b'"\r\n')
    ((source, errors),) = checked(path)
    assert source == "cases.csv"
    assert "field larger than field limit" in errors[0]
