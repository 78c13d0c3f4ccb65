"""FA(3) structured invoices at intake (intake/ksef.py, importer): schema validation with the
schema ksef-client ships, the cross-check against the case, and KSeF delivery (K7).

Expected values: the KSeF number format and CRC-8 (CIRFMF/ksef-api faktury/numer-ksef.md);
receipt on the number's day (art. 106na ust. 3 ustawy o VAT, polish_law.md 0b K7).
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from documents import phrases
from intake import Outcome, check_batch, import_batch
from intake.ksef import Fa3Party, KsefXmlError, fa3_xml, read_fa3
from law.evidence import exhibits, invoice_delivery_proven
from law.pl.ksef import crc8
from store.cases import find_case, load_case_file
from tests.intake.conftest import CREDITOR, case_doc, write_case

SELLER = Fa3Party("2588139984", CREDITOR["name"], CREDITOR["street"], "02-674 Warszawa")
BUYER = Fa3Party(
    "2141707530", "Budomax Wykonawstwo sp. z o.o.", "ul. Przemysłowa 21", "93-121 Łódź"
)


OTHER_SELLER = Fa3Party("5265877635", "Inna Firma sp. z o.o.", "ul. Prosta 1", "00-001 Warszawa")
OTHER_BUYER = Fa3Party("9844729408", "Hotel sp. z o.o.", "ul. Kościeliska 52", "34-500 Zakopane")


def ksef_number(nip: str, day: str, tech: str = "0100002B7C10") -> str:
    data = f"{nip}-{day}-{tech}"
    return f"{data}-{crc8(data.encode()):02X}"


def invoice_xml(**changes: Any) -> bytes:
    args: dict[str, Any] = {
        "issued_on": date(2026, 6, 1),
        "seller": SELLER,
        "buyer": BUYER,
        "lines": [("Dostawa kotła gazowego", Decimal(1), "szt.", Decimal("813.01"))],
        "due_date": date(2026, 6, 15),
        "bank_account": CREDITOR["bank_account"],
        "place": "Warszawa",
        "created_at": "2026-06-01T10:00:00Z",
    }
    args.update(changes)
    return fa3_xml("FV/1", **args)


NUMBER = ksef_number("2588139984", "20260602")


def ksef_case(tmp_path: Path, xml: bytes, *, number: str = NUMBER, pdf: bool = False) -> Path:
    doc = case_doc()
    inv = doc["invoices"][0]
    inv["amount"] = "1000.00"  # 813.01 + 23 % = 1000.00 (P_15)
    inv.pop("file")
    if pdf:
        inv["file"] = "fv1.pdf"
    inv.update(ksef_number=number, ksef_xml="ksef/FV-1.xml")
    doc["payments"] = []
    folder = write_case(tmp_path / "case", doc, files=("fv1.pdf",))
    (folder / "ksef").mkdir()
    (folder / "ksef" / "FV-1.xml").write_bytes(xml)
    return folder


def errors_of(folder: Path) -> list[tuple[str, str]]:
    [(_, errors)] = list(check_batch(folder, today=date(2026, 11, 30)))
    return [(e.field, e.message) for e in errors]


def test_a_valid_fa3_invoice_reads_its_figures() -> None:
    xml = read_fa3(invoice_xml())
    assert (xml.number, xml.issue_date, xml.gross, xml.currency) == (
        "FV/1",
        date(2026, 6, 1),
        Decimal("1000.00"),
        "PLN",
    )
    assert (xml.seller_nip, xml.buyer_nip, xml.due_dates) == (
        "2588139984",
        "2141707530",
        (date(2026, 6, 15),),
    )
    assert xml.bank_accounts == ("55276115505236426295045061",)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<Faktura><Naglowek>", "nie jest poprawnym XML"),
        (b"\x00\xff garbage", "nie jest poprawnym XML"),
        (b"<Invoice xmlns='urn:x'/>", "to nie jest faktura ustrukturyzowana FA(3)"),
        (
            invoice_xml().replace(b"<P_15>1000.00</P_15>", b"<P_15>tysiac</P_15>"),
            "niezgodny ze schematem FA(3)",
        ),
        (invoice_xml().replace(b"<P_2>FV/1</P_2>", b""), "niezgodny ze schematem FA(3)"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "x">]>'
            b"<Faktura xmlns='http://crd.gov.pl/wzor/2025/06/25/13775/'>&e;</Faktura>",
            "zawiera deklarację DOCTYPE",
        ),
    ],
)
def test_bad_xml_is_one_polish_error(data: bytes, reason: str) -> None:
    with pytest.raises(KsefXmlError, match=re.escape(reason)):
        read_fa3(data)


def test_matching_xml_imports_with_no_error(tmp_path: Path) -> None:
    assert errors_of(ksef_case(tmp_path, invoice_xml())) == []


@pytest.mark.parametrize(
    ("xml_changes", "field", "reason"),
    [
        (
            {
                "seller": Fa3Party(
                    "5265877635", "Inna Firma sp. z o.o.", "ul. Prosta 1", "00-001 Warszawa"
                )
            },
            "invoices[0].ksef_xml",
            "fakturą innego sprzedawcy (NIP 5265877635",
        ),
        (
            {
                "buyer": Fa3Party(
                    "9844729408", "Hotel sp. z o.o.", "ul. Kościeliska 52", "34-500 Zakopane"
                )
            },
            "invoices[0].ksef_xml",
            "nabywca w XML KSeF ma NIP 9844729408, dłużnik NIP 2141707530",
        ),
        (
            {"lines": [("Kocioł", Decimal(1), "szt.", Decimal("900.00"))]},
            "invoices[0].amount",
            "kwota brutto w XML KSeF 1 107,00 zł, w sprawie 1 000,00 zł - obowiązuje XML",
        ),
        (
            {"due_date": date(2026, 6, 30)},
            "invoices[0].due_date",
            "termin płatności w XML KSeF 30.06.2026 r., w sprawie 15.06.2026 r.",
        ),
        (
            {"bank_account": "PL61109010140000071219812874"},
            "invoices[0].ksef_xml",
            "rachunek do zapłaty w XML KSeF (61109010140000071219812874) inny",
        ),
    ],
)
def test_each_mismatch_is_a_specific_error(
    tmp_path: Path, xml_changes: dict[str, Any], field: str, reason: str
) -> None:
    found = errors_of(ksef_case(tmp_path, invoice_xml(**xml_changes)))
    assert any(f == field and reason in m for f, m in found), found


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        (NUMBER[:-2] + ("00" if NUMBER[-2:] != "00" else "01"), "suma kontrolna CRC-8"),
        ("2588139984-2026-06-02-0100002B7C10", "zły format"),
        (ksef_number("5265877635", "20260602"), "numer KSeF nadano sprzedawcy o NIP 5265877635"),
        (ksef_number("2588139984", "20260530"), "wcześniejszy niż data wystawienia"),
    ],
)
def test_a_wrong_ksef_number_is_a_specific_error(tmp_path: Path, number: str, reason: str) -> None:
    found = errors_of(ksef_case(tmp_path, invoice_xml(), number=number))
    assert any(f == "invoices[0].ksef_number" and reason in m for f, m in found), found


def test_corrupt_xml_rejects_only_its_case(tmp_path: Path, sqlite_engine: sa.Engine) -> None:
    batch = tmp_path / "batch"
    ksef_case(batch, b"<Faktura><oops")  # batch/case
    good = case_doc(external_ref="T/2")
    write_case(batch / "b", good)
    report = import_batch(sqlite_engine, batch, today=date(2026, 11, 30))
    outcomes = sorted(o.outcome for o in report.outcomes)
    assert outcomes == sorted([Outcome.CREATED, Outcome.REJECTED])
    assert any("nie jest poprawnym XML" in e.message for e in report.errors), report.errors


@pytest.mark.parametrize("pdf", [False, True])
def test_ksef_invoice_is_delivered_on_the_number_day(
    tmp_path: Path, sqlite_engine: sa.Engine, pdf: bool
) -> None:
    folder = ksef_case(tmp_path, invoice_xml(), pdf=pdf)
    report = import_batch(sqlite_engine, folder, today=date(2026, 11, 30))
    assert report.ok, report.errors
    with Session(sqlite_engine) as session:
        case = find_case(session, "T/1", "2588139984")
        assert case is not None
        loaded = load_case_file(session, case.id)
    inv = next(i for i in loaded.invoices if i.number == "FV/1")
    assert inv.delivered_on == date(2026, 6, 2)  # art. 106na ust. 3: the number's day
    assert inv.delivery_proof_file == "ksef/FV-1.xml"
    assert invoice_delivery_proven(loaded, "FV/1")
    described = [x for x in exhibits(loaded) if x.path == "ksef/FV-1.xml"]
    assert len(described) == 1
    assert described[0].description == (
        f"Faktura ustrukturyzowana nr FV/1, nr KSeF {NUMBER}, otrzymana 02.06.2026 r. "
        "(art. 106na ust. 3 ustawy o VAT)"
    )
    assert "doręczenie pozwanemu faktury nr FV/1" in described[0].proves
    # the pozew's list of evidence and the evidence index use the KSeF wording
    assert phrases.exhibit_title(described[0], loaded) == described[0].description
    assert "doręczenie pozwanemu faktury VAT nr FV/1" in phrases.exhibit_proves(
        described[0], loaded
    )


def test_csv_ksef_columns(tmp_path: Path) -> None:
    (tmp_path / "evidence").mkdir()
    (tmp_path / "evidence" / "FV-1.xml").write_bytes(invoice_xml())
    header = (
        "external_ref;claim_basis;debtor_kind;debtor_name;debtor_nip;debtor_street;"
        "debtor_postcode;debtor_city;invoice_number;issue_date;due_date;amount;"
        "ksef_number;ksef_xml_file"
    )
    row = (
        "T/9;sale;company;Budomax Wykonawstwo sp. z o.o.;2141707530;ul. Przemysłowa 21;93-121;"
        f"Łódź;FV/1;01.06.2026;15.06.2026;1 000,00;{NUMBER};evidence/FV-1.xml"
    )
    bad = row.replace(NUMBER, NUMBER[:-1] + ("0" if NUMBER[-1] != "0" else "1"))
    bad = bad.replace("T/9", "T/10")
    csv = tmp_path / "cases.csv"
    csv.write_text(f"{header}\n{row}\n{bad}\n", encoding="utf-8")
    results = {
        raw.external_ref: errors
        for raw, errors in check_batch(csv, creditor=CREDITOR, today=date(2026, 11, 30))
    }
    assert results["T/9"] == []
    [error] = results["T/10"]
    assert (error.row, error.field) == (3, "ksef_number")
    assert "suma kontrolna CRC-8" in error.message


def test_a_consumer_is_not_deemed_to_receive_through_ksef(
    tmp_path: Path, sqlite_engine: sa.Engine
) -> None:
    """KSeF delivers to the buyer's NIP (K7): a debtor without one gets no art. 106na date."""
    folder = ksef_case(tmp_path, invoice_xml())
    doc = json.loads((folder / "case.json").read_text(encoding="utf-8"))
    doc["debtor"] = {
        "kind": "consumer",
        "name": "Anna Zielińska",
        "pesel": "84031719621",
        "street": "ul. Ogrodowa 5",
        "postcode": "93-121",
        "city": "Łódź",
    }
    (folder / "case.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    report = import_batch(sqlite_engine, folder, today=date(2026, 11, 30))
    assert report.ok, report.errors
    with Session(sqlite_engine) as session:
        case = find_case(session, "T/1", "2588139984")
        assert case is not None
        loaded = load_case_file(session, case.id)
    inv = next(i for i in loaded.invoices if i.number == "FV/1")
    assert (inv.file, inv.delivered_on, inv.delivery_proof_file) == ("ksef/FV-1.xml", None, None)
    assert not invoice_delivery_proven(loaded, "FV/1")
