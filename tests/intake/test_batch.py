"""Mixed batches: bad cases rejected with reasons, every good case still imported."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select

from intake import Outcome, import_batch
from store.cases import find_case, load_case_file
from store.tables import Case, Debtor, IntakeRejection
from tests.intake.conftest import PDF, case_doc, write_case

JINJA = "{{ 7*7 }} Sp. {% if True %}z o.o.{% endif %} {# komentarz #}"


def build_mixed_batch(root: Path) -> None:
    write_case(root / "01-good", case_doc(external_ref="G/1"))
    bad = case_doc(external_ref="B/1")
    bad["debtor"]["nip"] = "1234567890"
    bad["invoices"][1]["due_date"] = "2026-01-01"
    write_case(root / "02-bad-fields", bad)
    good = case_doc(external_ref="G/2")
    good["debtor"]["name"] = JINJA
    write_case(root / "03-good-jinja", good)
    escape = case_doc(external_ref="B/2")
    escape["invoices"][0]["file"] = "../01-good/fv1.pdf"
    escape["invoices"][1]["file"] = "/etc/passwd"
    escape["contract"] = {"number": "1", "file": "link.pdf"}
    folder = write_case(root / "04-bad-paths", escape)
    (folder / "link.pdf").symlink_to(root / "01-good" / "fv1.pdf")
    big = case_doc(external_ref="B/3")
    big["invoices"][1]["file"] = "skan.pdf"
    folder = write_case(root / "05-bad-big", big)
    with open(folder / "skan.pdf", "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    missing = case_doc(external_ref="B/4")
    missing["invoices"][0]["file"] = "brak.pdf"
    write_case(root / "06-bad-missing", missing, files=())
    (root / "07-bad-json").mkdir()
    (root / "07-bad-json" / "case.json").write_text('{"format": "handoff-case/1",', "utf-8")
    (root / "08-empty").mkdir()
    write_case(root / "09-good-toml", {})
    (root / "09-good-toml" / "case.json").unlink()
    (root / "09-good-toml" / "case.toml").write_text(
        """format = "handoff-case/1"
external_ref = "G/3"
claim_basis = "services"
creditor = { name = "Termotech Instalacje sp. z o.o.", nip = "2588139984" }
debtor = { name = "Hotel Zielona Dolina sp. z o.o.", nip = "984-472-94-08" }

[[invoices]]
number = "FV/9"
issue_date = 2026-06-01
due_date = "15.06.2026"
amount = "1 234,50"
file = "fv1.pdf"
""",
        "utf-8",
    )
    write_case(root / "10-bad-duplicate-ref", case_doc(external_ref="G/1"))
    (root / ".hidden").mkdir()
    (root / "notes.txt").write_text("ignored")


def test_mixed_batch(engine: sa.Engine, tmp_path: Path) -> None:
    root = tmp_path / "batch"
    build_mixed_batch(root)
    report = import_batch(engine, root, batch_name="mixed")
    by_folder = {o.source.split("/")[1]: o for o in report.outcomes}
    assert {k for k, o in by_folder.items() if o.outcome is Outcome.CREATED} == {
        "01-good",
        "03-good-jinja",
        "09-good-toml",
    }
    assert report.rejected == 7 and report.seen == 10

    def fields(folder: str) -> list[tuple[str, str]]:
        return [(e.field, e.message) for e in by_folder[folder].errors]

    assert [f for f, _ in fields("02-bad-fields")] == ["debtor.nip", "invoices[1].due_date"]
    paths = dict(fields("04-bad-paths"))
    assert "używa '..'" in paths["invoices[0].file"]
    assert "jest bezwzględna" in paths["invoices[1].file"]
    assert "prowadzącym poza folder sprawy" in paths["contract.file"]
    assert fields("05-bad-big") == [
        ("invoices[1].file", "plik skan.pdf ma 50.0 MB, ponad limit 25 MB")
    ]
    assert fields("06-bad-missing") == [
        ("invoices[0].file", "brak pliku brak.pdf w folderze sprawy")
    ]
    assert "nie jest poprawnym JSON-em" in fields("07-bad-json")[0][1]
    assert fields("08-empty") == [("(document)", "brak case.json ani case.toml w folderze sprawy")]
    assert (
        "występuje dwa razy w tej partii (pierwszy raz w batch/01-good/case.json)"
        in (fields("10-bad-duplicate-ref")[0][1])
    )

    with Session(engine) as s:
        rejections = s.exec(select(IntakeRejection)).all()
        assert len(rejections) == 7
        assert all(r.batch_id == report.batch_id for r in rejections)
        stored = {r.source: json.loads(r.errors_json) for r in rejections}
        assert stored["batch/02-bad-fields/case.json"][0] == {
            "source": "batch/02-bad-fields/case.json",
            "row": None,
            "field": "debtor.nip",
            "value": "1234567890",
            "message": "NIP 1234567890: błędna suma kontrolna",
        }
        debtor = s.exec(select(Debtor).where(Debtor.name == JINJA)).one()
        assert debtor.name == JINJA  # data, verbatim
        toml_case = find_case(s, "G/3")
        assert toml_case is not None and toml_case.id is not None
        loaded = load_case_file(s, toml_case.id)
        assert loaded.invoices[0].amount == Decimal("1234.50")
        assert loaded.debtor.nip == "9844729408"
        assert len(s.exec(select(Case)).all()) == 3


def test_input_that_is_not_a_batch(sqlite_engine: sa.Engine, tmp_path: Path) -> None:
    report = import_batch(sqlite_engine, tmp_path / "nie-ma")
    (outcome,) = report.outcomes
    assert outcome.outcome is Outcome.REJECTED and "nie istnieje" in outcome.errors[0].message
    (tmp_path / "x.pdf").write_bytes(PDF)
    (outcome,) = import_batch(sqlite_engine, tmp_path / "x.pdf").outcomes
    assert "ani plikiem .csv" in outcome.errors[0].message


def test_a_single_case_folder_or_document(sqlite_engine: sa.Engine, tmp_path: Path) -> None:
    folder = write_case(tmp_path / "jedna", case_doc())
    assert import_batch(sqlite_engine, folder).created == 1
    assert import_batch(sqlite_engine, folder / "case.json").unchanged == 1


def test_a_symlinked_case_folder_is_refused(sqlite_engine: sa.Engine, tmp_path: Path) -> None:
    write_case(tmp_path / "outside", case_doc())
    (tmp_path / "batch").mkdir()
    (tmp_path / "batch" / "link").symlink_to(tmp_path / "outside")
    (outcome,) = import_batch(sqlite_engine, tmp_path / "batch").outcomes
    assert outcome.errors[0].message == "folder sprawy jest dowiązaniem (symlink)"


def test_nul_and_lone_surrogates_are_refused_not_crashing(
    engine: sa.Engine, tmp_path: Path
) -> None:
    doc = case_doc(external_ref="A\x00B")
    doc["debtor"]["name"] = "Firma \ud800"
    folder = tmp_path / "batch" / "c"
    folder.mkdir(parents=True)
    (folder / "case.json").write_text(json.dumps(doc), "utf-8")  # \u escapes survive
    (outcome,) = import_batch(engine, tmp_path / "batch").outcomes
    messages = {e.field: e.message for e in outcome.errors}
    assert messages == {
        "external_ref": "zawiera znak NUL",
        "debtor.name": "zawiera niepoprawne znaki Unicode",
    }
    with Session(engine) as s:
        assert s.exec(select(IntakeRejection)).one().external_ref == "A\\x00B"


def test_csv_batch_with_bom_imports(engine: sa.Engine, tmp_path: Path) -> None:
    text = (
        "external_ref;creditor_name;creditor_nip;debtor_name;debtor_nip;claim_basis;"
        "invoice_number;issue_date;due_date;amount\r\n"
        "C/1;Termotech Instalacje sp. z o.o.;2588139984;Zakład Usług Łódź;9766344001;services;"
        "FV 1;31.12.2025;14.01.2026;1 234,56\r\n"
        "C/2;Termotech Instalacje sp. z o.o.;2588139984;Zakład Usług Łódź;9766344002;services;"
        "FV 2;31.12.2025;14.01.2026;100\r\n"
    )
    path = tmp_path / "eksport.csv"
    path.write_bytes(text.encode("utf-8-sig"))
    report = import_batch(engine, path)
    assert (report.created, report.rejected) == (1, 1)
    (bad,) = report.errors
    assert (bad.source, bad.row, bad.field) == ("eksport.csv", 3, "debtor_nip")
    with Session(engine) as s:
        case = find_case(s, "C/1", creditor_nip="2588139984")
        assert case is not None and case.id is not None
        loaded = load_case_file(s, case.id)
    assert loaded.debtor.name == "Zakład Usług Łódź"
    assert loaded.invoices[0].amount == Decimal("1234.56")
    assert str(loaded.invoices[0].issue_date) == "2025-12-31"


def test_absurd_numbers_are_field_errors(engine: sa.Engine, tmp_path: Path) -> None:
    root = tmp_path / "batch"
    doc = case_doc()
    doc["invoices"][0]["amount"] = "__AMOUNT__"
    folder = write_case(root / "a", doc)
    text = (folder / "case.json").read_text("utf-8").replace('"__AMOUNT__"', "1e309")
    (folder / "case.json").write_text(text, "utf-8")
    folder = write_case(root / "b", {})
    (folder / "case.json").unlink()
    (folder / "case.toml").write_text(
        'format = "handoff-case/1"\nexternal_ref = "N"\nclaim_basis = "sale"\n'
        'creditor = { name = "A", nip = "2588139984" }\n'
        'debtor = { name = "B", nip = "2141707530" }\n'
        '[[invoices]]\nnumber = "1"\nissue_date = 2026-01-01\ndue_date = 2026-01-02\n'
        "amount = nan\n",
        "utf-8",
    )
    report = import_batch(engine, root)
    assert [(e.field, e.message) for e in report.errors] == [
        ("invoices[0].amount", "kwota 1E+309 jest za duża"),
        (
            "invoices[0].amount",
            "invoices[0].amount Decimal('NaN'): musi być skończoną liczbą",
        ),
    ]
