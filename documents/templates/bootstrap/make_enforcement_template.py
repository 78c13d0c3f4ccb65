"""The shipped wniosek egzekucyjny template (``documents/templates/wniosek_egzekucyjny.docx``),
written by code with the helpers of ``make_templates.py`` (which writes the other templates).

Variables: ``documents.enforcement_docx.wniosek_context``. Regenerate (on purpose):

    .venv/bin/python documents/templates/bootstrap/make_enforcement_template.py --overwrite
"""

from __future__ import annotations

import sys

from docx.document import Document as DocumentObject
from make_templates import OUT, footer_text, heading, loop_table, new_document, para, tag

NAME = "wniosek_egzekucyjny"


def wniosek_egzekucyjny() -> DocumentObject:
    doc = new_document()
    footer_text(doc, "Wniosek egzekucyjny - sprawa {{ sprawa }}")
    para(doc, "{{ miejscowosc }}, {{ data }}", align="r", after=10)
    para(doc, ("Do: ", "b"), "{{ komornik }}", after=8)
    para(doc, ("Wierzyciel: ", "b"), "{{ wierzyciel.nazwa }}", after=0)
    para(doc, "{{ wierzyciel.adres }}", after=0)
    para(doc, "{{ wierzyciel.identyfikatory }}", after=0)
    para(
        doc,
        "reprezentowany przez: {{ pelnomocnik.tytul }} {{ pelnomocnik.nazwa }}, "
        "{{ pelnomocnik.kancelaria }}, {{ pelnomocnik.adres }}",
        after=6,
    )
    para(doc, ("Dłużnik: ", "b"), "{{ dluznik.nazwa }}", after=0)
    para(doc, "{{ dluznik.adres }}", after=0)
    para(doc, "{{ dluznik.identyfikatory }}", after=10)
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
    para(doc, "{{ pelnomocnik.tytul }} {{ pelnomocnik.nazwa }}", align="r", after=10)
    para(doc, ("Załączniki:", "b"), after=0)
    para(doc, "1. tytuł wykonawczy ({{ tytul.opis }} z klauzulą wykonalności),", after=0)
    para(doc, "2. pełnomocnictwo wraz z dowodem uiszczenia opłaty skarbowej.", after=0)
    return doc


def main() -> None:
    if "--overwrite" not in sys.argv:
        sys.exit("refusing to overwrite the shipped template without --overwrite")
    wniosek_egzekucyjny().save(OUT / f"{NAME}.docx")
    print("wrote", OUT / f"{NAME}.docx")


if __name__ == "__main__":
    main()
