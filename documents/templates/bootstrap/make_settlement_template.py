"""The shipped settlement template (``documents/templates/ugoda.docx``), written by code with
the helpers of ``docx_helpers.py`` (which the other template scripts write with too).

Variables: ``documents.settlement_docx.ugoda_context``. Regenerate (on purpose):

    .venv/bin/python documents/templates/bootstrap/make_settlement_template.py --overwrite
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

NAME = "ugoda"


def ugoda() -> DocumentObject:
    doc = new_document()
    footer_text(doc, "Ugoda - sprawa {{ sprawa }}")
    para(doc, "{{ miejscowosc }}, {{ data }}", align="r", after=10)
    heading(doc, "{{ tytul }}")
    para(doc, "zawarta w dniu {{ data }} pomiędzy:", align="c", after=8)
    creditor_and_debtor(
        doc, "Wierzycielem: ", "Dłużnikiem: ", represented="reprezentowanym", between="a"
    )
    tag(doc, "{%p if postepowanie %}")
    para(doc, "w sprawie {{ postepowanie }}.", align="j", after=8)
    tag(doc, "{%p endif %}")
    heading(doc, "§ 1. Uznanie długu", level=2, center=False)
    para(
        doc,
        "Dłużnik uznaje dług wobec Wierzyciela z tytułu: {{ tytul_dlugu }}, i zobowiązuje się "
        "zapłacić Wierzycielowi kwotę {{ kwota }} oraz koszty {{ koszty }}, razem {{ razem }}.",
        align="j",
        after=6,
    )
    heading(doc, "§ 2. Raty", level=2, center=False)
    para(
        doc,
        "Dłużnik zapłaci kwotę {{ razem }} w {{ liczba_rat }} ratach, na rachunek Wierzyciela "
        "{{ rachunek }}, w następujących terminach:",
        align="j",
        after=4,
    )
    loop_table(
        doc,
        ["Rata", "Termin zapłaty", "Kwota"],
        "r in raty",
        ["{{ r.lp }}", "{{ r.termin }}", "{{ r.kwota }}"],
        [2.0, 9.0, 5.4],
        footer=["", "Razem", "{{ razem }}"],
    )
    para(doc, "", after=2)
    para(
        doc,
        "Za dzień zapłaty uważa się dzień uznania rachunku Wierzyciela. Termin przypadający "
        "na sobotę lub dzień ustawowo wolny od pracy upływa następnego dnia, który nie jest "
        "sobotą ani dniem ustawowo wolnym od pracy.",
        align="j",
        after=6,
    )
    heading(doc, "§ 3. Odsetki", level=2, center=False)
    para(doc, "{{ odsetki }}.", align="j", after=6)
    heading(doc, "§ 4. Natychmiastowa wymagalność", level=2, center=False)
    para(
        doc,
        "Jeżeli Dłużnik nie zapłaci którejkolwiek raty w całości w terminie, a opóźnienie "
        "przekroczy {{ karencja }}, cała pozostała do zapłaty kwota staje się natychmiast "
        "wymagalna następnego dnia po upływie tego okresu, bez odrębnego wezwania.",
        align="j",
        after=6,
    )
    heading(doc, "§ 5. Postanowienia końcowe", level=2, center=False)
    tag(doc, "{%p for z in zobowiazania %}")
    para(doc, "{{ z }}", align="j", after=3)
    tag(doc, "{%p endfor %}")
    para(
        doc,
        "Ugodę sporządzono w dwóch jednobrzmiących egzemplarzach, po jednym dla każdej ze stron.",
        align="j",
        after=14,
    )
    loop_table(
        doc,
        ["Wierzyciel", "Dłużnik"],
        "p in podpisy",
        ["{{ p.wierzyciel }}", "{{ p.dluznik }}"],
        [8.2, 8.2],
    )
    return doc


def main() -> None:
    write_templates({NAME: ugoda})


if __name__ == "__main__":
    main()
