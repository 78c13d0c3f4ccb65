"""The rozliczenie końcowe template against its context: no variable the context lacks
(docxtpl's static check), and a party name with template syntax prints literally."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from config import SAMPLE_FIRM
from documents.final_statement import (
    TEMPLATE,
    FinalStatement,
    StatementPayment,
    final_statement_context,
    render_final_statement,
)
from documents.firm import load_firm_profile
from documents.render import undeclared_variables
from tests.documents import cases


def _statement(debtor: str) -> FinalStatement:
    return FinalStatement(
        "TT/1",
        "zapłacona",
        date(2026, 12, 1),
        "Wierzyciel S.A.",
        "ul. Prosta 1, 00-001 Warszawa",
        debtor,
        (("Należność główna", Decimal("100.00")),),
        date(2026, 11, 23),
        Decimal("0.00"),
        (
            StatementPayment(
                date(2026, 12, 1),
                Decimal("101.00"),
                Decimal("0.00"),
                Decimal("1.00"),
                Decimal("100.00"),
                Decimal("0.00"),
                "KC art. 451 §1 zd. 2",
                "csv",
            ),
        ),
        date(2026, 12, 1),
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("0.00"),
    )


def test_the_template_uses_only_what_the_context_gives() -> None:
    context = final_statement_context(
        _statement("Dłużnik"), load_firm_profile(SAMPLE_FIRM), date(2026, 12, 1)
    )
    assert undeclared_variables(TEMPLATE, context) == set()


def test_template_syntax_in_a_name_prints_literally() -> None:
    evil = "{{ sprawa }} & <b>"
    context = final_statement_context(
        _statement(evil), load_firm_profile(SAMPLE_FIRM), date(2026, 12, 1)
    )
    text = cases.docx_text(render_final_statement(context).content)
    assert evil in text and "wyciąg CSV" in text and "101,00 zł" in text
