"""handoff enforcement epu-xml with the court's identifiers from what ``handoff epu sync``
stored, on SQLite and PostgreSQL: the EPU sample cases filed through the local fake e-Sąd
(tests/integrations/fake_esad.py), the court stage played there and imported by the real
sync, then the application built through the real command line and validated against the
official schema (WnioskiEgzekucyjneEPU.xsd).

What the sync stores (casework.esad_sync, its ``esad_import`` audit rows): the payment
order's id (IDNakazu) and the klauzula entry of the case history (its day taken as
DataKlauzuli, UNCONFIRMED). It does not store KodDecyzji, IDKlauzuli or KodKlauzuli; those
and the komornik's e-Sąd ID stay the person's to give. Options given by hand win.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from lxml import etree
from sqlmodel import Session, select
from typer.testing import CliRunner

from casework.enforcement_epu import stored_court_ids
from cli.main import app
from documents.enforcement_epu import validate_enforcement
from documents.epu import NS
from store.tables import GeneratedDocument
from tests.integrations.test_esad_submit import Firm, firm
from tests.integrations.test_esad_sync import ORDERED, _filed, _play_order_to_final, _sync

__all__ = ["firm"]  # the fixture of the e-Sąd tests (EPU cases filed through the fake)

runner = CliRunner()
LATER = date(2027, 1, 15)  # the firm's today: after the sync
KOMORNIK = "Anna Nowak, Komornik Sądowy przy Sądzie Rejonowym Lublin-Wschód"
BY_HAND = ["--decision-code", "1", "--clause-id", "987654321", "--clause-code", "KW-1"]


@pytest.fixture(autouse=True)
def later(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("cli.enforcement.firm_today", lambda: LATER)


def _xml(out: Path, *extra: str) -> list[str]:
    return ["enforcement", "epu-xml", ORDERED, "--out", str(out), "--komornik", KOMORNIK, *extra]


def _refused(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("Błąd: ") and "Traceback" not in result.output
    return line


def _applications(firm: Firm) -> list[GeneratedDocument]:
    with Session(firm.engine) as s:
        return list(
            s.exec(
                select(GeneratedDocument).where(GeneratedDocument.kind == "epu_enforcement")
            ).all()
        )


def _nakaz(xml: bytes) -> tuple[str | None, str | None, str | None]:
    (wniosek,) = etree.fromstring(xml).findall(f"{{{NS}}}WniosekEgzekucyjny")
    return (
        wniosek.findtext(f"{{{NS}}}Nakaz/{{{NS}}}IDNakazu"),
        wniosek.findtext(f"{{{NS}}}Klauzula/{{{NS}}}DataKlauzuli"),
        wniosek.findtext(f"{{{NS}}}Klauzula/{{{NS}}}KodKlauzuli"),
    )


def test_the_order_id_and_clause_day_come_from_the_sync(
    firm: Firm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _filed(firm, monkeypatch)
    _play_order_to_final(firm, ORDERED)  # nakaz final 14.12.2026, klauzula 16.12.2026
    _sync(firm)
    order_id = firm.fake.cases[ORDERED].order_id
    assert order_id is not None
    with Session(firm.engine) as s:
        stored = stored_court_ids(s, firm.epu[ORDERED])
    assert (stored.order_id, stored.clause_on) == (order_id, date(2026, 12, 16))

    # what the sync did not store is named, in one line; nothing is written
    out = tmp_path / "wniosek.xml"
    line = _refused(_xml(out))
    for option in ("--decision-code", "--clause-id", "--clause-code", "--komornik-id"):
        assert option in line
    assert "--order-id" not in line and "--clause-on" not in line
    assert "handoff epu sync" in line
    assert not out.exists() and _applications(firm) == []

    result = runner.invoke(app, [*_xml(out, "--komornik-id", "1001", *BY_HAND), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["valid"] is True and summary["created"] is True
    ids = summary["court_ids"]
    assert ids["order_id"] == {"value": order_id, "source": "epu-sync"}
    assert ids["clause_on"] == {"value": "2026-12-16", "source": "epu-sync"}
    assert ids["decision_code"] == {"value": 1, "source": "option"}
    assert ids["komornik_id"] == {"value": 1001, "source": "option"}
    xml = out.read_bytes()
    assert validate_enforcement(xml) == []  # the official schema
    assert _nakaz(xml) == (str(order_id), "2026-12-16", "KW-1")
    (doc,) = _applications(firm)
    assert Path(doc.path).read_bytes() == xml

    # the text output says what came from the sync
    text = runner.invoke(app, _xml(out, "--komornik-id", "1001", *BY_HAND))
    assert text.exit_code == 0, text.output
    assert f"IDNakazu {order_id}" in text.stdout and "DataKlauzuli 2026-12-16" in text.stdout
    assert len(_applications(firm)) == 1  # the same application: stored once

    # given by hand, they win over the store
    mine = tmp_path / "reczny.xml"
    by_hand = [*BY_HAND, "--order-id", "555", "--clause-on", "2026-12-20"]
    result = runner.invoke(app, [*_xml(mine, "--komornik-id", "1001", *by_hand), "--json"])
    assert result.exit_code == 0, result.output
    ids = json.loads(result.stdout)["court_ids"]
    assert ids["order_id"] == {"value": 555, "source": "option"}
    assert ids["clause_on"] == {"value": "2026-12-20", "source": "option"}
    assert _nakaz(mine.read_bytes()) == ("555", "2026-12-20", "KW-1")
    assert (
        "IDNakazu" not in runner.invoke(app, _xml(mine, "--komornik-id", "1001", *by_hand)).stdout
    )


def test_without_a_sync_every_identifier_is_named(
    firm: Firm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _filed(firm, monkeypatch)
    # the court stage recorded by hand, as without credentials: nothing stored by the sync
    for kind, on in (
        ("payment-order-issued", "2026-11-25"),
        ("payment-order-served", "2026-11-27"),
        ("payment-order-final", "2026-12-14"),
    ):
        monkeypatch.setattr("cli.events.firm_today", lambda: LATER)
        args = ["event", "add", ORDERED, "--kind", kind, "--on", on]
        if kind == "payment-order-issued":
            args += ["--signature", firm.fake.cases[ORDERED].signature]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    out = tmp_path / "w.xml"
    line = _refused(_xml(out, "--komornik-id", "1001"))
    for option in ("--order-id", "--decision-code", "--clause-id", "--clause-code", "--clause-on"):
        assert option in line
    assert "--komornik-id" not in line
    assert not out.exists() and _applications(firm) == []
