"""The case store's tables: everything a collections law firm tracks about a case.

This is the only module that declares tables; ``store`` is the only package that imports
sqlmodel. Money is ``Decimal`` everywhere: NUMERIC(14, 2) on PostgreSQL and an exact decimal
string on SQLite (SQLite has no decimal type and would otherwise round-trip through float).
Schema changes go through Alembic migrations in ``store/migrations``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class MoneyType(TypeDecorator[Decimal]):
    """NUMERIC(14, 2) on PostgreSQL, exact decimal text on SQLite; never float."""

    impl = sa.Numeric(14, 2)
    cache_ok = True

    def load_dialect_impl(self, dialect: sa.Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.String(32))
        return dialect.type_descriptor(sa.Numeric(14, 2, asdecimal=True))

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> Any:
        if value is None:
            return None
        amount = Decimal(value).quantize(Decimal("0.01"))
        return str(amount) if dialect.name == "sqlite" else amount

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(str(value)).quantize(Decimal("0.01"))


def money_field(**kwargs: Any) -> Any:
    return Field(sa_type=MoneyType, **kwargs)


def tz_field(**kwargs: Any) -> Any:
    return Field(sa_type=sa.DateTime(timezone=True), **kwargs)


class Creditor(SQLModel, table=True):
    """Our client: the business whose claims we take over."""

    id: int | None = Field(default=None, primary_key=True)
    name: str
    nip: str | None = Field(default=None, index=True, unique=True)
    krs: str | None = None
    regon: str | None = None
    street: str = ""
    postcode: str = ""
    city: str = ""
    email: str | None = None
    bank_account: str | None = None
    is_business: bool = True


class Debtor(SQLModel, table=True):
    """The defendant-to-be: a company, a sole trader, a consumer or a public healthcare unit."""

    id: int | None = Field(default=None, primary_key=True)
    kind: str  # company | sole_trader | consumer | public_healthcare
    name: str
    nip: str | None = Field(default=None, index=True)
    regon: str | None = None
    krs: str | None = None
    pesel: str | None = None  # personal data: never logged
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = "PL"
    # what places the address in a court's area (law.pl.courts); "" when not given
    gmina: str = ""
    powiat: str = ""
    voivodeship: str = ""
    district: str = ""
    email: str | None = None
    bank_account: str | None = None


class Batch(SQLModel, table=True):
    """One hand-over from a creditor: a folder of case folders or a CSV export."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    source: str
    created_at: datetime = tz_field(default_factory=utcnow)
    cases_seen: int = 0
    cases_imported: int = 0
    cases_rejected: int = 0


class Case(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("creditor_id", "external_ref"),)

    id: int | None = Field(default=None, primary_key=True)
    creditor_id: int = Field(foreign_key="creditor.id", index=True)
    debtor_id: int = Field(foreign_key="debtor.id", index=True)
    batch_id: int | None = Field(default=None, foreign_key="batch.id", index=True)
    external_ref: str
    stage: str = Field(default="intake", index=True)
    claim_basis: str = "business"  # law.pl.limitation basis
    paralegal: str | None = None  # username responsible for the case
    partner: str | None = None  # username of the supervising partner
    intake_hash: str = ""  # hash of the imported case document: re-import detects changes
    evidence_root: str = ""  # absolute folder the evidence paths are relative to
    claim_json: str | None = None  # last computed claim (figures with cites), for pages/memos
    earliest_limitation: date | None = Field(default=None, index=True)
    procedure: str | None = None
    total_claim: Decimal | None = money_field(default=None)
    review_comment: str | None = None  # the partner's comment when a draft was sent back
    review_flow_run_id: str | None = None  # the Prefect flow run waiting for the decision
    created_at: datetime = tz_field(default_factory=utcnow)
    updated_at: datetime = tz_field(default_factory=utcnow)


class Contract(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    number: str = ""
    signed_on: date | None = None
    subject: str = ""
    file: str | None = None  # relative to the case's evidence root


class Invoice(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("case_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    number: str
    issue_date: date
    due_date: date
    amount: Decimal = money_field()
    currency: str = "PLN"
    accepted_by_debtor: bool = False  # signed / accepted invoice (KPC art. 485 § 1 pkt 2)
    acknowledged_on: date | None = None  # debtor's written acknowledgement of this debt
    delivered_on: date | None = None  # invoice delivered to the debtor
    file: str | None = None
    delivery_proof_file: str | None = None
    # KSeF number of a structured invoice (issue #20): received on its date (art. 106na
    # ust. 3 ustawy o VAT); ``handoff ksef fetch`` finds the invoice by it
    ksef_number: str | None = Field(default=None, index=True)


class Payment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    invoice_number: str | None = None
    paid_on: date
    amount: Decimal = money_field()
    designated: bool = False  # debtor designated the debt it pays (KC art. 451 § 1)


class RecordedPayment(SQLModel, table=True):
    """A payment recorded after the handoff (issue #18): by hand or from a bank statement.
    ``transaction_key`` (statement + entry, or the bank's transaction id) is unique, so the
    same statement imported twice records nothing twice. Intake's own ``Payment`` rows stay
    the creditor's; ``store.cases.load_case_files`` adds these to the case's payments."""

    __table_args__ = (sa.UniqueConstraint("transaction_key"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    paid_on: date
    amount: Decimal = money_field()
    title: str = ""
    invoice_number: str | None = None  # the debt the debtor named (art. 451 § 1 KC)
    designated: bool = False  # expressly designated for that invoice's principal
    # the instalment of the case's active settlement the debtor named (art. 451 §1 KC);
    # None: the oldest instalment due goes first (law.pl.settlements.plan_state)
    instalment: int | None = None
    source: str = "manual"  # manual | mt940 | camt053 | csv
    transaction_key: str | None = None
    counterparty: str = ""
    account: str = ""
    matched_by: str = ""  # manual | reference | invoice | amount
    surplus: Decimal = money_field(default=Decimal(0))  # paid beyond the whole debt
    recorded_by: str = ""
    recorded_at: datetime = tz_field(default_factory=utcnow)


class PaymentAllocation(SQLModel, table=True):
    """How a recorded payment was allocated (art. 451 KC), line by line, with the rule."""

    id: int | None = Field(default=None, primary_key=True)
    payment_id: int = Field(foreign_key="recordedpayment.id", index=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    invoice_number: str = ""  # "" for the line that pays costs
    to_costs: Decimal = money_field(default=Decimal(0))
    to_interest: Decimal = money_field(default=Decimal(0))
    to_principal: Decimal = money_field(default=Decimal(0))
    cites: str = ""  # "KC art. 451 §1 zd. 2; KC art. 451 §3"


class EnforcementCost(SQLModel, table=True):
    """A komornik's cost recorded in enforcement (issue #19): ``handoff enforcement record
    --kind costs``. Those the creditor paid are owed by the debtor (``law.pl.enforcement.
    komornik_costs_owed``) and covered first by a payment (art. 451 KC)."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    step_id: int | None = Field(default=None, foreign_key="casestep.id")
    incurred_on: date
    kind: str  # law.pl.enforcement.CostKind: zaliczka | oplata | wydatki
    payer: str  # law.pl.enforcement.CostPayer: creditor | debtor
    amount: Decimal = money_field()
    komornik: str = ""
    recorded_by: str = ""
    recorded_at: datetime = tz_field(default_factory=utcnow)


class UnmatchedTransaction(SQLModel, table=True):
    """A statement's credit no case could be matched to for certain: a person decides."""

    __table_args__ = (sa.UniqueConstraint("transaction_key"),)

    id: int | None = Field(default=None, primary_key=True)
    transaction_key: str
    source: str  # mt940 | camt053 | csv
    statement: str = ""  # file name / statement id
    booked_on: date
    amount: Decimal = money_field()
    title: str = ""
    counterparty: str = ""
    account: str = ""
    reason: str = ""  # Polish: why it was not matched
    candidates: str = ""  # references of the cases it might belong to
    status: str = "open"  # open | resolved
    imported_at: datetime = tz_field(default_factory=utcnow)


class Settlement(SQLModel, table=True):
    """A settlement (ugoda) with an instalment plan (issue #18), ``casework.settlements``.
    One per case and conclusion day: concluding the same settlement again is a no-op."""

    __table_args__ = (sa.UniqueConstraint("case_id", "concluded_on"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    kind: str  # law.pl.settlements.SettlementKind: pozasadowa | sadowa
    concluded_on: date
    amount: Decimal = money_field()  # the settled sum
    costs: Decimal = money_field(default=Decimal(0))  # costs the debtor takes over
    grace_days: int = 14
    interest_mode: str = "none"  # law.pl.settlements.InterestMode
    interest_rate: Decimal | None = money_field(default=None)  # annual %, 2 places
    stage_before: str  # the stage the case left for ``settled``: its court track
    status: str = "active"  # active | broken | fulfilled
    broken_on: date | None = None  # the day the whole rest fell due (acceleration)
    broken_by: int | None = None  # the instalment whose grace period ended unpaid
    fulfilled_on: date | None = None
    step_id: int | None = Field(default=None, foreign_key="casestep.id")
    document_id: int | None = Field(default=None, foreign_key="generateddocument.id")
    # the draft's partner review (casework.settlement_review.decide_settlement): "" (none) |
    # ready_for_review | approved | sent_back
    review_status: str = ""
    review_comment: str = ""
    decided_by: str = ""
    decided_at: datetime | None = tz_field(default=None)
    recorded_by: str = ""
    created_at: datetime = tz_field(default_factory=utcnow)
    updated_at: datetime = tz_field(default_factory=utcnow)


class Instalment(SQLModel, table=True):
    """One instalment of a settlement: the agreed day and the day after art. 115 KC."""

    __table_args__ = (sa.UniqueConstraint("settlement_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    settlement_id: int = Field(foreign_key="settlement.id", index=True)
    number: int
    agreed_due: date
    due_on: date
    amount: Decimal = money_field()


class InstalmentRequest(SQLModel, table=True):
    """The debtor asked for instalments after the handoff (``handoff settlements request``):
    an acknowledgement of the claim (art. 123 §1 pkt 2 KC), limitation runs anew from it."""

    __table_args__ = (sa.UniqueConstraint("case_id", "requested_on"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    requested_on: date
    note: str = ""
    recorded_by: str = ""
    recorded_at: datetime = tz_field(default_factory=utcnow)


class Correspondence(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    kind: str  # reminder | final_demand | debtor_reply | email | phone_note
    sent_on: date
    delivered_on: date | None = None
    language: str = "pl"
    summary: str = ""
    file: str | None = None
    delivery_proof_file: str | None = None
    acknowledges_debt: bool = False
    requests_instalments: bool = False


class EvidenceFile(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("case_id", "path"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    kind: str  # contract | invoice | delivery_proof | correspondence | registry_extract | other
    path: str  # relative to the case's evidence root
    sha256: str
    size_bytes: int
    description: str = ""
    doc_date: date | None = None


class GeneratedDocument(SQLModel, table=True):
    """A rendered draft. A regenerated draft is a new version; old versions stay readable."""

    __table_args__ = (
        sa.UniqueConstraint("case_id", "kind", "version"),
        sa.UniqueConstraint("case_id", "kind", "input_hash"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    kind: str  # pozew | wezwanie | memo | evidence_index | evidence_bundle | epu_xml
    version: int
    path: str
    sha256: str
    input_hash: str  # hash of everything the document was rendered from (idempotency key)
    created_at: datetime = tz_field(default_factory=utcnow)


class CaseFinding(SQLModel, table=True):
    """A problem a partner must see (law.findings.Finding), replaced per source on recompute."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    source: str  # claim | evidence | registry | intake
    code: str
    severity: str
    message: str
    subject: str = ""
    cite: str = ""


class RegistryCheck(SQLModel, table=True):
    """A cached registry verification: what was asked, when, and what came back (proof)."""

    __table_args__ = (sa.Index("ix_registrycheck_lookup", "service", "identifier", "checked_on"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = Field(default=None, foreign_key="case.id", index=True)
    service: str  # krs | vat_whitelist | ceidg | verification (the combined result)
    identifier: str  # KRS or NIP number asked about
    checked_on: date
    checked_at: datetime = tz_field(default_factory=utcnow)
    status: str  # verified | pending | skipped | not_found
    request_id: str | None = None
    snapshot_json: str = "{}"


class IntakeRejection(SQLModel, table=True):
    """A case (or CSV row group) refused at intake, with every reason."""

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int | None = Field(default=None, foreign_key="batch.id", index=True)
    source: str  # file path or "file.csv rows 3-5"
    external_ref: str | None = None
    errors_json: str
    created_at: datetime = tz_field(default_factory=utcnow)


class StepRun(SQLModel, table=True):
    """Idempotency ledger: a case's step with a given input hash is done at most once."""

    __table_args__ = (sa.UniqueConstraint("case_id", "step", "input_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    step: str
    input_hash: str
    outcome: str
    detail: str = ""
    finished_at: datetime = tz_field(default_factory=utcnow)


class CourtEvent(SQLModel, table=True):
    """Something that happened in court, recorded by a paralegal; it starts deadlines."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    kind: str  # law.pl.deadlines.EventKind value
    occurred_on: date
    signature: str = ""  # sygnatura akt
    note: str = ""
    recorded_by: str = ""
    recorded_at: datetime = tz_field(default_factory=utcnow)
    deleted_at: datetime | None = tz_field(default=None)


class Deadline(SQLModel, table=True):
    """A dated obligation or a date we watch. The scan reads open rows by due date."""

    __table_args__ = (
        sa.Index("ix_deadline_open_due", "status", "due_on"),
        sa.UniqueConstraint("case_id", "rule_key", "event_id"),
        # NULLs are distinct in a unique key: case-level rows (limitation) need their own.
        sa.Index(
            "uq_deadline_case_rule_no_event",
            "case_id",
            "rule_key",
            unique=True,
            sqlite_where=sa.text("event_id IS NULL"),
            postgresql_where=sa.text("event_id IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    event_id: int | None = Field(default=None, foreign_key="courtevent.id", index=True)
    rule_key: str  # e.g. "sprzeciw", "limitation"
    action: str  # Polish name of what must happen
    side: str  # ours | theirs
    due_on: date
    cites: str = ""
    reason: str = ""
    responsible: str | None = None  # username
    status: str = "open"  # open | done | cancelled
    done_at: datetime | None = tz_field(default=None)
    updated_at: datetime = tz_field(default_factory=utcnow)


class LimitationWatch(SQLModel, table=True):
    """One live invoice's limitation date as the last draft computed it (K4: the watch
    tracks every live invoice); ``store.deadlines.sync_limitation_deadlines`` turns each row
    into a case-level deadline ``limitation:<invoice number>``."""

    __table_args__ = (sa.UniqueConstraint("case_id", "invoice_number"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    invoice_number: str
    expires_on: date  # the conservative end, or the latest one once only it keeps it alive
    reason: str = ""  # Polish, for the digest


class CaseStep(SQLModel, table=True):
    """One dated step of a case's lifecycle, its timeline (issue #17): the filing, a court
    event (``event_id``; a step that left the stage as it was has ``from_stage`` ==
    ``to_stage``) or a backwards correction with its ``reason``. Written in the transaction
    that moves ``Case.stage``; one step per event (the unique key makes a repeat a no-op)."""

    __table_args__ = (sa.UniqueConstraint("event_id"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    occurred_on: date
    from_stage: str
    to_stage: str
    trigger: str  # law.pl.deadlines.EventKind value | "lawsuit-filed" | "correction"
    event_id: int | None = Field(default=None, foreign_key="courtevent.id")
    cause: str = ""  # Polish
    cites: str = ""  # "KPC art. 502 §1; KPC art. 505"
    status: str = "CONFIRMED"  # the reference's grade of the rule (law.lifecycle)
    court: str = ""  # filings: the court the pozew went to
    signature: str = ""  # sygnatura akt, when known
    mode: str = ""  # filings: paper | portal
    reason: str = ""  # corrections: why, as the person wrote it
    recorded_by: str = ""
    recorded_at: datetime = tz_field(default_factory=utcnow)


class EsadSubmission(SQLModel, table=True):
    """One package sent to the e-Sąd web service (``handoff epu submit``) and the court's
    answer to it. Written before the package goes out (status ``sending``), so a crash
    while sending leaves a trace and its lawsuits are not sent again blindly."""

    id: int | None = Field(default=None, primary_key=True)
    label: str = Field(unique=True)  # OznaczeniePaczki, at most 60 characters
    filing_date: date  # the package's dataZlozenia
    status: str = "sending"  # sending | answered | rejected | fault | unknown
    code: str = ""  # the court's kod (KodOdpowiedzi), when it answered
    message: str = ""  # the court's opis / informacja, or what went wrong (Polish)
    lawsuits: int = 0
    total_fee: Decimal | None = money_field(default=None)  # sumaOplatySadawej
    sha256: str  # of the package as sent
    file: str = ""  # where the package as sent is kept
    sent_by: str = ""
    sent_at: datetime = tz_field(default_factory=utcnow)
    answered_at: datetime | None = tz_field(default=None)


class EsadLawsuit(SQLModel, table=True):
    """One lawsuit (PozewEPU) of a submission and what became of it. ``active_case_id`` is
    the case while the lawsuit is pending, accepted or of unknown fate, NULL once rejected
    or not sent: the unique key keeps a case in at most one live submission, so a re-run
    (or a second run at the same time) never sends it twice."""

    __table_args__ = (
        sa.UniqueConstraint("submission_id", "case_id"),
        sa.UniqueConstraint("active_case_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="esadsubmission.id", index=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    active_case_id: int | None = Field(default=None, foreign_key="case.id")
    ordinal: int  # PozewEPU/@ID, liczbaPorzadkowa in the court's answer
    our_ref: str  # SprawaWgPowoda
    status: str = "pending"  # pending | accepted | rejected | not_sent | unknown
    reason: str = ""  # the court's words (rejected) or why the fate is unknown (Polish)
    court_signature: str = ""  # sygnatura sprawy, once the court registered the case
    court_state: str = ""  # stanSprawy at the last look
    fee: Decimal | None = money_field(default=None)  # oplataSadowa the court computed
    filing_step_id: int | None = Field(default=None, foreign_key="casestep.id")
    updated_at: datetime = tz_field(default_factory=utcnow)


class DeadlineWarning(SQLModel, table=True):
    """One warning level sent for one deadline: the unique key makes it at most once."""

    __table_args__ = (sa.UniqueConstraint("deadline_id", "level"),)

    id: int | None = Field(default=None, primary_key=True)
    deadline_id: int = Field(foreign_key="deadline.id", index=True)
    level: str  # "<name>@<due date>": upcoming | due_today | overdue | escalated | limitation-60d
    recipient: str
    sent_at: datetime = tz_field(default_factory=utcnow)  # when the level was claimed
    delivered_at: datetime | None = tz_field(default=None)  # when the relay accepted it


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, index=True)
    full_name: str = ""
    email: str | None = None
    role: str  # paralegal | partner | admin
    password_hash: str = ""
    active: bool = True


class ReviewDecision(SQLModel, table=True):
    """A partner's decision on a case's drafts. ``applied_at`` is set when the flow acted."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    document_id: int | None = Field(default=None, foreign_key="generateddocument.id")
    decision: str  # approve | send_back
    comment: str = ""
    decided_by: str
    decided_at: datetime = tz_field(default_factory=utcnow)
    flow_run_id: str | None = None
    applied_at: datetime | None = tz_field(default=None)


class AuditLog(SQLModel, table=True):
    """Append-only: who did what, when. Database triggers refuse UPDATE and DELETE."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = tz_field(default_factory=utcnow)
    actor: str
    action: str
    case_id: int | None = Field(default=None, index=True)
    detail: str = ""


# --- NBP rates, the white-list quota, notifications ---------------------------------------


class RateType(TypeDecorator[Decimal]):
    """NUMERIC(10, 4) on PostgreSQL, exact decimal text on SQLite; never float.

    Exchange rates (NBP table A mid: 4 decimals) and percentages (reference rate 5.75).
    """

    impl = sa.Numeric(10, 4)
    cache_ok = True

    def load_dialect_impl(self, dialect: sa.Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.String(32))
        return dialect.type_descriptor(sa.Numeric(10, 4, asdecimal=True))

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> Any:
        if value is None:
            return None
        rate = Decimal(str(value)).quantize(Decimal("0.0001"))
        return str(rate) if dialect.name == "sqlite" else rate

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(str(value)).quantize(Decimal("0.0001"))


def rate_field(**kwargs: Any) -> Any:
    return Field(sa_type=RateType, **kwargs)


class ExchangeRate(SQLModel, table=True):
    """One NBP table A mid rate (PLN per unit of ``code``) as published on ``effective_date``."""

    __table_args__ = (sa.UniqueConstraint("code", "effective_date"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str  # ISO 4217, upper case: "EUR"
    effective_date: date = Field(index=True)
    mid: Decimal = rate_field()
    table_no: str = ""  # e.g. "044/A/NBP/2026"
    fetched_at: datetime = tz_field(default_factory=utcnow)
    source: str = "nbp"  # nbp (fetched by `rates refresh`) | manual (`rates set`, audited)


class ReferenceRate(SQLModel, table=True):
    """The NBP reference rate (%) as NBP published it, from ``effective_from``.

    A record of what NBP said, not the source of legal computations: those read the cited
    table in law/pl/rates.py, which a person updates.
    """

    id: int | None = Field(default=None, primary_key=True)
    effective_from: date = Field(unique=True)
    rate: Decimal = rate_field()
    fetched_at: datetime = tz_field(default_factory=utcnow)


class RegistryQuota(SQLModel, table=True):
    """Calls made to a rate-limited registry on one day (VAT white list: 100 searches/day)."""

    __table_args__ = (sa.UniqueConstraint("service", "day"),)

    id: int | None = Field(default=None, primary_key=True)
    service: str  # "vat-search"
    day: date  # Europe/Warsaw calendar day (the white list resets at midnight)
    used: int = 0
    updated_at: datetime = tz_field(default_factory=utcnow)


class Notification(SQLModel, table=True):
    """One notification claimed for sending: the unique ``key`` makes it at most once."""

    id: int | None = Field(default=None, primary_key=True)
    kind: str  # e.g. "review_request"
    key: str = Field(unique=True)  # e.g. "review_request:case=12:v=3:email"
    recipient: str  # username (never an e-mail body or personal data of a debtor)
    sent_at: datetime = tz_field(default_factory=utcnow)  # when it was claimed
    delivered_at: datetime | None = tz_field(default=None)  # when the relay/receiver took it


# --- review page: server-side sessions and the sign-in throttle --------------------------


class UserSession(SQLModel, table=True):
    """A signed-in review-page session. The cookie holds a random token; the row its hash.

    Ending a session (sign-out, password change, deactivation, timeout) sets ``ended_at``;
    a cookie whose row is ended or missing no longer signs anyone in.
    """

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True)  # SHA-256 hex of the cookie's token
    username: str = Field(index=True)
    csrf_token: str  # the session's CSRF token; it dies with the session
    address: str = ""  # client address at sign-in
    created_at: datetime = tz_field(default_factory=utcnow)
    last_seen_at: datetime = tz_field(default_factory=utcnow)
    ended_at: datetime | None = tz_field(default=None)
    end_reason: str = ""  # logout | replaced | password_changed | deactivated | idle | expired


class SignInThrottle(SQLModel, table=True):
    """Failed sign-ins under one key: ``account:<name>|<address>`` or ``address:<address>``."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    failures: int = 0
    window_started_at: datetime = tz_field(default_factory=utcnow)
    locked_until: datetime | None = tz_field(default=None)
    updated_at: datetime = tz_field(default_factory=utcnow)


# --- letters to the court after filing (issue #18) ----------------------------------------


class CourtLetter(SQLModel, table=True):
    """A letter to the court a payment or a settlement after filing needs (cofnięcie pozwu
    w części / w całości ze zrzeczeniem się roszczenia), ``casework.court_letters``: what it
    withdraws (``plan_json``: amounts, rules with their status, notes for the partner), its
    draft (``document_id``) and its own partner review (``status``). ``key`` (the payment,
    the settlement, or the whole debt paid) makes it once per cause."""

    __table_args__ = (sa.UniqueConstraint("case_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    key: str  # "payment:<id>" | "paid" | "settlement:<id>"
    reason: str  # law.pl.court_letters.Reason: payment | settlement | paid
    kind: str  # law.pl.court_letters.LetterKind: partial | full
    channel: str  # court | e-sad
    court_stage: str  # the court stage the letter was drafted for
    payment_id: int | None = Field(default=None, foreign_key="recordedpayment.id")
    settlement_id: int | None = None  # the settlement (``Settlement.id``) it follows
    letter_on: date  # the day written on the letter
    plan_json: str = "{}"
    document_id: int | None = Field(default=None, foreign_key="generateddocument.id")
    status: str = "to_render"  # to_render | ready_for_review | approved | sent_back
    review_comment: str = ""
    decided_by: str = ""
    decided_at: datetime | None = tz_field(default=None)
    drafted_by: str = ""
    created_at: datetime = tz_field(default_factory=utcnow)
    updated_at: datetime = tz_field(default_factory=utcnow)
