"""Templates belong to the firm: its own folder (HANDOFF_TEMPLATES_DIR), per-file fallback to
the shipped templates, and a template edit redrafts the cases not yet approved.

Real store (SQLite and PostgreSQL), real ``draft_cases`` (no Prefect), real .docx read back.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select

from config import SAMPLE_FIRM, Settings
from documents.drafts import template_fingerprint
from documents.firm import load_firm_profile
from documents.render import TEMPLATES, TemplateName, template_path
from flows.case_pipeline import DraftingContext, draft_cases
from intake.importer import import_batch
from store.drafting import draftable_case_ids
from store.tables import Case, GeneratedDocument
from tests.conftest import SAMPLES
from tests.documents.cases import docx_text

ON_DAY = "2026-12-01"
MARK = "KLAUZULA KANCELARII XYZ"


def _edit_template(source: Path, target: Path, marker: str) -> None:
    """A copy of a .docx template whose closing sentence carries ``marker`` (as an edit in
    Word would: same package, changed text)."""
    with zipfile.ZipFile(source) as src:
        entries = {info.filename: src.read(info) for info in src.infolist()}
    xml = entries["word/document.xml"].decode("utf-8")
    sentence = "Mając powyższe na uwadze, wnoszę jak na wstępie."
    assert sentence in xml
    entries["word/document.xml"] = xml.replace(sentence, f"{sentence} {marker}").encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in entries.items():
            out.writestr(name, data)
    target.write_bytes(buf.getvalue())


def test_settings_read_the_templates_folder(tmp_path: Path) -> None:
    assert Settings.from_env({}).templates_dir is None
    folder = tmp_path / "szablony"
    settings = Settings.from_env({"HANDOFF_TEMPLATES_DIR": str(folder)})
    assert settings.templates_dir == folder.resolve()


def test_firm_folder_falls_back_per_file(tmp_path: Path) -> None:
    firm = tmp_path / "szablony"
    firm.mkdir()
    _edit_template(TEMPLATES / "pozew.docx", firm / "pozew.docx", MARK)
    assert template_path(TemplateName.POZEW, firm) == firm / "pozew.docx"
    assert template_path(TemplateName.MEMO, firm) == TEMPLATES / "memo.docx"
    assert template_path(TemplateName.MEMO) == TEMPLATES / "memo.docx"
    # the fingerprint follows the content of the file each name resolves to
    shipped = template_fingerprint((TemplateName.POZEW, TemplateName.MEMO))
    assert template_fingerprint((TemplateName.MEMO,), firm) == template_fingerprint(
        (TemplateName.MEMO,)
    )
    assert template_fingerprint((TemplateName.POZEW, TemplateName.MEMO), firm) != shipped


def _pozwy(engine: sa.Engine) -> dict[int, list[GeneratedDocument]]:
    with Session(engine) as s:
        docs = s.exec(select(GeneratedDocument).where(GeneratedDocument.kind == "pozew")).all()
    out: dict[int, list[GeneratedDocument]] = {}
    for d in sorted(docs, key=lambda d: d.version):
        out.setdefault(d.case_id, []).append(d)
    return out


def test_template_edit_redrafts_unapproved_cases_only(engine: sa.Engine, tmp_path: Path) -> None:
    from datetime import date

    batch = tmp_path / "batch"
    shutil.copytree(SAMPLES / "cases" / "TT-0141-budomax", batch / "a")
    shutil.copytree(SAMPLES / "cases" / "TT-0163-zielinska", batch / "b")
    import_batch(engine, str(batch))
    ids = draftable_case_ids(engine)
    assert len(ids) == 2
    firm_dir = tmp_path / "szablony"
    firm_dir.mkdir()
    ctx = DraftingContext(
        documents_dir=tmp_path / "documents",
        firm=load_firm_profile(SAMPLE_FIRM),
        reference_date=date.fromisoformat(ON_DAY),
        templates_dir=firm_dir,  # empty: every template falls back to the shipped one
    )
    assert {o.outcome for o in draft_cases(engine, ids, ctx)} == {"drafted"}
    approved, open_case = ids
    with Session(engine) as s:
        case = s.get(Case, approved)
        assert case is not None
        case.stage = "approved"
        s.add(case)
        s.commit()
    # unchanged inputs and templates: nothing is drafted again
    assert {o.outcome for o in draft_cases(engine, [open_case], ctx)} == {"unchanged"}

    # the firm edits its pozew template in its own folder; the same process drafts again
    _edit_template(TEMPLATES / "pozew.docx", firm_dir / "pozew.docx", MARK)
    outcomes = {o.case_id: o.outcome for o in draft_cases(engine, ids, ctx)}
    assert outcomes[open_case] == "drafted"
    assert outcomes[approved] == "skipped"

    pozwy = _pozwy(engine)
    assert [d.version for d in pozwy[open_case]] == [1, 2]
    assert [d.version for d in pozwy[approved]] == [1]
    assert MARK in docx_text(Path(pozwy[open_case][1].path).read_bytes())
    assert MARK not in docx_text(Path(pozwy[open_case][0].path).read_bytes())
    assert MARK not in docx_text(Path(pozwy[approved][0].path).read_bytes())


def test_fingerprint_covers_only_the_templates_a_case_uses(tmp_path: Path) -> None:
    """A case with a final demand gets no wezwanie: editing the wezwanie does not redraft it."""
    from documents.drafts import draft_templates
    from tests.documents import cases

    with_demand = cases.b2b_sale()
    assert with_demand.final_demand is not None
    names = draft_templates(with_demand)
    assert TemplateName.WEZWANIE not in names
    firm = tmp_path / "szablony"
    firm.mkdir()
    before = template_fingerprint(names, firm)
    wezwanie = (TEMPLATES / "wezwanie.docx").read_bytes()
    (firm / "wezwanie.docx").write_bytes(wezwanie + b"\0")  # any change of the file
    assert template_fingerprint(names, firm) == before
    assert template_fingerprint((*names, TemplateName.WEZWANIE), firm) != template_fingerprint(
        (*names, TemplateName.WEZWANIE)
    )
