"""Synthetic but valid cases for benchmarks, load tests and demos (fictional names only).

``iter_case_documents(n, seed)`` yields ``handoff-case/1`` documents in memory;
``generate_cases(n, out_dir, seed)`` writes them as case folders with tiny PDF evidence. The
same seed gives the same cases. Identifiers carry valid checksums (NIP, REGON, PESEL, NRB),
computed here because python-stdnum validates but does not invent numbers. Dates are relative
to ``today`` (default 23.11.2026, the demo day), so limitation and EPU checks are meaningful.

``minimal_pdf(lines)`` builds a one-page PDF by hand (Helvetica with a Polish-letter encoding
table), also used for the shipped sample cases.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from stdnum import iban
from stdnum.pl import pesel

from intake.formats import FORMAT

DEMO_TODAY = date(2026, 11, 23)

# Polish letters missing from WinAnsiEncoding, placed at codes 128-143 by /Differences.
_POLISH = "ąćęłńśźżĄĆĘŁŃŚŹŻ"
_GLYPHS = (
    "/aogonek /cacute /eogonek /lslash /nacute /sacute /zacute /zdotaccent "
    "/Aogonek /Cacute /Eogonek /Lslash /Nacute /Sacute /Zacute /Zdotaccent"
)


def _pdf_text(line: str) -> bytes:
    out = bytearray()
    for ch in line:
        if ch in _POLISH:
            out.append(128 + _POLISH.index(ch))
        else:
            code = ch.encode("cp1252", "replace")
            out += b"\\" + code if code in (b"(", b")", b"\\") else code
    return bytes(out)


def minimal_pdf(lines: Sequence[str], *, title: str = "") -> bytes:
    """A valid one-page A4 PDF showing ``lines`` (Polish letters included), about 1-2 KB."""
    stream = bytearray(b"BT /F1 11 Tf 14 TL 56 790 Td\n")
    for i, line in enumerate(lines):
        size = b"/F1 14 Tf " if i == 0 else b"/F1 11 Tf "
        stream += size + b"(" + _pdf_text(line) + b") Tj T*\n"
    stream += b"ET\n"
    info = b"(" + _pdf_text(title or (lines[0] if lines else "")) + b")"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + bytes(stream) + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding 6 0 R >>",
        b"<< /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [128 "
        + _GLYPHS.encode()
        + b"] >>",
        b"<< /Title " + info + b" /Producer (kancelaria-handoff) >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        len(objects),
        xref,
    )
    return bytes(out)


def nip_number(rng: random.Random) -> str:
    """A random NIP with a valid check digit (weights 6 5 7 2 3 4 5 6 7, mod 11 != 10)."""
    while True:
        body = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
        check = sum(w * d for w, d in zip((6, 5, 7, 2, 3, 4, 5, 6, 7), body, strict=True)) % 11
        if check != 10:
            return "".join(map(str, body)) + str(check)


def regon_number(rng: random.Random) -> str:
    """A random 9-digit REGON (weights 8 9 2 3 4 5 6 7, mod 11, 10 -> 0)."""
    body = [rng.randint(0, 9) for _ in range(8)]
    check = sum(w * d for w, d in zip((8, 9, 2, 3, 4, 5, 6, 7), body, strict=True)) % 11 % 10
    return "".join(map(str, body)) + str(check)


def krs_number(rng: random.Random) -> str:
    return f"{rng.randint(1, 999999):010d}"


def pesel_number(rng: random.Random, born: date) -> str:
    month = born.month + (20 if born.year >= 2000 else 0)
    body = f"{born.year % 100:02d}{month:02d}{born.day:02d}{rng.randint(0, 9999):04d}"
    return body + pesel.calc_check_digit(body)


def nrb_number(rng: random.Random) -> str:
    """A Polish account number (NRB): 2 check digits + 8-digit bank code + 16 digits."""
    bban = f"{rng.randint(10000000, 99999999)}{rng.randint(0, 10**16 - 1):016d}"
    return iban.calc_check_digits("PL00" + bban) + bban


_PREFIXES = (
    "Przedsiębiorstwo Handlowe",
    "Zakład Usług",
    "Hurtownia",
    "Fabryka",
    "Pracownia",
    "Agencja",
    "Centrum Dystrybucji",
    "Biuro Projektowe",
)
_STEMS = (
    "Lipa",
    "Orzeł",
    "Wisłok",
    "Bursztyn",
    "Sokół",
    "Żuraw",
    "Grab",
    "Modrzew",
    "Kruk",
    "Dąbrowa",
    "Świerk",
    "Jaśmin",
)
_FORMS = ("sp. z o.o.", "S.A.", "sp. j.", "sp. k.")
_CITIES = (
    ("Łódź", "90-"),
    ("Kraków", "30-"),
    ("Poznań", "60-"),
    ("Gdańsk", "80-"),
    ("Wrocław", "50-"),
    ("Lublin", "20-"),
    ("Białystok", "15-"),
    ("Rzeszów", "35-"),
)
_STREETS = (
    "ul. Piotrkowska",
    "ul. Długa",
    "ul. Kościuszki",
    "al. Jana Pawła II",
    "ul. Przemysłowa",
    "ul. Polna",
    "ul. Źródlana",
)
_FIRST = ("Anna", "Piotr", "Katarzyna", "Tomasz", "Magdalena", "Krzysztof", "Agnieszka")
_LAST = ("Kowalczyk", "Wiśniewski", "Zając", "Lewandowska", "Dąbrowski", "Mazur", "Król")

CREDITOR: dict[str, Any] = {
    "kind": "company",
    "name": "Syntetyczny Wierzyciel sp. z o.o.",
    "nip": "5261040828",
    "regon": "012100784",
    "krs": "0000012345",
    "street": "ul. Testowa 1",
    "postcode": "00-001",
    "city": "Warszawa",
    "email": "windykacja@wierzyciel.example",
}


def _address(rng: random.Random) -> dict[str, str]:
    city, prefix = rng.choice(_CITIES)
    return {
        "street": f"{rng.choice(_STREETS)} {rng.randint(1, 180)}",
        "postcode": f"{prefix}{rng.randint(1, 999):03d}",
        "city": city,
    }


def _debtor(rng: random.Random, today: date) -> dict[str, Any]:
    if rng.random() < 0.15:
        born = date(rng.randint(1950, 2000), rng.randint(1, 12), rng.randint(1, 28))
        return {
            "kind": "consumer",
            "name": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
            "pesel": pesel_number(rng, born),
            **_address(rng),
        }
    kind = "sole_trader" if rng.random() < 0.25 else "company"
    name = f"{rng.choice(_PREFIXES)} {rng.choice(_STEMS)}"
    debtor = {"kind": kind, "nip": nip_number(rng), "regon": regon_number(rng), **_address(rng)}
    if kind == "company":
        debtor |= {"name": f"{name} {rng.choice(_FORMS)}", "krs": krs_number(rng)}
    else:
        debtor["name"] = f"{rng.choice(_FIRST)} {rng.choice(_LAST)} - {name}"
    return debtor


def iter_case_documents(
    n: int, seed: int = 0, *, today: date = DEMO_TODAY
) -> Iterator[dict[str, Any]]:
    """``n`` valid case documents (JSON-ready dicts) referencing ``evidence/*.pdf`` files."""
    rng = random.Random(seed)
    for k in range(n):
        debtor = _debtor(rng, today)
        invoices = []
        count = rng.randint(1, 4)
        # every invoice falls due at least 40 days before ``today`` (none in the future)
        start = today - timedelta(days=rng.randint(60 + 30 * count, 900))
        for j in range(count):
            issued = start + timedelta(days=30 * j)
            cents = rng.randint(15_000, 4_500_000)
            invoices.append(
                {
                    "number": f"FV/{issued.year}/{issued.month:02d}/{seed}-{k}-{j + 1}",
                    "issue_date": issued.isoformat(),
                    "due_date": (issued + timedelta(days=rng.choice((7, 14, 30)))).isoformat(),
                    "amount": f"{cents // 100}.{cents % 100:02d}",
                    "currency": "PLN",
                    "delivered_on": (issued + timedelta(days=2)).isoformat(),
                    "file": f"evidence/faktura-{j + 1}.pdf",
                }
            )
        payments = []
        if rng.random() < 0.3:
            first = invoices[0]
            whole = int(first["amount"].replace(".", ""))
            part = max(1, whole // rng.randint(2, 5))
            payments.append(
                {
                    "paid_on": first["due_date"],
                    "amount": f"{part // 100}.{part % 100:02d}",
                    "invoice_number": first["number"],
                    "designated": True,
                }
            )
        last_due = max(date.fromisoformat(i["due_date"]) for i in invoices)
        demand_on = min(today - timedelta(days=10), last_due + timedelta(days=30))
        doc: dict[str, Any] = {
            "format": FORMAT,
            "external_ref": f"SYN-{seed}-{k:06d}",
            "creditor": CREDITOR,
            "debtor": debtor,
            "claim_basis": rng.choice(("sale", "services", "work")),
            "invoices": invoices,
            "payments": payments,
            "correspondence": [
                {
                    "kind": "final_demand",
                    "sent_on": demand_on.isoformat(),
                    "delivered_on": (demand_on + timedelta(days=3)).isoformat(),
                    "summary": "Ostateczne przedsądowe wezwanie do zapłaty",
                    "file": "evidence/wezwanie.pdf",
                }
            ],
            "paralegal": rng.choice(("asystent1", "asystent2")),
            "partner": "partner1",
        }
        yield doc


_SHARED_PDF = minimal_pdf(["Dokument syntetyczny", "Wygenerowany do testów wydajności."])


def generate_cases(n: int, out_dir: Path | str, seed: int = 0, *, today: date = DEMO_TODAY) -> Path:
    """Write ``n`` case folders under ``out_dir`` (a batch folder) and return it.

    Evidence files are hard links to one shared PDF in ``out_dir/.shared`` (a hidden folder
    the importer skips), so 10,000 cases cost directory entries, not 40,000 file writes.
    """
    root = Path(out_dir)
    shared = root / ".shared" / "dokument.pdf"
    shared.parent.mkdir(parents=True, exist_ok=True)
    shared.write_bytes(_SHARED_PDF)
    for doc in iter_case_documents(n, seed, today=today):
        folder = root / doc["external_ref"]
        (folder / "evidence").mkdir(parents=True, exist_ok=True)
        names = {inv["file"] for inv in doc["invoices"]}
        names |= {x["file"] for x in doc["correspondence"]}
        for name in names:
            _place(shared, folder / name)
        (folder / "case.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return root


def _place(shared: Path, target: Path) -> None:
    try:
        target.unlink(missing_ok=True)
        os.link(shared, target)
    except OSError:  # no hard links on this filesystem
        target.write_bytes(_SHARED_PDF)
