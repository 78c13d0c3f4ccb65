"""Sign-in and sign-out, with the sign-in throttle and an audit row for every attempt.

A sign-in while the account+address or the address is locked (``store.sessions``) is
refused with 429 without checking the password, so guessing on gets nowhere, and says in
Polish how long to wait. Every failed attempt is audited (``sign_in_failed``; the start of a
lock as ``sign_in_locked``), so is every success (``sign_in``) and sign-out (``sign_out``).
"""

from __future__ import annotations

import json
import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from review.auth import SessionDep, UserDep, client_address, current_user, sign_in, sign_out
from review.csrf import csrf_protect
from review.formatting import safe_next
from review.pages import page
from store.accounts import authenticate
from store.sessions import record_failure, record_success, sign_in_allowed
from store.tables import AuditLog

log = logging.getLogger(__name__)
router = APIRouter()

WRONG = "Nieprawidłowa nazwa użytkownika lub hasło."


def _wait_text(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} s"
    return f"{(seconds + 59) // 60} min"


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/", response_model=None)
def home(user: UserDep) -> RedirectResponse:
    target = "/sent-back" if user.role == "paralegal" else "/queue"
    return RedirectResponse(target, status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, session: SessionDep, next: str = "/queue") -> HTMLResponse:
    return page(request, "login.html", current_user(request, session), next=safe_next(next))


@router.post("/login", response_model=None, dependencies=[Depends(csrf_protect)])
def login(
    request: Request,
    session: SessionDep,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/queue",
) -> Response:
    address = client_address(request)
    name = username.strip()[:64]
    actor = name or "(pusty)"

    def refused(status: int, error: str, retry_after: int = 0) -> HTMLResponse:
        headers = {"Retry-After": str(retry_after)} if retry_after else None
        return page(
            request,
            "login.html",
            None,
            status_code=status,
            headers=headers,
            next=safe_next(next),
            error=error,
            username=name,
        )

    verdict = sign_in_allowed(session, name, address)
    if not verdict.allowed:
        return refused(
            429,
            "Zbyt wiele nieudanych prób logowania. "
            f"Spróbuj ponownie za {_wait_text(verdict.retry_after)}.",
            verdict.retry_after,
        )
    user = authenticate(session, name, password)
    if user is None:
        after = record_failure(session, name, address)
        session.add(
            AuditLog(
                actor=actor,
                action="sign_in_failed",
                detail=json.dumps({"address": address}, ensure_ascii=False),
            )
        )
        if not after.allowed:
            session.add(
                AuditLog(
                    actor=actor,
                    action="sign_in_locked",
                    detail=json.dumps(
                        {"address": address, "seconds": after.retry_after}, ensure_ascii=False
                    ),
                )
            )
        session.commit()
        log.info("failed sign-in for %r", actor)
        if not after.allowed:
            return refused(
                429,
                f"{WRONG} Zbyt wiele nieudanych prób: "
                f"spróbuj ponownie za {_wait_text(after.retry_after)}.",
                after.retry_after,
            )
        return refused(401, WRONG)
    record_success(session, user.username, address)
    sign_in(request, session, user)
    session.add(
        AuditLog(
            actor=user.username,
            action="sign_in",
            detail=json.dumps({"address": address}, ensure_ascii=False),
        )
    )
    session.commit()
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout", response_model=None, dependencies=[Depends(csrf_protect)])
def logout(request: Request, session: SessionDep) -> RedirectResponse:
    user = current_user(request, session)
    sign_out(request, session)
    if user is not None:
        session.add(AuditLog(actor=user.username, action="sign_out", detail=""))
    session.commit()
    return RedirectResponse("/login", status_code=303)
