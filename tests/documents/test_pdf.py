"""LibreOffice conversion of every rendered document; page 1 of the pozew as a PNG.

One soffice run per module (module-scoped fixture); skipped with a visible reason when
LibreOffice or poppler-utils are not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from documents.context import (
    evidence_index_context,
    memo_context,
    pozew_context,
    wezwanie_context,
)
from documents.pdf import convert_to_pdf, soffice_path
from documents.render import TemplateName, render
from tests.documents import cases

REPO = Path(__file__).resolve().parents[2]
PNG = REPO / "docs" / "img" / "pozew-page1.png"

pytestmark = [
    pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) not installed"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed"),
]

BUILDERS = {
    TemplateName.POZEW: pozew_context,
    TemplateName.WEZWANIE: wezwanie_context,
    TemplateName.MEMO: memo_context,
    TemplateName.EVIDENCE_INDEX: evidence_index_context,
}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("pdf")
    sources = []
    for case_name in ("b2b_sale", "nakazowe"):
        inputs = cases.document_inputs(cases.ALL[case_name]())
        for tpl, build in BUILDERS.items():
            sources.append(render(tpl, build(inputs)).write(work / f"{case_name}-{tpl}.docx"))
    return {p.stem: p for p in convert_to_pdf(sources, work / "out", timeout=180)}


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


@pytest.mark.parametrize("case_name", ["b2b_sale", "nakazowe"])
@pytest.mark.parametrize("template", list(TemplateName))
def test_pdf_contains_parties_and_total(
    pdfs: dict[str, Path], case_name: str, template: TemplateName
) -> None:
    text = pdf_text(pdfs[f"{case_name}-{template}"])
    case = cases.ALL[case_name]()
    assert case.debtor.name in text
    if template is not TemplateName.WEZWANIE:
        assert case.creditor.name in text or case.creditor.name[:40] in text
    claim = cases.computed(case)
    from documents.format import format_money

    if template is TemplateName.POZEW:
        assert format_money(claim.principal_total.value) in text
        assert format_money(claim.attorney_fee.value) in text
        assert "do dnia zapłaty" in text
        assert "SHA" not in text and "->" not in text
    if template is TemplateName.MEMO:
        assert format_money(claim.wps.value) in text


def test_pozew_page_one_png(pdfs: dict[str, Path], tmp_path: Path) -> None:
    """Page 1 of the pozew as PNG; with UPDATE_DOCS_IMAGES=1 it refreshes the one in docs/."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm not installed")
    png = PNG if os.environ.get("UPDATE_DOCS_IMAGES") == "1" else tmp_path / PNG.name
    png.parent.mkdir(parents=True, exist_ok=True)
    prefix = png.with_suffix("")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdfs["b2b_sale-pozew"]),
            str(prefix),
        ],
        check=True,
    )
    assert png.stat().st_size > 10_000
