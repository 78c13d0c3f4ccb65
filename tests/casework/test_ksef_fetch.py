"""casework.ksef_fetch and ``handoff ksef``: a case's structured invoices fetched from the
fake KSeF (httpx.MockTransport, never the network), checked as at intake, attached to the
case's evidence and stored (SQLite and PostgreSQL).

Expected values: receipt on the KSeF number's day (art. 106na ust. 3 ustawy o VAT,
polish_law.md 0b K7); the UPO's SkrotDokumentu is the SHA-256 of the invoice file.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select
from typer.testing import CliRunner

from casework import Refused
from casework.ksef_fetch import fetch_case_invoices
from cli.main import app
from intake import import_batch
from intake.ksef_upo import upo_xml
from integrations.ksef import KsefApi
from law.evidence import invoice_delivery_proven
from law.pl.ksef import parse_ksef_number
from store.cases import find_case, load_case_file
from store.db import session_scope
from store.tables import AuditLog, Case, CaseFinding
from tests.intake.conftest import case_doc, write_case
from tests.intake.test_ksef import NUMBER, OTHER_SELLER, invoice_xml, ksef_number
from tests.integrations.fake_ksef import NIP, TOKEN, FakeKsef

XML = invoice_xml()
NUMBER2 = ksef_number(NIP, "20260702", "0100002B7C12")
XML2 = invoice_xml(issued_on=date(2026, 7, 1), due_date=date(2026, 7, 15))  # FV/1 again


def upo(xml: bytes = XML, number: str = NUMBER, invoice: str = "FV/1", **kw: Any) -> bytes:
    args: dict[str, Any] = {
        "session": "S-2",
        "seller_nip": NIP,
        "ksef_number": number,
        "invoice_number": invoice,
        "issue_date": date(2026, 6, 1),
        "assigned_at": "2026-06-02T10:15:30+02:00",
        "xml": xml,
    }
    args.update(kw)
    return upo_xml(**args)


def imported(tmp_path: Path, engine: sa.Engine, *, numbers: bool = True) -> int:
    doc = case_doc(payments=[])
    if numbers:
        doc["invoices"][0]["ksef_number"] = NUMBER
    folder = write_case(tmp_path / "case", doc)
    report = import_batch(engine, folder, today=date(2026, 11, 30))
    assert report.ok, report.errors
    with Session(engine) as s:
        case = find_case(s, "T/1", NIP)
        assert case is not None and case.id is not None
        return case.id


def fetch(engine: sa.Engine, fake: FakeKsef, **kw: Any) -> Any:
    api = KsefApi(fake.client(), environment="test")
    api.login(TOKEN, NIP)
    with session_scope(engine) as s:
        return fetch_case_invoices(s, "T/1", api, actor="anna", **kw)


def test_the_xml_and_upo_are_attached_and_prove_receipt(tmp_path: Path, engine: sa.Engine) -> None:
    case_id = imported(tmp_path, engine)
    fake = FakeKsef(invoices={NUMBER: XML}, sessions={"S-2": {NUMBER: upo()}})
    result = fetch(engine, fake)
    [one] = result.results
    assert (one.invoice, one.xml_path, one.upo_path, one.received_on) == (
        "FV/1",
        f"ksef/{NUMBER}.xml",
        f"ksef/{NUMBER}.upo.xml",
        "2026-06-02",
    )
    root = tmp_path / "case"
    assert (root / "ksef" / f"{NUMBER}.xml").read_bytes() == XML
    with Session(engine) as s:
        loaded = load_case_file(s, case_id)
        audit = s.exec(select(AuditLog).where(AuditLog.case_id == case_id)).all()
    inv = next(i for i in loaded.invoices if i.number == "FV/1")
    assert (inv.ksef_number, inv.delivered_on, inv.delivery_proof_file) == (
        NUMBER,
        date(2026, 6, 2),
        f"ksef/{NUMBER}.upo.xml",
    )
    assert invoice_delivery_proven(loaded, "FV/1")
    described = {e.path: e.description for e in loaded.evidence}
    assert described[f"ksef/{NUMBER}.xml"] == (
        f"Faktura ustrukturyzowana nr FV/1, nr KSeF {NUMBER}, otrzymana 02.06.2026 r. "
        "(art. 106na ust. 3 ustawy o VAT)"
    )
    assert described[f"ksef/{NUMBER}.upo.xml"] == (
        f"Urzędowe poświadczenie odbioru (UPO) KSeF faktury nr FV/1: numer KSeF {NUMBER} "
        "nadany 02.06.2026 r., dzień otrzymania faktury (art. 106na ust. 3 ustawy o VAT)"
    )
    assert any(a.action == "intake.updated" and a.actor == "anna" for a in audit)
    with pytest.raises(Refused, match="nie ma czego pobrać"):
        fetch(engine, fake)


def test_a_upo_that_contradicts_is_left_out_as_a_finding(tmp_path: Path, engine: sa.Engine) -> None:
    case_id = imported(tmp_path, engine)
    fake = FakeKsef(invoices={NUMBER: XML}, sessions={"S-2": {NUMBER: upo(xml=XML + b" ")}})
    [one] = fetch(engine, fake).results
    assert (one.xml_path, one.upo_path) == (f"ksef/{NUMBER}.xml", None)
    assert "UPO nie potwierdza tego pliku faktury" in one.notes[0]
    with Session(engine) as s:
        findings = s.exec(select(CaseFinding).where(CaseFinding.source == "ksef")).all()
        inv = next(i for i in load_case_file(s, case_id).invoices if i.number == "FV/1")
    assert [f.code for f in findings] == ["ksef_upo_mismatch"]
    assert "UPO z KSeF sprzeczne z fakturą" in findings[0].message
    assert inv.delivery_proof_file == f"ksef/{NUMBER}.xml"  # the number itself proves the day
    assert not (tmp_path / "case" / "ksef" / f"{NUMBER}.upo.xml").exists()


def test_no_upo_in_ksef_is_a_note(tmp_path: Path, engine: sa.Engine) -> None:
    imported(tmp_path, engine)
    [one] = fetch(engine, FakeKsef(invoices={NUMBER: XML})).results
    assert one.xml_path is not None and one.upo_path is None
    assert "KSeF nie ma UPO faktury" in one.notes[0]


def test_a_bad_invoice_is_reported_and_the_others_attached(
    tmp_path: Path, engine: sa.Engine
) -> None:
    doc = case_doc(payments=[])
    doc["invoices"][0]["ksef_number"] = NUMBER
    doc["invoices"][1]["ksef_number"] = NUMBER2  # FV/2, but KSeF holds FV/1 of July under it
    write_case(tmp_path / "case", doc)
    assert import_batch(engine, tmp_path / "case", today=date(2026, 11, 30)).ok
    fake = FakeKsef(invoices={NUMBER: XML, NUMBER2: XML2})
    result = fetch(engine, fake)
    by = {r.ksef_number: r for r in result.results}
    assert by[NUMBER].xml_path is not None
    assert by[NUMBER2].xml_path is None
    assert "inny numer faktury" in by[NUMBER2].problem
    assert not (tmp_path / "case" / "ksef" / f"{NUMBER2}.xml").exists()


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (b"<Faktura><oops", "nie jest fakturą FA(3)"),
        (invoice_xml(seller=OTHER_SELLER), "fakturą innego sprzedawcy"),
    ],
)
def test_a_corrupt_or_foreign_xml_is_not_attached(
    tmp_path: Path, engine: sa.Engine, answer: bytes, reason: str
) -> None:
    case_id = imported(tmp_path, engine)
    with Session(engine) as s:
        before = load_case_file(s, case_id)
    [one] = fetch(engine, FakeKsef(invoices={NUMBER: answer})).results
    assert one.xml_path is None and reason in one.problem
    with Session(engine) as s:
        assert load_case_file(s, case_id) == before


def test_a_consumer_gets_the_xml_but_no_ksef_receipt(tmp_path: Path, engine: sa.Engine) -> None:
    """KSeF delivers to the buyer's NIP (K7): a debtor without one is not deemed to receive."""
    doc = case_doc(payments=[])
    doc["debtor"] = {
        "kind": "consumer",
        "name": "Anna Zielińska",
        "pesel": "84031719621",
        "street": "ul. Ogrodowa 5",
        "postcode": "93-121",
        "city": "Łódź",
    }
    doc["invoices"][0]["ksef_number"] = NUMBER
    write_case(tmp_path / "case", doc)
    assert import_batch(engine, tmp_path / "case", today=date(2026, 11, 30)).ok
    [one] = fetch(engine, FakeKsef(invoices={NUMBER: XML})).results
    assert one.xml_path is not None and one.received_on is None
    with Session(engine) as s:
        case = find_case(s, "T/1", NIP)
        assert case is not None and case.id is not None
        loaded = load_case_file(s, case.id)
    inv = next(i for i in loaded.invoices if i.number == "FV/1")
    assert (inv.delivered_on, inv.delivery_proof_file) == (None, None)
    assert not invoice_delivery_proven(loaded, "FV/1")


def test_one_number_for_an_invoice_without_one(tmp_path: Path, engine: sa.Engine) -> None:
    case_id = imported(tmp_path, engine, numbers=False)
    fake = FakeKsef(invoices={NUMBER: XML})
    [one] = fetch(engine, fake, only=parse_ksef_number(NUMBER)).results
    assert one.invoice == "FV/1" and one.xml_path is not None
    with Session(engine) as s:
        inv = next(i for i in load_case_file(s, case_id).invoices if i.number == "FV/1")
    assert inv.ksef_number == NUMBER


def test_refusals_change_nothing(tmp_path: Path, engine: sa.Engine) -> None:
    case_id = imported(tmp_path, engine)
    fake = FakeKsef(invoices={NUMBER: XML})
    other = parse_ksef_number(ksef_number("5265877635", "20260602"))
    with pytest.raises(Refused, match="nadano sprzedawcy o NIP 5265877635"):
        fetch(engine, fake, only=other)
    with session_scope(engine) as s:
        row = s.get(Case, case_id)
        assert row is not None
        row.stage = "filed"
        s.add(row)
    with pytest.raises(Refused, match="dowody można dołączyć tylko przed wniesieniem pozwu"):
        fetch(engine, fake)
    assert not any("/invoices/ksef/" in c for c in fake.calls)
    assert not (tmp_path / "case" / "ksef").exists()


# --- the command line ------------------------------------------------------------------------

runner = CliRunner()


@pytest.fixture
def cli_env(
    tmp_path: Path, store_url: str, engine: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> FakeKsef:
    monkeypatch.setenv("HANDOFF_HOME", str(tmp_path / "var"))
    monkeypatch.setenv("HANDOFF_DATABASE_URL", store_url)
    monkeypatch.setenv("HANDOFF_KSEF_ENVIRONMENT", "test")
    monkeypatch.delenv("HANDOFF_KSEF_TOKEN", raising=False)
    fake = FakeKsef(invoices={NUMBER: XML}, sessions={"S-2": {NUMBER: upo()}})
    monkeypatch.setattr("cli.ksef.new_http", fake.client)
    imported(tmp_path, engine)
    return fake


def test_cli_without_a_token_says_what_is_missing(cli_env: FakeKsef) -> None:
    for args in (["ksef", "fetch-case", "T/1"], ["ksef", "fetch", NUMBER]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        [line] = result.stderr.strip().splitlines()
        assert line.startswith("Błąd: brak tokenu KSeF") and "HANDOFF_KSEF_TOKEN" in line
    assert cli_env.calls == []


def test_cli_fetch_case_attaches(cli_env: FakeKsef, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDOFF_KSEF_TOKEN", TOKEN)
    result = runner.invoke(app, ["ksef", "fetch-case", "T/1", "--json", "--as", "anna"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["case"] == "T/1" and out["stage"] == "intake"
    [inv] = out["invoices"]
    assert inv["attached"] and inv["upo"] == f"ksef/{NUMBER}.upo.xml"
    assert inv["received_on"] == "2026-06-02"


def test_cli_fetch_one_to_a_folder(
    cli_env: FakeKsef, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HANDOFF_KSEF_TOKEN", TOKEN)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    result = runner.invoke(app, ["ksef", "fetch", NUMBER, "--out", str(out_dir), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert (out["invoice"], out["gross"], out["received_on"]) == ("FV/1", "1000.00", "2026-06-02")
    assert out["cases"] == [{"case": "T/1", "invoice": "FV/1"}]
    assert (out_dir / f"{NUMBER}.xml").read_bytes() == XML
    assert (out_dir / f"{NUMBER}.upo.xml").exists()


def test_cli_fetch_one_into_a_case_with_a_copy(
    cli_env: FakeKsef, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HANDOFF_KSEF_TOKEN", TOKEN)
    copies = tmp_path / "copies"
    copies.mkdir()
    result = runner.invoke(app, ["ksef", "fetch", NUMBER, "--case", "T/1", "--out", str(copies)])
    assert result.exit_code == 0, result.output
    assert f"Dołączono fakturę FV/1 (nr KSeF {NUMBER}): ksef/{NUMBER}.xml" in result.stdout
    assert "otrzymana 2026-06-02 (art. 106na ust. 3 ustawy o VAT)" in result.stdout
    assert sorted(p.name for p in copies.iterdir()) == [f"{NUMBER}.upo.xml", f"{NUMBER}.xml"]


def test_cli_nothing_to_fetch_asks_ksef_nothing(
    cli_env: FakeKsef, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANDOFF_KSEF_TOKEN", TOKEN)
    assert runner.invoke(app, ["ksef", "fetch-case", "T/1"]).exit_code == 0
    calls = len(cli_env.calls)
    result = runner.invoke(app, ["ksef", "fetch-case", "T/1"])
    assert result.exit_code == 2 and "nie ma czego pobrać" in result.stderr
    other = ksef_number("5265877635", "20260602")
    result = runner.invoke(app, ["ksef", "fetch", other, "--case", "T/1"])
    assert result.exit_code == 2 and "to nie jego faktura" in result.stderr
    assert len(cli_env.calls) == calls  # refused before anything was asked of KSeF


def test_cli_an_invoice_not_attached_exits_1(
    cli_env: FakeKsef, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANDOFF_KSEF_TOKEN", TOKEN)
    cli_env.invoices[NUMBER] = invoice_xml(seller=OTHER_SELLER)
    result = runner.invoke(app, ["ksef", "fetch-case", "T/1"])
    assert result.exit_code == 1, result.output
    assert "Nie dołączono faktury FV/1" in result.stdout
    assert "fakturą innego sprzedawcy" in result.stdout


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["ksef", "fetch", NUMBER[:-2] + "00"], "suma kontrolna CRC-8"),
        (["ksef", "fetch", NUMBER, "--out", "/nonexistent/x"], "--out: folder"),
        (["ksef", "fetch-case", "T/404"], "nie ma sprawy"),
    ],
)
def test_cli_bad_input_is_one_polish_line(
    cli_env: FakeKsef, monkeypatch: pytest.MonkeyPatch, args: list[str], reason: str
) -> None:
    monkeypatch.setenv("HANDOFF_KSEF_TOKEN", TOKEN)
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Błąd: ") and reason in line
