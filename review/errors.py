"""Error pages in Polish: every error the page can answer with, never a raw "Not Found".

Starlette's own HTTP errors (unknown path, wrong method) carry English reason phrases as
details; they are replaced by Polish sentences. A request FastAPI cannot parse (a path id
that is not a number or too large for the database, a malformed form) is a 404 for path
values and a 400 otherwise, as a page, not JSON. Anything unexpected is a 500 page; the
traceback goes to the log, not to the browser.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session
from starlette.exceptions import HTTPException as StarletteHTTPException

from review.auth import LoginRequired
from review.pages import page
from store.accounts import get_user
from store.tables import User

log = logging.getLogger(__name__)

MESSAGES = {
    400: "Nieprawidłowe żądanie.",
    401: "Zaloguj się ponownie.",
    403: "Brak uprawnień do tej czynności.",
    404: "Nie ma takiej strony.",
    405: "Tej czynności nie można wykonać pod tym adresem.",
    413: "Przesłane dane są za duże.",
    429: "Zbyt wiele prób. Spróbuj ponownie za chwilę.",
    500: "Wystąpił nieoczekiwany błąd. Spróbuj ponownie; jeśli błąd się powtarza, "
    "zgłoś go administratorowi.",
}
TITLES = {
    400: "Nieprawidłowe żądanie",
    401: "Wymagane logowanie",
    403: "Brak uprawnień",
    404: "Nie znaleziono",
    405: "Niedozwolona operacja",
    409: "Konflikt",
    429: "Zbyt wiele prób",
    500: "Błąd serwera",
}


def _detail(status: int, detail: object) -> str:
    """A Polish detail: the given one, unless it is Starlette's English reason phrase."""
    text = str(detail or "")
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = ""
    if not text or text == phrase:
        return MESSAGES.get(status, MESSAGES[400] if status < 500 else MESSAGES[500])
    return text


def _signed_in(request: Request) -> User | None:
    """The user, when the request got as far as loading the session (for the page header)."""
    row = getattr(request.state, "user_session", None)
    if row is None:
        return None
    with Session(request.app.state.engine) as session:
        user = get_user(session, row.username)
    return user if user is not None and user.active else None


def error_page(request: Request, status: int, detail: object = "") -> HTMLResponse:
    return page(
        request,
        "error.html",
        _signed_in(request),
        status_code=status,
        status=status,
        title=TITLES.get(status, "Błąd"),
        detail=_detail(status, detail),
    )


def install(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _exc: LoginRequired) -> Response:
        if request.method == "GET":
            target = quote(request.url.path, safe="/")
            return RedirectResponse(f"/login?next={target}", status_code=303)
        return error_page(
            request, 401, "Sesja wygasła lub nie jesteś zalogowany. Zaloguj się ponownie."
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        response = error_page(request, exc.status_code, exc.detail)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        in_path = any(e.get("loc", ("",))[0] == "path" for e in exc.errors())
        if in_path:
            return error_page(request, 404, "Nie ma takiej strony (nieprawidłowy numer).")
        return error_page(request, 400, "Nieprawidłowe dane formularza.")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("review page error on %s %s", request.method, request.url.path)
        return HTMLResponse(
            '<!doctype html><html lang="pl"><head><meta charset="utf-8">'
            "<title>Błąd 500 · Kancelaria</title></head><body><h1>Błąd 500</h1>"
            f'<p>{MESSAGES[500]}</p><p><a href="/queue">Wróć do kolejki</a></p></body></html>',
            status_code=500,
        )
