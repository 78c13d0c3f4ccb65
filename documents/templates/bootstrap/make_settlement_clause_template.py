"""The shipped wniosek o nadanie klauzuli wykonalności of a broken court settlement
(``wniosek_klauzula_ugoda.docx``, variables
``documents.settlement_clause_docx.ugoda_klauzula_context``), written with the helpers of
``docx_helpers.py``. Like ``wniosek_klauzula.docx`` it states no fee amount and no article
(both UNCONFIRMED: not in the team's reference). Regenerate (on purpose):

    .venv/bin/python documents/templates/bootstrap/make_settlement_clause_template.py --overwrite
"""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx_helpers import (
    creditor_and_debtor,
    footer_text,
    heading,
    new_document,
    para,
    write_templates,
)
from make_enforcement_template import _closing  # the attorney, then the attachments

NAME = "wniosek_klauzula_ugoda"


def wniosek_klauzula_ugoda() -> DocumentObject:
    """The application to the court before which the settlement was concluded."""
    doc = new_document()
    footer_text(doc, "Wniosek o nadanie klauzuli wykonalności ugodzie - sprawa {{ sprawa }}")
    para(doc, "{{ miejscowosc }}, {{ data }}", align="r", after=10)
    para(doc, ("Do: ", "b"), "{{ sad }}", after=2)
    para(doc, ("Sygn. akt: ", "b"), "{{ ugoda.sygnatura or '—' }}", after=8)
    creditor_and_debtor(doc, "Wierzyciel: ", "Dłużnik: ")
    heading(doc, "WNIOSEK O NADANIE KLAUZULI WYKONALNOŚCI UGODZIE SĄDOWEJ")
    para(
        doc,
        "Działając w imieniu wierzyciela, wnoszę o nadanie klauzuli wykonalności ugodzie "
        "zawartej przed {{ ugoda.sad }} dnia {{ ugoda.data }}{{ ugoda.sygnatura_tekst }}, oraz "
        "o doręczenie tytułu wykonawczego pełnomocnikowi wierzyciela na adres wskazany powyżej.",
        align="j",
        after=6,
    )
    para(doc, ("Uzasadnienie", "b"), align="c", after=2)
    para(
        doc,
        "Strony zawarły przed sądem ugodę z dnia {{ ugoda.data }}, w której dłużnik zobowiązał "
        "się zapłacić wierzycielowi należność w ratach. {{ ugoda.naruszenie }}, wobec czego "
        "zgodnie z ugodą cała pozostała kwota, {{ ugoda.pozostalo }}, stała się wymagalna z "
        "dniem {{ ugoda.wymagalna_od }}. Należność nie została zapłacona, co uzasadnia wniosek.",
        align="j",
        after=10,
    )
    _closing(doc, "1. dowód uiszczenia opłaty od wniosku,", "2. odpis wniosku.")
    return doc


TEMPLATES = {NAME: wniosek_klauzula_ugoda}


def main() -> None:
    """``--overwrite``: write the template."""
    write_templates(TEMPLATES)


if __name__ == "__main__":
    main()
