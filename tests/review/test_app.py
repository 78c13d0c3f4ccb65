"""The review page through FastAPI's TestClient, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from store.db import session_scope
from store.review import apply_pending_decisions, review_queue
from store.tables import (
    AuditLog,
    Case,
    CourtEvent,
    Deadline,
    GeneratedDocument,
    ReviewDecision,
    User,
)
from tests.review.conftest import (
    DRAFT_TEXT,
    PASSWORD,
    ReviewEnv,
    approve_and_file,
    csrf_from,
    login,
    make_docx,
    seed_case,
)


def _case(env: ReviewEnv) -> Case:
    with Session(env.engine) as session:
        case = session.get(Case, env.case_id)
        assert case is not None
        return case


def _decisions(env: ReviewEnv) -> list[ReviewDecision]:
    with Session(env.engine) as session:
        return list(session.exec(select(ReviewDecision)).all())


def test_anonymous_is_sent_to_sign_in(client: TestClient) -> None:
    response = client.get("/queue", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=/queue")


def test_wrong_password_is_refused(client: TestClient) -> None:
    token = csrf_from(client.get("/login").text)
    for username, password in [("pawel", "zle-haslo-000"), ("nikt", PASSWORD)]:
        response = client.post(
            "/login",
            data={"username": username, "password": password, "csrf_token": token},
            follow_redirects=False,
        )
        assert response.status_code == 401
        assert "Nieprawidłowa nazwa użytkownika lub hasło" in response.text
    assert client.get("/queue", follow_redirects=False).status_code == 303


def test_inactive_user_cannot_sign_in(client: TestClient, review_env: ReviewEnv) -> None:
    with session_scope(review_env.engine) as session:
        user = session.exec(select(User).where(User.username == "pawel")).one()
        user.active = False
        session.add(user)
    token = csrf_from(client.get("/login").text)
    response = client.post(
        "/login", data={"username": "pawel", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 401


def test_csrf_token_is_required(client: TestClient, review_env: ReviewEnv) -> None:
    client.get("/login")
    for data in [
        {"username": "pawel", "password": PASSWORD},
        {"username": "pawel", "password": PASSWORD, "csrf_token": "forged"},
    ]:
        response = client.post("/login", data=data, follow_redirects=False)
        assert response.status_code == 403
    good = login(client, "pawel")
    url = f"/cases/{review_env.case_id}/approve"
    assert client.post(url, data={}, follow_redirects=False).status_code == 403
    assert client.post(url, data={"csrf_token": "x" + good}).status_code == 403
    assert client.post("/logout", data={}).status_code == 403
    assert _decisions(review_env) == []
    # the right token works
    assert client.post(url, data={"csrf_token": good}, follow_redirects=False).status_code == 303


def test_logout_clears_the_session(client: TestClient) -> None:
    token = login(client, "pawel")
    assert client.get("/queue").status_code == 200
    response = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    assert client.get("/queue", follow_redirects=False).status_code == 303
    # the old CSRF token died with the session
    assert client.post("/logout", data={"csrf_token": token}).status_code == 403


def test_case_page_shows_claim_evidence_and_rendered_draft(
    client: TestClient, review_env: ReviewEnv
) -> None:
    login(client, "pawel")
    page = client.get(f"/cases/{review_env.case_id}")
    assert page.status_code == 200
    html = page.text
    assert DRAFT_TEXT in html  # the .docx rendered by mammoth
    assert "<h1>Pozew o zapłatę</h1>" in html
    assert "KC art. 535" in html and "12 345,67 zł" in html and "sporne" in html
    assert "FV/1/2024" in html and "Termin płatności" in html
    assert "KPC art. 505^28" in html
    assert "faktury/FV-1-2024.pdf" in html  # evidence index
    assert "Zatwierdź" in html and "Zwróć do poprawy" in html and "Komentarz" in html
    assert "Content-Security-Policy" in page.headers
    with Session(review_env.engine) as session:
        doc = session.exec(select(GeneratedDocument)).one()
    download = client.get(f"/documents/{doc.id}/download")
    assert download.status_code == 200
    assert download.content[:2] == b"PK"
    assert Path(doc.path).read_bytes() == download.content


def test_queue_lists_oldest_first_with_badges(client: TestClient, review_env: ReviewEnv) -> None:
    urgent = seed_case(
        review_env.engine,
        review_env.settings.home,
        ref="SPR/2",
        limitation_in_days=30,
        bankrupt=True,
        registry_checked=False,
    )
    login(client, "ania")
    html = client.get("/queue").text
    assert "Kolejka do akceptacji" in html
    assert html.index("SPR/1") < html.index("SPR/2")
    assert "Przedawnienie za 30 dni" in html
    assert "Dłużnik w upadłości" in html
    assert "Rejestry nie sprawdzone" in html
    assert "12\u00a0516,67\u00a0zł" in html
    with Session(review_env.engine) as session:
        rows = review_queue(session)
    assert [r.case_id for r in rows] == [review_env.case_id, urgent]
    assert rows[0].badges == []


def test_send_back_needs_a_comment(client: TestClient, review_env: ReviewEnv) -> None:
    token = login(client, "pawel")
    url = f"/cases/{review_env.case_id}/send-back"
    response = client.post(url, data={"csrf_token": token, "comment": "   "})
    assert response.status_code == 400
    assert "Zwrot do poprawy wymaga komentarza" in response.text
    assert _decisions(review_env) == []
    assert _case(review_env).stage == "ready_for_review"


def test_paralegal_cannot_approve(client: TestClient, review_env: ReviewEnv) -> None:
    token = login(client, "ania")
    html = client.get(f"/cases/{review_env.case_id}").text
    assert DRAFT_TEXT in html
    assert 'id="approve"' not in html
    response = client.post(f"/cases/{review_env.case_id}/approve", data={"csrf_token": token})
    assert response.status_code == 403
    assert _decisions(review_env) == []


def test_approve_is_recorded_then_applied_without_prefect(
    client: TestClient, review_env: ReviewEnv
) -> None:
    token = login(client, "pawel")
    response = client.post(
        f"/cases/{review_env.case_id}/approve",
        data={"csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "Decyzja zapisana" in client.get("/queue").text
    (decision,) = _decisions(review_env)
    assert decision.decision == "approve" and decision.decided_by == "pawel"
    assert decision.applied_at is None  # no flow run has seen it yet
    assert _case(review_env).stage == "approved"  # the decision takes effect at once
    # a second decision on the same case is refused
    again = client.post(f"/cases/{review_env.case_id}/approve", data={"csrf_token": token})
    assert again.status_code == 409
    # no Prefect server: the next run sees what is in the store
    with session_scope(review_env.engine) as session:
        apply_pending_decisions(session)
    with session_scope(review_env.engine) as session:
        assert apply_pending_decisions(session) == []  # idempotent
    assert _case(review_env).stage == "approved"
    with Session(review_env.engine) as session:
        actions = [
            (a.actor, a.action)
            for a in session.exec(
                select(AuditLog).where(AuditLog.case_id == review_env.case_id)
            ).all()
        ]
    assert ("pawel", "review_approve") in actions
    assert {("flow", "review_acknowledged"), ("flow", "review_applied_approve")} & set(actions)


def test_send_back_returns_the_case_to_paralegals(
    client: TestClient, review_env: ReviewEnv
) -> None:
    token = login(client, "pawel")
    comment = "Brak dowodu doręczenia wezwania <b>FV/1/2024</b>"
    response = client.post(
        f"/cases/{review_env.case_id}/send-back",
        data={"csrf_token": token, "comment": comment},
        follow_redirects=False,
    )
    assert response.status_code == 303
    with session_scope(review_env.engine) as session:
        assert apply_pending_decisions(session) == [(review_env.case_id, "send_back")]
    case = _case(review_env)
    assert (case.stage, case.review_comment) == ("sent_back", comment)
    client.post("/logout", data={"csrf_token": token})
    login(client, "ania")
    html = client.get("/sent-back").text
    assert "Zwrócone do poprawy" in html and "SPR/1" in html
    assert "Brak dowodu doręczenia wezwania &lt;b&gt;FV/1/2024&lt;/b&gt;" in html  # escaped
    with Session(review_env.engine) as session:
        audit = session.exec(select(AuditLog).where(AuditLog.action == "review_send_back")).one()
    assert audit.actor == "pawel" and json.loads(audit.detail)["comment"] == comment


def test_corrected_draft_is_a_new_version_old_stays_readable(
    client: TestClient, review_env: ReviewEnv
) -> None:
    home = review_env.settings.home
    v2 = home / "documents" / f"case-{review_env.case_id}" / "pozew-v2.docx"
    sha = make_docx(v2, "Poprawiony pozew: kwota 99 999,99 zł.")
    with session_scope(review_env.engine) as session:
        session.add(
            GeneratedDocument(
                case_id=review_env.case_id,
                kind="pozew",
                version=2,
                path=str(v2),
                sha256=sha,
                input_hash="in-v2",
            )
        )
    with Session(review_env.engine) as session:
        v1 = session.exec(select(GeneratedDocument).where(GeneratedDocument.version == 1)).one()
    login(client, "pawel")
    latest = client.get(f"/cases/{review_env.case_id}").text
    shown = latest[latest.index('class="paper docbody"') : latest.index('class="changes"')]
    assert "Poprawiony pozew" in shown and DRAFT_TEXT not in shown
    changes = latest[latest.index('class="changes"') :]
    assert f'<p class="removed">{DRAFT_TEXT}</p>' in changes  # what v2 no longer says
    assert f'href="/documents/{v1.id}"' in latest
    old = client.get(f"/documents/{v1.id}").text
    shown = old[old.index('class="paper docbody"') :]
    shown = shown[: shown.index("</article>")]
    assert DRAFT_TEXT in shown and "Poprawiony pozew" not in shown


def test_audit_log_rows_cannot_be_updated(review_env: ReviewEnv) -> None:
    with session_scope(review_env.engine) as session:
        session.add(AuditLog(actor="pawel", action="review_approve", case_id=review_env.case_id))
    with pytest.raises(sa.exc.DatabaseError), session_scope(review_env.engine) as session:
        row = session.exec(select(AuditLog).where(AuditLog.actor == "pawel")).first()
        assert row is not None
        row.detail = "rewritten"
        session.add(row)
        session.flush()
    with pytest.raises(sa.exc.DatabaseError), review_env.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM auditlog"))
    with Session(review_env.engine) as session:
        assert all(r.detail != "rewritten" for r in session.exec(select(AuditLog)).all())


def test_paralegal_records_a_court_event(client: TestClient, review_env: ReviewEnv) -> None:
    served = approve_and_file(review_env.engine, review_env.case_id)  # issue #17: filed first
    token = login(client, "ania")
    url = f"/cases/{review_env.case_id}/events"
    form = {
        "kind": "payment-order-issued",
        "occurred_on": served.isoformat(),
        "signature": "V GNc 1/26",
    }
    assert client.post(url, data=form).status_code == 403  # no CSRF token
    future = {**form, "occurred_on": (date.today() + timedelta(days=1)).isoformat()}
    assert client.post(url, data={**future, "csrf_token": token}).status_code == 400
    assert client.post(url, data={**form, "kind": "?", "csrf_token": token}).status_code == 400
    response = client.post(url, data={**form, "csrf_token": token})
    assert response.status_code == 200 and "Zapisano zdarzenie" in response.text
    assert "wydanie nakazu zapłaty" in response.text and "V GNc 1/26" in response.text
    served_form = {**form, "kind": "payment-order-served", "signature": "", "csrf_token": token}
    response = client.post(url, data=served_form)
    assert response.status_code == 200 and "doręczenie nakazu zapłaty" in response.text
    with Session(review_env.engine) as session:
        issued, event = session.exec(select(CourtEvent).order_by(CourtEvent.id)).all()  # type: ignore[arg-type]
        deadlines = session.exec(select(Deadline).where(Deadline.event_id == event.id)).all()
    assert issued.signature == "V GNc 1/26"
    assert (event.recorded_by, event.occurred_on) == ("ania", served)
    assert deadlines and all(d.due_on > served for d in deadlines)
    assert deadlines[0].action in response.text


def test_approval_of_an_older_draft_is_not_applied(
    client: TestClient, review_env: ReviewEnv
) -> None:
    token = login(client, "pawel")
    page = client.get(f"/cases/{review_env.case_id}").text
    seen = page.split('name="seen_document_id" value="', 1)[1].split('"', 1)[0]
    # the drafting flow regenerates the draft while the partner is reading v1
    v2 = review_env.settings.home / "documents" / "pozew-v2.docx"
    with session_scope(review_env.engine) as session:
        session.add(
            GeneratedDocument(
                case_id=review_env.case_id,
                kind="pozew",
                version=2,
                path=str(v2),
                sha256=make_docx(v2, "Nowa wersja"),
                input_hash="in-v2",
            )
        )
    response = client.post(
        f"/cases/{review_env.case_id}/approve",
        data={"csrf_token": token, "seen_document_id": seen},
        follow_redirects=False,
    )
    assert response.status_code == 409  # the approval does not cover the newer draft
    assert "nowsza wersja projektu" in response.text
    assert _decisions(review_env) == []
    assert _case(review_env).stage == "ready_for_review"
    bogus = client.post(
        f"/cases/{review_env.case_id}/approve",
        data={"csrf_token": token, "seen_document_id": "999999"},
    )
    assert bogus.status_code == 409
