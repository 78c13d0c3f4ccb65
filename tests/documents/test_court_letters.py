"""The court-letter templates against their context (documents.court_letters), pure: the
static contract check (every variable a template uses is in the context), the court-facing
text rules of tests/documents/test_court_ready.py, and a firm's own edited copy.

Figures: the plan of law.pl.court_letters for one payment covering 211,01 zł interest and
788,99 zł principal (tests/law/test_court_letters.py derives them), dated 1.12.2026.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document

from documents.court_letters import (
    UNKNOWN_COURT,
    UNKNOWN_SIGNATURE,
    CourtRecord,
    letter_context,
    missing_variables,
    render_letter,
    template_name,
)
from documents.render import TEMPLATES
from law.pl.court_letters import Covered, Reason, Situation, court_letter
from law.stages import Stage
from tests.documents.cases import FIRM, docx_text, nakazowe

ON = date(2026, 12, 1)
PAID_ON = date(2026, 11, 20)
LINE = Covered(
    PAID_ON,
    "FV/2025/03/001",
    Decimal("788.99"),
    Decimal("211.01"),
    cites=("KC art. 451 §3", "KC art. 451 §1 zd. 2"),
)
RECORD = CourtRecord("Sąd Rejonowy w Opolu, V Wydział Gospodarczy", "V GC 12/26", date(2026, 11, 2))
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
DOT_DECIMAL = re.compile(r"\b\d+\.\d{2}(?![\d.])")
PLANS = {
    "partial": Situation(Reason.PAYMENT, Stage.FILED, "nakazowe", (LINE,)),
    "paid": Situation(
        Reason.PAID, Stage.ORDINARY, "nakazowe", (LINE,), True, ((PAID_ON, Decimal("1000.00")),)
    ),
    "settlement": Situation(
        Reason.SETTLEMENT, Stage.FILED, "nakazowe", settled_on=date(2026, 11, 28)
    ),
    "epu": Situation(Reason.PAYMENT, Stage.ORDER_SERVED, "epu", (LINE,)),
}


@pytest.mark.parametrize("name", PLANS)
def test_templates_match_their_context_and_read_as_court_documents(name: str) -> None:
    plan = court_letter(PLANS[name])
    context = letter_context(
        nakazowe(), FIRM, plan, RECORD, ON, [(PAID_ON, Decimal("1000.00"))], PLANS[name].settled_on
    )
    assert missing_variables(plan, context) == set()
    text = docx_text(render_letter(plan, context).content)
    assert not ISO_DATE.search(text) and not DOT_DECIMAL.search(text)
    for word in ("UNCONFIRMED", "art. 203", "art. 355", "art. 193", "art. 79", "{{", "{%"):
        assert word not in text, word
    assert "Sąd Rejonowy w Opolu" in text and "V Wydział Gospodarczy" in text
    assert "Sygn. akt: V GC 12/26" in text
    assert "Pozwem wniesionym do Sądu Rejonowego w Opolu w dniu 2 listopada 2026 r." in text
    assert f"{FIRM.attorney_title}\n{FIRM.attorney_name}\n(podpis)" in text
    assert "dnia 1 grudnia 2026 r." in text
    if name in ("partial", "epu"):
        assert "co do kwoty 788,99 zł należności głównej oraz kwoty 211,01 zł odsetek" in text
    if name == "epu":
        assert "nie jest pismem do złożenia w formie papierowej" in text
    else:
        assert "ELEKTRONICZNYM" not in text
    if name == "settlement":
        assert "28 listopada 2026 r., strony zawarły ugodę pozasądową" in text
        assert "kosztów" not in text


def test_unknown_court_and_signature_print_the_markers_the_blockers_name() -> None:
    plan = court_letter(PLANS["partial"])
    context = letter_context(nakazowe(), FIRM, plan, CourtRecord("", "", None), ON)
    text = docx_text(render_letter(plan, context).content)
    assert UNKNOWN_COURT in text and UNKNOWN_SIGNATURE in text


def test_a_firm_edits_its_own_copy(tmp_path: Path) -> None:
    plan = court_letter(PLANS["partial"])
    name = template_name(plan)
    doc = Document(str(TEMPLATES / f"{name}.docx"))
    doc.add_paragraph("Dopisek kancelarii: sygnatura wewnętrzna {{ sprawa }}.")
    doc.save(str(tmp_path / f"{name}.docx"))
    shutil.copy(TEMPLATES / "cofniecie_calosc.docx", tmp_path / "inny.docx")  # ignored
    context = letter_context(nakazowe(), FIRM, plan, RECORD, ON)
    text = docx_text(render_letter(plan, context, tmp_path).content)
    assert f"Dopisek kancelarii: sygnatura wewnętrzna {context['sprawa']}." in text
