"""The shipped court-letter templates (``documents/templates/cofniecie_czesciowe.docx`` and
``cofniecie_calosc.docx``): what the court needs after a payment or a settlement (issue #18),
written by code with the helpers of ``make_templates.py``.

Variables: ``documents.court_letters.letter_context``. Regenerate (on purpose):

    .venv/bin/python documents/templates/bootstrap/make_court_letter_templates.py --overwrite
"""

from __future__ import annotations

import sys

from docx.document import Document as DocumentObject
from make_templates import OUT, footer_text, heading, loop_table, new_document, para, tag

PARTIAL = "cofniecie_czesciowe"
FULL = "cofniecie_calosc"
ESAD_BANNER = (
    "PISMO PROCESOWE WNOSZONE W ELEKTRONICZNYM POSTĘPOWANIU UPOMINAWCZYM - "
    "nie jest pismem do złożenia w formie papierowej"
)


def _head(doc: DocumentObject, footer: str) -> None:
    footer_text(doc, footer + " - sprawa {{ sprawa }}")
    tag(doc, "{%p if epu %}")
    para(doc, (ESAD_BANNER, "b"), align="c", after=2)
    para(
        doc,
        (
            "Pismo wnosi się drogą elektroniczną przez e-Sąd, w sprawie o sygnaturze podanej "
            "niżej.",
            "i",
        ),
        align="c",
        size=9,
        after=8,
    )
    tag(doc, "{%p endif %}")
    para(doc, "{{ miejscowosc }}, dnia {{ data_pisma }}", align="r", after=10)
    para(doc, ("{{ sad.nazwa }}", "b"), indent=8, after=0)
    tag(doc, "{%p if sad.wydzial %}")
    para(doc, ("{{ sad.wydzial }}", "b"), indent=8, after=0)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if sad.adres %}")
    para(doc, "{{ sad.adres }}", indent=8, after=0)
    tag(doc, "{%p endif %}")
    para(doc, "", after=4)
    para(doc, ("Sygn. akt: ", "b"), ("{{ sygnatura }}", "b"), indent=5, after=6)
    para(doc, ("Powód: ", "b"), ("{{ powod.nazwa }}", "b"), indent=5, after=0)
    para(doc, "{{ powod.adres }}", indent=5, after=0)
    para(doc, "{{ powod.identyfikatory }}", indent=5, after=0)
    para(
        doc,
        "pełnomocnik powoda: {{ pelnomocnik.tytul }} {{ pelnomocnik.imie_nazwisko }}, "
        "{{ pelnomocnik.kancelaria }}, {{ pelnomocnik.adres }}, e-mail: {{ pelnomocnik.email }}, "
        "tel. {{ pelnomocnik.telefon }}",
        indent=5,
        after=8,
    )
    para(doc, ("Pozwany: ", "b"), ("{{ pozwany.nazwa }}", "b"), indent=5, after=0)
    para(doc, "{{ pozwany.adres }}", indent=5, after=0)
    para(doc, "{{ pozwany.identyfikatory }}", indent=5, after=10)


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


def _signature(doc: DocumentObject) -> None:
    para(doc, "", after=10)
    para(doc, "{{ pelnomocnik.tytul }}", align="r", after=0)
    para(doc, ("{{ pelnomocnik.imie_nazwisko }}", "b"), align="r", after=0)
    para(doc, "(podpis)", align="r", size=8, after=10)


def _costs_sentence(doc: DocumentObject, text: str) -> None:
    tag(doc, "{%p if wniosek_koszty %}")
    para(doc, text, align="j")
    tag(doc, "{%p endif %}")


def partial() -> DocumentObject:
    doc = new_document()
    _head(doc, "Cofnięcie pozwu w części")
    heading(doc, "PISMO PROCESOWE POWODA")
    para(doc, ("cofnięcie pozwu w części ze zrzeczeniem się roszczenia", "b"), align="c", after=8)
    para(
        doc,
        "Działając w imieniu powoda, w sprawie z powództwa {{ powod.nazwa }} przeciwko "
        "{{ pozwany.nazwa }} o zapłatę:",
        align="j",
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
        "w całości{% endif %}.",
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
    tag(doc, "{%p if koszty %}")
    para(
        doc,
        "Kwotę {{ koszty }} powód zaliczył na koszty postępowania zasądzone w nakazie zapłaty.",
        align="j",
    )
    tag(doc, "{%p endif %}")
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
    _signature(doc)
    return doc


def full() -> DocumentObject:
    doc = new_document()
    _head(doc, "Cofnięcie pozwu w całości")
    heading(doc, "PISMO PROCESOWE POWODA")
    para(doc, ("cofnięcie pozwu w całości ze zrzeczeniem się roszczenia", "b"), align="c", after=8)
    para(
        doc,
        "Działając w imieniu powoda, w sprawie z powództwa {{ powod.nazwa }} przeciwko "
        "{{ pozwany.nazwa }} o zapłatę:",
        align="j",
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
    tag(doc, "{%p if koszty %}")
    para(
        doc,
        "Kwotę {{ koszty }} powód zaliczył na koszty postępowania zasądzone w nakazie zapłaty.",
        align="j",
    )
    tag(doc, "{%p endif %}")
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
    _signature(doc)
    return doc


def main() -> None:
    if "--overwrite" not in sys.argv:
        sys.exit("refusing to overwrite the shipped templates without --overwrite")
    for name, build in ((PARTIAL, partial), (FULL, full)):
        build().save(OUT / f"{name}.docx")
        print("wrote", OUT / f"{name}.docx")


if __name__ == "__main__":
    main()
