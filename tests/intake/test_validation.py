"""Each validation error kind: the exact field and a fragment of the message (no database)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from intake.importer import prepare_case
from intake.raw import RawCase
from intake.validation import FieldError
from tests.intake.conftest import case_doc, write_case


def errors_of(tmp_path: Path, doc: dict[str, Any], today: date | None = None) -> list[FieldError]:
    folder = write_case(tmp_path / "case", doc)
    raw = RawCase(source="case/case.json", evidence_root=folder, data=doc)
    prepared, errors = prepare_case(raw, today=today)
    assert (prepared is None) == bool(errors)
    return errors


def with_debtor(**fields: Any) -> dict[str, Any]:
    doc = case_doc()
    doc["debtor"].update(fields)
    return doc


def with_invoice(index: int = 0, **fields: Any) -> dict[str, Any]:
    doc = case_doc()
    doc["invoices"][index].update(fields)
    return doc


def test_the_base_document_is_valid(tmp_path: Path) -> None:
    assert errors_of(tmp_path, case_doc()) == []


# (document, field, message fragment)
CASES: list[tuple[str, dict[str, Any], str, str]] = [
    (
        "nip checksum",
        with_debtor(nip="2141707531"),
        "debtor.nip",
        "NIP 2141707531: błędna suma kontrolna",
    ),
    ("nip length", with_debtor(nip="12345"), "debtor.nip", "musi mieć 10 cyfr"),
    ("nip required", with_debtor(nip=None), "debtor.nip", "NIP jest wymagany dla dłużnika"),
    ("regon", with_debtor(regon="123456789"), "debtor.regon", "REGON 123456789: błędna suma"),
    ("krs", with_debtor(krs="12345"), "debtor.krs", "KRS 12345: musi mieć 10 cyfr"),
    (
        "pesel",
        with_debtor(kind="consumer", nip=None, pesel="84031719622"),
        "debtor.pesel",
        "PESEL 84031719622: błędna suma kontrolna",
    ),
    (
        "consumer krs",
        with_debtor(kind="consumer", nip=None, krs="0000012345"),
        "debtor.krs",
        "konsument nie ma numeru KRS",
    ),
    (
        "bank account",
        with_debtor(bank_account="55276115505236426295045062"),
        "debtor.bank_account",
        "błędna suma kontrolna",
    ),
    ("postcode", with_debtor(postcode="93121"), "debtor.postcode", "oczekiwano NN-NNN"),
    ("email", with_debtor(email="biuro at budomax"), "debtor.email", "to nie jest adres e-mail"),
    (
        "due before issue",
        with_invoice(due_date="2026-05-01"),
        "invoices[0].due_date",
        "due_date 2026-05-01 jest przed issue_date 2026-06-01",
    ),
    (
        "negative amount",
        with_invoice(amount="-10.00"),
        "invoices[0].amount",
        "musi być większa od zera",
    ),
    ("zero amount", with_invoice(amount="0"), "invoices[0].amount", "większa od zera"),
    (
        "three decimals",
        with_invoice(amount="1.234"),
        "invoices[0].amount",
        "więcej niż 2 miejsca po przecinku",
    ),
    (
        "nieznana waluta",
        with_invoice(currency="XYZ"),
        "invoices[0].currency",
        "nieznana waluta XYZ",
    ),
    (
        "duplicated invoice",
        with_invoice(1, number="FV/1"),
        "invoices[1].number",
        "numer faktury FV/1 występuje dwa razy",
    ),
    ("bad date", with_invoice(issue_date="31.02.2026"), "invoices[0].issue_date", "nie jest datą"),
    ("bad amount", with_invoice(amount="tysiąc"), "invoices[0].amount", "nie jest kwotą"),
    ("missing field", case_doc(claim_basis=None), "claim_basis", "dozwolone wartości: "),
    ("unknown field", case_doc(debtor_nip="1"), "debtor_nip", "nieznane pole debtor_nip"),
    ("bad basis", case_doc(claim_basis="loan"), "claim_basis", "'sale'"),
    (
        "format marker",
        case_doc(format="handoff-case/2"),
        "format",
        'format musi mieć wartość "handoff-case/1"',
    ),
    ("no invoices", case_doc(invoices=[]), "invoices", "co najmniej 1 pozycję"),
    (
        "same nip as creditor",
        with_debtor(nip="2588139984"),
        "debtor.nip",
        "ten sam NIP co wierzyciel",
    ),
    ("bad username", case_doc(paralegal="Jan Kowalski"), "paralegal", "nie pasuje do wzorca"),
]


@pytest.mark.parametrize(
    ("doc", "field", "fragment"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_each_error_names_the_field_and_the_reason(
    tmp_path: Path, doc: dict[str, Any], field: str, fragment: str
) -> None:
    errors = errors_of(tmp_path, doc)
    assert [e.field for e in errors] == [field], errors
    assert fragment in errors[0].message
    assert errors[0].source == "case/case.json"


def test_required_field_missing(tmp_path: Path) -> None:
    doc = case_doc()
    del doc["invoices"][0]["due_date"]
    (error,) = errors_of(tmp_path, doc)
    assert (error.field, error.message) == (
        "invoices[0].due_date",
        "invoices[0].due_date jest wymagane",
    )


def test_payment_larger_than_the_invoice(tmp_path: Path) -> None:
    doc = case_doc(
        payments=[
            {
                "paid_on": "2026-06-20",
                "amount": "1 200,00",
                "invoice_number": "FV/1",
                "designated": True,
            }
        ]
    )
    (error,) = errors_of(tmp_path, doc)
    assert error.field == "payments[0].amount"
    assert "wpłaty na fakturę FV/1 wynoszą razem 1200.00, więcej niż kwota faktury 1000.00" in (
        error.message
    )


def test_payments_larger_than_all_invoices(tmp_path: Path) -> None:
    doc = case_doc(payments=[{"paid_on": "2026-06-20", "amount": "2000"}])
    (error,) = errors_of(tmp_path, doc)
    assert error.field == "payments"
    assert "więcej niż suma faktur 1500.00" in error.message


def test_payment_to_an_unknown_invoice(tmp_path: Path) -> None:
    doc = case_doc(payments=[{"paid_on": "2026-06-20", "amount": "10", "invoice_number": "FV/9"}])
    (error,) = errors_of(tmp_path, doc)
    assert error.field == "payments[0].invoice_number"
    assert "FV/9, której nie ma w tej sprawie" in error.message


def test_letter_delivered_before_it_was_sent(tmp_path: Path) -> None:
    doc = case_doc()
    doc["correspondence"][0]["delivered_on"] = "2026-09-01"
    (error,) = errors_of(tmp_path, doc)
    assert error.field == "correspondence[0].delivered_on"
    assert "delivered_on 2026-09-01 jest przed sent_on 2026-10-01" in error.message


def test_future_dates_need_the_clock(tmp_path: Path) -> None:
    doc = with_invoice(issue_date="2026-12-01", due_date="2026-12-15")
    assert errors_of(tmp_path, doc) == []
    (error,) = errors_of(tmp_path, doc, today=date(2026, 11, 23))
    assert error.field == "invoices[0].issue_date" and "jest w przyszłości" in error.message


def test_several_errors_are_reported_together(tmp_path: Path) -> None:
    doc = with_invoice(amount="-1", currency="ZZZ")
    doc["debtor"]["nip"] = "1234567890"
    fields = {e.field for e in errors_of(tmp_path, doc)}
    assert fields == {"debtor.nip", "invoices[0].amount", "invoices[0].currency"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234,56", "1234.56"),
        ("1\u00a0234,56", "1234.56"),
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1234.5", "1234.50"),
        ("1234", "1234.00"),
        ("1 234 567,00 zł", "1234567.00"),
        ("12,5", "12.50"),
        ("1.234.567", "1234567.00"),
    ],
)
def test_polish_amounts_are_read_exactly(text: str, expected: str) -> None:
    from decimal import Decimal

    from intake.formats import Invoice

    inv = Invoice(number="A", issue_date="31.12.2024", due_date="2025-01-14", amount=text)
    assert inv.amount == Decimal(expected) and str(inv.amount) == expected
    assert inv.issue_date == date(2024, 12, 31)


def test_jinja_in_names_is_data(tmp_path: Path) -> None:
    name = "{{ config.SECRET }} {% for x in y %}Firma{% endfor %} sp. z o.o."
    assert errors_of(tmp_path, with_debtor(name=name)) == []
