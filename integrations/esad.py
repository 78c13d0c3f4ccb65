"""e-Sąd (EPU) web service client: file a package of lawsuits, read the court's answers.

The court's SOAP service for bulk filers (*powód masowy*), ``EpuService`` in namespace
``http://e-sad.gov.pl/2010/03/26/epu/``. Its WSDL binds SOAP 1.1 only (``soap:binding``,
document/literal, one ``SOAPAction`` per operation), so every call is a SOAP 1.1 envelope
built here with lxml and POSTed over an injected ``httpx.Client``. Every operation carries
the account's ``userName``, ``password`` and ``apiKey`` in the body (no session, no
header); the court throttles each user to about one request a second, which
:class:`EsadClient` keeps (``min_interval``, with an injected clock and sleep).

Operations used:

    ZlozPozwy(listaPozwowXML)                        file a Pozwy package -> PackageResult
    MojeSprawy(page, filter)                         the account's cases  -> CasePage
    HistoriaSprawyPrzezSygnaturaWgPowoda(our ref)    one case's events    -> CaseHistory
    MojeNakazy(page, filter)                         payment orders       -> OrderPage
    MojeDoreczeniaVer2(page, filter)                 deliveries           -> DeliveryPage
    ListaTresciNakazowPDFVer2(ids)                   order PDFs           -> OrderPdf, ...
    WersjaAPI()                                      version (credentials check)

``ListaTresciNakazowPDFVer2`` takes the ids of enforcement applications
(``idWnioskowEgzekucyjnych``; the WSDL's only word on the format: "XML z listą id wniosków",
its schema unpublished) and answers each order's PDF in base64, possibly packed
(``wielkoscNiespakowanegoPliku``: the size before packing): :func:`order_pdf_bytes`
unpacks a ZIP or gzip payload and checks that a PDF came out. ``OznaczSprawyJakoPobrane``
marks enforcement applications as downloaded (a komornik's operation) and is not used.

``ZlozPozwy`` answers synchronously with a validation result per lawsuit
(``wynikiWalidacji``: ordinal, ``status`` true/false, the court's description); it does not
give the court's case number (*sygnatura sprawy*): that appears in ``MojeSprawy`` once the
court registered the case, matched by our reference (``SprawaWgPowoda`` /
``sygnaturaWgPowoda``).

Errors (every one carries ``service == "esad"``)::

    IntegrationError (integrations.errors)
     └── EsadError
          ├── EsadFault              a SOAP fault; ``code`` (KodOdpowiedzi: "BadRequest", ...),
          │    │                     ``description`` (the court's opis), ``fault_code``
          │    ├── EsadAuthError     Unauthorized / AuthenticationError / AuthorizationError
          │    └── EsadValidationError  ValidationError: ``result`` holds the per-lawsuit
          │                          PackageResult the fault carried (ZlozPozwyOutputData)
          ├── EsadUnavailable        also ServiceUnavailable: no usable answer (connection,
          │    │                     5xx without a fault); ``maybe_delivered`` is False only
          │    │                     when the request certainly never reached the court
          │    └── EsadTimeout       no answer in time
          └── EsadMalformed          also MalformedResponse: not a SOAP answer we can read

A fault means the call failed: nothing of the package was filed. A timeout after the
request went out means we do not know; the caller must not send the package again before
it looked the lawsuits up (``MojeSprawy``). ``ZlozPozwy`` is therefore never retried;
read operations are retried on transport errors like every other client
(``integrations.http.RetryPolicy``).

Logging names the operation, the HTTP status and the court's code, never the body: it
carries names, PESEL numbers and addresses.

References: registries.md §6 (shared/domain); EpuService.wsdl and EpuWS.DataTypes.xsd
(shared/epu/ws, the court's published interface).
"""

from __future__ import annotations

import base64
import binascii
import gzip
import io
import logging
import random
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TypeVar

import httpx
from lxml import etree

from integrations.errors import IntegrationError, MalformedResponse, ServiceUnavailable
from integrations.http import DEFAULT_RETRY, USER_AGENT, RetryPolicy, Sleep

log = logging.getLogger(__name__)

SERVICE = "esad"
DEFAULT_URL = "https://www.e-sad.gov.pl/api2/EpuWS.EpuService.svc"
TNS = "http://e-sad.gov.pl/2010/03/26/epu/"
DATA_NS = "http://schemas.datacontract.org/2004/07/EpuWS.DataTypes"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
ACTION_PREFIX = "http://e-sad.gov.pl/2010/03/26/epu/EpuService/"

# KodOdpowiedzi values (OutputData.kod) that mean the call succeeded
SUCCESS_CODES = frozenset({"OK", "Created"})
AUTH_CODES = frozenset({"Unauthorized", "AuthenticationError", "AuthorizationError"})
VALIDATION_CODE = "ValidationError"


class EsadError(IntegrationError):
    """Base class of the e-Sąd client's errors."""

    def __init__(self, message: str) -> None:
        super().__init__(message, service=SERVICE)


class EsadFault(EsadError):
    """The service answered with a SOAP fault: the call failed, nothing was filed."""

    def __init__(
        self, message: str, *, code: str = "", description: str = "", fault_code: str = ""
    ) -> None:
        super().__init__(message)
        self.code = code  # KodOdpowiedzi, "" when the fault carried no OutputData
        self.description = description  # the court's own words (Polish)
        self.fault_code = fault_code  # e.g. "s:Client"
        self.detail: etree._Element | None = None  # the fault's OutputData, as sent


class EsadAuthError(EsadFault):
    """Wrong login, password or API key, or the account may not use the operation."""


class EsadValidationError(EsadFault):
    """The package failed the court's validation; ``result`` says which lawsuit and why."""

    def __init__(
        self,
        message: str,
        *,
        result: PackageResult,
        code: str = VALIDATION_CODE,
        description: str = "",
        fault_code: str = "",
        in_fault: bool = True,
    ) -> None:
        super().__init__(message, code=code, description=description, fault_code=fault_code)
        self.result = result
        self.in_fault = in_fault  # False: a regular answer whose kod was ValidationError


class EsadUnavailable(EsadError, ServiceUnavailable):
    """No usable answer; ``maybe_delivered`` is False only if nothing reached the court."""

    def __init__(self, message: str, *, maybe_delivered: bool = True) -> None:
        super().__init__(message)
        self.maybe_delivered = maybe_delivered


class EsadTimeout(EsadUnavailable):
    """The service did not answer in time."""


class EsadMalformed(EsadError, MalformedResponse):
    """The answer is not a SOAP envelope we can read, or lacks a field we rely on."""


@dataclass(frozen=True, slots=True)
class Credentials:
    """The bulk filer's account: login, password and the API key generated in the portal."""

    login: str
    password: str
    api_key: str

    def __repr__(self) -> str:  # never print the secrets
        return f"Credentials(login={self.login!r}, password=***, api_key=***)"


def validation_reason(description: str, information: str, code: str) -> str:
    """The court's words for one validated item of a package (opisWalidacji,
    informacjaWalidacji, else kodWalidacji), one line."""
    parts = [p for p in (description, information) if p]
    text = "; ".join(parts) or (f"kod {code}" if code else "bez opisu")
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class LawsuitResult:
    """The court's validation of one lawsuit of a package (ZlozPozwyOutputElement)."""

    ordinal: int  # liczbaPorzadkowa: the lawsuit's position in the package, from 1
    accepted: bool  # status
    our_ref: str = ""  # sygnaturaWgPowoda
    code: str = ""  # kodWalidacji (KodWalidacji)
    lawsuit_code: int | None = None  # kodWalidacjiPozwu
    description: str = ""  # opisWalidacji
    information: str = ""  # informacjaWalidacji
    fee: Decimal | None = None  # oplataSadowa
    value: Decimal | None = None  # wartoscPrzedniotuSporu

    @property
    def reason(self) -> str:
        """The court's words for this lawsuit, one line."""
        return validation_reason(self.description, self.information, self.code)


@dataclass(frozen=True, slots=True)
class PackageResult:
    """The court's answer to a package (ZlozPozwyOutputData)."""

    code: str  # kod
    description: str = ""  # opis
    information: str = ""  # informacja
    label: str = ""  # oznaczeniePaczki
    count: int | None = None  # liczbaPozow
    total_value: Decimal | None = None  # lacznaWartoscPrzedmiotowSporu
    total_fee: Decimal | None = None  # sumaOplatySadawej
    lawsuits: tuple[LawsuitResult, ...] = ()


@dataclass(frozen=True, slots=True)
class CourtCase:
    """One of the account's cases (SprawaOutputElement)."""

    id: int | None
    signature: str  # sygnaturaSprawy, e.g. "VI Nc-e 123456/26"
    our_ref: str  # sygnaturaWgPowoda
    state: str = ""  # stanSprawy
    received_on: date | None = None  # dataWplywu
    final_on: date | None = None  # dataPrawomocnosci
    amount: Decimal | None = None  # kwotaSporu
    role: str = ""  # rolaWSprawie
    parties: str = ""  # stronyWSprawie (names: never log)


@dataclass(frozen=True, slots=True)
class CasePage:
    cases: tuple[CourtCase, ...]
    page: int
    pages: int
    total: int


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One event of a case (HistoriaSprawyOutputElement)."""

    at: datetime | None  # dataZdarzenia
    category: str  # KategoriaZdarzenia: zmiana_stanu | orzeczenie | srodek_odwolawczy | ...
    description: str  # opis


@dataclass(frozen=True, slots=True)
class CaseHistory:
    status: str  # statusSprawy
    entries: tuple[HistoryEntry, ...]
    page: int
    pages: int


@dataclass(frozen=True, slots=True)
class PaymentOrder:
    """One payment order of the account (NakazOutputElement)."""

    id: int | None
    signature: str  # sygnaturaSprawy
    our_ref: str  # sygnaturaWgPowoda
    issued_at: datetime | None  # dataOrzeczenia
    final_at: datetime | None  # dataPrawomocnosci
    status: str = ""  # statusDokumentu (StatusDokumentu)
    decision_code: int | None = None  # kodDecyzji
    document_xml: str = ""  # dokumentXml


@dataclass(frozen=True, slots=True)
class OrderPage:
    orders: tuple[PaymentOrder, ...]
    page: int
    pages: int
    total: int


@dataclass(frozen=True, slots=True)
class Delivery:
    """One delivery of the account (DoreczenieVer2OutputElement): a court letter sent in
    one of its cases; ``served_at`` is None while it is not delivered."""

    id: int | None
    signature: str  # sygnaturaSprawy
    our_ref: str  # sygnaturaWgPowoda
    served_at: datetime | None  # dataDoreczenia
    sent_at: datetime | None  # dataWyslania
    description: str  # opis: what was delivered (to whom, when the court says so)
    order_id: int | None = None  # idNakazu: the payment order (MojeNakazy id) it carried
    decision_id: int | None = None  # idOrzeczenia


@dataclass(frozen=True, slots=True)
class DeliveryPage:
    deliveries: tuple[Delivery, ...]
    page: int
    pages: int
    total: int


@dataclass(frozen=True, slots=True)
class OrderPdf:
    """One order's content (TrescNakazuPDFOutputElementVer2); ``error`` is the court's
    words when it could not produce it (czyBlad)."""

    application_id: int | None  # idWniosku
    clause_id: int | None  # idKlauzuli
    name: str  # nazwaPliku
    content: bytes  # the PDF, unpacked ("" on error)
    error: str = ""


# --- envelopes ----------------------------------------------------------------------------

Param = str | int | datetime | None


def envelope(
    operation: str, credentials: Credentials, params: Sequence[tuple[str, Param]]
) -> bytes:
    """The SOAP 1.1 request of ``operation``: credentials first, then ``params`` in the
    WSDL's sequence order; a ``None`` parameter is left out (all are ``minOccurs=0``).

    >>> xml = envelope("SprawdzStatusCzynnosci", Credentials("u", "p", "k"), [("id", 7)])
    >>> print(xml.decode().split("<s:Body>")[1].split("</s:Body>")[0])
    <e:SprawdzStatusCzynnosci><e:userName>u</e:userName><e:password>p</e:password><e:apiKey>k</e:apiKey><e:id>7</e:id></e:SprawdzStatusCzynnosci>
    """
    env = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap={"s": SOAP_ENV, "e": TNS})
    body = etree.SubElement(env, f"{{{SOAP_ENV}}}Body")
    op = etree.SubElement(body, f"{{{TNS}}}{operation}")
    values: list[tuple[str, Param]] = [
        ("userName", credentials.login),
        ("password", credentials.password),
        ("apiKey", credentials.api_key),
        *params,
    ]
    for name, value in values:
        if value is None:
            continue
        el = etree.SubElement(op, f"{{{TNS}}}{name}")
        if isinstance(value, datetime):
            el.text = value.replace(tzinfo=None).isoformat(timespec="seconds")
        else:
            el.text = str(value)
    return etree.tostring(env, xml_declaration=True, encoding="UTF-8")


# --- reading answers ----------------------------------------------------------------------


def _d(name: str) -> str:
    return f"{{{DATA_NS}}}{name}"


def _text(parent: etree._Element | None, name: str) -> str:
    if parent is None:
        return ""
    el = parent.find(_d(name))
    if el is None or el.get(f"{{{XSI}}}nil") == "true":
        return ""
    return (el.text or "").strip()


def _int(parent: etree._Element, name: str) -> int | None:
    value = _text(parent, name)
    try:
        return int(value) if value else None
    except ValueError as exc:
        raise EsadMalformed(f"esad: {name} is not an integer") from exc


def _decimal(parent: etree._Element, name: str) -> Decimal | None:
    value = _text(parent, name)
    try:
        return Decimal(value) if value else None
    except InvalidOperation as exc:
        raise EsadMalformed(f"esad: {name} is not a decimal") from exc


def _bool(parent: etree._Element, name: str) -> bool:
    return _text(parent, name).lower() in {"true", "1"}


def _datetime(parent: etree._Element, name: str) -> datetime | None:
    value = _text(parent, name)
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise EsadMalformed(f"esad: {name} is not a date-time") from exc


def _date(parent: etree._Element, name: str) -> date | None:
    when = _datetime(parent, name)
    return when.date() if when is not None else None


Row = TypeVar("Row")


def validation_results(
    data: etree._Element, element: str, row: Callable[[int, etree._Element], Row]
) -> tuple[Row, ...]:
    """The ``wynikiWalidacji`` of a package's OutputData (``element``: the name of its items)
    as ``row(liczbaPorzadkowa, item)`` values in package order; EsadMalformed for an item
    without its ordinal."""
    rows: list[tuple[int, Row]] = []
    holder = data.find(_d("wynikiWalidacji"))
    for item in holder if holder is not None else ():
        if item.tag != _d(element):
            continue
        ordinal = _int(item, "liczbaPorzadkowa")
        if ordinal is None:
            raise EsadMalformed("esad: a validation result without liczbaPorzadkowa")
        rows.append((ordinal, row(ordinal, item)))
    return tuple(r for _, r in sorted(rows, key=lambda pair: pair[0]))


def _lawsuit_result(ordinal: int, item: etree._Element) -> LawsuitResult:
    return LawsuitResult(
        ordinal=ordinal,
        accepted=_bool(item, "status"),
        our_ref=_text(item, "sygnaturaWgPowoda"),
        code=_text(item, "kodWalidacji"),
        lawsuit_code=_int(item, "kodWalidacjiPozwu"),
        description=_text(item, "opisWalidacji"),
        information=_text(item, "informacjaWalidacji"),
        fee=_decimal(item, "oplataSadowa"),
        value=_decimal(item, "wartoscPrzedniotuSporu"),
    )


def package_result(data: etree._Element) -> PackageResult:
    """A ``ZlozPozwyOutputData`` element (a result or a fault's detail) as a value."""
    return PackageResult(
        code=_text(data, "kod"),
        description=_text(data, "opis"),
        information=_text(data, "informacja"),
        label=_text(data, "oznaczeniePaczki"),
        count=_int(data, "liczbaPozow"),
        total_value=_decimal(data, "lacznaWartoscPrzedmiotowSporu"),
        total_fee=_decimal(data, "sumaOplatySadawej"),
        lawsuits=validation_results(data, "ZlozPozwyOutputElement", _lawsuit_result),
    )


def _court_case(el: etree._Element) -> CourtCase:
    return CourtCase(
        id=_int(el, "id"),
        signature=_text(el, "sygnaturaSprawy"),
        our_ref=_text(el, "sygnaturaWgPowoda"),
        state=_text(el, "stanSprawy"),
        received_on=_date(el, "dataWplywu"),
        final_on=_date(el, "dataPrawomocnosci"),
        amount=_decimal(el, "kwotaSporu"),
        role=_text(el, "rolaWSprawie"),
        parties=_text(el, "stronyWSprawie"),
    )


def _order(el: etree._Element) -> PaymentOrder:
    return PaymentOrder(
        id=_int(el, "id"),
        signature=_text(el, "sygnaturaSprawy"),
        our_ref=_text(el, "sygnaturaWgPowoda"),
        issued_at=_datetime(el, "dataOrzeczenia"),
        final_at=_datetime(el, "dataPrawomocnosci"),
        status=_text(el, "statusDokumentu"),
        decision_code=_int(el, "kodDecyzji"),
        document_xml=_text(el, "dokumentXml"),
    )


def _delivery(el: etree._Element) -> Delivery:
    return Delivery(
        id=_int(el, "id"),
        signature=_text(el, "sygnaturaSprawy"),
        our_ref=_text(el, "sygnaturaWgPowoda"),
        served_at=_datetime(el, "dataDoreczenia"),
        sent_at=_datetime(el, "dataWyslania"),
        description=_text(el, "opis"),
        order_id=_int(el, "idNakazu"),
        decision_id=_int(el, "idOrzeczenia"),
    )


MAX_PDF_BYTES = 50 * 1024 * 1024  # an order is a few pages; refuse anything absurd


def order_pdf_bytes(payload: str, unpacked_size: int | None = None) -> bytes:
    """The PDF of a ``dokumentPdfBase64`` payload: base64, then unpacked when the court
    packed it (ZIP with one member, or gzip); raises EsadMalformed unless a PDF results.

    >>> order_pdf_bytes(base64.b64encode(b"%PDF-1.4 nakaz").decode())
    b'%PDF-1.4 nakaz'
    """
    try:
        raw = base64.b64decode("".join(payload.split()), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise EsadMalformed("esad: dokumentPdfBase64 is not base64") from exc
    if raw.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                members = [m for m in archive.infolist() if not m.is_dir()]
                if len(members) != 1 or members[0].file_size > MAX_PDF_BYTES:
                    raise EsadMalformed("esad: the packed order is not one PDF")
                raw = archive.read(members[0])
        except zipfile.BadZipFile as exc:
            raise EsadMalformed("esad: the packed order is not a ZIP file") from exc
    elif raw.startswith(b"\x1f\x8b"):
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise EsadMalformed("esad: the packed order is not gzip") from exc
    if not raw.startswith(b"%PDF"):
        raise EsadMalformed("esad: the order's content is not a PDF")
    if unpacked_size and len(raw) != unpacked_size:
        raise EsadMalformed("esad: the order's PDF is not of the size the court states")
    return raw


def _page_filter(
    page: int,
    page_size: int,
    date_from: datetime | None,
    date_to: datetime | None,
    criterion: int,
    text: str | None,
) -> list[tuple[str, Param]]:
    """The paging and filter fields ``MojeSprawy`` and ``MojeNakazy`` share (WSDL order)."""
    return [
        ("numerStrony", page),
        ("wielkoscStrony", page_size),
        ("dataOd", date_from),
        ("dataDo", date_to),
        ("kryteriumFiltrowania", criterion),
        ("filtrSlowny", text),
    ]


def _children(parent: etree._Element, array: str, item: str) -> list[etree._Element]:
    holder = parent.find(_d(array))
    if holder is None:
        return []
    return [el for el in holder if el.tag == _d(item)]


def _parse(content: bytes) -> etree._Element:
    try:
        root = etree.fromstring(
            content, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        )
    except etree.XMLSyntaxError as exc:
        raise EsadMalformed("esad: the answer is not XML") from exc
    if root.tag != f"{{{SOAP_ENV}}}Envelope":
        raise EsadMalformed("esad: the answer is not a SOAP 1.1 envelope")
    body = root.find(f"{{{SOAP_ENV}}}Body")
    if body is None or len(body) == 0:
        raise EsadMalformed("esad: the SOAP envelope has no body")
    return body[0]


def _fault(fault: etree._Element, operation: str) -> EsadFault:
    """The exception for a ``soap:Fault`` (its detail may carry an OutputData)."""
    fault_code = (fault.findtext("faultcode") or "").strip()
    fault_string = " ".join((fault.findtext("faultstring") or "").split())
    detail = fault.find("detail")
    data = detail[0] if detail is not None and len(detail) else None
    code = _text(data, "kod") if data is not None else ""
    description = _text(data, "opis") if data is not None else ""
    information = _text(data, "informacja") if data is not None else ""
    words = "; ".join(p for p in (description or fault_string, information) if p)
    message = f"esad {operation}: fault {code or fault_code}: {words}".rstrip(": ")
    if code in AUTH_CODES:
        return EsadAuthError(
            message, code=code, description=description or fault_string, fault_code=fault_code
        )
    if code == VALIDATION_CODE and data is not None and data.tag == _d("ZlozPozwyOutputData"):
        return EsadValidationError(
            message,
            result=package_result(data),
            description=description or fault_string,
            fault_code=fault_code,
        )
    return EsadFault(
        message, code=code, description=description or fault_string, fault_code=fault_code
    )


def _check_code(data: etree._Element, operation: str) -> None:
    """A regular answer whose ``kod`` is not a success still means the call failed."""
    code = _text(data, "kod")
    if not code or code in SUCCESS_CODES:
        return
    words = "; ".join(p for p in (_text(data, "opis"), _text(data, "informacja")) if p)
    message = f"esad {operation}: {code}: {words}".rstrip(": ")
    if code in AUTH_CODES:
        raise EsadAuthError(message, code=code, description=_text(data, "opis"))
    if code == VALIDATION_CODE and operation == "ZlozPozwy":
        raise EsadValidationError(
            message, result=package_result(data), description=_text(data, "opis"), in_fault=False
        )
    raise EsadFault(message, code=code, description=_text(data, "opis"))


# The readers, public for the clients of other e-Sąd operations (integrations.esad_enforcement).
field_text, field_int, field_bool, check_code = _text, _int, _bool, _check_code


# --- the client ---------------------------------------------------------------------------

Clock = Callable[[], float]


class EsadClient:
    """The e-Sąd web service over an injected ``httpx.Client`` (see the module docstring)."""

    def __init__(
        self,
        client: httpx.Client,
        credentials: Credentials,
        *,
        url: str = DEFAULT_URL,
        retry: RetryPolicy = DEFAULT_RETRY,
        min_interval: float = 1.0,
        sleep: Sleep = time.sleep,
        clock: Clock = time.monotonic,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.client = client
        self.credentials = credentials
        self.url = url
        self.retry = retry
        self.min_interval = min_interval
        self.sleep = sleep
        self.clock = clock
        self.rng = rng
        self._last_call: float | None = None

    # -- transport --

    def _throttle(self) -> None:
        if self._last_call is not None and self.min_interval > 0:
            wait = self.min_interval - (self.clock() - self._last_call)
            if wait > 0:
                self.sleep(wait)
        self._last_call = self.clock()

    def _post(self, operation: str, body: bytes) -> httpx.Response:
        headers = {
            "Content-Type": "text/xml; charset=utf-8",
            "SOAPAction": f'"{ACTION_PREFIX}{operation}"',
            "User-Agent": USER_AGENT,
        }
        self._throttle()
        try:
            return self.client.post(self.url, content=body, headers=headers)
        except httpx.ConnectTimeout as exc:
            raise EsadTimeout(f"esad {operation}: connect timeout", maybe_delivered=False) from exc
        except httpx.ConnectError as exc:
            raise EsadUnavailable(
                f"esad {operation}: cannot connect", maybe_delivered=False
            ) from exc
        except httpx.TimeoutException as exc:
            raise EsadTimeout(f"esad {operation}: no answer in time") from exc
        except httpx.TransportError as exc:
            raise EsadUnavailable(f"esad {operation}: {type(exc).__name__}") from exc

    def _call_once(self, operation: str, params: Sequence[tuple[str, Param]]) -> etree._Element:
        response = self._post(operation, envelope(operation, self.credentials, params))
        status = response.status_code
        log.info("esad %s: HTTP %d", operation, status)
        content_type = response.headers.get("Content-Type", "")
        if status >= 400 and "xml" not in content_type:
            if status >= 500:
                raise EsadUnavailable(f"esad {operation}: HTTP {status}")
            if status in (401, 403):
                raise EsadAuthError(f"esad {operation}: HTTP {status}", code="Unauthorized")
            raise EsadFault(f"esad {operation}: HTTP {status}", code=f"HTTP {status}")
        try:
            first = _parse(response.content)
        except EsadMalformed:
            if status >= 500:
                raise EsadUnavailable(f"esad {operation}: HTTP {status}") from None
            raise
        if first.tag == f"{{{SOAP_ENV}}}Fault":
            fault = _fault(first, operation)
            detail = first.find("detail")
            fault.detail = detail[0] if detail is not None and len(detail) else None
            log.info("esad %s: fault %s", operation, fault.code or fault.fault_code)
            raise fault
        if first.tag != f"{{{TNS}}}{operation}Response":
            raise EsadMalformed(
                f"esad {operation}: unexpected answer {etree.QName(first).localname}"
            )
        result = first.find(f"{{{TNS}}}{operation}Result")
        if result is None:
            raise EsadMalformed(f"esad {operation}: no {operation}Result")
        return result

    def _read(self, operation: str, params: Sequence[tuple[str, Param]]) -> etree._Element:
        """A read operation: retried on transport errors, like every other client."""
        attempts = max(1, self.retry.attempts)
        for attempt in range(attempts):
            try:
                result = self._call_once(operation, params)
            except EsadUnavailable:
                if attempt == attempts - 1:
                    raise
                self.sleep(self.retry.backoff(attempt, self.rng))
                continue
            _check_code(result, operation)
            return result
        raise AssertionError("unreachable")  # pragma: no cover

    # -- operations --

    def file_lawsuits(self, package_xml: bytes) -> PackageResult:
        """``ZlozPozwy``: send one Pozwy package (sent once, never retried).

        Returns the court's answer when the call succeeded (each lawsuit's ``accepted`` says
        whether the court took it); raises EsadValidationError when the package failed
        validation (nothing filed), EsadFault / EsadAuthError, EsadTimeout / EsadUnavailable
        (``maybe_delivered``) or EsadMalformed.
        """
        text = package_xml.decode("utf-8").removeprefix("\ufeff")
        result = self._call_once("ZlozPozwy", [("listaPozwowXML", text)])
        _check_code(result, "ZlozPozwy")
        return package_result(result)

    def my_cases(
        self,
        *,
        page: int = 1,
        page_size: int = 100,
        date_from: datetime | None = None,
        date_to: datetime | None = None,
        criterion: int = 0,
        text: str | None = None,
    ) -> CasePage:
        """``MojeSprawy``: one page of the account's cases; ``criterion`` 1 filters by our
        reference, 2 by the court's signature, 3 by state (``text`` is matched as
        ``LIKE %text%``, so callers compare the exact value)."""
        result = self._read(
            "MojeSprawy",
            _page_filter(page, page_size, date_from, date_to, criterion, text),
        )
        cases = [_court_case(e) for e in _children(result, "listaSpraw", "SprawaOutputElement")]
        return CasePage(
            tuple(cases),
            _int(result, "numerStrony") or page,
            _int(result, "iloscStron") or 1,
            _int(result, "liczbaWszystkichElementow") or len(cases),
        )

    def find_case(self, our_ref: str) -> CourtCase | None:
        """The account's case whose ``sygnaturaWgPowoda`` is exactly ``our_ref`` (every page
        of ``MojeSprawy`` filtered by it); None while the court has not registered it."""
        page = 1
        while True:
            found = self.my_cases(page=page, criterion=1, text=our_ref)
            for case in found.cases:
                if case.our_ref == our_ref:
                    return case
            if page >= found.pages:
                return None
            page += 1

    def case_history(self, our_ref: str, *, page: int = 1, page_size: int = 100) -> CaseHistory:
        """``HistoriaSprawyPrzezSygnaturaWgPowoda``: the events of the case we call
        ``our_ref``."""
        result = self._read(
            "HistoriaSprawyPrzezSygnaturaWgPowoda",
            [("numerStrony", page), ("wielkoscStrony", page_size), ("sygnaturaWgPowoda", our_ref)],
        )
        entries = [
            HistoryEntry(
                at=_datetime(e, "dataZdarzenia"),
                category=_text(e, "kategoria"),
                description=_text(e, "opis"),
            )
            for e in _children(result, "historiaSprawy", "HistoriaSprawyOutputElement")
        ]
        return CaseHistory(
            _text(result, "statusSprawy"),
            tuple(entries),
            _int(result, "numerStrony") or page,
            _int(result, "iloscStron") or 1,
        )

    def my_orders(
        self,
        *,
        page: int = 1,
        page_size: int = 100,
        date_from: datetime | None = None,
        date_to: datetime | None = None,
        criterion: int = 0,
        text: str | None = None,
    ) -> OrderPage:
        """``MojeNakazy``: one page of the account's payment orders."""
        result = self._read(
            "MojeNakazy",
            _page_filter(page, page_size, date_from, date_to, criterion, text),
        )
        orders = [_order(e) for e in _children(result, "mojeNakazy", "NakazOutputElement")]
        return OrderPage(
            tuple(orders),
            _int(result, "numerStrony") or page,
            _int(result, "iloscStron") or 1,
            _int(result, "liczbaWszystkichElementow") or len(orders),
        )

    def my_deliveries(
        self,
        *,
        page: int = 1,
        page_size: int = 100,
        date_kind: int = 0,
        date_from: datetime | None = None,
        date_to: datetime | None = None,
        criterion: int = 0,
        text: str | None = None,
        status: int = 0,
    ) -> DeliveryPage:
        """``MojeDoreczeniaVer2``: one page of the account's deliveries; ``date_kind`` 1
        filters ``date_from``/``date_to`` by the day sent, 2 by the day delivered; ``status``
        1 only delivered, 2 only not delivered (the WSDL's documentation)."""
        result = self._read(
            "MojeDoreczeniaVer2",
            [
                ("numerStrony", page),
                ("wielkoscStrony", page_size),
                ("rodzajDaty", date_kind),
                ("dataOd", date_from),
                ("dataDo", date_to),
                ("kryteriumFiltrowania", criterion),
                ("filtrSlowny", text),
                ("statusDoreczenia", status),
            ],
        )
        items = _children(result, "mojeDoreczenia", "DoreczenieVer2OutputElement")
        deliveries = [_delivery(e) for e in items]
        return DeliveryPage(
            tuple(deliveries),
            _int(result, "numerStrony") or page,
            _int(result, "iloscStron") or 1,
            _int(result, "liczbaWszystkichElementow") or len(deliveries),
        )

    def order_pdfs(self, application_ids: str) -> tuple[OrderPdf, ...]:
        """``ListaTresciNakazowPDFVer2``: the orders' PDFs for the enforcement applications
        ``application_ids`` (passed as the caller built it; see the module docstring). An
        element the court marks ``czyBlad`` comes back with its ``error`` and no content."""
        result = self._read(
            "ListaTresciNakazowPDFVer2", [("idWnioskowEgzekucyjnych", application_ids)]
        )
        out = []
        items = _children(
            result, "listaTresciNakazowPDFOutputElement", "TrescNakazuPDFOutputElementVer2"
        )
        for el in items:
            error = _text(el, "opisBledu")
            failed = _bool(el, "czyBlad")
            payload = _text(el, "dokumentPdfBase64")
            content = b""
            if not failed and payload:
                content = order_pdf_bytes(payload, _int(el, "wielkoscNiespakowanegoPliku"))
            elif not failed:
                failed, error = True, error or "brak treści nakazu"
            out.append(
                OrderPdf(
                    application_id=_int(el, "idWniosku"),
                    clause_id=_int(el, "idKlauzuli"),
                    name=_text(el, "nazwaPliku"),
                    content=content,
                    error=(error or "błąd bez opisu") if failed else "",
                )
            )
        return tuple(out)

    def api_version(self) -> str:
        """``WersjaAPI``: the service's version (a cheap check of the credentials)."""
        result = self._read("WersjaAPI", [])
        return (result.text or "").strip()
