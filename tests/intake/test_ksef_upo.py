"""The KSeF UPO (intake/ksef_upo.py): read, and held against the invoice at intake.

Expected values: the UPO v4-2/v4-3 structure (Potwierdzenie / Dokument with
NumerKSeFDokumentu, NumerFaktury, NipSprzedawcy, DataNadaniaNumeruKSeF, SkrotDokumentu =
SHA-256 of the invoice file in Base64; CIRFMF/ksef-docs); receipt on the number's day
(art. 106na ust. 3 ustawy o VAT, polish_law.md 0b K7).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from datetime import date
from pathlib import Path

import pytest

from intake.ksef_upo import UpoError, read_upo, upo_xml
from tests.intake.conftest import PDF
from tests.intake.test_ksef import NUMBER, errors_of, invoice_xml, ksef_case, ksef_number

XML = invoice_xml()


def upo_for(xml: bytes = XML, **changes: object) -> bytes:
    args: dict[str, object] = {
        "session": "20260602-SO-2C3D4E5F60-1A2B3C4D5E-07",
        "seller_nip": "2588139984",
        "ksef_number": NUMBER,
        "invoice_number": "FV/1",
        "issue_date": date(2026, 6, 1),
        "assigned_at": "2026-06-02T10:15:30.123+02:00",
        "xml": xml,
    }
    args.update(changes)
    return upo_xml(**args)  # type: ignore[arg-type]


def test_reads_the_confirmed_invoice() -> None:
    upo = read_upo(upo_for())
    [doc] = upo.documents
    assert upo.session == "20260602-SO-2C3D4E5F60-1A2B3C4D5E-07"
    assert upo.context_nip == "2588139984"
    assert (doc.ksef_number, doc.invoice_number, doc.seller_nip) == (NUMBER, "FV/1", "2588139984")
    assert doc.sha256 == base64.b64encode(hashlib.sha256(XML).digest()).decode()
    assert doc.assigned_on == date(2026, 6, 2)


def test_the_assignment_day_is_the_polish_calendar_day() -> None:
    # 23:30 UTC on 1 June is 01:30 on 2 June in Warsaw (CEST)
    doc = read_upo(upo_for(assigned_at="2026-06-01T23:30:00Z")).documents[0]
    assert doc.assigned_on == date(2026, 6, 2)


def test_v4_2_is_read_too() -> None:
    assert read_upo(upo_for(version="v4-2")).documents[0].ksef_number == NUMBER


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<Potwierdzenie><Dokument>", "nie jest poprawnym XML"),
        (b"<Potwierdzenie/>", "to nie jest UPO KSeF"),
        (XML, "to nie jest UPO KSeF"),
        (
            b'<Potwierdzenie xmlns="http://upo.schematy.mf.gov.pl/KSeF/v4-3"/>',
            "nie potwierdza żadnej faktury",
        ),
        (
            upo_for().replace(
                b"2026-06-02T10:15:30.123+02:00</DataNadaniaNumeruKSeF>",
                b"wczoraj</DataNadaniaNumeruKSeF>",
            ),
            "nie jest datą i godziną",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "x">]>'
            b"<Potwierdzenie xmlns='http://upo.schematy.mf.gov.pl/KSeF/v4-3'>&e;</Potwierdzenie>",
            "DOCTYPE",
        ),
    ],
)
def test_a_bad_upo_is_one_polish_error(data: bytes, reason: str) -> None:
    with pytest.raises(UpoError, match=re.escape(reason)):
        read_upo(data)


def with_upo(tmp_path: Path, upo: bytes, *, xml: bytes = XML, name: str = "FV-1.upo.xml") -> Path:
    folder = ksef_case(tmp_path, xml)
    (folder / "ksef" / name).write_bytes(upo)
    doc = json.loads((folder / "case.json").read_text())
    doc["invoices"][0]["ksef_upo"] = f"ksef/{name}"
    (folder / "case.json").write_text(json.dumps(doc, ensure_ascii=False))
    return folder


def test_a_matching_upo_imports_with_no_error(tmp_path: Path) -> None:
    assert errors_of(with_upo(tmp_path, upo_for())) == []


def test_a_printout_of_the_upo_is_kept_as_it_is(tmp_path: Path) -> None:
    assert errors_of(with_upo(tmp_path, PDF, name="UPO-FV-1.pdf")) == []


@pytest.mark.parametrize(
    ("upo", "reason"),
    [
        (upo_for(ksef_number=ksef_number("2588139984", "20260603")), "UPO dotyczy innej faktury"),
        (upo_for(invoice_number="FV/2"), "UPO potwierdza fakturę nr FV/2 - inny numer faktury"),
        (upo_for(seller_nip="5265877635"), "w UPO sprzedawca ma NIP 5265877635"),
        (
            upo_for(assigned_at="2026-06-04T09:00:00+02:00"),
            "w UPO numer KSeF nadano 04.06.2026 r., a numer KSeF",
        ),
        (upo_for(xml=XML + b"\n"), "UPO nie potwierdza tego pliku faktury"),
        (b"<html>UPO</html>", "to nie jest UPO KSeF"),
    ],
)
def test_a_upo_that_contradicts_the_invoice_is_a_specific_error(
    tmp_path: Path, upo: bytes, reason: str
) -> None:
    found = errors_of(with_upo(tmp_path, upo))
    assert [f for f, _ in found] == ["invoices[0].ksef_upo"]
    assert reason in found[0][1]
