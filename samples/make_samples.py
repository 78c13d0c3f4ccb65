"""Rebuild the shipped sample hand-over (``samples/``): run ``python samples/make_samples.py``.

Everything here is fictional; every identifier carries a valid checksum. Dates are set for a
demo on 23.11.2026. The five case folders under ``cases/`` exercise:

* ``TT-0141-budomax``   B2B sale, 3 invoices, a partial designated payment, a final demand
  with its delivery confirmation (ZPO): ready for EPU.
* ``TT-0152-zielona-dolina``  B2B services under a service contract, the invoice signed by
  the debtor (nakazowe, KPC art. 485 § 1 pkt 2); the invoice also as its KSeF FA(3) XML.
* ``TT-0087-instal-serwis``  a sole trader; one invoice due 2023 (time-barred since
  31.12.2025) and one due 2024 (limitation ends 31.12.2026: weeks left).
* ``TT-0163-zielinska``  a consumer (PESEL), sale with installation, final demand delivered.
* ``TT-0171-jasminowe``  B2B construction-installation work for 63 345,00 zł (above the
  20 000 zł simplified-procedure limit), an e-mail exchange in which the debtor asks for
  instalments (an acknowledgement of the debt), then a final demand.

``cases.csv`` holds two further cases in the bulk CSV form (semicolons, Polish numbers and
dates, UTF-8 with BOM as Excel writes it), evidence in ``evidence/`` beside it; it names no
creditor, so import it with ``creditor.json`` as the default creditor; its invoice of
TT/WIND/2026/0181 comes with its KSeF number and FA(3) XML (columns ``ksef_number``,
``ksef_xml_file``).
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from intake.synthetic import minimal_pdf

HERE = Path(__file__).resolve().parent
CET = timezone(timedelta(hours=1))
CEST = timezone(timedelta(hours=2))

CREDITOR: dict[str, Any] = {
    "kind": "company",
    "name": "Termotech Instalacje sp. z o.o.",
    "street": "ul. Marynarska 14",
    "postcode": "02-674",
    "city": "Warszawa",
    "nip": "258-813-99-84",
    "regon": "698797302",
    "krs": "0000644040",
    "email": "windykacja@termotech.example",
    "bank_account": "55 2761 1550 5236 4262 9504 5061",
}
CREDITOR_LINE = (
    "Termotech Instalacje sp. z o.o., ul. Marynarska 14, 02-674 Warszawa, NIP 2588139984"
)

FIRM: dict[str, Any] = {
    "firm_name": "Kancelaria Radcy Prawnego Ewa Sadowska",
    "attorney_name": "Ewa Sadowska",
    "attorney_title": "radca prawny",
    "address": {"street": "ul. Hoża 41 lok. 12", "postcode": "00-681", "city": "Warszawa"},
    "email": "kancelaria@sadowska-radca.example",
    "phone": "+48 22 555 01 23",
    "bank_account": "89 2133 2433 5512 4856 6720 9808",
    "city": "Warszawa",
    "attorney_pesel": "79050403422",
    "bar_number": "WA-4821",
}


def pdf(folder: Path, name: str, lines: list[str]) -> str:
    data = minimal_pdf(lines)
    assert len(data) < 20_000
    (folder / name).write_bytes(data)
    return name


def invoice_pdf(folder: Path, inv: dict[str, Any], debtor: dict[str, Any], what: str) -> str:
    name = inv["number"].replace("/", "-") + ".pdf"
    lines = [
        f"Faktura VAT nr {inv['number']}",
        f"Data wystawienia: {inv['issue_date']}   Termin płatności: {inv['due_date']}",
        f"Sprzedawca: {CREDITOR_LINE}",
        f"Nabywca: {debtor['name']}, {debtor['street']}, {debtor['postcode']} {debtor['city']}",
        f"Pozycja: {what}",
        f"Razem do zapłaty (brutto): {inv['amount']} zł",
        "Rachunek: 55 2761 1550 5236 4262 9504 5061",
    ]
    if inv.get("accepted_by_debtor"):
        lines.append("Fakturę przyjąłem, podpis nabywcy: /-/ nieczytelny podpis, pieczęć firmy")
    return pdf(folder, name, lines)


def ksef_invoice(
    folder: Path,
    inv: dict[str, Any],
    debtor: dict[str, Any],
    lines: list[tuple[str, str, str, str]],
    *,
    received: str,
    technical: str,
    folder_name: str = "ksef",
) -> None:
    """The invoice as KSeF holds it: its FA(3) XML in ``ksef/`` and its KSeF number, numbered
    on ``received`` (RRRRMMDD; the buyer received it that day, art. 106na ust. 3 ustawy o VAT).
    ``lines``: (description, quantity, unit, unit net price), 23 % VAT."""
    from datetime import date
    from decimal import Decimal

    from intake.ksef import Fa3Party, fa3_xml
    from law.pl.ksef import crc8

    seller = Fa3Party("2588139984", CREDITOR["name"], CREDITOR["street"], "02-674 Warszawa")
    buyer = Fa3Party(
        debtor["nip"], debtor["name"], debtor["street"], f"{debtor['postcode']} {debtor['city']}"
    )
    data = fa3_xml(
        inv["number"],
        issued_on=date.fromisoformat(inv["issue_date"]),
        seller=seller,
        buyer=buyer,
        lines=[(d, Decimal(q), u, Decimal(p)) for d, q, u, p in lines],
        due_date=date.fromisoformat(inv["due_date"]),
        bank_account=CREDITOR["bank_account"],
        place="Warszawa",
        created_at=f"{inv['issue_date']}T15:20:00Z",
    )
    name = f"{folder_name}/" + inv["number"].replace("/", "-") + ".xml"
    (folder / folder_name).mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    head = f"2588139984-{received}-{technical}"
    inv["ksef_number"] = f"{head}-{crc8(head.encode()):02X}"
    inv["ksef_xml"] = name


def eml(
    folder: Path,
    name: str,
    *,
    sender: str,
    to: str,
    subject: str,
    when: datetime,
    body: str,
    msg_id: str,
    reply_to: str | None = None,
) -> str:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, to, subject
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = f"<{msg_id}>"
    if reply_to:
        msg["In-Reply-To"] = msg["References"] = f"<{reply_to}>"
    msg.set_content(body, charset="utf-8")
    (folder / name).write_bytes(bytes(msg))
    return name


def write_case(name: str, doc: dict[str, Any]) -> Path:
    folder = HERE / "cases" / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save(folder: Path, doc: dict[str, Any]) -> None:
    full = {"format": "handoff-case/1", **doc}
    text = json.dumps(full, ensure_ascii=False, indent=2) + "\n"
    (folder / "case.json").write_text(text, encoding="utf-8")


def case_budomax() -> None:
    folder = write_case("TT-0141-budomax", {})
    debtor = {
        "kind": "company",
        "name": "Budomax Wykonawstwo sp. z o.o.",
        "street": "ul. Przemysłowa 21",
        "postcode": "93-121",
        "city": "Łódź",
        "nip": "2141707530",
        "regon": "645568155",
        "krs": "0000094021",
        "email": "biuro@budomax.example",
    }
    invoices = [
        {
            "number": "FV/2025/01/114",
            "issue_date": "2025-01-10",
            "due_date": "2025-01-24",
            "amount": "4920.00",
            "delivered_on": "2025-01-10",
        },
        {
            "number": "FV/2025/02/087",
            "issue_date": "2025-02-07",
            "due_date": "2025-02-21",
            "amount": "6150.00",
            "delivered_on": "2025-02-07",
        },
        {
            "number": "FV/2025/03/043",
            "issue_date": "2025-03-05",
            "due_date": "2025-03-19",
            "amount": "3567.00",
            "delivered_on": "2025-03-05",
        },
    ]
    items = [
        "kocioł kondensacyjny 24 kW, 2 szt.",
        "grzejniki stalowe 600x1000, 15 szt.",
        "rury PEX i złączki, zestaw",
    ]
    for inv, what in zip(invoices, items, strict=True):
        inv["file"] = invoice_pdf(folder, inv, debtor, what)
    demand = pdf(
        folder,
        "wezwanie-2026-10-12.pdf",
        [
            "Ostateczne przedsądowe wezwanie do zapłaty",
            "Warszawa, 12.10.2026",
            "Budomax Wykonawstwo sp. z o.o., ul. Przemysłowa 21, 93-121 Łódź",
            "Wzywamy do zapłaty 12 637,00 zł z tytułu faktur FV/2025/01/114 "
            "(pozostałe 2 920,00 zł),",
            "FV/2025/02/087 i FV/2025/03/043 w terminie 7 dni od doręczenia wezwania.",
            "Brak zapłaty spowoduje skierowanie sprawy na drogę postępowania sądowego.",
        ],
    )
    zpo = pdf(
        folder,
        "zpo-wezwanie-2026-10-12.pdf",
        [
            "Potwierdzenie odbioru (ZPO)",
            "Przesyłka polecona nr RR 0062 4413 9876 5 PL",
            "Adresat: Budomax Wykonawstwo sp. z o.o., 93-121 Łódź",
            "Doręczono: 15.10.2026, odebrał pracownik upoważniony do odbioru korespondencji",
        ],
    )
    save(
        folder,
        {
            "external_ref": "TT/WIND/2026/0141",
            "creditor": CREDITOR,
            "debtor": debtor,
            "claim_basis": "sale",
            "invoices": invoices,
            "payments": [
                {
                    "paid_on": "2025-02-17",
                    "amount": "2000.00",
                    "invoice_number": "FV/2025/01/114",
                    "designated": True,
                }
            ],
            "correspondence": [
                {
                    "kind": "final_demand",
                    "sent_on": "2026-10-12",
                    "delivered_on": "2026-10-15",
                    "summary": "Ostateczne przedsądowe wezwanie do zapłaty 12 637,00 zł",
                    "file": demand,
                    "delivery_proof_file": zpo,
                }
            ],
            "paralegal": "mkowal",
            "partner": "esadowska",
        },
    )


def case_zielona_dolina() -> None:
    folder = write_case("TT-0152-zielona-dolina", {})
    debtor = {
        "kind": "company",
        "name": "Hotel Zielona Dolina sp. z o.o.",
        "street": "ul. Kościeliska 52",
        "postcode": "34-500",
        "city": "Zakopane",
        "nip": "9844729408",
        "regon": "557616988",
        "krs": "0000522669",
    }
    contract = pdf(
        folder,
        "umowa-serwisowa-12-2025.pdf",
        [
            "Umowa serwisowa nr 12/2025",
            "zawarta 1.12.2025 w Warszawie pomiędzy Termotech Instalacje sp. z o.o.",
            "a Hotel Zielona Dolina sp. z o.o. w Zakopanem.",
            "§ 1. Wykonawca świadczy usługi przeglądów i konserwacji kotłowni hotelu.",
            "§ 4. Wynagrodzenie płatne w terminie 14 dni od doręczenia faktury.",
        ],
    )
    inv = {
        "number": "FV/2026/09/021",
        "issue_date": "2026-09-01",
        "due_date": "2026-09-15",
        "amount": "8487.00",
        "accepted_by_debtor": True,
        "delivered_on": "2026-09-01",
    }
    inv["file"] = invoice_pdf(folder, inv, debtor, "przegląd i konserwacja kotłowni, III kw. 2026")
    ksef_invoice(
        folder,
        inv,
        debtor,
        [
            (
                "Przegląd i konserwacja kotłowni hotelowej, III kw. 2026 (umowa 12/2025)",
                "1",
                "usł.",
                "6900.00",
            )
        ],
        received="20260901",
        technical="01000A3F7C21",
    )
    reminder = pdf(
        folder,
        "monit-2026-10-01.pdf",
        [
            "Przypomnienie o płatności",
            "Warszawa, 1.10.2026",
            "Uprzejmie przypominamy o nieopłaconej fakturze FV/2026/09/021 na kwotę 8 487,00 zł.",
        ],
    )
    save(
        folder,
        {
            "external_ref": "TT/WIND/2026/0152",
            "creditor": CREDITOR,
            "debtor": debtor,
            "claim_basis": "services",
            "contract": {
                "number": "12/2025",
                "signed_on": "2025-12-01",
                "subject": "Przeglądy i konserwacja kotłowni hotelowej",
                "file": contract,
            },
            "invoices": [inv],
            "correspondence": [
                {
                    "kind": "reminder",
                    "sent_on": "2026-10-01",
                    "summary": "Monit w sprawie faktury FV/2026/09/021",
                    "file": reminder,
                }
            ],
            "paralegal": "mkowal",
            "partner": "esadowska",
        },
    )


def case_instal_serwis() -> None:
    folder = write_case("TT-0087-instal-serwis", {})
    debtor = {
        "kind": "sole_trader",
        "name": "Marek Wójcik prowadzący działalność gospodarczą pod firmą "
        "Instal-Serwis Marek Wójcik",
        "street": "ul. Źródlana 3",
        "postcode": "35-064",
        "city": "Rzeszów",
        "nip": "2689768463",
        "regon": "978809320",
    }
    invoices = [
        {
            "number": "FV/2023/08/077",
            "issue_date": "2023-08-15",
            "due_date": "2023-08-29",
            "amount": "2214.00",
        },
        {
            "number": "FV/2024/10/015",
            "issue_date": "2024-10-02",
            "due_date": "2024-10-16",
            "amount": "5535.00",
            "delivered_on": "2024-10-04",
        },
    ]
    for inv, what in zip(
        invoices,
        ["zawory termostatyczne, 40 szt.", "pompa obiegowa i naczynie wzbiorcze"],
        strict=True,
    ):
        inv["file"] = invoice_pdf(folder, inv, debtor, what)
    reminder = pdf(
        folder,
        "monit-2025-03-03.pdf",
        [
            "Przypomnienie o płatności",
            "Warszawa, 3.03.2025",
            "Przypominamy o fakturach FV/2023/08/077 i FV/2024/10/015, razem 7 749,00 zł.",
        ],
    )
    save(
        folder,
        {
            "external_ref": "TT/WIND/2025/0087",
            "creditor": CREDITOR,
            "debtor": debtor,
            "claim_basis": "sale",
            "invoices": invoices,
            "correspondence": [
                {
                    "kind": "reminder",
                    "sent_on": "2025-03-03",
                    "summary": "Monit (nie przerywa biegu przedawnienia)",
                    "file": reminder,
                }
            ],
            "paralegal": "anowak",
            "partner": "esadowska",
        },
    )


def case_zielinska() -> None:
    folder = write_case("TT-0163-zielinska", {})
    debtor = {
        "kind": "consumer",
        "name": "Joanna Zielińska",
        "street": "ul. Słoneczna 7",
        "postcode": "05-500",
        "city": "Piaseczno",
        "pesel": "84031719621",
        "email": "j.zielinska@poczta.example",
    }
    contract = pdf(
        folder,
        "umowa-2026-K-118.pdf",
        [
            "Umowa sprzedaży z montażem nr 2026/K/118",
            "zawarta 28.04.2026 w Piasecznie (w lokalu przedsiębiorstwa)",
            "Sprzedawca: Termotech Instalacje sp. z o.o.; Kupująca: Joanna Zielińska",
            "Przedmiot: pompa ciepła powietrze-woda 8 kW wraz z montażem.",
            "Cena: 18 690,00 zł; zaliczka 15 000,00 zł, reszta po montażu w 14 dni.",
        ],
    )
    inv = {
        "number": "FV/2026/05/230",
        "issue_date": "2026-05-20",
        "due_date": "2026-06-03",
        "amount": "3690.00",
        "delivered_on": "2026-05-20",
    }
    inv["file"] = invoice_pdf(folder, inv, debtor, "pompa ciepła 8 kW z montażem - dopłata")
    demand = pdf(
        folder,
        "wezwanie-2026-09-15.pdf",
        [
            "Ostateczne przedsądowe wezwanie do zapłaty",
            "Warszawa, 15.09.2026",
            "Pani Joanna Zielińska, ul. Słoneczna 7, 05-500 Piaseczno",
            "Wzywamy do zapłaty 3 690,00 zł (faktura FV/2026/05/230) w terminie 14 dni.",
        ],
    )
    zpo = pdf(
        folder,
        "zpo-wezwanie-2026-09-15.pdf",
        [
            "Potwierdzenie odbioru (ZPO)",
            "Przesyłka polecona nr RR 0062 4413 1234 8 PL",
            "Doręczono adresatce osobiście: 22.09.2026",
        ],
    )
    save(
        folder,
        {
            "external_ref": "TT/WIND/2026/0163",
            "creditor": CREDITOR,
            "debtor": debtor,
            "claim_basis": "sale",
            "contract": {
                "number": "2026/K/118",
                "signed_on": "2026-04-28",
                "subject": "Sprzedaż pompy ciepła z montażem",
                "file": contract,
            },
            "invoices": [inv],
            "payments": [],
            "correspondence": [
                {
                    "kind": "final_demand",
                    "sent_on": "2026-09-15",
                    "delivered_on": "2026-09-22",
                    "summary": "Wezwanie do zapłaty 3 690,00 zł",
                    "file": demand,
                    "delivery_proof_file": zpo,
                }
            ],
            "paralegal": "anowak",
            "partner": "esadowska",
        },
    )


def case_jasminowe() -> None:
    folder = write_case("TT-0171-jasminowe", {})
    debtor = {
        "kind": "company",
        "name": "Osiedle Jaśminowe Deweloper sp. z o.o. sp. k.",
        "street": "al. Jana Pawła II 80",
        "postcode": "80-462",
        "city": "Gdańsk",
        # Gdańsk is split between SR Gdańsk-Południe and SR Gdańsk-Północ by jednostka
        # pomocnicza: al. Jana Pawła II runs through Zaspa (both Zaspa units: Gdańsk-Północ)
        "district": "Zaspa",
        "nip": "1819672733",
        "regon": "177848649",
        "krs": "0000574776",
        "email": "ksiegowosc@jasminowe.example",
    }
    contract = pdf(
        folder,
        "umowa-07-2026-roboty.pdf",
        [
            "Umowa o roboty instalacyjne nr 07/2026",
            "zawarta 10.02.2026 w Gdańsku",
            "Wykonawca: Termotech Instalacje sp. z o.o.; Zamawiający: Osiedle Jaśminowe Deweloper",
            "Przedmiot: instalacja c.o. i c.w.u. w budynku B, ul. Jaśminowa 4, Gdańsk.",
            "Wynagrodzenie ryczałtowe 63 345,00 zł brutto, płatne fakturami częściowymi.",
            "Protokół odbioru końcowego podpisano 28.07.2026 bez zastrzeżeń.",
        ],
    )
    protocol = pdf(
        folder,
        "protokol-odbioru-2026-07-28.pdf",
        [
            "Protokół odbioru końcowego robót",
            "Gdańsk, 28.07.2026",
            "Roboty wg umowy nr 07/2026 wykonano zgodnie z umową i odebrano bez zastrzeżeń.",
            "Za Zamawiającego: /-/ Tadeusz Mróz        Za Wykonawcę: /-/ Paweł Grabowski",
        ],
    )
    invoices = [
        {
            "number": "FV/2026/07/140",
            "issue_date": "2026-07-31",
            "due_date": "2026-08-30",
            "amount": "48585.00",
            "delivered_on": "2026-08-03",
        },
        {
            "number": "FV/2026/08/160",
            "issue_date": "2026-08-20",
            "due_date": "2026-09-19",
            "amount": "14760.00",
            "delivered_on": "2026-08-21",
        },
    ]
    for inv, what in zip(
        invoices,
        ["instalacja c.o. budynek B - etap I", "instalacja c.w.u. budynek B - etap II"],
        strict=True,
    ):
        inv["file"] = invoice_pdf(folder, inv, debtor, what)
    ours, theirs = (
        "Termotech Windykacja <windykacja@termotech.example>",
        ("Księgowość Osiedle Jaśminowe <ksiegowosc@jasminowe.example>"),
    )
    m1 = eml(
        folder,
        "2026-09-24-przypomnienie.eml",
        sender=ours,
        to=theirs,
        subject="Zaległe płatności - faktury FV/2026/07/140 i FV/2026/08/160",
        when=datetime(2026, 9, 24, 9, 12, tzinfo=CEST),
        msg_id="tt-0171-1@termotech.example",
        body="Dzień dobry,\n\nprzypominamy o nieopłaconych fakturach FV/2026/07/140 "
        "(48 585,00 zł) i FV/2026/08/160 (14 760,00 zł).\nProsimy o pilną zapłatę.\n\n"
        "Z poważaniem\nDział windykacji Termotech Instalacje sp. z o.o.\n",
    )
    m2 = eml(
        folder,
        "2026-09-28-prosba-o-raty.eml",
        sender=theirs,
        to=ours,
        subject="Re: Zaległe płatności - faktury FV/2026/07/140 i FV/2026/08/160",
        when=datetime(2026, 9, 28, 14, 40, tzinfo=CEST),
        msg_id="jas-5521@jasminowe.example",
        reply_to="tt-0171-1@termotech.example",
        body="Dzień dobry,\n\npotwierdzamy saldo 63 345,00 zł. Z uwagi na opóźnienia "
        "w sprzedaży lokali prosimy o rozłożenie należności na 6 miesięcznych rat, "
        "pierwsza płatna do 15 października.\n\nPozdrawiam\nBarbara Lis\n"
        "Główna księgowa\n",
    )
    m3 = eml(
        folder,
        "2026-09-30-odpowiedz.eml",
        sender=ours,
        to=theirs,
        subject="Re: Re: Zaległe płatności - faktury FV/2026/07/140 i FV/2026/08/160",
        when=datetime(2026, 9, 30, 10, 5, tzinfo=CEST),
        msg_id="tt-0171-2@termotech.example",
        reply_to="jas-5521@jasminowe.example",
        body="Dzień dobry,\n\nmożemy zgodzić się na 3 raty pod warunkiem podpisania "
        "ugody z uznaniem długu do 9 października. Bez tego sprawa trafi do "
        "kancelarii.\n\nZ poważaniem\nDział windykacji\n",
    )
    demand = pdf(
        folder,
        "wezwanie-2026-10-20.pdf",
        [
            "Ostateczne przedsądowe wezwanie do zapłaty",
            "Warszawa, 20.10.2026",
            "Osiedle Jaśminowe Deweloper sp. z o.o. sp. k., al. Jana Pawła II 80, 80-462 Gdańsk",
            "Wzywamy do zapłaty 63 345,00 zł (FV/2026/07/140, FV/2026/08/160) w terminie 7 dni.",
        ],
    )
    zpo = pdf(
        folder,
        "zpo-wezwanie-2026-10-20.pdf",
        [
            "Potwierdzenie odbioru (ZPO)",
            "Przesyłka polecona nr RR 0062 4413 5555 2 PL",
            "Doręczono: 23.10.2026, sekretariat spółki",
        ],
    )
    save(
        folder,
        {
            "external_ref": "TT/WIND/2026/0171",
            "creditor": CREDITOR,
            "debtor": debtor,
            "claim_basis": "work",
            "contract": {
                "number": "07/2026",
                "signed_on": "2026-02-10",
                "subject": "Roboty instalacyjne c.o. i c.w.u., budynek B",
                "file": contract,
            },
            "invoices": invoices,
            "correspondence": [
                {
                    "kind": "email",
                    "sent_on": "2026-09-24",
                    "summary": "Przypomnienie e-mailem",
                    "file": m1,
                },
                {
                    "kind": "debtor_reply",
                    "sent_on": "2026-09-28",
                    "summary": "Dłużnik potwierdza saldo i prosi o rozłożenie na 6 rat",
                    "file": m2,
                    "acknowledges_debt": True,
                    "requests_instalments": True,
                },
                {
                    "kind": "email",
                    "sent_on": "2026-09-30",
                    "summary": "Zgoda na 3 raty pod warunkiem ugody",
                    "file": m3,
                },
                {
                    "kind": "final_demand",
                    "sent_on": "2026-10-20",
                    "delivered_on": "2026-10-23",
                    "summary": "Ostateczne wezwanie do zapłaty 63 345,00 zł",
                    "file": demand,
                    "delivery_proof_file": zpo,
                },
            ],
            "evidence": [
                {
                    "kind": "other",
                    "file": protocol,
                    "description": "Protokół odbioru końcowego robót",
                    "doc_date": "2026-07-28",
                }
            ],
            "paralegal": "mkowal",
            "partner": "esadowska",
        },
    )


CSV_HEADER = [
    "external_ref",
    "claim_basis",
    "debtor_kind",
    "debtor_name",
    "debtor_nip",
    "debtor_regon",
    "debtor_krs",
    "debtor_street",
    "debtor_postcode",
    "debtor_city",
    "invoice_number",
    "issue_date",
    "due_date",
    "amount",
    "currency",
    "accepted_by_debtor",
    "delivered_on",
    "invoice_file",
    "paid_amount",
    "paid_on",
    "demand_sent_on",
    "demand_delivered_on",
    "demand_file",
    "demand_delivery_proof_file",
    "paralegal",
    "partner",
    "ksef_number",
    "ksef_xml_file",
]


def csv_cases() -> None:
    evidence = HERE / "evidence"
    evidence.mkdir(exist_ok=True)
    sliwa = {
        "name": "Łukasz Śliwa - Zakład Usług Remontowych Łukasz Śliwa",
        "street": "ul. Kilińskiego 140",
        "postcode": "90-315",
        "city": "Łódź",
    }
    klos = {
        "name": "Piekarnia Złoty Kłos sp. z o.o.",
        "street": "ul. Lubelska 12",
        "postcode": "20-088",
        "city": "Lublin",
    }
    rows: list[list[str]] = []
    specs = [
        (
            "TT/WIND/2026/0180",
            "sole_trader",
            sliwa,
            "9766344001",
            "297875343",
            "",
            [
                ("FV/2026/07/201", "01.07.2026", "15.07.2026", "1 845,00", "", ""),
                (
                    "FV/2026/08/019",
                    "04.08.2026",
                    "18.08.2026",
                    "2 767,50",
                    "1 000,00",
                    "20.08.2026",
                ),
            ],
            ("05.10.2026", "09.10.2026"),
        ),
        (
            "TT/WIND/2026/0181",
            "company",
            klos,
            "8787680459",
            "717847260",
            "0000883363",
            [("FV/2026/09/077", "02.09.2026", "16.09.2026", "12 300,00", "", "")],
            ("14.10.2026", "19.10.2026"),
        ),
    ]
    for ref, kind, who, nip, regon, krs, invs, (sent, delivered) in specs:
        slug = ref.rsplit("/", 1)[-1]
        demand = f"evidence/wezwanie-{slug}.pdf"
        pdf(
            HERE,
            demand,
            [
                "Ostateczne przedsądowe wezwanie do zapłaty",
                f"Warszawa, {sent}",
                who["name"],
                f"{who['street']}, {who['postcode']} {who['city']}",
            ],
        )
        proof = f"evidence/zpo-{slug}.pdf"
        pdf(HERE, proof, ["Potwierdzenie odbioru (ZPO)", f"Doręczono: {delivered}"])
        for number, issued, due, amount, paid, paid_on in invs:
            file = "evidence/" + number.replace("/", "-") + ".pdf"
            pdf(
                HERE,
                file,
                [
                    f"Faktura VAT nr {number}",
                    f"Data wystawienia: {issued}",
                    f"Termin płatności: {due}",
                    f"Nabywca: {who['name']}",
                    f"Do zapłaty: {amount} zł",
                    f"Sprzedawca: {CREDITOR_LINE}",
                ],
            )
            ksef: dict[str, Any] = {"ksef_number": "", "ksef_xml": ""}
            if ref == "TT/WIND/2026/0181":  # in KSeF, received on its issue day
                day, month, year = issued.split(".")
                d2, m2, y2 = due.split(".")
                ksef = {"number": number, "issue_date": f"{year}-{month}-{day}"}
                ksef["due_date"] = f"{y2}-{m2}-{d2}"
                buyer = {**who, "nip": nip}
                line = ("Kocioł gazowy kondensacyjny 35 kW z osprzętem", "1", "szt.", "10000.00")
                ksef_invoice(
                    HERE,
                    ksef,
                    buyer,
                    [line],
                    received=f"{year}{month}{day}",
                    technical="01000B7E4C58",
                    folder_name="evidence/ksef",
                )
            rows.append(
                [
                    ref,
                    "sale" if kind == "company" else "services",
                    kind,
                    who["name"],
                    nip,
                    regon,
                    krs,
                    who["street"],
                    who["postcode"],
                    who["city"],
                    number,
                    issued,
                    due,
                    amount,
                    "PLN",
                    "nie",
                    issued,
                    file,
                    paid,
                    paid_on,
                    sent,
                    delivered,
                    demand,
                    proof,
                    "anowak",
                    "esadowska",
                    ksef["ksef_number"],
                    ksef["ksef_xml"],
                ]
            )
    lines = [";".join(CSV_HEADER)] + [";".join(r) for r in rows]
    (HERE / "cases.csv").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")


def main() -> None:
    shutil.rmtree(HERE / "cases", ignore_errors=True)
    shutil.rmtree(HERE / "evidence", ignore_errors=True)
    (HERE / "creditor.json").write_text(
        json.dumps(CREDITOR, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (HERE / "firm.json").write_text(
        json.dumps(FIRM, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    case_budomax()
    case_zielona_dolina()
    case_instal_serwis()
    case_zielinska()
    case_jasminowe()
    csv_cases()


if __name__ == "__main__":
    main()
