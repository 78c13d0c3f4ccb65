"""handoff enforcement epu-xml / submit through the real command line on SQLite and
PostgreSQL, against the local e-Sąd fake (tests/integrations/fake_esad_enforcement.py).

An EPU case goes through the court to a final nakaz (recorded by hand); the application is
built from the stored case and validated against WnioskiEgzekucyjneEPU.xsd (the official
schema, shared/epu); ``submit`` sends it with ZlozWnioskiEgzekucyjne: an accepted
application records the wniosek (final -> enforcement), a rejected one leaves a finding,
a timeout records nothing and holds the case back, no credentials export the package.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from lxml import etree
from sqlmodel import Session, select
from typer.testing import CliRunner

from cli.main import app
from documents.enforcement_epu import validate_enforcement
from documents.epu import NS
from store.tables import CaseFinding, GeneratedDocument
from tests.casework.cli_helpers import ok, refused
from tests.integrations.fake_esad import CREDENTIALS, running_fake
from tests.integrations.fake_esad_enforcement import FakeEsadEnforcement

from .conftest import EPU, NAKAZOWE, Firm

runner = CliRunner()
ON = "2026-12-15"  # the firm's today here: the nakaz served 27.11 is final from 12.12
FINAL_ON = "2026-12-14"
TODAY = date(2026, 12, 15)
SECOND = "TT/WIND/2026/0163"  # another EPU sample case
KOMORNIK = "Anna Nowak, Komornik Sądowy przy Sądzie Rejonowym Lublin-Wschód"
SIGNATURES = {EPU: "VI Nc-e 1234567/26", SECOND: "VI Nc-e 1234568/26"}


def _final_epu(firm: Firm, ref: str = EPU) -> None:
    firm.approve(ref)
    ok("cases", "file", ref, "--on", "2026-11-25")
    ok(
        "event",
        "add",
        ref,
        "--kind",
        "payment-order-issued",
        "--on",
        "2026-11-26",
        "--signature",
        SIGNATURES[ref],
    )
    ok("event", "add", ref, "--kind", "payment-order-served", "--on", "2026-11-27")
    ok("event", "add", ref, "--kind", "payment-order-final", "--on", FINAL_ON)
    assert firm.stage(ref) == "final"


def _xml_args(ref: str, out: Path, order_id: str = "123456789") -> list[str]:
    return [
        "enforcement",
        "epu-xml",
        ref,
        "--out",
        str(out),
        "--komornik",
        KOMORNIK,
        "--komornik-id",
        "1001",
        "--order-id",
        order_id,
        "--decision-code",
        "1",
        "--clause-id",
        "987654321",
        "--clause-code",
        "KW-1",
        "--clause-on",
        ON,
        "--ways",
        "bank,ruchomosci",
        "--on",
        ON,
    ]


@pytest.fixture(autouse=True)
def later(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two weeks after the nakaz was served (art. 502 §1, 505 KPC): the firm's today."""
    import cli.enforcement
    import cli.events
    import cli.filing
    import config

    for module in (config, cli.events, cli.enforcement, cli.filing):
        monkeypatch.setattr(module, "firm_today", lambda: TODAY)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeEsadEnforcement]:
    for name in ("HANDOFF_ESAD_LOGIN", "HANDOFF_ESAD_PASSWORD", "HANDOFF_ESAD_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    with running_fake(FakeEsadEnforcement()) as served:
        yield served  # type: ignore[misc]
    assert served.errors == []  # every request and answer matched the WSDL's schemas


def _connect(fake: FakeEsadEnforcement, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDOFF_ESAD_URL", fake.url)
    monkeypatch.setenv("HANDOFF_ESAD_LOGIN", CREDENTIALS.login)
    monkeypatch.setenv("HANDOFF_ESAD_PASSWORD", CREDENTIALS.password)
    monkeypatch.setenv("HANDOFF_ESAD_API_KEY", CREDENTIALS.api_key)


def _submit(*args: str) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    result = runner.invoke(app, ["enforcement", "submit", "--json", *args])
    try:
        summary = json.loads(result.stdout)
    except ValueError:
        summary = {}
    return result.exit_code, summary, result.stderr


def _findings(firm: Firm, ref: str) -> list[str]:
    with Session(firm.engine) as s:
        rows = s.exec(
            select(CaseFinding).where(
                CaseFinding.case_id == firm.ids[ref], CaseFinding.source == "enforcement-epu"
            )
        ).all()
        return [f.code for f in rows]


def test_epu_xml_from_the_stored_case(firm: Firm, tmp_path: Path) -> None:
    out = tmp_path / "wniosek.xml"
    before = firm.counts()
    assert "brak prawomocnego tytułu" in refused(*_xml_args(EPU, out))
    assert firm.counts() == before and not out.exists()

    _final_epu(firm)
    for args, says in (
        ([*_xml_args(EPU, out)[:-2], "--on", "2099-01-01"], "przyszłości"),
        ([*_xml_args(EPU, out), "--clause-on", "2026-12-01"], "musi przypadać między"),
        ([a for a in _xml_args(EPU, out) if a not in ("--order-id", "123456789")], "--order-id"),
        (_xml_args(EPU, out, order_id="-5"), "--order-id"),
        (_xml_args(EPU, tmp_path / "nie-ma" / "x.xml"), "nie istnieje"),
        ([*_xml_args(EPU, out)[:3], "--out", str(out), "--komornik", KOMORNIK], "--clause-on"),
    ):
        assert says in refused(*args)
    assert not out.exists()
    summary = json.loads(ok(*_xml_args(EPU, out), "--json"))
    assert summary["valid"] is True and summary["created"] is True
    xml = out.read_bytes()
    assert validate_enforcement(xml) == []  # the official schema
    root = etree.fromstring(xml)
    (wniosek,) = root.findall(f"{{{NS}}}WniosekEgzekucyjny")
    assert wniosek.findtext(f"{{{NS}}}Nakaz/{{{NS}}}Sygnatura") == SIGNATURES[EPU]
    assert wniosek.findtext(f"{{{NS}}}Nakaz/{{{NS}}}DataNakazu") == "2026-11-26"
    assert wniosek.findtext(f"{{{NS}}}Nakaz/{{{NS}}}IDNakazu") == "123456789"
    assert wniosek.findtext(f"{{{NS}}}Klauzula/{{{NS}}}KodKlauzuli") == "KW-1"
    assert wniosek.findtext(f"{{{NS}}}Komornik/{{{NS}}}Nazwa") == KOMORNIK
    ways = [r.text for r in wniosek.iter(f"{{{NS}}}Rodzaj")]
    assert ways == ["z rachunków bankowych", "z ruchomości"]
    claims = wniosek.findall(f"{{{NS}}}ListaRoszczen/{{{NS}}}Roszczenie")
    assert claims and any(c.get("typ") == "13" for c in claims)  # the costs awarded
    with Session(firm.engine) as s:
        (doc,) = s.exec(
            select(GeneratedDocument).where(GeneratedDocument.kind == "epu_enforcement")
        ).all()
        assert Path(doc.path).read_bytes() == xml
    again = json.loads(ok(*_xml_args(EPU, out), "--json"))
    assert again["created"] is False and again["document"]["version"] == 1

    # a paper case has no EPU form: the paper wniosek is drafted by enforcement start -o
    from tests.casework.test_enforcement import _final

    _final(firm)
    assert "nie jest z EPU" in refused(*_xml_args(NAKAZOWE, tmp_path / "p.xml"))


def test_submit_without_credentials_exports(firm: Firm, tmp_path: Path, fake) -> None:  # type: ignore[no-untyped-def]
    code, _, stderr = _submit()
    assert code == 1 and "brak wniosków egzekucyjnych EPU" in stderr
    _final_epu(firm)
    ok(*_xml_args(EPU, tmp_path / "w.xml"))
    result = runner.invoke(app, ["enforcement", "submit"])
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.strip().splitlines()
    assert "HANDOFF_ESAD_LOGIN, HANDOFF_ESAD_PASSWORD, HANDOFF_ESAD_API_KEY" in line
    exported = Path(line.split("e-Sąd: ")[1].split(" (oznaczenie")[0])
    assert validate_enforcement(exported.read_bytes()) == []
    assert firm.stage(EPU) == "final" and fake.calls == []


def test_submit_lodges_the_accepted_and_leaves_the_rejected(
    firm: Firm, tmp_path: Path, fake: FakeEsadEnforcement, monkeypatch: pytest.MonkeyPatch
) -> None:
    _final_epu(firm)
    _final_epu(firm, SECOND)
    ok(*_xml_args(EPU, tmp_path / "a.xml"))
    ok(*_xml_args(SECOND, tmp_path / "b.xml", order_id="123456790"))
    _connect(fake, monkeypatch)
    fake.enforcement_reject = {SIGNATURES[SECOND]: "Nieprawidłowy identyfikator klauzuli"}
    code, summary, _ = _submit()
    assert code == 0, summary
    statuses = {a["case"]: a["status"] for a in summary["applications"]}
    assert statuses == {EPU: "accepted", SECOND: "rejected"}  # a package half accepted
    assert fake.lodged == [SIGNATURES[EPU]]
    assert firm.stage(EPU) == "enforcement" and firm.stage(SECOND) == "final"
    detail = json.loads(ok("cases", "show", EPU, "--json"))
    started = detail["timeline"][-1]
    assert started["event_kind"] == "enforcement-started" and KOMORNIK in started["cause"]
    assert "bank, ruchomosci" in started["cause"]
    assert _findings(firm, SECOND) == ["epu_enforcement_rejected"]
    # nothing goes twice: the lodged case is with the komornik, the rejected one waits
    code, summary, _stderr = _submit()
    assert code == 1 and summary["applications"] == []
    assert any("odrzucił" in s for s in summary["skipped"])
    assert len(fake.enforcement_packages) == 1


def test_submit_faults_and_timeouts_record_nothing(
    firm: Firm, tmp_path: Path, fake: FakeEsadEnforcement, monkeypatch: pytest.MonkeyPatch
) -> None:
    _final_epu(firm)
    ok(*_xml_args(EPU, tmp_path / "a.xml"))
    _connect(fake, monkeypatch)
    before = firm.counts()
    for scenario, says in (
        ("fault", "e-Sąd odrzucił paczkę"),
        ("http500", "wynik paczki nieznany"),
    ):
        fake.enforcement_scenario = scenario
        result = runner.invoke(app, ["enforcement", "submit"])
        assert result.exit_code == 2 and says in result.stderr, result.output
        assert len(result.stderr.strip().splitlines()) == 1
        if scenario == "http500":  # an answer we cannot read: held back until a person looks
            assert _findings(firm, EPU) == ["epu_enforcement_unknown"]
            ok(*_xml_args(EPU, tmp_path / "a2.xml", order_id="123456788"))  # a person redid it
        assert _findings(firm, EPU) == []
    fake.enforcement_scenario = "validation"
    fake.enforcement_reject = {SIGNATURES[EPU]: "Klauzula nie istnieje"}
    code, summary, _ = _submit()
    assert code == 1 and summary["applications"][0]["status"] == "rejected"
    assert "Klauzula nie istnieje" in summary["applications"][0]["reason"]
    ok(*_xml_args(EPU, tmp_path / "a3.xml", order_id="123456787"))
    fake.enforcement_scenario = "timeout"
    fake.delay = 3.0
    fake.lodge_on_timeout = True
    monkeypatch.setenv("HANDOFF_ESAD_TIMEOUT", "1")
    result = runner.invoke(app, ["enforcement", "submit"])
    assert result.exit_code == 2 and "wynik paczki nieznany" in result.stderr
    assert firm.stage(EPU) == "final" and _findings(firm, EPU) == ["epu_enforcement_unknown"]
    code, summary, _ = _submit()
    assert code == 1 and "wynik poprzedniej wysyłki nieznany" in summary["skipped"][0]
    assert firm.counts()["stages"] == before["stages"]
    # the court took it (the portal shows it): the paralegal records the wniosek by hand
    ok("enforcement", "start", EPU, "--komornik", KOMORNIK, "--on", ON)
    assert firm.stage(EPU) == "enforcement"


def test_wrong_credentials_are_one_line(
    firm: Firm, tmp_path: Path, fake: FakeEsadEnforcement, monkeypatch: pytest.MonkeyPatch
) -> None:
    _final_epu(firm)
    ok(*_xml_args(EPU, tmp_path / "a.xml"))
    _connect(fake, monkeypatch)
    monkeypatch.setenv("HANDOFF_ESAD_PASSWORD", "zle-haslo")
    result = runner.invoke(app, ["enforcement", "submit"])
    assert result.exit_code == 2 and "odrzucił logowanie" in result.stderr
    assert firm.stage(EPU) == "final" and _findings(firm, EPU) == []
    monkeypatch.delenv("HANDOFF_ESAD_API_KEY")
    line = refused("enforcement", "submit")
    assert "HANDOFF_ESAD_API_KEY" in line and "PASSWORD" not in line
