"""The shipped court-letter templates (``documents/templates/cofniecie_czesciowe.docx`` and
``cofniecie_calosc.docx``): what the court needs after a payment or a settlement (issue #18),
written by code with the helpers of ``docx_helpers.py``.

Variables: ``documents.court_letters.letter_context``. Regenerate (on purpose):

    .venv/bin/python documents/templates/bootstrap/make_court_letter_templates.py --overwrite
"""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx_helpers import (
    banner,
    court_address,
    court_attorney,
    footer_text,
    heading,
    loop_table,
    new_document,
    para,
    party,
    signature,
    tag,
    write_templates,
)

PARTIAL = "cofniecie_czesciowe"
FULL = "cofniecie_calosc"
ESAD_BANNER = (
    "PISMO PROCESOWE WNOSZONE W ELEKTRONICZNYM POSTĘPOWANIU UPOMINAWCZYM - "
    "nie jest pismem do złożenia w formie papierowej"
)


def _head(doc: DocumentObject, footer: str) -> None:
    footer_text(doc, footer + " - sprawa {{ sprawa }}")
    banner(
        doc,
        "epu",
        ESAD_BANNER,
        "Pismo wnosi się drogą elektroniczną przez e-Sąd, w sprawie o sygnaturze podanej niżej.",
    )
    court_address(doc, division_optional=True)
    para(doc, ("Sygn. akt: ", "b"), ("{{ sygnatura }}", "b"), indent=5, after=6)
    party(doc, "Powód: ", "powod", indent=5, bold_name=True)
    court_attorney(doc)
    party(doc, "Pozwany: ", "pozwany", indent=5, bold_name=True, after=10)


def _payments(doc: DocumentObject) -> None:
    """The payments after filing and how each was allocated (art. 451 KC)."""
    loop_table(
        doc,
        ["Dzień zapłaty", "Faktura", "Należność główna", "Odsetki"],
        "p in pozycje",
        ["{{ p.data }}", "{{ p.faktura }}", "{{ p.kapital }}", "{{ p.odsetki }}"],
        [3.0, 5.6, 4.0, 4.0],
        footer=["", "Razem", "{{ kapital_razem }}", "{{ odsetki_razem }}"],
    )
    para(doc, "", after=4)


def _costs_sentence(doc: DocumentObject, text: str) -> None:
    tag(doc, "{%p if wniosek_koszty %}")
    para(doc, text, align="j")
    tag(doc, "{%p endif %}")


def _opening(doc: DocumentObject, footer: str, subject: str) -> None:
    """The heading, the parties, the title and the letter's first words."""
    _head(doc, footer)
    heading(doc, "PISMO PROCESOWE POWODA")
    para(doc, (subject, "b"), align="c", after=8)
    para(
        doc,
        "Działając w imieniu powoda, w sprawie z powództwa {{ powod.nazwa }} przeciwko "
        "{{ pozwany.nazwa }} o zapłatę:",
        align="j",
    )


def _costs_allocated(doc: DocumentObject) -> None:
    """The costs the payments went to (art. 451 KC), when they went to any."""
    tag(doc, "{%p if koszty %}")
    para(
        doc,
        "Kwotę {{ koszty }} powód zaliczył na koszty postępowania zasądzone w nakazie zapłaty.",
        align="j",
    )
    tag(doc, "{%p endif %}")


def partial() -> DocumentObject:
    doc = new_document()
    _opening(
        doc, "Cofnięcie pozwu w części", "cofnięcie pozwu w części ze zrzeczeniem się roszczenia"
    )
    para(
        doc,
        ("1. cofam pozew ze zrzeczeniem się roszczenia", "b"),
        " co do {{ zakres }}, zapłaconych przez pozwanego po wniesieniu pozwu;",
        align="j",
        indent=0.5,
    )
    para(
        doc,
        ("2. wnoszę o umorzenie postępowania w tej części", "b"),
        ";",
        align="j",
        indent=0.5,
    )
    para(
        doc,
        "3. w pozostałym zakresie podtrzymuję pozew"
        "{% if wniosek_koszty %}, w tym wniosek o zasądzenie od pozwanego kosztów postępowania "
        "w całości{% endif %}.{% if pozostalo %} Po zapłacie powód dochodzi {{ pozostalo }}; "
        "pozostałe żądania pozwu nie ulegają zmianie.{% endif %}",
        align="j",
        indent=0.5,
        after=8,
    )
    heading(doc, "Uzasadnienie", 2)
    para(
        doc,
        "Pozwem wniesionym do {{ sad.nazwa_dopelniacz }} w dniu {{ data_wniesienia }} powód "
        "dochodzi od pozwanego zapłaty. Po wniesieniu pozwu pozwany zapłacił powodowi "
        "{{ wplaty_opis }}. Powód zaliczył wpłatę ({{ zaliczenie }}) w sposób następujący:",
        align="j",
    )
    _payments(doc)
    _costs_allocated(doc)
    para(
        doc,
        "W tej części roszczenie wygasło wskutek zapłaty, dlatego powód cofa pozew co do "
        "zapłaconych kwot ze zrzeczeniem się roszczenia i wnosi o umorzenie postępowania w tej "
        "części. W pozostałym zakresie roszczenie nie zostało zaspokojone.",
        align="j",
    )
    _costs_sentence(
        doc,
        "Pozwany zapłacił część należności dopiero po wniesieniu pozwu, dlatego powód "
        "podtrzymuje wniosek o zasądzenie od pozwanego kosztów postępowania w całości.",
    )
    signature(doc)
    return doc


def full() -> DocumentObject:
    doc = new_document()
    _opening(
        doc, "Cofnięcie pozwu w całości", "cofnięcie pozwu w całości ze zrzeczeniem się roszczenia"
    )
    para(
        doc,
        ("1. cofam pozew w całości ze zrzeczeniem się roszczenia", "b"),
        ";",
        align="j",
        indent=0.5,
    )
    para(doc, ("2. wnoszę o umorzenie postępowania", "b"), ";", align="j", indent=0.5)
    tag(doc, "{%p if wniosek_koszty %}")
    para(
        doc,
        ("3. wnoszę o zasądzenie od pozwanego na rzecz powoda kosztów postępowania", "b"),
        ", w tym kosztów zastępstwa procesowego według norm przepisanych.",
        align="j",
        indent=0.5,
    )
    tag(doc, "{%p endif %}")
    para(doc, "", after=4)
    heading(doc, "Uzasadnienie", 2)
    tag(doc, "{%p if ugoda %}")
    para(
        doc,
        "Pozwem wniesionym do {{ sad.nazwa_dopelniacz }} w dniu {{ data_wniesienia }} powód "
        "dochodzi od pozwanego zapłaty. Po wniesieniu pozwu, w dniu {{ ugoda.data }}, strony "
        "zawarły ugodę pozasądową, w której uregulowały sporne roszczenie. Wobec tego powód "
        "cofa pozew w całości ze zrzeczeniem się roszczenia i wnosi o umorzenie postępowania.",
        align="j",
    )
    tag(doc, "{%p else %}")
    para(
        doc,
        "Pozwem wniesionym do {{ sad.nazwa_dopelniacz }} w dniu {{ data_wniesienia }} powód "
        "dochodzi od pozwanego zapłaty. Po wniesieniu pozwu pozwany zapłacił powodowi całą "
        "dochodzoną należność: {{ wplaty_opis }}. Powód zaliczył wpłaty ({{ zaliczenie }}) "
        "w sposób następujący:",
        align="j",
    )
    _payments(doc)
    _costs_allocated(doc)
    para(
        doc,
        "Roszczenie wygasło wskutek zapłaty, dlatego powód cofa pozew w całości ze "
        "zrzeczeniem się roszczenia i wnosi o umorzenie postępowania.",
        align="j",
    )
    tag(doc, "{%p endif %}")
    _costs_sentence(
        doc,
        "Pozwany zapłacił należność dopiero po wniesieniu pozwu, dlatego powód wnosi o "
        "zasądzenie od pozwanego kosztów postępowania.",
    )
    signature(doc)
    return doc


def main() -> None:
    write_templates({PARTIAL: partial, FULL: full})


if __name__ == "__main__":
    main()
