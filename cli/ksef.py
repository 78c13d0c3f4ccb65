"""``handoff ksef``: structured invoices (FA(3)) and their UPO from KSeF by the KSeF number.

``fetch NUMBER`` downloads one invoice (validated as at intake) and its UPO into ``--out``;
with ``--case REF`` it attaches them to that case's evidence (``casework.ksef_fetch``).
``fetch-case REF`` does so for every invoice of the case that has a KSeF number and no XML.
Access: the creditor's KSeF token in ``HANDOFF_KSEF_TOKEN``, the environment in
``HANDOFF_KSEF_ENVIRONMENT`` (prod, demo, test; default prod). Without a token: one Polish
line saying what is missing, exit status 2, nothing asked of KSeF.
Exit status: 0 when every invoice was attached, 1 when some were not (each with its
reason), 2 for bad input.
"""

from __future__ import annotations

import getpass
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.casework_run import Actor, in_transaction
from cli.errors import os_reason, refuse

if TYPE_CHECKING:
    import httpx

    from casework.ksef_fetch import CaseFetch
    from integrations.ksef import KsefApi

ksef_app = typer.Typer(
    no_args_is_help=True,
    help="KSeF: faktury ustrukturyzowane FA(3) i UPO z Krajowego Systemu e-Faktur.",
)

SessionRef = Annotated[
    str | None,
    typer.Option(
        "--session", help="Reference number of the KSeF sending session that holds the UPO."
    ),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def new_http() -> httpx.Client:
    """The HTTP client to KSeF (tests replace this with one over ``httpx.MockTransport``)."""
    import httpx

    from integrations.http import new_client

    return new_client(timeout=httpx.Timeout(30.0, connect=10.0))


def _access(nip: str) -> tuple[str, str]:
    from integrations.ksef import ENVIRONMENT_ENV, TOKEN_ENV, missing_token_message

    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        refuse(missing_token_message(nip))
    return token, os.environ.get(ENVIRONMENT_ENV, "").strip() or "prod"


def _logged_in(http: httpx.Client, nip: str) -> KsefApi:
    from integrations.ksef import KsefApi, KsefFetchError

    token, environment = _access(nip)
    try:
        api = KsefApi(http, environment=environment)
        api.login(token, nip)
    except KsefFetchError as exc:
        refuse(str(exc))
    return api


@ksef_app.command("fetch")
def fetch(
    number: Annotated[str, typer.Argument(help="KSeF number (NIP-RRRRMMDD-XXXXXXXXXXXX-CC).")],
    case_ref: Annotated[
        str | None, typer.Option("--case", help="Attach to this case's evidence.")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Folder for the XML and UPO (default: the current one)."),
    ] = None,
    session_ref: SessionRef = None,
    as_json: AsJson = False,
    actor: Actor = None,
) -> None:
    """Download one invoice (and its UPO) by its KSeF number; with --case attach it."""
    from casework import Refused
    from casework.ksef_fetch import ksef_number_of

    try:
        parsed = ksef_number_of(number)
    except Refused as exc:
        refuse(str(exc))
    if out is not None and not out.is_dir():
        refuse(f"--out: folder {out} nie istnieje; utwórz go albo wskaż inny")
    if case_ref is not None:
        result = _fetch_into_case(case_ref, parsed, session_ref, actor)
        if out is not None:
            _copy_out(result, out)
        _report(result, as_json)
        return
    _fetch_to_folder(parsed, out or Path.cwd(), session_ref, as_json)


@ksef_app.command("fetch-case")
def fetch_case(
    case_ref: Annotated[str, typer.Argument(help="Case reference (or #<case id>).")],
    session_ref: SessionRef = None,
    as_json: AsJson = False,
    actor: Actor = None,
) -> None:
    """Fetch every invoice of the case that has a KSeF number and no XML, and attach it."""
    _report(_fetch_into_case(case_ref, None, session_ref, actor), as_json)


def _fetch_into_case(
    case_ref: str, only: object, session_ref: str | None, actor: str | None
) -> CaseFetch:
    from casework.ksef_fetch import creditor_nip, fetch_case_invoices

    nip = in_transaction(lambda s: creditor_nip(s, case_ref, only))  # type: ignore[arg-type]
    _access(nip)  # no token: say so before anything else
    http = new_http()
    try:
        api = _logged_in(http, nip)
        return in_transaction(
            lambda s: fetch_case_invoices(
                s,
                case_ref,
                api,
                only=only,  # type: ignore[arg-type]
                session_ref=session_ref,
                actor=actor or getpass.getuser(),
            )
        )
    finally:
        http.close()


def _copy_out(result: CaseFetch, out: Path) -> None:
    from config import Settings
    from store.db import open_store, session_scope
    from store.tables import Case

    engine = open_store(Settings.from_env().database_url)
    try:
        with session_scope(engine) as s:
            case = s.get(Case, result.case_id)
            root = Path(case.evidence_root) if case is not None else None
    finally:
        engine.dispose()
    if root is None:
        return
    for one in result.results:
        for rel in (one.xml_path, one.upo_path):
            if rel:
                target = out / Path(rel).name
                try:
                    target.write_bytes(root.joinpath(*rel.split("/")).read_bytes())
                except OSError as exc:
                    refuse(f"nie można zapisać {target}: {os_reason(exc)}")


def _fetch_to_folder(number: object, out: Path, session_ref: str | None, as_json: bool) -> None:
    from casework.ksef_fetch import cases_with_number
    from config import Settings
    from intake.ksef import fetched_fa3
    from intake.ksef_upo import UpoError, read_upo, upo_errors
    from integrations.ksef import KsefFetchError, KsefUpoNotFound
    from law.pl.ksef import KsefNumber
    from store.db import open_store, session_scope

    assert isinstance(number, KsefNumber)
    nip = number.seller_nip
    _access(nip)
    http = new_http()
    try:
        api = _logged_in(http, nip)
        try:
            got = api.invoice(number.value)
            xml = fetched_fa3(got.xml)
        except KsefFetchError as exc:
            refuse(str(exc))
        upo_bytes, note = None, ""
        try:
            upo_bytes = api.upo(number.value, number.assigned_on, session=session_ref)
        except KsefUpoNotFound as exc:
            note = str(exc)
        except KsefFetchError as exc:
            note = f"UPO nie pobrane: {exc}"
    finally:
        http.close()
    if upo_bytes is not None:
        try:
            problems = upo_errors(
                read_upo(upo_bytes),
                invoice_number=xml.number,
                ksef_number=number,
                seller_nip=xml.seller_nip,
                xml=got.xml,
            )
        except UpoError as exc:
            problems = [("", str(exc))]
        if problems:
            note = "UPO pominięte: " + "; ".join(m for _, m in problems)
            upo_bytes = None
    stem = number.value
    written = [(out / f"{stem}.xml", got.xml)]
    if upo_bytes is not None:
        written.append((out / f"{stem}.upo.xml", upo_bytes))
    for path, data in written:
        try:
            path.write_bytes(data)
        except OSError as exc:
            refuse(f"nie można zapisać {path}: {os_reason(exc)}")
    engine = open_store(Settings.from_env().database_url)
    try:
        with session_scope(engine) as s:
            known = cases_with_number(s, number.value)
    finally:
        engine.dispose()
    summary = {
        "ksef_number": number.value,
        "invoice": xml.number,
        "seller_nip": xml.seller_nip,
        "buyer_nip": xml.buyer_nip,
        "gross": str(xml.gross),
        "currency": xml.currency,
        "received_on": number.assigned_on.isoformat(),
        "xml": str(written[0][0]),
        "upo": str(written[1][0]) if len(written) > 1 else None,
        "notes": [note] if note else [],
        "cases": [{"case": ref, "invoice": inv} for ref, inv in known],
    }
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    typer.echo(f"Pobrano fakturę {xml.number} (nr KSeF {number.value}): {written[0][0]}")
    if len(written) > 1:
        typer.echo(f"UPO: {written[1][0]}")
    if note:
        typer.echo(note)
    for ref, inv in known:
        typer.echo(
            f"Numer należy do faktury {inv} sprawy {ref}; dołącz do sprawy: "
            f"handoff ksef fetch {number.value} --case {ref}"
        )


def _report(result: CaseFetch, as_json: bool) -> None:
    from law.stages import STAGE_LABELS, Stage

    if as_json:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        for one in result.results:
            if one.xml_path is None:
                typer.echo(
                    f"Nie dołączono faktury {one.invoice} ({one.ksef_number}): {one.problem}"
                )
                continue
            line = f"Dołączono fakturę {one.invoice} (nr KSeF {one.ksef_number}): {one.xml_path}"
            if one.upo_path:
                line += f", UPO: {one.upo_path}"
            if one.received_on:
                line += f"; otrzymana {one.received_on} (art. 106na ust. 3 ustawy o VAT)"
            typer.echo(line)
            for note in one.notes:
                typer.echo(f"  {note}")
        if result.stage_before != result.stage_after:
            label = STAGE_LABELS.get(Stage(result.stage_after), result.stage_after)
            typer.echo(
                f"Sprawa {result.case_ref} wraca do etapu: {label} (projekt do ponownego "
                "sporządzenia)"
            )
    if result.failed:
        raise typer.Exit(code=1)
