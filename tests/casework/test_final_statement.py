"""The creditor's final statement (rozliczenie końcowe) through the real commands on the
sample cases, SQLite and PostgreSQL, the .docx read back: drafted when a payment in full
closes the case, and on demand (``handoff payments statement``) for an open case.

Expected figures (tests/casework/test_payments.py): TT/WIND/2026/0152, FV/2026/09/021
8 487,00 zł, deadline 15.09.2026, commercial interest 13,75 %: 1 000,00 zł paid on
20.11.2026 covers 66 days of interest, 211,01 zł, then 788,99 zł principal (art. 451 §1
zd. 2, §3 KC).
"""

from __future__ import annotations

import json
from pathlib import Path

from docx import Document
from sqlmodel import Session, select

from store.tables import GeneratedDocument
from tests.casework.cli_helpers import ok, refused

from .conftest import NAKAZOWE, TODAY, Firm


def _text(path: Path) -> tuple[str, list[list[str]]]:
    doc = Document(str(path))
    rows = [[c.text for c in row.cells] for table in doc.tables for row in table.rows]
    return "\n".join(p.text for p in doc.paragraphs), rows


def _documents(firm: Firm, ref: str) -> list[GeneratedDocument]:
    with Session(firm.engine) as s:
        return list(
            s.exec(
                select(GeneratedDocument).where(
                    GeneratedDocument.case_id == firm.ids[ref],
                    GeneratedDocument.kind == "final_statement",
                )
            ).all()
        )


def test_payment_in_full_drafts_the_final_statement(firm: Firm) -> None:
    firm.approve(NAKAZOWE)
    ok("cases", "file", NAKAZOWE, "--on", "2026-11-25", "--signature", "V GNc 7/26")
    ok("payments", "add", NAKAZOWE, "--amount", "1000", "--on", "2026-11-20")
    assert _documents(firm, NAKAZOWE) == []  # not closed yet: nothing drafted
    whole = json.loads(ok("payments", "list", NAKAZOWE, "--json"))["left"]["total"]
    out = ok("payments", "add", NAKAZOWE, "--amount", whole, "--on", TODAY.isoformat())
    assert firm.stage(NAKAZOWE) == "paid" and "Rozliczenie końcowe dla wierzyciela" in out
    (doc,) = _documents(firm, NAKAZOWE)
    assert doc.version == 1 and str(doc.path) in out
    text, rows = _text(Path(doc.path))
    assert "ROZLICZENIE KOŃCOWE" in text and f"sprawa {NAKAZOWE}" in text
    assert "Sprawa zamknięta jako zapłacona w całości (01.12.2026" in text
    assert "Pozostało do zapłaty na dzień 01.12.2026" in text and ": 0,00 zł" in text
    firm_name = "Kancelaria"
    assert firm_name in text
    payments = [r for r in rows if r[0] in ("1", "2")]
    assert payments[0][1:3] == ["20.11.2026 r.", "1 000,00 zł"]
    assert payments[0][3:6] == ["0,00 zł", "211,01 zł", "788,99 zł"]
    assert "KC art. 451" in payments[0][6] and payments[0][7] == "wpis ręczny"
    second = payments[1]
    assert second[2].replace("\xa0", " ") == _pl(whole)
    total = [r for r in rows if r[1] == "Razem"][-1]
    recovered = float(whole) + 1000
    assert total[2] == _pl(f"{recovered:.2f}")
    # what the draft claimed is listed
    assert any(r[0] == "Należność główna" and r[1] == "8 487,00 zł" for r in rows)

    # on demand again: the same statement, no new version
    again = json.loads(ok("payments", "statement", NAKAZOWE, "--json"))
    assert again["created"] is False and again["version"] == 1 and again["left"] == "0.00"


def _pl(amount: str) -> str:
    whole, cents = amount.split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{' '.join(groups)},{cents} zł"


def test_statement_on_demand_for_an_open_case(firm: Firm, tmp_path: Path) -> None:
    ok("payments", "add", NAKAZOWE, "--amount", "1000", "--on", "2026-11-20")
    target = tmp_path / "rozliczenie.docx"
    done = json.loads(ok("payments", "statement", NAKAZOWE, "--out", str(target), "--json"))
    assert done["created"] is True and done["recovered"] == "1000.00"
    assert done["left_on"] == TODAY.isoformat() and float(done["left"]) > 7698
    text, rows = _text(target)
    assert "Sprawa w toku - etap:" in text
    (line,) = [r for r in rows if r[0] == "1"]
    assert line[3:6] == ["0,00 zł", "211,01 zł", "788,99 zł"]
    assert Path(done["path"]).read_bytes() == target.read_bytes()
    (stored,) = _documents(firm, NAKAZOWE)
    assert stored.path == done["path"]
    # a later payment changes the statement: a new version
    ok("payments", "add", NAKAZOWE, "--amount", "100", "--on", "2026-11-21")
    newer = json.loads(ok("payments", "statement", NAKAZOWE, "--json"))
    assert newer["created"] is True and newer["version"] == 2 and newer["payments"] == 2
    assert "nie ma sprawy" in refused("payments", "statement", "NIE/MA/1")
    assert "jest folderem" in refused("payments", "statement", NAKAZOWE, "--out", str(tmp_path))
