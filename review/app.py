"""The partner review web app: queue, case page with rendered drafts, approve / send back.

``create_app(settings)`` builds the FastAPI app. Sessions are signed cookies (Starlette's
``SessionMiddleware``, itsdangerous) keyed with ``settings.review_secret``; every POST needs
the session's CSRF token; only partners may decide. A decision is written to the case store
and committed first, then the waiting handoff flow run is woken through Prefect
(``flows.review_gate.wake_flow_run``) after the response: if Prefect cannot be reached the
decision stays in the store and the next run applies it.
"""

import json
import logging
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from fastapi import BackgroundTasks, Depends, FastAPI, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlmodel import Session, col, select
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from config import Settings
from flows.review_gate import wake_flow_run
from law.pl.deadlines import EventKind
from law.stages import Stage
from review import documents as docs
from review.auth import (
    LoginRequired,
    current_user,
    session_dependency,
    sign_in,
    sign_out,
    user_dependencies,
)
from review.csrf import csrf_protect, csrf_token, rotate
from store import integrity
from store.db import open_store
from store.deadlines import DeadlineStoreError, record_event
from store.review import (
    CaseNotFound,
    InvalidDecision,
    NotAllowed,
    authenticate,
    case_badges,
    decisions_for,
    pending_decision,
    record_decision,
    review_queue,
    sent_back_queue,
)
from store.tables import (
    AuditLog,
    Case,
    CaseFinding,
    CourtEvent,
    Creditor,
    Deadline,
    Debtor,
    EvidenceFile,
    GeneratedDocument,
    User,
)

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
SESSION_COOKIE = "handoff_review"
SESSION_MAX_AGE = 8 * 3600
DEFAULT_SECRET = "change-me-in-production"

STAGE_LABELS = {
    "intake": "przyjęcie",
    "ready_for_review": "do akceptacji",
    "sent_back": "zwrócona do poprawy",
    "approved": "zatwierdzona",
    "filed": "złożona w sądzie",
    "in_court": "w sądzie",
    "closed": "zamknięta",
}
ROLE_LABELS = {"paralegal": "asystent", "partner": "partner", "admin": "administrator"}
DOC_KINDS = {
    "pozew": "Pozew",
    "wezwanie": "Wezwanie do zapłaty",
    "memo": "Notatka dla partnera",
    "evidence_index": "Wykaz dowodów",
    "evidence_bundle": "Pakiet dowodów",
    "epu_xml": "Pozew EPU (XML)",
}
EVIDENCE_KINDS = {
    "contract": "umowa",
    "invoice": "faktura",
    "delivery_proof": "dowód doręczenia",
    "correspondence": "korespondencja",
    "registry_extract": "odpis z rejestru",
    "other": "inny",
}
INVOICE_COLUMNS = {
    "number": "Faktura",
    "due_date": "Termin płatności",
    "principal": "Należność główna",
    "interest_kind": "Odsetki",
    "interest_from": "Odsetki od",
    "compensation": "Rekompensata",
    "limitation_expires_on": "Przedawnienie",
    "limitation_alternative": "Przedawnienie (wariant)",
    "limitation_status": "Status przedawnienia",
}
DECISION_LABELS = {"approve": "zatwierdzona", "send_back": "zwrócona do poprawy"}
LIMITATION_STATUS = {
    "ok": "biegnie",
    "near": "wkrótce upływa",
    "expired": "upłynęło",
    "interrupted": "przerwane",
}
EVENT_LABELS = {
    "payment-order-served": "doręczenie nakazu zapłaty",
    "judgment-announced": "ogłoszenie wyroku",
    "judgment-reasons-served": "doręczenie wyroku z uzasadnieniem",
    "decision-served": "doręczenie postanowienia",
    "call-served": "doręczenie wezwania sądu",
    "appeal-judgment-reasons-served": "doręczenie wyroku II instancji z uzasadnieniem",
    "service-failed-notice": "zawiadomienie o niedoręczeniu",
    "epu-discontinued": "umorzenie postępowania w EPU",
    "statement-of-claim-served": "doręczenie pozwu",
    "payment-order-final": "uprawomocnienie nakazu zapłaty",
    "cause-of-delay-ceased": "ustanie przyczyny opóźnienia",
    "new-evidence-possible": "możliwość powołania nowych dowodów",
    "returned-unpaid-fee": "zwrot pisma z powodu nieopłacenia",
}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SEVERITY_LABELS = {"blocker": "blokuje", "warning": "ostrzeżenie", "info": "informacja"}

try:
    WARSAW: ZoneInfo | None = ZoneInfo("Europe/Warsaw")
except ZoneInfoNotFoundError:  # no tz database: show UTC
    WARSAW = None


# ---------------------------------------------------------------- formatting filters


def fmt_money(value: object) -> str:
    if value is None or value == "":
        return "—"
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return str(value)
    whole, _, cents = f"{abs(amount):,.2f}".partition(".")
    sign = "-" if amount < 0 else ""
    nbsp = "\u00a0"
    return f"{sign}{whole.replace(',', nbsp)},{cents}{nbsp}zł"


def fmt_date(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        if WARSAW is not None:
            moment = moment.astimezone(WARSAW)
        return moment.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def fmt_cell(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "tak" if value else "nie"
    if isinstance(value, list | tuple):
        return "; ".join(fmt_cell(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {fmt_cell(v)}" for k, v in value.items())
    if isinstance(value, str) and ISO_DATE.match(value):
        try:
            return date.fromisoformat(value).strftime("%d.%m.%Y")
        except ValueError:
            return value
    return str(value)


def safe_next(target: str | None) -> str:
    """Only a local path may be a redirect target after sign-in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/queue"


# ---------------------------------------------------------------- page data


@dataclass
class DocumentView:
    doc: GeneratedDocument
    label: str
    file_name: str
    available: bool
    html: str = ""
    messages: tuple[str, ...] = ()


def parse_claim(raw: str | None) -> tuple[dict[str, Any] | None, str | None]:
    if not raw:
        return None, None
    try:
        data = json.loads(raw)
    except ValueError:
        return None, "Zapisane wyliczenie roszczenia jest nieczytelne."
    if not isinstance(data, dict):
        return None, "Zapisane wyliczenie roszczenia ma nieoczekiwany format."
    return data, None


def invoice_table(invoices: object) -> tuple[list[tuple[str, str]], list[list[str]]]:
    """Columns (key, label) in a stable order and the formatted rows."""
    if not isinstance(invoices, list):
        return [], []
    rows = [r for r in invoices if isinstance(r, dict)]
    keys: list[str] = [k for k in INVOICE_COLUMNS if any(k in r for r in rows)]
    for r in rows:
        keys.extend(k for k in r if k not in keys)
    columns = [(k, INVOICE_COLUMNS.get(k, k)) for k in keys]

    def cell(key: str, value: object) -> str:
        if key == "limitation_status" and isinstance(value, str):
            return LIMITATION_STATUS.get(value, value)
        return fmt_cell(value)

    return columns, [[cell(k, r.get(k)) for k in keys] for r in rows]


def create_app(settings: Settings, engine: sa.Engine | None = None) -> FastAPI:
    """The review app over the store at ``settings.database_url`` (or ``engine``)."""
    store = engine if engine is not None else open_store(settings.database_url)
    get_session = session_dependency(store)
    require_user, require_partner = user_dependencies(get_session)
    SessionDep = Annotated[Session, Depends(get_session)]
    UserDep = Annotated[User, Depends(require_user)]
    PartnerDep = Annotated[User, Depends(require_partner)]
    doc_roots = [settings.documents_dir, settings.home]

    app = FastAPI(title="Akceptacja projektów", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.engine = store
    app.state.settings = settings
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.review_secret,
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_MAX_AGE,
        same_site="lax",
        https_only=settings.review_base_url.startswith("https://"),
    )
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.filters.update(money=fmt_money, pldate=fmt_date, cell=fmt_cell)
    templates.env.globals.update(
        STAGE_LABELS=STAGE_LABELS,
        ROLE_LABELS=ROLE_LABELS,
        DECISION_LABELS=DECISION_LABELS,
        SEVERITY_LABELS=SEVERITY_LABELS,
        EVIDENCE_KINDS=EVIDENCE_KINDS,
        EVENT_LABELS=EVENT_LABELS,
        EVENT_KINDS=[k.value for k in EventKind],
    )

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; "
            "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    def page(
        request: Request,
        name: str,
        user: User | None,
        status_code: int = 200,
        **context: Any,
    ) -> HTMLResponse:
        flash = request.session.pop("flash", None)
        return templates.TemplateResponse(
            request,
            name,
            {"user": user, "csrf_token": csrf_token(request), "flash": flash, **context},
            status_code=status_code,
        )

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _exc: LoginRequired) -> Response:
        if request.method == "GET":
            target = quote(request.url.path, safe="/")
            return RedirectResponse(f"/login?next={target}", status_code=303)
        return HTMLResponse("Zaloguj się ponownie.", status_code=401)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return templates.TemplateResponse(
            request,
            "error.html",
            {"user": None, "status": exc.status_code, "detail": exc.detail, "flash": None},
            status_code=exc.status_code,
        )

    # ------------------------------------------------------------ sign-in

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/", response_model=None)
    def home(request: Request, user: UserDep) -> RedirectResponse:
        target = "/sent-back" if user.role == "paralegal" else "/queue"
        return RedirectResponse(target, status_code=303)

    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, session: SessionDep, next: str = "/queue") -> HTMLResponse:
        return page(request, "login.html", current_user(request, session), next=safe_next(next))

    @app.post("/login", response_model=None, dependencies=[Depends(csrf_protect)])
    def login(
        request: Request,
        session: SessionDep,
        username: Annotated[str, Form()] = "",
        password: Annotated[str, Form()] = "",
        next: Annotated[str, Form()] = "/queue",
    ) -> Response:
        user = authenticate(session, username, password)
        if user is None:
            log.info("failed sign-in for %r", username[:64])
            return page(
                request,
                "login.html",
                None,
                status_code=401,
                next=safe_next(next),
                error="Nieprawidłowa nazwa użytkownika lub hasło.",
                username=username,
            )
        session.add(AuditLog(actor=user.username, action="sign_in", detail=""))
        session.commit()
        sign_in(request, user)
        rotate(request)
        return RedirectResponse(safe_next(next), status_code=303)

    @app.post("/logout", response_model=None, dependencies=[Depends(csrf_protect)])
    def logout(request: Request) -> RedirectResponse:
        sign_out(request)
        return RedirectResponse("/login", status_code=303)

    # ------------------------------------------------------------ queues

    @app.get("/queue", response_class=HTMLResponse)
    def queue(
        request: Request,
        user: UserDep,
        session: SessionDep,
    ) -> HTMLResponse:
        return page(request, "queue.html", user, rows=review_queue(session))

    @app.get("/sent-back", response_class=HTMLResponse)
    def sent_back(
        request: Request,
        user: UserDep,
        session: SessionDep,
    ) -> HTMLResponse:
        return page(request, "sent_back.html", user, rows=sent_back_queue(session))

    # ------------------------------------------------------------ case page

    def load_case(session: Session, case_id: int) -> tuple[Case, Creditor, Debtor]:
        case = session.get(Case, case_id)
        if case is None:
            raise StarletteHTTPException(404, "Nie ma takiej sprawy.")
        creditor = session.get(Creditor, case.creditor_id)
        debtor = session.get(Debtor, case.debtor_id)
        assert creditor is not None and debtor is not None
        return case, creditor, debtor

    def document_view(doc: GeneratedDocument, render: bool) -> DocumentView:
        path = docs.resolve(doc.path, doc_roots)
        view = DocumentView(
            doc=doc,
            label=DOC_KINDS.get(doc.kind, doc.kind),
            file_name=Path(doc.path).name,
            available=path is not None,
        )
        if render and path is not None:
            try:  # the stored SHA-256 is checked before anything of the file is shown
                path = integrity.verified_path(
                    store, doc, doc_roots, actor="review", purpose="preview"
                )
            except integrity.DocumentUnavailable as exc:
                view.available, view.messages = False, (str(exc),)
                return view
            rendered = docs.render(path)
            view.html, view.messages = rendered.html, rendered.messages
        elif render:
            view.messages = ("Plik dokumentu nie istnieje na dysku.",)
        return view

    def case_page(
        request: Request,
        session: Session,
        user: User,
        case_id: int,
        *,
        show_document: int | None = None,
        error: str | None = None,
        comment: str = "",
        status_code: int = 200,
    ) -> HTMLResponse:
        case, creditor, debtor = load_case(session, case_id)
        claim, claim_error = parse_claim(case.claim_json)
        columns, invoice_rows = invoice_table(claim.get("invoices") if claim else None)
        all_docs = session.exec(
            select(GeneratedDocument)
            .where(GeneratedDocument.case_id == case_id)
            .order_by(col(GeneratedDocument.kind), col(GeneratedDocument.version).desc())
        ).all()
        by_kind: dict[str, list[GeneratedDocument]] = defaultdict(list)
        for d in all_docs:
            by_kind[d.kind].append(d)
        groups = []
        for kind, versions in by_kind.items():
            shown = next((d for d in versions if d.id == show_document), versions[0])
            groups.append(
                {
                    "label": DOC_KINDS.get(kind, kind),
                    "shown": document_view(shown, render=True),
                    "versions": [document_view(d, render=False) for d in versions],
                }
            )
        evidence = session.exec(
            select(EvidenceFile)
            .where(EvidenceFile.case_id == case_id)
            .order_by(col(EvidenceFile.id))
        ).all()
        findings = session.exec(
            select(CaseFinding)
            .where(CaseFinding.case_id == case_id)
            .order_by(col(CaseFinding.source), col(CaseFinding.id))
        ).all()
        history = session.exec(
            select(AuditLog).where(AuditLog.case_id == case_id).order_by(col(AuditLog.id).desc())
        ).all()
        events = session.exec(
            select(CourtEvent)
            .where(CourtEvent.case_id == case_id, col(CourtEvent.deleted_at).is_(None))
            .order_by(col(CourtEvent.occurred_on), col(CourtEvent.id))
        ).all()
        deadlines = session.exec(
            select(Deadline)
            .where(Deadline.case_id == case_id, Deadline.status == "open")
            .order_by(col(Deadline.due_on), col(Deadline.id))
        ).all()
        pending = pending_decision(session, case_id)
        can_decide = (
            user.role == "partner" and case.stage == Stage.READY_FOR_REVIEW.value and not pending
        )
        return page(
            request,
            "case.html",
            user,
            status_code=status_code,
            case=case,
            creditor=creditor,
            debtor=debtor,
            claim=claim,
            claim_error=claim_error,
            invoice_columns=columns,
            invoice_rows=invoice_rows,
            groups=groups,
            evidence=evidence,
            findings=findings,
            badges=case_badges(session, case),
            decisions=decisions_for(session, case_id),
            pending=pending,
            history=history,
            events=events,
            deadlines=deadlines,
            today=date.today().isoformat(),
            can_decide=can_decide,
            seen_document_id=max((d.id for d in all_docs if d.id is not None), default=""),
            error=error,
            comment=comment,
        )

    @app.get("/cases/{case_id}", response_class=HTMLResponse)
    def show_case(
        request: Request,
        case_id: int,
        user: UserDep,
        session: SessionDep,
    ) -> HTMLResponse:
        return case_page(request, session, user, case_id)

    @app.get("/documents/{doc_id}", response_class=HTMLResponse)
    def show_document(
        request: Request,
        doc_id: int,
        user: UserDep,
        session: SessionDep,
    ) -> HTMLResponse:
        doc = session.get(GeneratedDocument, doc_id)
        if doc is None:
            raise StarletteHTTPException(404, "Nie ma takiego dokumentu.")
        return case_page(request, session, user, doc.case_id, show_document=doc_id)

    @app.get("/documents/{doc_id}/download", response_model=None)
    def download_document(
        doc_id: int,
        user: UserDep,
        session: SessionDep,
    ) -> FileResponse:
        doc = session.get(GeneratedDocument, doc_id)
        path = docs.resolve(doc.path, doc_roots) if doc is not None else None
        if doc is None or path is None:
            raise StarletteHTTPException(404, "Nie ma takiego pliku.")
        try:  # never serve a file whose SHA-256 differs from the stored one
            path = integrity.verified_path(
                store, doc, doc_roots, actor=user.username, purpose="download"
            )
        except integrity.DocumentUnavailable as exc:
            raise StarletteHTTPException(409, str(exc)) from exc
        media = (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            if path.suffix.lower() == ".docx"
            else None
        )
        return FileResponse(path, media_type=media, filename=path.name)

    # ------------------------------------------------------------ decisions

    def decide(
        request: Request,
        session: Session,
        user: User,
        background: BackgroundTasks,
        case_id: int,
        decision: str,
        comment: str,
        seen_document_id: str,
    ) -> Response:
        load_case(session, case_id)  # 404 before anything else
        seen = int(seen_document_id) if seen_document_id.isdigit() else None
        if decision == "send_back" and not comment.strip():
            return case_page(
                request,
                session,
                user,
                case_id,
                error="Zwrot do poprawy wymaga komentarza: napisz, co trzeba poprawić.",
                status_code=400,
            )
        try:
            row = record_decision(
                session, case_id, user.username, decision, comment, document_id=seen
            )
            flow_run_id = row.flow_run_id
            session.commit()
        except NotAllowed as exc:
            session.rollback()
            raise StarletteHTTPException(403, str(exc)) from exc
        except CaseNotFound as exc:
            session.rollback()
            raise StarletteHTTPException(404, str(exc)) from exc
        except InvalidDecision as exc:
            session.rollback()
            return case_page(
                request, session, user, case_id, error=str(exc), comment=comment, status_code=409
            )
        if flow_run_id:
            background.add_task(
                wake_flow_run, flow_run_id, {"case_id": case_id, "decision": decision}
            )
        verb = "zatwierdzona" if decision == "approve" else "zwrócona do poprawy"
        request.session["flash"] = f"Sprawa {case_id} {verb}. Decyzja zapisana."
        return RedirectResponse("/queue", status_code=303)

    def decision_handler(decision: str) -> Callable[..., Response]:
        """The POST handler of one decision (approve and send-back differ only in it)."""

        def handler(
            request: Request,
            case_id: int,
            background: BackgroundTasks,
            user: PartnerDep,
            session: SessionDep,
            comment: Annotated[str, Form()] = "",
            seen_document_id: Annotated[str, Form()] = "",
        ) -> Response:
            return decide(
                request, session, user, background, case_id, decision, comment, seen_document_id
            )

        return handler

    for path, decision in (("approve", "approve"), ("send-back", "send_back")):
        app.post(
            f"/cases/{{case_id}}/{path}",
            name=decision,
            response_model=None,
            dependencies=[Depends(csrf_protect)],
        )(decision_handler(decision))

    # ------------------------------------------------------------ court events

    @app.post("/cases/{case_id}/events", response_model=None, dependencies=[Depends(csrf_protect)])
    def add_event(
        request: Request,
        case_id: int,
        user: UserDep,
        session: SessionDep,
        kind: Annotated[str, Form()] = "",
        occurred_on: Annotated[str, Form()] = "",
        signature: Annotated[str, Form()] = "",
        note: Annotated[str, Form()] = "",
    ) -> Response:
        """Record a court event (any signed-in user); its deadlines are computed at once."""
        load_case(session, case_id)
        try:
            event_kind = EventKind(kind)
            on = date.fromisoformat(occurred_on)
        except ValueError:
            return case_page(
                request,
                session,
                user,
                case_id,
                error="Wybierz rodzaj zdarzenia i podaj datę (RRRR-MM-DD).",
                status_code=400,
            )
        if on > date.today():
            return case_page(
                request,
                session,
                user,
                case_id,
                error="Data zdarzenia nie może być w przyszłości.",
                status_code=400,
            )
        try:
            _event, opened = record_event(
                session,
                f"#{case_id}",
                event_kind,
                on,
                signature=signature.strip()[:100],
                note=note.strip()[:2000],
                actor=user.username,
            )
            session.commit()
        except DeadlineStoreError as exc:
            session.rollback()
            return case_page(request, session, user, case_id, error=str(exc), status_code=409)
        dues = ", ".join(f"{d.action} do {fmt_date(d.due_on)}" for d in opened)
        request.session["flash"] = f"Zapisano zdarzenie: {EVENT_LABELS.get(kind, kind)}." + (
            f" Terminy: {dues}." if dues else ""
        )
        return RedirectResponse(f"/cases/{case_id}", status_code=303)

    if settings.review_secret == DEFAULT_SECRET:
        log.warning("HANDOFF_REVIEW_SECRET is not set: sessions are signed with a public key")
    return app
