"""Where every case of a creditor stands: the portfolio page and its CSV download.

Both come from ``casework.portfolio`` (the same groups and rows as ``handoff portfolio``);
the download is byte for byte what ``handoff portfolio --csv FILE [--creditor NIP]``
writes (``casework.portfolio.write_csv``). Any signed-in user may read it.
"""

from __future__ import annotations

import io
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from stdnum.pl import nip as nip_number

from casework.portfolio import CreditorPortfolio, portfolio, write_csv
from review.auth import SessionDep, UserDep
from review.pages import page

router = APIRouter()
Creditor = Annotated[str, Query(max_length=40)]
DEADLINES = 10  # as `handoff portfolio` shows by default
SIDES = {"ours": "nasza czynność", "theirs": "termin drugiej strony"}


def _nip(value: str) -> str | None:
    """The creditor's NIP from the query ("" = every creditor); a bad one is a 400 page."""
    if not value.strip():
        return None
    digits = "".join(ch for ch in value if ch.isdigit())
    if not nip_number.is_valid(digits):
        raise StarletteHTTPException(400, f"{value!r} nie jest poprawnym numerem NIP.")
    return digits


def _load(session: SessionDep, creditor: str) -> tuple[str | None, list[CreditorPortfolio]]:
    nip = _nip(creditor)
    result = portfolio(session, nip, deadlines=DEADLINES)
    if nip is not None and not result:
        raise StarletteHTTPException(404, f"Nie ma spraw wierzyciela o NIP {nip}.")
    return nip, result


@router.get("/portfolio", response_class=HTMLResponse)
def portfolio_page(
    request: Request, user: UserDep, session: SessionDep, creditor: Creditor = ""
) -> HTMLResponse:
    nip, result = _load(session, creditor)
    everyone = portfolio(session, None, deadlines=0) if nip is not None else result
    return page(
        request,
        "portfolio.html",
        user,
        nip=nip,
        portfolios=result,
        creditors=[(p.creditor, p.nip, p.total_cases) for p in everyone],
        SIDES=SIDES,
        csv_href="/portfolio.csv" + (f"?creditor={nip}" if nip else ""),
    )


@router.get("/portfolio.csv")
def portfolio_csv(user: UserDep, session: SessionDep, creditor: Creditor = "") -> Response:
    nip, result = _load(session, creditor)
    buffer = io.StringIO(newline="")
    write_csv(buffer, result)
    name = f"portfel-{nip}.csv" if nip else "portfel.csv"
    return Response(
        buffer.getvalue().encode("utf-8-sig"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
