"""Debtor verification against the public registries, as findings plus a proof snapshot.

:func:`verify_debtor` asks the VAT white list (by NIP), KRS (companies: by the case's KRS
number, else the one the white list gives) and CEIDG (sole traders), compares what they say
with the case, and returns a :class:`Verification`. It never raises for a registry problem:

- a registry that is down or rate-limited -> source "unavailable", status "pending" and the
  finding ``verification_pending``, so the next run retries;
- an unexpected answer (4xx, malformed body) -> source "error", status "pending",
  finding ``registry_error``;
- a consumer is not looked up anywhere -> status "skipped";
- no CEIDG client (no API token) -> source "skipped" with "CEIDG nie sprawdzony: brak tokenu
  API" and the info finding ``ceidg_not_checked``.

Names are compared normalised (case, whitespace, diacritics, quotes and punctuation ignored;
"sp. z o.o." equals "SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ", and so on for the other
legal forms; a trailing "w likwidacji" / "w upadłości" / "w restrukturyzacji" is ignored).
Name and address are compared with the *primary* register only - KRS for companies, CEIDG
for sole traders, the VAT white list when the primary one gave nothing - whose name and
address are returned for the pleading (``registry_name``, ``registry_address``).

Finding codes (stable; severity in brackets):

    verification_pending     [warning] a registry was unavailable; retried next run
    registry_error           [warning] a registry answered unexpectedly (4xx, bad body)
    identifier_missing       [warning] no NIP/KRS to look the debtor up by
    identifier_invalid       [warning] the case's NIP/KRS/account fails validation
    identifier_mismatch      [warning] NIP/REGON/KRS on the case differ from the register
    name_mismatch            [warning] the case's name differs from the register's
    address_mismatch         [warning] the case's address differs from the registered one
    krs_not_found            [blocker] no entity under the KRS number
    company_deleted          [blocker] deleted from KRS (wykreślenie / rozwiązanie)
    bankruptcy               [blocker] bankruptcy: report the claim to the syndyk instead
    restructuring            [blocker] restructuring: check whether the układ covers the claim
    in_liquidation           [warning] in liquidation: sue, but name it "w likwidacji"
    krs_curator              [warning] a kurator is entered in dział 5
    krs_dzial4_entries       [info]    dział 4 has entries (arrears, claims, dismissed
                                       bankruptcy petitions) - a solvency signal
    nip_not_found            [warning] NIP not on the VAT white list on the day
    vat_status_not_active    [info] "Zwolniony" / [warning] any other non-"Czynny" status
    vat_removed              [warning] the white list shows a removal date
    bank_account_not_listed  [info]    the case's debtor account is not on the white list
    ceidg_not_checked        [info]    no CEIDG token configured
    ceidg_not_found          [warning] no CEIDG entry for the sole trader's NIP
    business_deleted         [warning] CEIDG entry deleted: sue the owner as a person
    business_suspended       [info]    CEIDG entry suspended
    business_inactive        [warning] any other non-active CEIDG status

Logging names only the case's NIP/KRS, never a PESEL, a name or an address.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal, TypeVar, cast

from integrations import ceidg as ceidg_mod
from integrations import vat_whitelist as vat_mod
from integrations.address import Address, address_differences, fold, parse_one_line
from integrations.ceidg import CeidgClient, CeidgCompany
from integrations.errors import (
    ClientRequestError,
    InvalidIdentifier,
    MalformedResponse,
    NotFound,
    RateLimited,
    ServiceUnavailable,
)
from integrations.krs import KrsClient, KrsExtract, normalise_krs
from integrations.vat_whitelist import VatSubject, VatWhitelistClient
from law.findings import Finding, Severity

log = logging.getLogger(__name__)

Kind = Literal["company", "sole_trader", "consumer"]
Status = Literal["verified", "pending", "skipped"]
Outcome = Literal["ok", "not_found", "unavailable", "error", "skipped"]

REGISTRY_LABELS = {"krs": "KRS", "vat": "Biała lista VAT", "ceidg": "CEIDG"}
REGISTRY_IN = {"krs": "w KRS", "vat": "na białej liście VAT", "ceidg": "w CEIDG"}  # locative
CONSUMER_NOTE = "Konsument - rejestrów przedsiębiorców nie sprawdza się"
CEIDG_NO_TOKEN_NOTE = "CEIDG nie sprawdzony: brak tokenu API"
BANKRUPTCY_CITE = "Prawo upadłościowe art. 145 ust. 1, art. 236"

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class DebtorIdentity:
    """The debtor as the case file has it."""

    kind: Kind
    name: str
    nip: str = ""
    regon: str = ""
    krs: str = ""
    street: str = ""
    building: str = ""
    unit: str = ""
    postcode: str = ""
    city: str = ""
    bank_account: str = ""

    @property
    def address(self) -> Address:
        return Address(self.street, self.building, self.unit, self.postcode, self.city)


@dataclass(frozen=True, slots=True)
class SourceCheck:
    """What one registry said: ``outcome`` plus a Polish ``note`` and the proof id, if any."""

    registry: str  # "krs" | "vat" | "ceidg"
    outcome: Outcome
    note: str = ""
    request_id: str = ""


@dataclass(frozen=True, slots=True)
class Verification:
    status: Status
    checked_on: date
    sources: tuple[SourceCheck, ...]
    findings: tuple[Finding, ...]
    registry: str = ""  # which register gave registry_name/address: "krs" | "vat" | "ceidg"
    registry_name: str = ""
    registry_address: Address | None = None
    snapshot: Mapping[str, Any] = field(default_factory=dict)  # JSON-serialisable proof

    def source(self, registry: str) -> SourceCheck | None:
        return next((s for s in self.sources if s.registry == registry), None)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(f.code for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "checked_on": self.checked_on.isoformat(),
            "sources": [asdict(s) for s in self.sources],
            "findings": [
                {
                    "code": f.code,
                    "severity": str(f.severity),
                    "message": f.message,
                    "subject": f.subject,
                    "cite": f.cite,
                }
                for f in self.findings
            ],
            "registry": self.registry,
            "registry_name": self.registry_name,
            "registry_address": (
                self.registry_address.to_dict() if self.registry_address else None
            ),
            "snapshot": dict(self.snapshot),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Verification:
        address = data.get("registry_address")
        return cls(
            status=cast(Status, data["status"]),
            checked_on=date.fromisoformat(data["checked_on"]),
            sources=tuple(
                SourceCheck(
                    registry=s["registry"],
                    outcome=cast(Outcome, s["outcome"]),
                    note=s.get("note", ""),
                    request_id=s.get("request_id", ""),
                )
                for s in data["sources"]
            ),
            findings=tuple(
                Finding(
                    code=f["code"],
                    severity=Severity(f["severity"]),
                    message=f["message"],
                    subject=f.get("subject", ""),
                    cite=f.get("cite", ""),
                )
                for f in data["findings"]
            ),
            registry=data.get("registry", ""),
            registry_name=data.get("registry_name", ""),
            registry_address=Address.from_dict(address) if address else None,
            snapshot=dict(data.get("snapshot") or {}),
        )


# --- name normalisation ---------------------------------------------------------------

_LEGAL_FORMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), token)
    for pattern, token in (
        (r"\bprosta spolka akcyjna\b|\bp s a\b", " psa "),
        (r"\bspolka komandytowo akcyjna\b|\bs k a\b|\bsp k a\b", " ska "),
        (
            r"\bspolka z ograniczona odpowiedzialnoscia\b|\b(?:sp|spolka) ?z ?o ?o\b|\bspzoo\b",
            " spzoo ",
        ),
        (r"\bspolka komandytowa\b|\bsp ?k\b", " spk "),
        (r"\bspolka akcyjna\b|\bs ?a\b", " sa "),
        (r"\bspolka jawna\b|\bsp ?j\b", " spj "),
        (r"\bspolka partnerska\b|\bsp ?p\b", " spp "),
        (r"\bspolka cywilna\b|\bs ?c\b", " sc "),
    )
)
_STATE_SUFFIX = re.compile(r"\bw (?:likwidacji|upadlosci|restrukturyzacji)\b")


def name_key(name: str) -> str:
    """A comparison key: equal keys mean "the same name, written differently".

    >>> name_key('„ABC” Sp. z o.o.') == name_key("ABC SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ")
    True
    """
    text = fold(name)
    text = _STATE_SUFFIX.sub(" ", text)
    for pattern, token in _LEGAL_FORMS:
        text = pattern.sub(token, text)
    return "".join(text.split())


# --- the run ---------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _same_regon(a: str, b: str) -> bool:
    da, db = re.sub(r"\D", "", a), re.sub(r"\D", "", b)
    return not da or not db or da[:9] == db[:9]


class _Run:
    """Collects sources, findings and snapshot entries for one debtor."""

    def __init__(self, identity: DebtorIdentity, on: date) -> None:
        self.identity = identity
        self.on = on
        self.sources: list[SourceCheck] = []
        self.findings: list[Finding] = []
        self.snapshot: dict[str, Any] = {}

    def find(
        self, code: str, severity: Severity, message: str, registry: str = "", cite: str = ""
    ) -> None:
        self.findings.append(
            Finding(code, severity, message, REGISTRY_LABELS.get(registry, registry), cite)
        )

    def outcome(self, registry: str, outcome: str, note: str) -> None:
        """A source that gave no answer to use: its outcome and why."""
        self.sources.append(SourceCheck(registry, outcome, note))
        self.snapshot[registry] = {"outcome": outcome, "note": note}

    def skip(self, registry: str, note: str) -> None:
        self.outcome(registry, "skipped", note)

    def failed(self, registry: str, outcome: str, note: str, code: str, message: str) -> None:
        """A lookup that failed: its outcome, why, and a warning finding for the reviewer."""
        self.outcome(registry, outcome, note)
        self.find(code, Severity.WARNING, message, registry)

    def call(self, registry: str, fn: Callable[[], T]) -> T | None:
        """Run one lookup; record any failure as a source outcome and a finding."""
        label = REGISTRY_LABELS[registry]
        try:
            return fn()
        except NotFound as exc:
            self.sources.append(SourceCheck(registry, "not_found", "brak wpisu", exc.request_id))
            self.snapshot[registry] = {"outcome": "not_found", "request_id": exc.request_id}
        except (ServiceUnavailable, RateLimited) as exc:
            self.failed(
                registry,
                "unavailable",
                f"{label} niedostępny ({type(exc).__name__}) - ponowić przy następnym przebiegu",
                "verification_pending",
                f"Weryfikacja {REGISTRY_IN[registry]} odłożona: usługa chwilowo niedostępna.",
            )
        except InvalidIdentifier as exc:
            self.failed(
                registry,
                "skipped",
                f"nieprawidłowy identyfikator: {exc}",
                "identifier_invalid",
                "Identyfikator dłużnika nie przechodzi walidacji - nie sprawdzono "
                f"{REGISTRY_IN[registry]}.",
            )
        except (ClientRequestError, MalformedResponse) as exc:
            self.failed(
                registry,
                "error",
                f"nieoczekiwana odpowiedź: {type(exc).__name__}",
                "registry_error",
                f"Rejestr {label} zwrócił nieoczekiwaną odpowiedź - sprawdzić ręcznie.",
            )
        return None

    # -- VAT white list --

    def vat(self, client: VatWhitelistClient | None) -> VatSubject | None:
        if client is None:
            self.skip("vat", "Biała lista VAT nie sprawdzona: brak klienta")
            return None
        if not self.identity.nip.strip():
            self.skip("vat", "brak NIP w sprawie")
            return None
        subject = self.call("vat", lambda: client.search_nip(self.identity.nip, on=self.on))
        if subject is None:
            if (s := self.sources[-1]).outcome == "not_found":
                self.find(
                    "nip_not_found",
                    Severity.WARNING,
                    f"NIP {self.identity.nip} nie figuruje na białej liście VAT na dzień "
                    f"{self.on.isoformat()} (identyfikator zapytania {s.request_id}).",
                    "vat",
                )
            return None
        self.sources.append(SourceCheck("vat", "ok", subject.status_vat, subject.request_id))
        self.snapshot["vat"] = {
            "outcome": "ok",
            "request_id": subject.request_id,
            "request_date_time": subject.request_date_time,
            "requested_for": self.on.isoformat(),
            "subject": _jsonable(subject.raw),
        }
        if subject.status_vat != vat_mod.ACTIVE:
            self.find(
                "vat_status_not_active",
                Severity.INFO if subject.status_vat == "Zwolniony" else Severity.WARNING,
                f"Status VAT dłużnika: {subject.status_vat or 'brak'} (nie „Czynny”).",
                "vat",
            )
        if subject.removal_date:
            basis = f", podstawa: {subject.removal_basis}" if subject.removal_basis else ""
            self.find(
                "vat_removed",
                Severity.WARNING,
                f"Dłużnik wykreślony z rejestru VAT {subject.removal_date.isoformat()}{basis}.",
                "vat",
            )
        if self.identity.krs.strip() and subject.krs:
            try:
                if normalise_krs(self.identity.krs) != normalise_krs(subject.krs):
                    self._mismatch("KRS", subject.krs, "vat")
            except InvalidIdentifier:
                pass  # reported by the KRS lookup
        if self.identity.bank_account.strip():
            try:
                account = vat_mod.normalise_nrb(self.identity.bank_account)
            except InvalidIdentifier:
                self.find(
                    "identifier_invalid",
                    Severity.WARNING,
                    "Numer rachunku dłużnika w sprawie jest nieprawidłowy (NRB).",
                    "vat",
                )
            else:
                if account not in {re.sub(r"\D", "", a) for a in subject.account_numbers}:
                    self.find(
                        "bank_account_not_listed",
                        Severity.INFO,
                        "Rachunek dłużnika z akt nie figuruje na białej liście VAT.",
                        "vat",
                    )
        return subject

    # -- KRS --

    def krs(self, client: KrsClient | None, number: str) -> KrsExtract | None:
        if client is None:
            self.skip("krs", "KRS nie sprawdzony: brak klienta")
            return None
        if not number.strip():
            self.skip("krs", "brak numeru KRS w sprawie i na białej liście")
            return None
        extract = self.call("krs", lambda: client.current_extract(number))
        if extract is None:
            if self.sources[-1].outcome == "not_found":
                self.find(
                    "krs_not_found",
                    Severity.BLOCKER,
                    f"Pod numerem KRS {number} nie ma podmiotu w rejestrze przedsiębiorców "
                    "ani stowarzyszeń.",
                    "krs",
                )
            return None
        as_of = extract.state_as_of.isoformat() if extract.state_as_of else ""
        self.sources.append(SourceCheck("krs", "ok", f"stan z dnia {as_of}".strip()))
        self.snapshot["krs"] = {
            "outcome": "ok",
            "register": extract.register,
            "requested_for": self.on.isoformat(),
            "extract": _jsonable(extract.raw),
        }
        if extract.deleted:
            when = f" ({extract.deleted_on.isoformat()})" if extract.deleted_on else ""
            self.find(
                "company_deleted",
                Severity.BLOCKER,
                f"Podmiot wykreślony z KRS{when} - nie ma zdolności sądowej; nie pozywać.",
                "krs",
            )
        if extract.bankruptcy:
            self.find(
                "bankruptcy",
                Severity.BLOCKER,
                "Dłużnik w upadłości (KRS dział 6) - pozew to złe narzędzie: wierzytelność "
                "zgłosić syndykowi.",
                "krs",
                BANKRUPTCY_CITE,
            )
        if extract.restructuring:
            self.find(
                "restructuring",
                Severity.BLOCKER,
                "Postępowanie restrukturyzacyjne (KRS dział 6) - sprawdzić, czy wierzytelność "
                "jest objęta układem, przed wniesieniem pozwu.",
                "krs",
            )
        if extract.in_liquidation:
            self.find(
                "in_liquidation",
                Severity.WARNING,
                "Dłużnik w likwidacji (KRS dział 6) - pozwać z dopiskiem „w likwidacji”, "
                "doręczenia na adres likwidatora.",
                "krs",
            )
        if extract.curator:
            self.find(
                "krs_curator",
                Severity.WARNING,
                "W KRS (dział 5) wpisano kuratora - sprawdzić reprezentację dłużnika.",
                "krs",
            )
        if extract.arrears_or_claims:
            self.find(
                "krs_dzial4_entries",
                Severity.INFO,
                "KRS dział 4 zawiera wpisy (zaległości, wierzytelności lub oddalone wnioski "
                "o upadłość) - sygnał ryzyka niewypłacalności.",
                "krs",
            )
        ours, theirs = re.sub(r"\D", "", self.identity.nip), re.sub(r"\D", "", extract.nip)
        if ours and theirs and ours != theirs:
            self._mismatch("NIP", extract.nip, "krs")
        if self.identity.regon.strip() and not _same_regon(self.identity.regon, extract.regon):
            self._mismatch("REGON", extract.regon, "krs")
        return extract

    # -- CEIDG --

    def ceidg(self, client: CeidgClient | None) -> CeidgCompany | None:
        if client is None:
            self.skip("ceidg", CEIDG_NO_TOKEN_NOTE)
            self.find("ceidg_not_checked", Severity.INFO, CEIDG_NO_TOKEN_NOTE + ".", "ceidg")
            return None
        if not self.identity.nip.strip():
            self.skip("ceidg", "brak NIP w sprawie")
            return None
        company = self.call("ceidg", lambda: client.company_by_nip(self.identity.nip))
        if company is None:
            if self.sources[-1].outcome == "not_found":
                self.find(
                    "ceidg_not_found",
                    Severity.WARNING,
                    f"Brak wpisu w CEIDG dla NIP {self.identity.nip}.",
                    "ceidg",
                )
            return None
        self.sources.append(SourceCheck("ceidg", "ok", company.status))
        self.snapshot["ceidg"] = {
            "outcome": "ok",
            "requested_for": self.on.isoformat(),
            "company": _jsonable(company.raw),
        }
        if company.status == ceidg_mod.DELETED:
            self.find(
                "business_deleted",
                Severity.WARNING,
                "Działalność wykreślona z CEIDG - pozwać właściciela jako osobę fizyczną "
                "(nie przedsiębiorcę) i ustalić aktualny adres zamieszkania.",
                "ceidg",
            )
        elif company.status == ceidg_mod.SUSPENDED:
            self.find(
                "business_suspended",
                Severity.INFO,
                "Działalność zawieszona w CEIDG.",
                "ceidg",
            )
        elif company.status != ceidg_mod.ACTIVE:
            self.find(
                "business_inactive",
                Severity.WARNING,
                f"Status w CEIDG: {company.status} - sprawdzić, kogo pozwać.",
                "ceidg",
            )
        if self.identity.regon.strip() and not _same_regon(self.identity.regon, company.regon):
            self._mismatch("REGON", company.regon, "ceidg")
        return company

    # -- comparisons --

    def _mismatch(self, what: str, theirs: str, registry: str) -> None:
        self.find(
            "identifier_mismatch",
            Severity.WARNING,
            f"{what} w sprawie różni się od rejestru ({REGISTRY_LABELS[registry]}: {theirs}).",
            registry,
        )

    def compare(self, registry: str, name: str, address: Address | None) -> None:
        where = REGISTRY_IN[registry]
        if self.identity.name.strip() and name_key(self.identity.name) != name_key(name):
            self.find(
                "name_mismatch",
                Severity.WARNING,
                f"Nazwa dłużnika w sprawie różni się od nazwy {where}: „{name}”.",
                registry,
            )
        if address is not None:
            differing = address_differences(self.identity.address, address)
            if differing:
                self.find(
                    "address_mismatch",
                    Severity.WARNING,
                    f"Adres dłużnika w sprawie różni się od adresu {where} "
                    f"({', '.join(differing)}).",
                    registry,
                )

    def status(self) -> Status:
        outcomes = {s.outcome for s in self.sources}
        if outcomes & {"unavailable", "error"}:
            return "pending"
        if outcomes & {"ok", "not_found"}:
            return "verified"
        return "skipped"


def verify_debtor(
    identity: DebtorIdentity,
    *,
    on: date,
    krs: KrsClient | None,
    vat: VatWhitelistClient | None,
    ceidg: CeidgClient | None,
) -> Verification:
    """Check ``identity`` in the registries as of ``on``; never raises for registry trouble."""
    run = _Run(identity, on)
    if identity.kind == "consumer":
        for registry in ("krs", "vat", "ceidg"):
            run.skip(registry, CONSUMER_NOTE)
        return Verification(
            status="skipped",
            checked_on=on,
            sources=tuple(run.sources),
            findings=(),
            snapshot={"checked_on": on.isoformat(), "kind": identity.kind, **run.snapshot},
        )

    if identity.kind == "company" and not (identity.nip.strip() or identity.krs.strip()):
        run.find("identifier_missing", Severity.WARNING, "Brak NIP i KRS dłużnika w sprawie.")
    if identity.kind == "sole_trader" and not identity.nip.strip():
        run.find("identifier_missing", Severity.WARNING, "Brak NIP przedsiębiorcy w sprawie.")

    subject = run.vat(vat)
    vat_address = None
    if subject is not None:
        vat_address = parse_one_line(subject.working_address or subject.residence_address)

    registry, name, address = "", "", None
    if identity.kind == "company":
        extract = run.krs(krs, identity.krs or (subject.krs if subject else ""))
        run.skip("ceidg", "nie dotyczy: spółki są w KRS")
        if extract is not None:
            registry, name, address = "krs", extract.name, extract.address
    else:
        run.skip("krs", "nie dotyczy: przedsiębiorca z CEIDG")
        company = run.ceidg(ceidg)
        if company is not None:
            registry, name, address = "ceidg", company.name, company.address
    if not registry and subject is not None:
        registry, name, address = "vat", subject.name, vat_address
    if registry:
        run.compare(registry, name, address)

    status = run.status()
    log.info(
        "verification NIP=%s KRS=%s: %s",
        identity.nip or "-",
        identity.krs or "-",
        status,
    )
    return Verification(
        status=status,
        checked_on=on,
        sources=tuple(sorted(run.sources, key=lambda s: ("krs", "vat", "ceidg").index(s.registry))),
        findings=tuple(run.findings),
        registry=registry,
        registry_name=name,
        registry_address=address,
        snapshot={"checked_on": on.isoformat(), "kind": identity.kind, **run.snapshot},
    )
