"""Bank statements: parsing the small real files in ``statements/`` (MT940 as Polish banks
write it, camt.053.001.08, the CSV), the specific refusals, and the import through the real
command on the drafted sample cases (SQLite and PostgreSQL): matched by reference, by
invoice number, by amount and the debtor's name; the rest unmatched; imported twice,
recorded once."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from casework import Refused
from casework.statements import Transaction, match, match_index, parse_statement
from store.tables import Case, Debtor, Invoice, RecordedPayment, UnmatchedTransaction
from tests.casework.cli_helpers import ok, refused

from .conftest import NAKAZOWE, Firm

FILES = Path(__file__).parent / "statements"
runner = CliRunner()
ACCOUNT = "61109010140000071219812874"


# file, format, (key, day, amount, title, counterparty, account) of each transaction
PARSED = [
    (
        "statement.sta",
        "mt940",
        [
            (
                f"mt940:{ACCOUNT}:PKO2611270001",
                date(2026, 11, 27),
                "1000.00",
                "Zaplata TT/WIND/2026/0152 czesc naleznosci",
                "ZIELONA DOLINA SP Z O O",
                "27114020040000300201355387",
            ),
            (
                f"mt940:{ACCOUNT}:PKO2611270002",
                date(2026, 11, 27),
                "500.00",
                "za FV/2025/01/114",
                "BUDOMAX",
                "10105000997603123456789123",
            ),
            (
                f"mt940:{ACCOUNT}:PKO2611280003",
                date(2026, 11, 28),
                "123.45",
                "darowizna",
                "JAN NOWAK",
                "55109024020000000612345678",
            ),
            (
                f"mt940:{ACCOUNT}:PKO2611280004",
                date(2026, 11, 28),
                "-40.00",
                "prowizja za prowadzenie rachunku",
                "",
                "",
            ),
        ],
    ),
    (
        "statement_camt053.xml",
        "camt053",
        [
            (
                f"camt053:{ACCOUNT}:ING-2611270001",
                date(2026, 11, 27),
                "1000.00",
                "Zaplata TT/WIND/2026/0152",
                "ZIELONA DOLINA SP. Z O.O.",
                "27114020040000300201355387",
            ),
            (
                f"camt053:{ACCOUNT}:ING-2611280002",
                date(2026, 11, 28),
                "77.00",
                "zwrot",
                "NIEZNANY",
                "",
            ),
            (f"camt053:{ACCOUNT}:ING-2611280003", date(2026, 11, 28), "-15.00", "", "", ""),
        ],
    ),
    (
        "statement.csv",
        "csv",
        [
            (
                "csv:CSV-0001",
                date(2026, 11, 27),
                "1000.00",
                "Zapłata TT/WIND/2026/0152",
                "Zielona Dolina sp. z o.o.",
                "",
            ),
            ("csv:CSV-0002", date(2026, 11, 28), "123.45", "darowizna", "Jan Nowak", ""),
            ("csv:CSV-0003", date(2026, 11, 28), "-40.00", "prowizja", "Bank", ""),
            ("csv:CSV-0004", date(2026, 11, 29), "3690.00", "przelew", "Joanna Zielińska", ""),
        ],
    ),
]


@pytest.mark.parametrize(("name", "fmt", "expected"), PARSED)
def test_statement_files_parse(name: str, fmt: str, expected: list[tuple]) -> None:
    statement = parse_statement((FILES / name).read_bytes(), name)  # format from content
    assert statement.source == fmt
    got = [
        (t.key, t.booked_on, str(t.amount), t.title, t.counterparty, t.account)
        for t in statement.transactions
    ]
    assert got == expected
    assert parse_statement((FILES / name).read_bytes(), name, fmt) == statement


@pytest.mark.parametrize(
    ("data", "fmt", "says"),
    [
        (b"hello world\n", None, "nieznany format wyciągu"),
        (b"<?xml version='1.0'?><Document xmlns='urn:x:pain.001'/>", None, "nie jest wyciągiem"),
        ("2026-11-27;10,00;Zapłata;Kowalski;X1\n".encode("cp1250"), None, "kodowaniu utf-8"),
        (b"2026-11-27;10,00;a;b;X1\n2026-11-28;11,00;c;d;X1\n", None, "powtórzone"),
        (b"2026-11-27;dziesiec;a;b;X1\n", None, "nie jest liczbą"),
        (b"2026-11-28;10,00;a;b;X2\n27.11.2026;10,00;a;b;X1\n", None, "RRRR-MM-DD"),
        (b"2026-11-27;10,00;a;b\n", "csv", "4 kolumn"),
        (b"<Document xmlns='urn:iso:std:iso:20022:tech:xsd:camt.053.001.08'>", None, "XML"),
    ],
)
def test_bad_statements_are_refused(data: bytes, fmt: str | None, says: str) -> None:
    with pytest.raises(Refused, match=says):
        parse_statement(data, "x", fmt)


def test_mt940_with_a_duplicate_bank_reference_is_refused() -> None:
    text = (FILES / "statement.sta").read_text().replace("PKO2611270002", "PKO2611270001")
    with pytest.raises(Refused, match="PKO2611270001"):
        parse_statement(text.encode(), "dup.sta")


def test_cp1250_file_with_its_encoding_named() -> None:
    data = "2026-11-27;10,00;Zapłata;Łukasz Żółw;X1\n".encode("cp1250")
    (t,) = parse_statement(data, "x.csv", encoding="cp1250").transactions
    assert t.counterparty == "Łukasz Żółw" and t.amount == Decimal("10.00")


def _rows(firm: Firm) -> tuple[list[RecordedPayment], list[UnmatchedTransaction]]:
    with Session(firm.engine) as s:
        return (
            list(s.exec(select(RecordedPayment)).all()),
            list(s.exec(select(UnmatchedTransaction)).all()),
        )


def test_import_matches_records_and_is_idempotent(firm: Firm) -> None:
    report = json.loads(ok("payments", "import", str(FILES / "statement.sta"), "--json"))
    assert report["format"] == "mt940" and report["credits"] == 3
    assert [(r["case"], r["amount"], r["matched_by"]) for r in report["recorded"]] == [
        (NAKAZOWE, "1000.00", "reference"),
        ("TT/WIND/2026/0141", "500.00", "invoice"),
    ]
    assert [u["amount"] for u in report["unmatched"]] == ["123.45"]
    assert report["debits_skipped"] == 1
    paid, left = _rows(firm)
    assert {p.invoice_number for p in paid} == {None, "FV/2025/01/114"}

    again = json.loads(ok("payments", "import", str(FILES / "statement.sta"), "--json"))
    assert again["recorded"] == [] and again["unmatched"] == []
    assert again["already_imported"] == 3
    paid_again, left_again = _rows(firm)
    assert (len(paid_again), len(left_again)) == (len(paid), len(left)) == (2, 1)

    listed = json.loads(ok("payments", "unmatched", "--json"))
    assert [(u["amount"], u["counterparty"]) for u in listed] == [("123.45", "JAN NOWAK")]
    assert "brak sygnatury sprawy" in listed[0]["reason"]
    assert "Nierozpoznane wpłaty (1)" in ok("payments", "unmatched")


def test_csv_import_matches_by_amount_and_debtor_name(firm: Firm) -> None:
    report = json.loads(ok("payments", "import", str(FILES / "statement.csv"), "--json"))
    assert [(r["case"], r["matched_by"]) for r in report["recorded"]] == [
        (NAKAZOWE, "reference"),
        ("TT/WIND/2026/0163", "amount"),
    ]
    out = ok("payments", "import", str(FILES / "statement_camt053.xml"))
    # the camt.053 credit for 0152 is another bank's record of another transfer: recorded
    assert "zapisanych wpłat 1" in out and "nierozpoznanych 1" in out


def test_import_refusals_change_nothing(firm: Firm, tmp_path: Path) -> None:
    before = tuple(len(x) for x in _rows(firm))
    bad = tmp_path / "zly.csv"
    bad.write_bytes(b"2026-11-27;10,00;TT/WIND/2026/0152;b;X1\n2026-11-28;11,00;c;d;X1\n")
    assert "powtórzone identyfikatory" in refused("payments", "import", str(bad))
    assert "nie istnieje" in refused("payments", "import", str(tmp_path / "brak.sta"))
    assert "--format" in refused("payments", "import", str(bad), "--format", "xls")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("2026-11-27;10,00;Zapłata;Łoś;X9\n".encode("cp1250"))
    assert "--encoding" in refused("payments", "import", str(latin))
    assert tuple(len(x) for x in _rows(firm)) == before


def test_the_index_of_a_statements_credits_matches_as_the_whole_index(firm: Firm) -> None:
    """``match_index(session, credits)`` holds only what those credits can look up; every
    credit is matched (case, how, invoice, reason, candidates) exactly as by the index of
    every case: the sample statements' credits, and credits naming each case's reference in
    lower case, each invoice number, each invoice's amount from the debtor's account, each
    claim's total by the debtor's name, an amount written with one decimal place."""
    credits = [
        t
        for name in ("statement.sta", "statement.csv", "statement_camt053.xml")
        for t in parse_statement((FILES / name).read_bytes(), name).transactions
        if t.amount > 0
    ]
    with Session(firm.engine) as s:
        totals: dict[int, Decimal] = {}
        for case, debtor, invoice in s.exec(
            select(Case, Debtor, Invoice).where(
                Case.debtor_id == Debtor.id, Invoice.case_id == Case.id
            )
        ).all():
            n = len(credits)
            day = date(2026, 11, 27)
            ref, account = case.external_ref.lower(), debtor.bank_account or ""
            credits += [
                Transaction(f"x:{n}", day, Decimal("10.5"), "PLN", f"zaplata {ref}"),
                Transaction(f"x:{n + 1}", day, Decimal("10.00"), "PLN", f"za {invoice.number}"),
                Transaction(f"x:{n + 2}", day, invoice.amount, "PLN", "przelew", "", account),
            ]
            totals[case.id] = totals.get(case.id, Decimal(0)) + invoice.amount
            credits.append(Transaction(f"x:{n + 3}", day, totals[case.id], "PLN", "", debtor.name))
        whole = match_index(s)
        everything = match_index(s, credits)
        for t in credits:
            expected = match(t, whole)
            assert match(t, match_index(s, [t])) == expected, t
            assert match(t, everything) == expected, t
    assert {match(t, whole).by for t in credits} == {"reference", "invoice", "amount", ""}
