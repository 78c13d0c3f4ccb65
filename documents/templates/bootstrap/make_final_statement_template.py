"""The shipped rozliczenie końcowe template (``documents/templates/rozliczenie_koncowe.docx``):
the creditor's final statement of a case, written by code with the helpers of
``docx_helpers.py`` (which the other template scripts write with too).

Variables: ``documents.final_statement.final_statement_context``. Regenerate (on purpose):

    .venv/bin/python documents/templates/bootstrap/make_final_statement_template.py --overwrite
"""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx_helpers import footer_text, heading, loop_table, new_document, para, write_templates

NAME = "rozliczenie_koncowe"


def rozliczenie_koncowe() -> DocumentObject:
    doc = new_document()
    footer_text(doc, "Rozliczenie końcowe - sprawa {{ sprawa }}")
    para(doc, "{{ miejscowosc }}, {{ data }}", align="r", after=8)
    para(doc, ("{{ kancelaria }}", "b"), after=0)
    para(doc, "{{ kancelaria_adres }}", after=10)
    para(doc, ("Wierzyciel: ", "b"), "{{ wierzyciel }}", after=0)
    para(doc, "{{ wierzyciel_adres }}", after=6)
    para(doc, ("Dłużnik: ", "b"), "{{ dluznik }}", after=8)
    heading(doc, "ROZLICZENIE KOŃCOWE")
    para(doc, "sprawa {{ sprawa }}", align="c", after=4)
    para(doc, "{{ status }}", align="c", after=10)
    heading(doc, "1. Dochodzona należność", level=2, center=False)
    para(doc, "Według ostatniego projektu pozwu (stan na {{ dochodzono_dzien }}):", after=2)
    loop_table(
        doc,
        ["Pozycja", "Kwota"],
        "d in dochodzono",
        ["{{ d.opis }}", "{{ d.kwota }}"],
        [12.8, 3.6],
    )
    para(doc, "Koszty należne od dłużnika na obecnym etapie: {{ koszty }}.", after=8)
    heading(doc, "2. Wpłaty i ich zaliczenie (art. 451 KC)", level=2, center=False)
    loop_table(
        doc,
        ["Lp.", "Data", "Kwota", "Na koszty", "Na odsetki", "Na kapitał", "Podstawa", "Źródło"],
        "w in wplaty",
        [
            "{{ w.lp }}",
            "{{ w.data }}",
            "{{ w.kwota }}",
            "{{ w.koszty }}",
            "{{ w.odsetki }}",
            "{{ w.kapital }}",
            "{{ w.podstawa }}",
            "{{ w.zrodlo }}",
        ],
        [0.9, 2.1, 2.0, 1.8, 1.8, 2.0, 3.5, 2.3],
        footer=[
            "",
            "Razem",
            "{{ odzyskano }}",
            "{{ odzyskano_koszty }}",
            "{{ odzyskano_odsetki }}",
            "{{ odzyskano_kapital }}",
            "",
            "",
        ],
        size=8.5,
    )
    heading(doc, "3. Podsumowanie", level=2, center=False)
    para(doc, ("Odzyskano razem: ", "b"), "{{ odzyskano }}", after=0)
    para(
        doc,
        "w tym: koszty {{ odzyskano_koszty }}, odsetki {{ odzyskano_odsetki }}, "
        "należność główna {{ odzyskano_kapital }}; nadpłata {{ nadplata }}.",
        after=4,
    )
    para(
        doc,
        ("Pozostało do zapłaty na dzień {{ pozostalo_dzien }}: ", "b"),
        "{{ pozostalo }}",
        after=0,
    )
    para(
        doc,
        "(należność główna {{ pozostalo_kapital }}, odsetki {{ pozostalo_odsetki }}, "
        "koszty {{ pozostalo_koszty }}).",
        after=12,
    )
    para(doc, "{{ pelnomocnik }}", align="r", after=0)
    para(doc, "{{ kancelaria }}", align="r", after=0)
    return doc


def main() -> None:
    write_templates({NAME: rozliczenie_koncowe})


if __name__ == "__main__":
    main()
