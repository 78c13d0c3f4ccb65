"""The shipped Word templates (``documents/templates/*.docx``), written by code.

The shipped templates are the project's defaults and are regenerated from this script when
the project changes them (a release that changes the template variables changes both). A
firm never edits the shipped files: it copies the ones it wants to change into its own
folder (``HANDOFF_TEMPLATES_DIR``, documents/README.md) and edits them in Word there; its
copies survive upgrades, and any template its folder does not hold falls back to the shipped
one. Regenerate (on purpose):

    .venv/bin/python documents/templates/bootstrap/make_templates.py --overwrite
"""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.shared import Cm, Pt
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

# --- pozew --------------------------------------------------------------------------------

EPU_BANNER = (
    "PODSUMOWANIE POZWU WNOSZONEGO W ELEKTRONICZNYM POSTĘPOWANIU UPOMINAWCZYM - "
    "nie jest pismem do złożenia w formie papierowej"
)


def pozew() -> DocumentObject:
    doc = new_document()
    footer_text(
        doc,
        "{% if tryb.epu %}Podsumowanie pozwu w EPU (e-Sąd){% else %}Pozew o zapłatę{% endif %}"
        " - sprawa {{ sprawa.sygnatura_powoda }}",
    )
    banner(
        doc,
        "tryb.epu",
        EPU_BANNER,
        "Pozew wnosi się wyłącznie drogą elektroniczną (e-Sąd, plik EPU sporządzony razem z "
        "tym podsumowaniem). Dowodów nie dołącza się - są wskazane w pozwie "
        "(art. 505^32 § 1 KPC).",
    )
    court_address(doc)

    party(doc, "Powód: ", "powod", indent=5, bold_name=True)
    tag(doc, "{%p if tryb.gospodarcze %}")
    para(doc, "{{ powod.email_oswiadczenie }} ({{ powod.email_podstawa }})", indent=5, after=0)
    tag(doc, "{%p endif %}")
    court_attorney(doc)
    party(doc, "Pozwany: ", "pozwany", indent=5, bold_name=True, after=8)

    para(doc, ("Wartość przedmiotu sporu: ", "b"), "{{ wps.kwota }}", indent=5, after=0)
    para(
        doc,
        ("Opłata sądowa: ", "b"),
        "{{ koszty.oplata_sadowa }} ({{ koszty.oplata_podstawa }})",
        indent=5,
        after=10,
    )

    heading(doc, "POZEW O ZAPŁATĘ")
    tag(doc, "{%p if tryb.naglowek %}")
    para(doc, ("{{ tryb.naglowek }}", "b"), align="c", after=0)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if tryb.gospodarcze %}")
    para(doc, ("(sprawa gospodarcza)", "i"), align="c", after=0)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if tryb.uproszczone %}")
    para(doc, ("(postępowanie uproszczone)", "i"), align="c", after=0)
    tag(doc, "{%p endif %}")
    para(doc, "", after=4)

    tag(doc, "{%p if tryb.epu %}")
    para(doc, "Działając w imieniu powoda na podstawie pełnomocnictwa, wnoszę o:", align="j")
    tag(doc, "{%p else %}")
    para(
        doc,
        "Działając w imieniu powoda, na podstawie pełnomocnictwa, które załączam, wnoszę o:",
        align="j",
    )
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if tryb.zwykle %}")
    para(
        doc,
        ("1. zasądzenie od pozwanego na rzecz powoda", "b"),
        ":",
        align="j",
    )
    tag(doc, "{%p elif tryb.nakazowe %}")
    para(
        doc,
        ("1. wydanie nakazu zapłaty w postępowaniu nakazowym", "b"),
        " ({{ tryb.podstawy_nakazowe }}), w którym sąd nakaże pozwanemu, aby w terminie dwóch "
        "tygodni od doręczenia nakazu zapłacił powodowi:",
        align="j",
    )
    tag(doc, "{%p elif tryb.epu %}")
    para(
        doc,
        ("1. wydanie nakazu zapłaty w elektronicznym postępowaniu upominawczym", "b"),
        ", w którym sąd nakaże pozwanemu, aby w terminie dwóch tygodni od doręczenia nakazu "
        "zapłacił powodowi:",
        align="j",
    )
    tag(doc, "{%p else %}")
    para(
        doc,
        ("1. wydanie nakazu zapłaty w postępowaniu upominawczym", "b"),
        ", w którym sąd nakaże pozwanemu, aby w terminie dwóch tygodni od doręczenia nakazu "
        "zapłacił powodowi:",
        align="j",
    )
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for r in roszczenia %}")
    para(
        doc,
        "{{ r.litera }}) ",
        ("{{ r.kwota }}", "b"),
        " (słownie: {{ r.kwota_slownie }}) wraz z {{ r.odsetki_opis }} od dnia "
        "{{ r.odsetki_od }} do dnia zapłaty - tytułem należności z faktury VAT nr "
        "{{ r.faktura }} z dnia {{ r.data_wystawienia }};",
        align="j",
        indent=1.0,
    )
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for o in odsetki_skapitalizowane %}")
    para(
        doc,
        "{{ o.litera }}) ",
        ("{{ o.kwota }}", "b"),
        " (słownie: {{ o.kwota_slownie }}) tytułem skapitalizowanych {{ o.odsetki_dopelniacz }} "
        "od należności z faktury VAT nr {{ o.faktura }} za okres od dnia {{ o.okres_od }} do "
        "dnia {{ o.okres_do }}, wraz z odsetkami ustawowymi za opóźnienie od dnia wniesienia "
        "pozwu do dnia zapłaty (art. 482 § 1 KC);",
        align="j",
        indent=1.0,
    )
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for k in rekompensaty %}")
    para(
        doc,
        "{{ k.litera }}) ",
        ("{{ k.kwota }}", "b"),
        " (słownie: {{ k.kwota_slownie }}) tytułem rekompensaty za koszty odzyskiwania "
        "należności z faktury VAT nr {{ k.faktura }} (równowartość {{ k.eur }}, "
        "{{ k.podstawa }}){% if k.odsetki_od %} wraz z odsetkami ustawowymi za opóźnienie od "
        "dnia {{ k.odsetki_od }} do dnia zapłaty{% endif %};",
        align="j",
        indent=1.0,
    )
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if tryb.zwykle %}")
    para(
        doc,
        ("2. ", "b"),
        "zasądzenie od pozwanego na rzecz powoda kosztów postępowania, w tym kosztów "
        "zastępstwa procesowego według norm przepisanych oraz opłaty skarbowej od "
        "pełnomocnictwa w kwocie {{ koszty.skarbowa }}, wraz z odsetkami ustawowymi za "
        "opóźnienie za czas od dnia uprawomocnienia się orzeczenia do dnia zapłaty "
        "(art. 98 § 1^1 KPC);",
        align="j",
    )
    tag(doc, "{%p else %}")
    para(
        doc,
        "oraz koszty postępowania, w tym koszty zastępstwa procesowego według norm "
        "przepisanych i opłatę skarbową od pełnomocnictwa w kwocie {{ koszty.skarbowa }}, "
        "wraz z odsetkami ustawowymi za opóźnienie za czas od dnia uprawomocnienia się "
        "orzeczenia do dnia zapłaty (art. 98 § 1^1 KPC),",
        align="j",
        indent=1.0,
    )
    tag(doc, "{%p if tryb.nakazowe %}")
    para(doc, "albo wniósł w tym terminie zarzuty;", align="j", indent=1.0)
    tag(doc, "{%p else %}")
    para(doc, "albo wniósł w tym terminie sprzeciw;", align="j", indent=1.0)
    tag(doc, "{%p endif %}")
    para(
        doc,
        ("2. ", "b"),
        "na wypadek wniesienia ",
        "{% if tryb.nakazowe %}zarzutów{% else %}sprzeciwu{% endif %}",
        " - zasądzenie od pozwanego na rzecz powoda kwot wskazanych w pkt 1 wraz z kosztami "
        "postępowania, w tym kosztami zastępstwa procesowego według norm przepisanych;",
        align="j",
    )
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if tryb.epu %}")
    para(
        doc,
        ("3. ", "b"),
        "przeprowadzenie dowodów wskazanych w pozwie (art. 505^32 § 1 KPC), na okoliczności "
        "tam wskazane.",
        align="j",
    )
    tag(doc, "{%p else %}")
    para(
        doc,
        ("3. ", "b"),
        "przeprowadzenie dowodów z dokumentów wymienionych w wykazie dowodów, na okoliczności "
        "tam wskazane;",
        align="j",
    )
    para(
        doc,
        ("4. ", "b"),
        "rozpoznanie sprawy także pod nieobecność powoda oraz wydanie wyroku zaocznego, "
        "jeżeli zajdą ku temu przesłanki (art. 339 § 1 KPC).",
        align="j",
    )
    tag(doc, "{%p endif %}")

    heading(doc, "Oświadczenia", 2, center=False)
    tag(doc, "{%p if wymagalnosci %}")
    para(
        doc,
        "Na podstawie {{ wymagalnosc_podstawa }} powód wskazuje daty wymagalności roszczeń: "
        "{{ wymagalnosci }}",
        align="j",
    )
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if proby_polubowne %}")
    para(
        doc,
        "Na podstawie {{ proby_polubowne_podstawa }} powód informuje, że przed wniesieniem "
        "pozwu podjął następujące próby pozasądowego rozwiązania sporu:",
        align="j",
    )
    tag(doc, "{%p for x in proby_polubowne %}")
    para(doc, "- {{ x }}", align="j", indent=1.0)
    tag(doc, "{%p endfor %}")
    para(
        doc,
        "Pozwany nie uregulował należności. Strony nie podjęły mediacji; wobec braku zapłaty "
        "mimo wezwań powód nie widzi możliwości polubownego zakończenia sporu.",
        align="j",
    )
    tag(doc, "{%p else %}")
    para(
        doc,
        "Na podstawie {{ proby_polubowne_podstawa }} powód informuje, że strony nie "
        "podejmowały prób pozasądowego rozwiązania sporu ani mediacji.",
        align="j",
    )
    tag(doc, "{%p endif %}")

    heading(doc, "UZASADNIENIE")
    tag(doc, "{%p for f in fakty %}")
    para(doc, "{{ f }}", align="j")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if roszczenia %}")
    para(doc, ("Zestawienie należności:", "b"), after=2)
    loop_table(
        doc,
        [
            "Faktura",
            "Data wystawienia",
            "Termin płatności",
            "Kwota faktury",
            "Do zapłaty",
            "Odsetki od dnia",
            "{% if tryb.epu %}Dowód nr{% else %}Zał. nr{% endif %}",
        ],
        "r in roszczenia",
        [
            "{{ r.faktura }}",
            "{{ r.data_wystawienia }}",
            "{{ r.termin_platnosci }}",
            "{{ r.kwota_faktury }}",
            "{{ r.kwota }}",
            "{{ r.odsetki_od }}",
            "{{ r.zalaczniki }}",
        ],
        [3.0, 2.5, 2.5, 2.4, 2.4, 2.5, 1.3],
        footer=["Razem", "", "", "", "{{ suma.kapital }}", "", ""],
    )
    para(doc, "", after=2)
    para(
        doc,
        ("Wysokość roszczenia. ", "b"),
        "Powód dochodzi należności głównej w łącznej kwocie {{ suma.kapital }}"
        "{% if suma.sa_odsetki_skapitalizowane %}, skapitalizowanych odsetek w kwocie "
        "{{ suma.odsetki_skapitalizowane }}{% endif %}"
        "{% if suma.sa_rekompensaty %} oraz rekompensat za koszty odzyskiwania należności "
        "w łącznej kwocie {{ suma.rekompensaty }}{% endif %}. Należne powodowi "
        "{{ roszczenia[0].odsetki_nazwa }} ({{ roszczenia[0].odsetki_podstawa }}) od należności "
        "głównej powód dochodzi od dni wskazanych w żądaniu pozwu do dnia zapłaty; nie wchodzą "
        "one do wartości przedmiotu sporu (art. 20 KPC).",
        align="j",
    )
    tag(doc, "{%p endif %}")
    para(
        doc,
        ("Wartość przedmiotu sporu ", "b"),
        "wynosi {{ wps.kwota }} i obejmuje {{ wps.sklad }} ({{ wps.podstawa }}).",
        align="j",
    )
    para(
        doc,
        ("Koszty. ", "b"),
        "Powód uiścił opłatę od pozwu w kwocie {{ koszty.oplata_sadowa }} "
        "({{ koszty.oplata_podstawa }}). Powód wnosi o zasądzenie kosztów zastępstwa "
        "procesowego w kwocie {{ koszty.zastepstwo }} ({{ koszty.zastepstwo_podstawa }}) "
        "oraz opłaty skarbowej od pełnomocnictwa w kwocie {{ koszty.skarbowa }} "
        "({{ koszty.skarbowa_podstawa }}).",
        align="j",
    )
    para(
        doc,
        ("Tryb i właściwość. ", "b"),
        "{% if tryb.epu %}Powód wnosi o rozpoznanie sprawy w elektronicznym postępowaniu "
        "upominawczym.{% elif tryb.nakazowe %}Podstawę wydania nakazu zapłaty "
        "w postępowaniu nakazowym stanowi {{ tryb.podstawy_nakazowe }}; dokumenty, o których "
        "mowa w tym przepisie, powód załącza do pozwu.{% elif tryb.upominawcze %}Powód wnosi o "
        "rozpoznanie sprawy w postępowaniu upominawczym (art. 498 § 1 KPC).{% endif %}"
        "{% if wlasciwosc %} {{ wlasciwosc }}{% endif %}",
        align="j",
    )
    tag(doc, "{%p if tryb.gospodarcze %}")
    para(
        doc,
        "Obie strony są przedsiębiorcami, a spór wynika z prowadzonej przez nie działalności "
        "gospodarczej - sprawa podlega rozpoznaniu w postępowaniu w sprawach gospodarczych "
        "(art. 458^1 i nast. KPC).",
        align="j",
    )
    tag(doc, "{%p endif %}")
    para(doc, "Mając powyższe na uwadze, wnoszę jak na wstępie.", align="j")

    tag(doc, "{%p if tryb.epu %}")
    heading(doc, "Dowody wskazane w pozwie (art. 505^32 § 1 KPC)", 2, center=False)
    tag(doc, "{%p else %}")
    heading(doc, "Wykaz dowodów", 2, center=False)
    tag(doc, "{%p endif %}")
    loop_table(
        doc,
        ["Nr", "Dowód", "Data", "Na okoliczność"],
        "d in dowody",
        ["{{ d.nr }}", "{{ d.opis }}", "{{ d.data }}", "{{ d.fakt }}"],
        [1.2, 6.0, 2.8, 6.6],
    )
    signature(doc)
    tag(doc, "{%p if zalaczniki %}")
    para(doc, ("Załączniki:", "b"), after=2)
    tag(doc, "{%p for z in zalaczniki %}")
    para(doc, "{{ loop.index }}. {{ z }}", indent=0.5, after=0)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    return doc


# --- wezwanie -----------------------------------------------------------------------------


def wezwanie() -> DocumentObject:
    doc = new_document()
    footer_text(doc, "Sprawa {{ sprawa.sygnatura_powoda }}")
    para(doc, ("{{ pelnomocnik.kancelaria }}", "b"), after=0)
    para(doc, "{{ pelnomocnik.adres }}", after=0)
    para(doc, "e-mail: {{ pelnomocnik.email }}, tel. {{ pelnomocnik.telefon }}", after=8)
    para(doc, "{{ miejscowosc }}, dnia {{ data_pisma }}", align="r", after=10)
    para(doc, ("{{ dluznik.nazwa }}", "b"), indent=9, after=0)
    para(doc, "{{ dluznik.adres }}", indent=9, after=0)
    para(doc, "{{ dluznik.identyfikatory }}", indent=9, after=12)
    heading(doc, "OSTATECZNE PRZEDSĄDOWE WEZWANIE DO ZAPŁATY")
    para(
        doc,
        "Działając w imieniu {{ wierzyciel.nazwa }}, {{ wierzyciel.adres }} "
        "({{ wierzyciel.identyfikatory }}), na podstawie udzielonego pełnomocnictwa, wzywam do "
        "zapłaty w terminie ",
        ("{{ termin_dni }} dni", "b"),
        " od dnia doręczenia niniejszego wezwania, nie później niż do dnia "
        "{{ termin_data }}, następujących kwot:",
        align="j",
    )
    tag(doc, "{%p for r in roszczenia %}")
    para(
        doc,
        "{{ r.litera }}) ",
        ("{{ r.kwota }}", "b"),
        " tytułem należności z faktury VAT nr {{ r.faktura }} z dnia {{ r.data_wystawienia }} "
        "(termin płatności: {{ r.termin_platnosci }}) wraz z {{ r.odsetki_opis }} od dnia "
        "{{ r.odsetki_od }} do dnia zapłaty ({{ r.odsetki_podstawa }}); odsetki naliczone do dnia "
        "dzisiejszego wynoszą {{ r.odsetki_do_dnia_wniesienia }};",
        align="j",
        indent=1.0,
    )
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for o in odsetki_skapitalizowane %}")
    para(
        doc,
        "{{ o.litera }}) ",
        ("{{ o.kwota }}", "b"),
        " tytułem {{ o.odsetki_dopelniacz }} od należności z faktury VAT nr {{ o.faktura }} "
        "za okres od dnia {{ o.okres_od }} do dnia {{ o.okres_do }}, niepokrytych wpłatami;",
        align="j",
        indent=1.0,
    )
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for k in rekompensaty %}")
    para(
        doc,
        "{{ k.litera }}) ",
        ("{{ k.kwota }}", "b"),
        " tytułem rekompensaty za koszty odzyskiwania należności z faktury VAT nr "
        "{{ k.faktura }} (równowartość {{ k.eur }}, {{ k.podstawa }});",
        align="j",
        indent=1.0,
    )
    tag(doc, "{%p endfor %}")
    para(
        doc,
        (
            "Łącznie do zapłaty: {{ suma.razem }}",
            "b",
        ),
        " (słownie: {{ suma.razem_slownie }}) wraz z odsetkami do dnia zapłaty.",
        align="j",
    )
    para(
        doc,
        "Wpłaty prosimy dokonać na rachunek bankowy nr ",
        ("{{ rachunek }}", "b"),
        " (właściciel rachunku: {{ wlasciciel_rachunku }}), podając w tytule przelewu numery "
        "faktur.",
        align="j",
    )
    para(
        doc,
        "W przypadku bezskutecznego upływu wyznaczonego terminu sprawa zostanie skierowana na "
        "drogę postępowania sądowego bez dalszego wezwania, co narazi Państwa na obowiązek "
        "zwrotu kosztów postępowania, w tym opłaty sądowej i kosztów zastępstwa procesowego, "
        "a następnie kosztów postępowania egzekucyjnego.",
        align="j",
    )
    para(
        doc,
        "Niniejsze wezwanie stanowi próbę polubownego rozwiązania sporu w rozumieniu "
        "art. 187 § 1 pkt 3 KPC. Jesteśmy otwarci na rozmowy o sposobie spłaty - prosimy o "
        "kontakt pod adresem {{ pelnomocnik.email }} lub numerem {{ pelnomocnik.telefon }}.",
        align="j",
    )
    signature(doc, signed=False)
    return doc


# --- memo ---------------------------------------------------------------------------------


def memo() -> DocumentObject:
    doc = new_document()
    for section in doc.sections:
        section.top_margin = section.bottom_margin = Cm(1.4)
        section.left_margin = section.right_margin = Cm(1.6)
    doc.styles["Normal"].font.size = Pt(9.5)
    footer_text(doc, "Notatka wewnętrzna - nie dołączać do akt sądowych")
    heading(doc, "Notatka dla partnera - sprawa {{ sprawa.sygnatura_powoda }}", 1, center=False)
    para(
        doc,
        ("Data: ", "b"),
        "{{ data }}   ",
        ("Powód: ", "b"),
        "{{ powod.nazwa }}   ",
        ("Pozwany: ", "b"),
        "{{ pozwany.nazwa }} ({{ pozwany.identyfikatory }})",
    )
    tag(doc, "{%p if blokujace %}")
    para(doc, ("UWAGA: sprawa ma braki blokujące - nie składać pozwu przed ich usunięciem.", "b"))
    tag(doc, "{%p endif %}")
    para(
        doc,
        ("Tryb: ", "b"),
        "{{ tryb.nazwa }} - {{ tryb.uzasadnienie }} ({{ tryb.podstawa }}). ",
        ("Sąd: ", "b"),
        "{{ sad.nazwa }}, {{ sad.wydzial }}"
        "{% if sad.do_weryfikacji %} - DO WERYFIKACJI{% endif %} ({{ sad.uzasadnienie }}).",
    )
    para(doc, ("Podstawa roszczenia (kapitał): ", "b"), "{{ podstawa_roszczenia }}")
    heading(doc, "Wyliczenie", 2, center=False)
    loop_table(
        doc,
        ["Pozycja", "Kwota", "Podstawa", "Wyjaśnienie"],
        "f in figury",
        ["{{ f.nazwa }}", "{{ f.kwota }}", "{{ f.podstawa }}", "{{ f.uzasadnienie }}"],
        [3.6, 2.4, 4.6, 7.2],
        size=8.5,
    )
    heading(doc, "Faktury objęte pozwem", 2, center=False)
    loop_table(
        doc,
        [
            "Faktura",
            "Kapitał",
            "Wymagalność",
            "Odsetki od",
            "Odsetki do dziś",
            "{% if rekompensata_mozliwa %}Rekompensata{% else %}-{% endif %}",
        ],
        "x in faktury",
        [
            "{{ x.faktura }}",
            "{{ x.kapital }}",
            "{{ x.wymagalnosc }}",
            "{{ x.odsetki_od }}",
            "{{ x.odsetki_do_dnia }}",
            "{{ x.rekompensata }}",
        ],
        [3.0, 2.6, 2.8, 2.8, 2.8, 3.8],
        size=8.5,
    )
    tag(doc, "{%p for x in faktury %}")
    para(
        doc,
        ("{{ x.faktura }}: ", "b"),
        "kapitał - {{ x.kapital_uzasadnienie }}; {{ x.odsetki_uzasadnienie }}"
        "{% if x.rekompensata_uzasadnienie %}; rekompensata - "
        "{{ x.rekompensata_uzasadnienie }}{% endif %}"
        "{% if x.odsetki_skapitalizowane %}; odsetki skapitalizowane - "
        "{{ x.odsetki_skapitalizowane }}{% endif %}"
        "{% if x.alternatywa_odsetek %}; {{ x.alternatywa_odsetek }}{% endif %}"
        "{% if x.termin_przesuniety %}. {{ x.termin_przesuniety }}{% endif %}",
        size=8.5,
    )
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if wylaczone %}")
    heading(doc, "Faktury pominięte w pozwie", 2, center=False)
    tag(doc, "{%p for x in wylaczone %}")
    para(
        doc,
        "- {{ x.faktura }} (do zapłaty {{ x.kwota }} z {{ x.kwota_faktury }}): {{ x.powod }}",
    )
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    heading(doc, "Przedawnienie", 2, center=False)
    loop_table(
        doc,
        ["Faktura", "Bieg od", "Przedawnienie", "Alternatywnie", "Stan", "Podstawa"],
        "p in przedawnienie",
        [
            "{{ p.faktura }}",
            "{{ p.bieg_od }}",
            "{{ p.przedawnienie }}",
            "{{ p.alternatywa }}",
            "{{ p.status }}",
            "{{ p.podstawa }}",
        ],
        [2.8, 2.6, 2.6, 2.6, 2.4, 4.8],
        size=8.5,
    )
    tag(doc, "{%p for p in przedawnienie %}")
    para(doc, ("{{ p.faktura }}: ", "b"), "{{ p.uzasadnienie }}", size=8.5)
    tag(doc, "{%p endfor %}")
    heading(doc, "Braki i ustalenia", 2, center=False)
    tag(doc, "{%p if brak_brakow %}")
    para(doc, "Nie stwierdzono braków.")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for b in braki %}")
    para(
        doc,
        ("[{{ b.waga }}] ", "b"),
        "{{ b.opis }} {% if b.podstawa %}({{ b.podstawa }}){% endif %}",
    )
    tag(doc, "{%p endfor %}")
    heading(doc, "Rejestry", 2, center=False)
    para(doc, "{{ rejestry.opis }}")
    tag(doc, "{%p for b in rejestry.ustalenia %}")
    para(doc, ("[{{ b.waga }}] ", "b"), "{{ b.opis }}")
    tag(doc, "{%p endfor %}")
    heading(doc, "Ryzyka", 2, center=False)
    tag(doc, "{%p for x in ryzyka %}")
    para(doc, "- {{ x }}")
    tag(doc, "{%p endfor %}")
    heading(doc, "Pliki dowodów (integralność)", 2, center=False)
    loop_table(
        doc,
        ["Nr", "Opis wierzyciela", "Plik", "SHA-256"],
        "d in dowody",
        ["{{ d.nr }}", "{{ d.opis }}", "{{ d.plik }}", "{{ d.sha256 }}"],
        [1.0, 5.0, 4.8, 7.0],
        size=7.5,
    )
    return doc


# --- evidence index -----------------------------------------------------------------------


def evidence_index() -> DocumentObject:
    doc = new_document()
    footer_text(
        doc,
        "{% if epu %}Wykaz dowodów{% else %}Wykaz załączników{% endif %}"
        " - sprawa {{ sprawa.sygnatura_powoda }}",
    )
    tag(doc, "{%p if epu %}")
    heading(doc, "WYKAZ DOWODÓW WSKAZANYCH W POZWIE (EPU)")
    para(
        doc,
        (
            "W elektronicznym postępowaniu upominawczym dowodów nie dołącza się do pozwu; "
            "powód je wskazuje (art. 505^32 § 1 KPC).",
            "i",
        ),
        size=9,
        after=4,
    )
    tag(doc, "{%p else %}")
    heading(doc, "WYKAZ ZAŁĄCZNIKÓW (DOWODÓW)")
    tag(doc, "{%p endif %}")
    para(doc, ("Powód: ", "b"), "{{ powod.nazwa }}", after=0)
    para(doc, ("Pozwany: ", "b"), "{{ pozwany.nazwa }}", after=0)
    para(
        doc,
        ("Data: ", "b"),
        "{{ data }}; liczba {% if epu %}dowodów{% else %}załączników{% endif %}: {{ liczba }}",
        after=8,
    )
    loop_table(
        doc,
        ["{% if epu %}Dowód{% else %}Załącznik{% endif %}", "Dokument", "Data", "Na okoliczność"],
        "z in zalaczniki",
        ["{{ z.oznaczenie }}", "{{ z.opis }}", "{{ z.data }}", "{{ z.fakt }}"],
        [2.6, 5.8, 2.8, 6.0],
        size=9,
    )
    return doc


def main() -> None:
    write_templates(
        {"pozew": pozew, "wezwanie": wezwanie, "memo": memo, "evidence_index": evidence_index}
    )


if __name__ == "__main__":
    main()
