"""The UPO (Urzędowe Poświadczenie Odbioru) of KSeF: read it and hold it against the invoice.

KSeF issues the UPO for a sending session; it lists each accepted invoice (``Dokument``)
with the seller's NIP, the KSeF number, the invoice number and issue date, when it was sent
and when the number was assigned (``DataNadaniaNumeruKSeF``), and the SHA-256 of the
invoice file in Base64 (``SkrotDokumentu``). Structure: UPO v4-2 and v4-3
(``http://upo.schematy.mf.gov.pl/KSeF/v4-2`` / ``v4-3``, CIRFMF/ksef-docs); ksef-client
0.20 downloads UPOs but ships no UPO schema or parser, so it is read here with lxml
(no network, no DTD, no entities), and only the elements named below are relied on.

For the claim the UPO proves the day the KSeF number was assigned, the day the invoice is
deemed received (art. 106na ust. 3 ustawy o VAT, polish_law.md 0b K7). A UPO that
contradicts the invoice (another number, another file, another seller, another day) is a
specific error naming both values.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from lxml import etree

from law.pl.ksef import KsefNumber
from law.pl.text import pl_date

UPO_NAMESPACES = frozenset(
    {"http://upo.schematy.mf.gov.pl/KSeF/v4-2", "http://upo.schematy.mf.gov.pl/KSeF/v4-3"}
)
MAX_UPO_BYTES = 20 * 1024 * 1024
WARSAW = ZoneInfo("Europe/Warsaw")  # the KSeF number's date part is the Polish calendar day

_SAFE = etree.XMLParser(
    no_network=True, resolve_entities=False, load_dtd=False, huge_tree=False, remove_comments=True
)


class UpoError(ValueError):
    """The file is not a readable KSeF UPO; the message is one Polish line."""


@dataclass(frozen=True, slots=True)
class UpoDocument:
    """One invoice the UPO confirms."""

    seller_nip: str
    ksef_number: str
    invoice_number: str
    issue_date: date | None
    assigned_at: datetime | None  # DataNadaniaNumeruKSeF
    sha256: str  # SkrotDokumentu: SHA-256 of the invoice file, Base64

    @property
    def assigned_on(self) -> date | None:
        """The Polish calendar day of the assignment (an offset-less time taken as is)."""
        if self.assigned_at is None:
            return None
        if self.assigned_at.tzinfo is None:
            return self.assigned_at.date()
        return self.assigned_at.astimezone(WARSAW).date()


@dataclass(frozen=True, slots=True)
class Upo:
    session: str  # NumerReferencyjnySesji
    context_nip: str | None
    documents: tuple[UpoDocument, ...]

    def document(self, ksef_number: str) -> UpoDocument | None:
        return next((d for d in self.documents if d.ksef_number == ksef_number), None)


def read_upo(data: bytes) -> Upo:
    """The UPO in ``data``, or ``UpoError`` in Polish."""
    if len(data) > MAX_UPO_BYTES:
        raise UpoError(f"plik UPO ma {len(data)} bajtów, limit to {MAX_UPO_BYTES}")
    try:
        root = etree.fromstring(data, _SAFE)
    except etree.XMLSyntaxError as exc:
        raise UpoError(f"plik UPO nie jest poprawnym XML (uszkodzony?): {exc}") from None
    if root.getroottree().docinfo.doctype:
        raise UpoError("plik UPO zawiera deklarację DOCTYPE (niedozwoloną)")
    name = etree.QName(root)
    if name.localname != "Potwierdzenie" or name.namespace not in UPO_NAMESPACES:
        raise UpoError(
            "to nie jest UPO KSeF (oczekiwano elementu Potwierdzenie w przestrzeni nazw UPO "
            f"v4-2 albo v4-3, jest {name.localname} {name.namespace or 'bez przestrzeni nazw'})"
        )
    ns = name.namespace

    def text(parent: etree._Element, *path: str) -> str:
        found = parent.find("/".join(f"{{{ns}}}{p}" for p in path))
        return (found.text or "").strip() if found is not None else ""

    documents = []
    for i, doc in enumerate(root.findall(f"{{{ns}}}Dokument"), start=1):
        number = text(doc, "NumerKSeFDokumentu")
        digest = text(doc, "SkrotDokumentu")
        if not number or not digest:
            raise UpoError(f"UPO: dokument nr {i} bez numeru KSeF albo skrótu faktury")
        documents.append(
            UpoDocument(
                seller_nip=text(doc, "NipSprzedawcy"),
                ksef_number=number,
                invoice_number=text(doc, "NumerFaktury"),
                issue_date=_day(text(doc, "DataWystawieniaFaktury"), "DataWystawieniaFaktury"),
                assigned_at=_moment(text(doc, "DataNadaniaNumeruKSeF")),
                sha256=digest,
            )
        )
    if not documents:
        raise UpoError("UPO nie potwierdza żadnej faktury (brak elementu Dokument)")
    return Upo(
        session=text(root, "NumerReferencyjnySesji"),
        context_nip=text(root, "Uwierzytelnienie", "IdKontekstu", "Nip") or None,
        documents=tuple(documents),
    )


def _day(value: str, element: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise UpoError(f"UPO: {element} {value!r} nie jest datą") from None


def _moment(value: str) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise UpoError(f"UPO: DataNadaniaNumeruKSeF {value!r} nie jest datą i godziną") from None


def file_sha256(data: bytes) -> str:
    """SHA-256 in Base64, as the UPO's ``SkrotDokumentu`` writes it."""
    return base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")


def upo_errors(
    upo: Upo,
    *,
    invoice_number: str,
    ksef_number: KsefNumber | None,
    seller_nip: str | None,
    xml: bytes | None,
) -> list[tuple[str, str]]:
    """How the UPO contradicts the invoice, each (value, Polish message); empty: it confirms.

    ``xml``: the invoice file beside it, whose SHA-256 the UPO must name; ``seller_nip``:
    the creditor's (the seller who sent the invoice to KSeF).
    """
    who = f"faktura {invoice_number}"
    if ksef_number is None:
        return []
    doc = upo.document(ksef_number.value)
    if doc is None:
        listed = ", ".join(d.ksef_number for d in upo.documents[:5])
        return [
            (
                listed,
                f"{who}: UPO dotyczy innej faktury (numer KSeF w UPO: {listed}; faktura ma "
                f"{ksef_number.value})",
            )
        ]
    out: list[tuple[str, str]] = []
    if doc.invoice_number and doc.invoice_number != invoice_number:
        out.append(
            (
                doc.invoice_number,
                f"{who}: UPO potwierdza fakturę nr {doc.invoice_number} - inny numer faktury",
            )
        )
    if seller_nip and doc.seller_nip and doc.seller_nip != seller_nip:
        out.append(
            (
                doc.seller_nip,
                f"{who}: w UPO sprzedawca ma NIP {doc.seller_nip}, wierzyciel NIP {seller_nip} - "
                "UPO innego sprzedawcy",
            )
        )
    if doc.assigned_on is not None and doc.assigned_on != ksef_number.assigned_on:
        out.append(
            (
                doc.assigned_at.isoformat() if doc.assigned_at else "",
                f"{who}: w UPO numer KSeF nadano {pl_date(doc.assigned_on)}, a numer KSeF "
                f"{ksef_number.value} wskazuje {pl_date(ksef_number.assigned_on)}",
            )
        )
    if xml is not None and doc.sha256 != (digest := file_sha256(xml)):
        out.append(
            (
                doc.sha256,
                f"{who}: skrót faktury w UPO ({doc.sha256}) inny niż skrót pliku XML ({digest}) - "
                "UPO nie potwierdza tego pliku faktury",
            )
        )
    return out


def upo_xml(
    *,
    session: str,
    seller_nip: str,
    ksef_number: str,
    invoice_number: str,
    issue_date: date,
    assigned_at: str,
    xml: bytes,
    version: str = "v4-3",
) -> bytes:
    """A UPO of the official structure for one invoice (samples, tests, bench)."""
    ns = f"http://upo.schematy.mf.gov.pl/KSeF/{version}"
    root = etree.Element(f"{{{ns}}}Potwierdzenie", nsmap={None: ns})

    def add(parent: etree._Element, tag: str, value: str = "") -> etree._Element:
        el = etree.SubElement(parent, f"{{{ns}}}{tag}")
        el.text = value or None
        return el

    add(root, "NazwaPodmiotuPrzyjmujacego", "Ministerstwo Finansów")
    add(root, "NumerReferencyjnySesji", session)
    auth = add(root, "Uwierzytelnienie")
    add(add(auth, "IdKontekstu"), "Nip", seller_nip)
    add(auth, "SkrotDokumentuUwierzytelniajacego", file_sha256(session.encode()))
    add(root, "NazwaStrukturyLogicznej", "Schemat_FA(3)_v1-0E.xsd")
    add(root, "KodFormularza", "FA (3)")
    doc = add(root, "Dokument")
    add(doc, "NipSprzedawcy", seller_nip)
    add(doc, "NumerKSeFDokumentu", ksef_number)
    add(doc, "NumerFaktury", invoice_number)
    add(doc, "DataWystawieniaFaktury", issue_date.isoformat())
    add(doc, "DataPrzeslaniaDokumentu", assigned_at)
    add(doc, "DataNadaniaNumeruKSeF", assigned_at)
    add(doc, "SkrotDokumentu", file_sha256(xml))
    add(doc, "TrybWysylki", "Online")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
