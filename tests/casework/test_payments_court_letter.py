"""The court letter's .docx written by the payment commands themselves (issue #18): after
``handoff payments add / import / assign`` records a payment on a case in court, the letter
the court needs (``casework.court_letters``) is rendered at once and the command says where;
a letter that cannot be written leaves the payment recorded and the letter ``to_render``,
with one Polish line. The sample cases imported and drafted for real, on SQLite and
PostgreSQL; each .docx read back with python-docx.

Expected figures (as tests/casework/test_court_letters.py): TT/WIND/2026/0152, FV/2026/09/021
8 487,00 zł, deadline 15.09.2026, commercial interest H2 2026 13,75 % (polish_law.md 0b K9);
filed 25.11.2026; 1 000,00 zł paid on 26.11.2026: interest 16.09-26.11.2026 = 72 days x
13,75 % x 8 487 / 365 = 230,20 zł, principal 769,80 zł (art. 451 §1 zd. 2, §3 KC).
"""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from sqlmodel import Session, select

from store.tables import CourtLetter, GeneratedDocument, RecordedPayment
from tests.casework.cli_helpers import ok

from .conftest import NAKAZOWE, Firm

INTEREST = (Decimal(8487) * Decimal("0.1375") * 72 / 365).quantize(Decimal("0.01"))
# the interest by its period and base, as the pozew claims it (od dnia ... do dnia zapłaty)
PARTIAL = (
    "cofam pozew ze zrzeczeniem się roszczenia co do kwoty 769,80 zł należności głównej "
    "oraz odsetek ustawowych za opóźnienie w transakcjach handlowych od kwoty 8 487,00 zł za "
    "okres od dnia 16 września 2026 r. do dnia 26 listopada 2026 r. w kwocie 230,20 zł z "
    "faktury nr FV/2026/09/021, zapłaconych przez pozwanego po wniesieniu pozwu"
)


def _text(path: str) -> str:
    doc = Document(io.BytesIO(Path(path).read_bytes()))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def _filed(firm: Firm) -> None:
    firm.approve(NAKAZOWE)
    ok("cases", "file", NAKAZOWE, "--on", "2026-11-25", "--signature", "I C 123/26")


def _import_paying_both(tmp_path: Path) -> dict[str, Any]:
    """``payments import --json`` of a statement paying 1 000,00 zł on 26.11.2026 to each of
    TT/WIND/2026/0152 and TT/WIND/2026/0141."""
    csv = tmp_path / "wyciag.csv"
    csv.write_text(
        "data;kwota;tytuł;kontrahent;id transakcji\n"
        "2026-11-26;1000,00;Zapłata TT/WIND/2026/0152;Zielona Dolina sp. z o.o.;T-1\n"
        "2026-11-26;1000,00;Zapłata TT/WIND/2026/0141;Dłużnik;T-2\n",
        encoding="utf-8",
    )
    report: dict[str, Any] = json.loads(ok("payments", "import", str(csv), "--json"))
    return report


def _letters(firm: Firm) -> list[CourtLetter]:
    with Session(firm.engine) as s:
        return list(s.exec(select(CourtLetter).order_by(CourtLetter.id)).all())  # type: ignore[arg-type]


def test_payments_add_writes_the_letter_docx(firm: Firm) -> None:
    _filed(firm)
    assert Decimal("230.20") == INTEREST
    out = json.loads(
        ok("payments", "add", NAKAZOWE, "--amount", "1000,00", "--on", "2026-11-26", "--json")
    )
    assert out["payment_id"] and out["stage"] == "filed"  # the existing keys stay
    assert out["court_letters_failed"] == []
    (written,) = out["court_letters"]
    letter, document = written["letter"], written["document"]
    assert (letter["kind"], letter["status"], letter["payment_id"]) == (
        "partial",
        "ready_for_review",
        out["payment_id"],
    )
    assert (letter["principal"], letter["interest"]) == ("769.80", "230.20")
    assert document["version"] == 1 and Path(document["path"]).is_file()
    text = _text(document["path"])
    assert PARTIAL in text
    assert "Sygn. akt: I C 123/26" in text
    assert "w dniu 26 listopada 2026 r. kwotę 1 000,00 zł" in text
    with Session(firm.engine) as s:
        doc = s.get(GeneratedDocument, document["id"])
        assert doc is not None and doc.kind == "court_letter" and doc.path == document["path"]

    # the rest paid, human output: the full withdrawal written, the command says where
    left = json.loads(ok("payments", "list", NAKAZOWE, "--json"))["left"]["total"]
    human = ok("payments", "add", NAKAZOWE, "--amount", left, "--on", "2026-12-01")
    assert firm.stage(NAKAZOWE) == "paid"
    (line,) = [x for x in human.splitlines() if x.startswith("Pismo do sądu #2 w sprawie")]
    assert line.startswith(
        f"Pismo do sądu #2 w sprawie {NAKAZOWE} (cofnięcie pozwu w całości ze zrzeczeniem się "
        "roszczenia) sporządzone - do akceptacji partnera; projekt v2: "
    )
    path = line.split("projekt v2: ")[1]
    assert "cofam pozew w całości ze zrzeczeniem się roszczenia" in _text(path)
    assert [(x.key.split(":")[0], x.kind, x.status) for x in _letters(firm)] == [
        ("payment", "partial", "ready_for_review"),
        ("paid", "full", "ready_for_review"),
    ]
    # letters draft finds nothing more to write: the same letter, the same file
    again = json.loads(ok("letters", "draft", NAKAZOWE, "--reason", "paid", "--json"))
    assert again["document"]["path"] == path and again["also_drafted"] == []


def test_no_letter_no_docx_before_filing(firm: Firm) -> None:
    out = json.loads(
        ok("payments", "add", NAKAZOWE, "--amount", "100", "--on", "2026-11-20", "--json")
    )
    assert (out["court_letters"], out["court_letters_failed"]) == ([], [])
    assert _letters(firm) == []


def test_unreadable_firm_profile_keeps_the_payment_and_the_letter_to_render(
    firm: Firm, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _filed(firm)
    monkeypatch.setenv("HANDOFF_FIRM_FILE", str(tmp_path / "brak.json"))
    out = ok("payments", "add", NAKAZOWE, "--amount", "1000,00", "--on", "2026-11-26")
    (line,) = [x for x in out.splitlines() if "nie zostało sporządzone" in x]
    assert line.startswith(f"Pismo do sądu w sprawie {NAKAZOWE} nie zostało sporządzone (.docx)")
    assert "profil kancelarii" in line and "Wpłata jest zapisana" in line
    assert line.endswith(f"ponów: handoff letters draft {NAKAZOWE} --reason payment")
    with Session(firm.engine) as s:
        (paid,) = s.exec(select(RecordedPayment)).all()
        assert paid.amount == Decimal("1000.00")
    ((status, document_id),) = [(x.status, x.document_id) for x in _letters(firm)]
    assert (status, document_id) == ("to_render", None)

    # the retry the line names writes it once the profile is back
    monkeypatch.delenv("HANDOFF_FIRM_FILE")
    drafted = json.loads(ok("letters", "draft", NAKAZOWE, "--reason", "payment", "--json"))
    assert drafted["letter"]["status"] == "ready_for_review"
    assert PARTIAL in _text(drafted["document"]["path"])


def test_payment_in_full_with_unreadable_profile_is_recorded(
    firm: Firm, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Nothing that needs the firm profile (the final statement, the court letter) undoes a
    payment that closed the case: both wait, each with its own line."""
    _filed(firm)
    left = json.loads(ok("payments", "list", NAKAZOWE, "--json"))["left"]["total"]
    monkeypatch.setenv("HANDOFF_FIRM_FILE", str(tmp_path / "brak.json"))
    out = ok("payments", "add", NAKAZOWE, "--amount", left, "--on", "2026-12-01")
    assert firm.stage(NAKAZOWE) == "paid"
    assert f"sporządź: handoff payments statement {NAKAZOWE}" in out
    assert f"ponów: handoff letters draft {NAKAZOWE} --reason payment" in out
    assert [(x.kind, x.status) for x in _letters(firm)] == [("full", "to_render")]
    monkeypatch.delenv("HANDOFF_FIRM_FILE")
    assert "Rozliczenie końcowe sprawy" in ok("payments", "statement", NAKAZOWE)


@pytest.mark.parametrize("broken", ["unknown_field", "not_a_docx"])
def test_broken_template_json_names_the_failure(
    firm: Firm, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, broken: str
) -> None:
    """The firm's copy of the template (HANDOFF_TEMPLATES_DIR) uses a field the letter does
    not have, or is not a .docx at all: the payment is recorded, the letter waits."""
    from documents.court_letters import TEMPLATES
    from law.pl.court_letters import LetterKind

    _filed(firm)
    templates = tmp_path / "szablony"
    templates.mkdir()
    target = templates / f"{TEMPLATES[LetterKind.PARTIAL]}.docx"
    if broken == "unknown_field":
        doc = Document()
        doc.add_paragraph("{{ nieznane_pole }}")
        doc.save(str(target))
    else:
        target.write_bytes(b"to nie jest docx")
    monkeypatch.setenv("HANDOFF_TEMPLATES_DIR", str(templates))
    out = json.loads(
        ok("payments", "add", NAKAZOWE, "--amount", "1000,00", "--on", "2026-11-26", "--json")
    )
    assert out["court_letters"] == []
    (failed,) = out["court_letters_failed"]
    assert failed["case"] == NAKAZOWE
    assert "\n" not in failed["message"]
    if broken == "unknown_field":
        assert "używa pól, których nie ma: nieznane_pole" in failed["message"]
    else:
        assert (
            "nie można sporządzić pisma z szablonu cofniecie_czesciowe.docx: "
            "cofniecie_czesciowe: plik nie jest poprawnym szablonem .docx (BadZipFile"
        ) in failed["message"]
    assert failed["message"].endswith("handoff letters draft TT/WIND/2026/0152 --reason payment")
    assert (
        json.loads(ok("payments", "list", NAKAZOWE, "--json"))["payments"][0]["id"]
        == (out["payment_id"])
    )
    assert [x.status for x in _letters(firm)] == ["to_render"]


def test_import_and_assign_write_the_letter(firm: Firm, tmp_path: Path) -> None:
    _filed(firm)
    csv = tmp_path / "wyciag.csv"
    csv.write_text(
        "data;kwota;tytuł;kontrahent;id transakcji\n"
        "2026-11-26;1000,00;Zapłata TT/WIND/2026/0152;Zielona Dolina sp. z o.o.;T-1\n"
        "2026-11-27;50,00;przelew;Ktoś Nieznany;T-2\n",
        encoding="utf-8",
    )
    report = json.loads(ok("payments", "import", str(csv), "--json"))
    assert [r["case"] for r in report["recorded"]] == [NAKAZOWE]
    (written,) = report["court_letters"]
    assert written["letter"]["kind"] == "partial" and written["case"] == NAKAZOWE
    assert PARTIAL in _text(written["document"]["path"])

    (txn,) = json.loads(ok("payments", "unmatched", "--json"))
    human = ok("payments", "assign", str(txn["id"]), NAKAZOWE, "--by", "ola")
    assert "Przypisano nierozpoznaną wpłatę" in human
    (line,) = [x for x in human.splitlines() if x.startswith("Pismo do sądu #2 w sprawie")]
    path = line.split("projekt v2: ")[1]
    assert "kwotę 50,00 zł" in _text(path)
    assert [x.status for x in _letters(firm)] == ["ready_for_review", "ready_for_review"]


@pytest.mark.parametrize(
    ("per_commit", "processes"), [(50, "1"), (1, "2")], ids=["one-batch", "two-processes"]
)
def test_a_letter_that_cannot_be_written_leaves_the_other_cases_letters(
    firm: Firm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, per_commit: int, processes: str
) -> None:
    """The letters after an import are written many cases to a commit; a batch in which one
    case fails is written again case by case: the case whose .docx cannot be written (its
    drafts folder is a file here) keeps its letter to_render, the other case's is written.
    The same when each case is a batch of its own, written by two processes."""
    import cli.payment_letters

    monkeypatch.setattr(cli.payment_letters, "LETTERS_PER_COMMIT", per_commit)
    monkeypatch.setenv("HANDOFF_LETTER_PROCESSES", processes)
    assert cli.payment_letters.letter_processes(2) == int(processes)  # two batches below
    other = "TT/WIND/2026/0141"
    _filed(firm)
    firm.approve(other)
    ok("cases", "file", other, "--on", "2026-11-25", "--mode", "portal")
    with Session(firm.engine) as s:
        pozew = s.exec(
            select(GeneratedDocument).where(
                GeneratedDocument.case_id == firm.ids[other], GeneratedDocument.kind == "pozew"
            )
        ).one()
    folder = Path(pozew.path).parent
    folder.rename(folder.with_name(folder.name + ".moved"))
    folder.write_text("not a folder", encoding="utf-8")
    report = _import_paying_both(tmp_path)
    assert sorted(r["case"] for r in report["recorded"]) == sorted([NAKAZOWE, other])
    assert [w["case"] for w in report["court_letters"]] == [NAKAZOWE]
    assert PARTIAL in _text(report["court_letters"][0]["document"]["path"])
    (failed,) = report["court_letters_failed"]
    assert failed["case"] == other and "nie można zapisać pisma" in failed["message"]
    by_case = {x.case_id: x.status for x in _letters(firm)}
    assert by_case == {firm.ids[NAKAZOWE]: "ready_for_review", firm.ids[other]: "to_render"}

    folder.unlink()
    folder.with_name(folder.name + ".moved").rename(folder)
    out = json.loads(ok("letters", "draft", other, "--reason", "payment", "--json"))
    assert out["letter"]["status"] == "ready_for_review" and Path(out["document"]["path"]).is_file()


def test_letter_processes_setting_wrong_keeps_the_payment(
    firm: Firm, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HANDOFF_LETTER_PROCESSES that is not a whole number from 1: the payment is recorded,
    the letter waits, and the line says which setting is wrong."""
    _filed(firm)
    monkeypatch.setenv("HANDOFF_LETTER_PROCESSES", "dwa")
    out = json.loads(
        ok("payments", "add", NAKAZOWE, "--amount", "1000,00", "--on", "2026-11-26", "--json")
    )
    (failed,) = out["court_letters_failed"]
    assert "HANDOFF_LETTER_PROCESSES='dwa' - podaj liczbę procesów, od 1" in failed["message"]
    assert [x.status for x in _letters(firm)] == ["to_render"]
    monkeypatch.setenv("HANDOFF_LETTER_PROCESSES", "2")
    again = json.loads(ok("letters", "draft", NAKAZOWE, "--reason", "payment", "--json"))
    assert again["letter"]["status"] == "ready_for_review"


@pytest.mark.parametrize("dies", ["before-writing", "after-committing"])
def test_a_letter_process_that_dies_loses_no_letter(
    firm: Firm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dies: str
) -> None:
    """A letter process killed (as the kernel kills one out of memory: ``os._exit`` here,
    nothing cleaned up) before writing its batch, or after committing it but before
    reporting: the batches whose report was lost are taken up by the command itself, what
    was committed read back, the rest written; every letter is written once and told."""
    import os

    import cli.payment_letters

    other = "TT/WIND/2026/0141"
    _filed(firm)
    firm.approve(other)
    ok("cases", "file", other, "--on", "2026-11-25", "--mode", "portal")
    monkeypatch.setattr(cli.payment_letters, "LETTERS_PER_COMMIT", 1)
    monkeypatch.setenv("HANDOFF_LETTER_PROCESSES", "2")
    parent, victim = os.getpid(), firm.ids[other]
    write_batch = cli.payment_letters._write_batch

    def killed(engine, batch, refs, actor, output, done):  # type: ignore[no-untyped-def]
        if os.getpid() != parent and victim in batch and dies == "before-writing":
            os._exit(1)
        write_batch(engine, batch, refs, actor, output, done)
        if os.getpid() != parent and victim in batch:
            os._exit(1)

    monkeypatch.setattr(cli.payment_letters, "_write_batch", killed)
    report = _import_paying_both(tmp_path)
    assert report["court_letters_failed"] == []
    by_case = {w["case"]: w for w in report["court_letters"]}
    assert sorted(by_case) == sorted([NAKAZOWE, other])
    assert [w["case"] for w in report["court_letters"]] == sorted(
        by_case, key=lambda ref: firm.ids[ref]
    )  # in the cases' order, as one process reports them
    for written in by_case.values():
        assert written["letter"]["status"] == "ready_for_review"
        assert written["document"]["version"] == 1 and Path(written["document"]["path"]).is_file()
        assert "wpłata po wniesieniu pozwu pokryła" in written["reason_text"]
        assert "cofam pozew ze zrzeczeniem się roszczenia" in _text(written["document"]["path"])
    assert {x.case_id: x.status for x in _letters(firm)} == {
        firm.ids[NAKAZOWE]: "ready_for_review",
        firm.ids[other]: "ready_for_review",
    }
    with Session(firm.engine) as s:
        drafts = s.exec(
            select(GeneratedDocument).where(GeneratedDocument.kind == "court_letter")
        ).all()
    assert sorted(d.case_id for d in drafts) == sorted([firm.ids[NAKAZOWE], firm.ids[other]])
