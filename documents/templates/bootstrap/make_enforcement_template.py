"""The shipped enforcement templates, written by code with the helpers of ``docx_helpers.py``
(which the other template scripts write with too): the wniosek egzekucyjny for the komornik
(``wniosek_egzekucyjny.docx``, variables ``documents.enforcement_docx.wniosek_context``) and
the wniosek o nadanie klauzuli wykonalności for the court (``wniosek_klauzula.docx``,
variables ``documents.enforcement_docx.klauzula_context``). Regenerate (on purpose):

    .venv/bin/python documents/templates/bootstrap/make_enforcement_template.py --overwrite
"""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx_helpers import (
    creditor_and_debtor,
    footer_text,
    heading,
    loop_table,
    new_document,
    para,
    tag,
    write_templates,
)

NAME = "wniosek_egzekucyjny"
CLAUSE_NAME = "wniosek_klauzula"


def _closing(doc: DocumentObject, *attachments: str) -> None:
    """The attorney on the right, then the list of attachments."""
    para(doc, "{{ pelnomocnik.tytul }} {{ pelnomocnik.nazwa }}", align="r", after=10)
    para(doc, ("Załączniki:", "b"), after=0)
    for line in attachments:
        para(doc, line, after=0)


def wniosek_egzekucyjny() -> DocumentObject:
    doc = new_document()
    footer_text(doc, "Wniosek egzekucyjny - sprawa {{ sprawa }}")
    para(doc, "{{ miejscowosc }}, {{ data }}", align="r", after=10)
    para(doc, ("Do: ", "b"), "{{ komornik }}", after=8)
    creditor_and_debtor(doc, "Wierzyciel: ", "Dłużnik: ")
    heading(doc, "WNIOSEK EGZEKUCYJNY")
    para(
        doc,
        "Na podstawie tytułu wykonawczego: {{ tytul.opis }} {{ tytul.sad }} z dnia "
        "{{ tytul.data }}, sygn. akt {{ tytul.sygnatura }}, prawomocnego z dniem "
        "{{ tytul.prawomocny }}, {{ tytul.klauzula }}, wnoszę o wszczęcie egzekucji "
        "przeciwko dłużnikowi i wyegzekwowanie:",
        align="j",
        after=4,
    )
    loop_table(
        doc,
        ["Lp.", "Należność", "Kwota"],
        "n in naleznosci",
        ["{{ n.lp }}", "{{ n.opis }}", "{{ n.kwota }}"],
        [1.2, 11.6, 3.6],
        footer=["", "Razem na dzień {{ na_dzien }}", "{{ razem }}"],
    )
    para(doc, "wraz z dalszymi odsetkami do dnia zapłaty oraz kosztami egzekucji.", after=6)
    para(doc, ("Wnoszę o prowadzenie egzekucji:", "b"), after=2)
    tag(doc, "{%p for s in sposoby %}")
    para(doc, "- {{ s }};", indent=0.6, after=0)
    tag(doc, "{%p endfor %}")
    para(doc, "", after=4)
    para(doc, ("Wybór komornika: ", "b"), "{{ wybor_komornika }}", align="j", after=8)
    _closing(
        doc,
        "1. tytuł wykonawczy ({{ tytul.opis }} z klauzulą wykonalności),",
        "2. pełnomocnictwo wraz z dowodem uiszczenia opłaty skarbowej.",
    )
    return doc


def wniosek_klauzula() -> DocumentObject:
    """The application to the court that issued the title. It states no fee amount: the fee
    (art. 71 pkt 6 u.k.s.c.) is not in the team reference and a person checks it."""
    doc = new_document()
    footer_text(doc, "Wniosek o nadanie klauzuli wykonalności - sprawa {{ sprawa }}")
    para(doc, "{{ miejscowosc }}, {{ data }}", align="r", after=10)
    para(doc, ("Do: ", "b"), "{{ sad }}", after=2)
    para(doc, ("Sygn. akt: ", "b"), "{{ tytul.sygnatura }}", after=8)
    creditor_and_debtor(doc, "Powód (wierzyciel): ", "Pozwany (dłużnik): ")
    heading(doc, "WNIOSEK O NADANIE KLAUZULI WYKONALNOŚCI")
    para(
        doc,
        "Działając w imieniu powoda, wnoszę o nadanie klauzuli wykonalności "
        "{{ tytul.opis_celownik }} wydanemu przez {{ tytul.sad }} dnia {{ tytul.data }}, sygn. "
        "akt {{ tytul.sygnatura }}, prawomocnemu z dniem {{ tytul.prawomocny }}, oraz o "
        "doręczenie tytułu wykonawczego pełnomocnikowi powoda na adres wskazany powyżej.",
        align="j",
        after=6,
    )
    para(doc, ("Uzasadnienie", "b"), align="c", after=2)
    para(
        doc,
        "{{ tytul.opis_mianownik }} wydany w niniejszej sprawie jest prawomocny z dniem "
        "{{ tytul.prawomocny }} i nadaje się do wykonania w drodze egzekucji. Należność nie "
        "została przez pozwanego zapłacona w całości, co uzasadnia wniosek.",
        align="j",
        after=10,
    )
    _closing(doc, "1. dowód uiszczenia opłaty od wniosku,", "2. odpis wniosku.")
    return doc


TEMPLATES = {NAME: wniosek_egzekucyjny, CLAUSE_NAME: wniosek_klauzula}


def main() -> None:
    """``--overwrite [NAME ...]``: write the named templates (default: all)."""
    write_templates(TEMPLATES)


if __name__ == "__main__":
    main()
