"""The review page on a firm's network: sessions, secret, Host header, sign-in throttle, errors.

Each test reproduces one gap found by trying the page as an attacker would (issue 16) on
the real app with a real store (SQLite and PostgreSQL where the fixture gives both).
"""

from __future__ import annotations

import base64
import json
import os
import stat
from datetime import timedelta
from pathlib import Path

import itsdangerous
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from config import Settings
from review.app import SESSION_COOKIE, create_app
from review.secret import PUBLIC_DEFAULT, SECRET_FILE
from store.accounts import deactivate_user, set_password
from store.db import session_scope
from store.sessions import (
    ACCOUNT_MAX_LOCK,
    ADDRESS_MAX_FAILURES,
    record_failure,
    record_success,
    sign_in_allowed,
)
from store.tables import AuditLog, Case, ReviewDecision, SignInThrottle, UserSession, utcnow
from tests.review.conftest import PASSWORD, ReviewEnv, csrf_from, login


def _decisions(env: ReviewEnv) -> list[ReviewDecision]:
    with Session(env.engine) as session:
        return list(session.exec(select(ReviewDecision)).all())


def _sessions(env: ReviewEnv) -> list[UserSession]:
    with Session(env.engine) as session:
        return list(session.exec(select(UserSession).order_by(UserSession.id)).all())


def _client_with(app: object, cookie: str) -> TestClient:
    other = TestClient(app, base_url="http://127.0.0.1")  # type: ignore[arg-type]
    other.cookies.set(SESSION_COOKIE, cookie)
    return other


# ---------------------------------------------------------------- 1. sessions


def test_a_cookie_captured_before_logout_opens_nothing(
    client: TestClient, review_env: ReviewEnv
) -> None:
    token = login(client, "pawel")
    stolen = client.cookies[SESSION_COOKIE]
    client.post("/logout", data={"csrf_token": token})
    thief = _client_with(client.app, stolen)
    assert thief.get("/queue", follow_redirects=False).status_code == 303
    approve = thief.post(f"/cases/{review_env.case_id}/approve", data={"csrf_token": token})
    assert approve.status_code == 401 and "Sesja wygasła" in approve.text
    assert _decisions(review_env) == []
    (row,) = _sessions(review_env)
    assert row.ended_at is not None and row.end_reason == "logout"


@pytest.mark.parametrize("change", ["password", "deactivate"])
def test_password_change_and_deactivation_end_sessions(
    client: TestClient, review_env: ReviewEnv, change: str
) -> None:
    token = login(client, "pawel")
    assert client.get("/queue").status_code == 200
    with session_scope(review_env.engine) as session:
        if change == "password":
            assert set_password(session, "pawel", "calkiem-nowe-haslo-9") == 1
        else:
            assert deactivate_user(session, "pawel") == 1
    assert client.get("/queue", follow_redirects=False).status_code == 303
    # the cookie lost its dead session on that GET: the old token is no anonymous token
    response = client.post(f"/cases/{review_env.case_id}/approve", data={"csrf_token": token})
    assert response.status_code == 403
    assert _decisions(review_env) == []
    (row,) = _sessions(review_env)
    assert row.end_reason == ("password_changed" if change == "password" else "deactivated")


@pytest.mark.parametrize(
    ("column", "age", "reason"),
    [
        ("last_seen_at", timedelta(minutes=31), "idle"),
        ("created_at", timedelta(hours=9), "expired"),
    ],
)
def test_idle_and_old_sessions_end(
    client: TestClient, review_env: ReviewEnv, column: str, age: timedelta, reason: str
) -> None:
    login(client, "pawel")
    assert client.get("/queue").status_code == 200
    past = utcnow() - age
    with review_env.engine.begin() as conn:
        values = (
            {column: past, "last_seen_at": past} if column == "last_seen_at" else {column: past}
        )
        conn.execute(sa.update(UserSession).values(**values))
    assert client.get("/queue", follow_redirects=False).status_code == 303
    (row,) = _sessions(review_env)
    assert row.end_reason == reason


def test_a_recent_session_stays_signed_in(client: TestClient, review_env: ReviewEnv) -> None:
    login(client, "pawel")
    past = utcnow() - timedelta(minutes=29)
    with review_env.engine.begin() as conn:
        conn.execute(sa.update(UserSession).values(last_seen_at=past))
    assert client.get("/queue").status_code == 200
    (row,) = _sessions(review_env)
    assert row.ended_at is None
    assert utcnow() - row.last_seen_at.replace(tzinfo=past.tzinfo) < timedelta(minutes=1)


def test_sign_in_starts_a_new_session(client: TestClient, review_env: ReviewEnv) -> None:
    client.get("/login")
    before = client.cookies[SESSION_COOKIE]
    login(client, "pawel")
    first = client.cookies[SESSION_COOKIE]
    assert first != before
    login(client, "pawel")  # signing in again in the same browser replaces the session
    assert client.cookies[SESSION_COOKIE] != first
    old, new = _sessions(review_env)
    assert (old.end_reason, new.ended_at) == ("replaced", None)
    assert old.token_hash != new.token_hash and old.csrf_token != new.csrf_token
    assert _client_with(client.app, first).get("/queue", follow_redirects=False).status_code == 303
    # the cookie carries the token only; the store keeps only its hash
    with Session(review_env.engine) as session:
        hashes = session.exec(select(UserSession.token_hash)).all()
    assert all(len(h) == 64 for h in hashes)


def test_an_old_style_cookie_naming_a_user_is_not_a_session(
    client: TestClient, review_env: ReviewEnv
) -> None:
    """Before: the signed cookie said {"user": "pawel"} and that was the session."""
    forged = _sign({"user": "pawel", "csrf": "x"}, review_env.settings.review_secret)
    assert _client_with(client.app, forged).get("/queue", follow_redirects=False).status_code == 303


# ---------------------------------------------------------------- 2. the secret


def _sign(data: dict[str, object], secret: str) -> str:
    """A cookie as Starlette's SessionMiddleware signs it (itsdangerous TimestampSigner)."""
    payload = base64.b64encode(json.dumps(data).encode())
    return itsdangerous.TimestampSigner(secret).sign(payload).decode()


def test_no_public_default_secret(tmp_path: Path, review_env: ReviewEnv) -> None:
    settings = Settings(home=tmp_path / "home", database_url=review_env.settings.database_url)
    assert settings.review_secret == PUBLIC_DEFAULT  # nothing configured
    app = create_app(settings, engine=review_env.engine)
    secret_file = tmp_path / "home" / SECRET_FILE
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    secret = secret_file.read_text().strip()
    assert len(secret) >= 43 and secret != PUBLIC_DEFAULT
    with TestClient(app, base_url="http://127.0.0.1") as c:
        for forged in (
            _sign({"user": "pawel"}, PUBLIC_DEFAULT),
            _sign({"sid": "anything", "csrf": "x"}, PUBLIC_DEFAULT),
        ):
            c.cookies.set(SESSION_COOKIE, forged)
            assert c.get("/queue", follow_redirects=False).status_code == 303
            r = c.post(f"/cases/{review_env.case_id}/approve", data={"csrf_token": "x"})
            assert r.status_code in {401, 403}
            with Session(review_env.engine) as session:
                case = session.get(Case, review_env.case_id)
            assert case is not None and case.stage == "ready_for_review"
        c.cookies.clear()
        login(c, "pawel")
        cookie = c.cookies[SESSION_COOKIE]
    # a restart reads the same secret: the partner stays signed in
    again = create_app(settings, engine=review_env.engine)
    assert (tmp_path / "home" / SECRET_FILE).read_text().strip() == secret
    assert _client_with(again, cookie).get("/queue").status_code == 200
    assert _decisions(review_env) == []


def test_a_configured_secret_writes_no_file(tmp_path: Path, review_env: ReviewEnv) -> None:
    settings = Settings(home=tmp_path, database_url="", review_secret="x" * 40)
    create_app(settings, engine=review_env.engine)
    assert not (tmp_path / SECRET_FILE).exists()


def test_a_truncated_secret_file_is_refused(tmp_path: Path, review_env: ReviewEnv) -> None:
    from review.secret import SecretError

    (tmp_path / SECRET_FILE).write_text("short\n")
    os.chmod(tmp_path / SECRET_FILE, 0o600)
    with pytest.raises(SecretError, match="za krótki"):
        create_app(Settings(home=tmp_path), engine=review_env.engine)


# ---------------------------------------------------------------- 3. Host header


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("127.0.0.1", 200),
        ("127.0.0.1:8765", 200),
        ("localhost:8765", 200),
        ("[::1]:8765", 200),
        ("evil.example", 400),
        ("evil.example:8765", 400),
        ("127.0.0.1.evil.example", 400),
        ("", 400),
    ],
)
def test_only_the_pages_own_host_names_are_answered(
    client: TestClient, host: str, status: int
) -> None:
    response = client.get("/login", headers={"host": host})
    assert response.status_code == status
    if status == 400:
        assert "Nieznany adres serwera" in response.text
        assert SESSION_COOKIE not in response.headers.get("set-cookie", "")


def test_configured_host_names(review_env: ReviewEnv) -> None:
    settings = Settings(
        home=review_env.settings.home,
        database_url=review_env.settings.database_url,
        review_secret="s" * 40,
        review_hosts=("review.kancelaria.local", "10.0.0.5:8765"),
    )
    with TestClient(create_app(settings, engine=review_env.engine)) as c:
        assert c.get("/login", headers={"host": "review.kancelaria.local"}).status_code == 200
        assert c.get("/login", headers={"host": "10.0.0.5:8765"}).status_code == 200
        assert c.get("/login", headers={"host": "10.0.0.5:9999"}).status_code == 400
        assert c.get("/login", headers={"host": "127.0.0.1"}).status_code == 400


# ---------------------------------------------------------------- 4. sign-in throttle


def _try(client: TestClient, token: str, password: str) -> int:
    data = {"username": "pawel", "password": password, "csrf_token": token}
    return client.post("/login", data=data, follow_redirects=False).status_code


def test_guessing_passwords_is_throttled_and_audited(
    client: TestClient, review_env: ReviewEnv
) -> None:
    token = csrf_from(client.get("/login").text)
    codes = [_try(client, token, f"zle-haslo-{n:03d}") for n in range(30)]
    assert codes[:4] == [401] * 4 and set(codes[4:]) == {429}
    # the right password does not help while the lock lasts
    response = client.post(
        "/login", data={"username": "pawel", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 429
    assert "Zbyt wiele nieudanych prób logowania" in response.text
    assert int(response.headers["retry-after"]) > 0
    with Session(review_env.engine) as session:
        audit = session.exec(select(AuditLog).where(AuditLog.actor == "pawel")).all()
    failed = [a for a in audit if a.action == "sign_in_failed"]
    assert len(failed) == 5  # refused attempts are not even checked
    assert json.loads(failed[0].detail)["address"] == "testclient"
    assert [a.action for a in audit].count("sign_in_locked") == 1
    # the lock runs out: the partner signs in, which clears the count
    with review_env.engine.begin() as conn:
        conn.execute(sa.update(SignInThrottle).values(locked_until=utcnow() - timedelta(seconds=1)))
    assert _try(client, token, PASSWORD) == 303
    with Session(review_env.engine) as session:
        keys = session.exec(select(SignInThrottle.key)).all()
    assert keys == ["address:testclient"]


def test_an_attacker_elsewhere_does_not_lock_the_partner_out(
    client: TestClient, review_env: ReviewEnv
) -> None:
    attacker = TestClient(client.app, base_url="http://127.0.0.1", client=("203.0.113.9", 1))
    token = csrf_from(attacker.get("/login").text)
    assert {_try(attacker, token, f"zle-{n:04d}-haslo") for n in range(10)} >= {429}
    login(client, "pawel")  # from the partner's own address


def test_back_off_is_exponential_and_capped(review_env: ReviewEnv) -> None:
    now = utcnow()
    with session_scope(review_env.engine) as session:
        waits = [record_failure(session, "pawel", "10.0.0.7", now).retry_after for _ in range(12)]
    # 4 free failures, then 15 s doubling, never more than ACCOUNT_MAX_LOCK
    assert waits[:4] == [0, 0, 0, 0]
    assert waits[4:9] == [16, 31, 61, 121, 241]
    assert max(waits) == int(ACCOUNT_MAX_LOCK.total_seconds()) + 1
    with Session(review_env.engine) as session:
        later = now + ACCOUNT_MAX_LOCK + timedelta(seconds=1)
        assert sign_in_allowed(session, "pawel", "10.0.0.7", later).allowed
        assert sign_in_allowed(session, "pawel", "10.0.0.8", now).allowed


def test_one_address_spraying_many_accounts_is_stopped(review_env: ReviewEnv) -> None:
    now = utcnow()
    with session_scope(review_env.engine) as session:
        for n in range(ADDRESS_MAX_FAILURES):
            verdict = record_failure(session, f"user{n}", "198.51.100.4", now)
        assert not verdict.allowed and verdict.retry_after == 61
        again = record_failure(session, "user99", "198.51.100.4", now)
        assert again.retry_after == 121
        for _ in range(10):
            capped = record_failure(session, "user99", "198.51.100.4", now)
        assert capped.retry_after == int(ACCOUNT_MAX_LOCK.total_seconds()) + 1
        assert not sign_in_allowed(session, "pawel", "198.51.100.4", now).allowed
        record_success(session, "user1", "198.51.100.4")  # a success does not lift it
        assert not sign_in_allowed(session, "pawel", "198.51.100.4", now).allowed
        assert sign_in_allowed(session, "pawel", "198.51.100.5", now).allowed
        assert sign_in_allowed(
            session, "pawel", "198.51.100.4", now + ACCOUNT_MAX_LOCK + timedelta(seconds=1)
        ).allowed


# ---------------------------------------------------------------- 7. error pages


@pytest.mark.parametrize(
    ("method", "path", "status", "text"),
    [
        ("get", "/nie-ma-takiej-strony", 404, "Nie ma takiej strony"),
        ("get", "/cases/99999999999999999999", 404, "Nie ma takiej"),
        ("get", "/cases/2147483648", 404, "Nie ma takiej"),
        ("get", "/cases/9223372036854775808", 404, "Nie ma takiej"),
        ("get", "/cases/2147483647", 404, "Nie ma takiej sprawy"),
        ("get", "/cases/0", 404, "Nie ma takiej"),
        ("get", "/cases/abc", 404, "Nie ma takiej"),
        ("get", "/documents/99999999999999999999", 404, "Nie ma takiej"),
        ("get", "/documents/99999999999999999999/download", 404, "Nie ma takiej"),
        ("get", "/logout", 405, "Tej czynności nie można wykonać"),
    ],
)
def test_errors_are_polish_pages(
    client: TestClient, method: str, path: str, status: int, text: str
) -> None:
    login(client, "pawel")
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert text in response.text
    for english in ("Not Found", "Method Not Allowed", '"detail"', "Internal Server Error"):
        assert english not in response.text


def test_bad_form_data_is_a_polish_page(client: TestClient, review_env: ReviewEnv) -> None:
    token = login(client, "pawel")
    response = client.post(
        f"/cases/{review_env.case_id}/send-back",
        data={"csrf_token": token, "comment": "x" * 6000},
    )
    assert response.status_code == 400
    assert "Nieprawidłowe dane formularza" in response.text and '"detail"' not in response.text
    assert _decisions(review_env) == []


def test_a_huge_seen_document_id_is_refused(client: TestClient, review_env: ReviewEnv) -> None:
    token = login(client, "pawel")
    response = client.post(
        f"/cases/{review_env.case_id}/approve",
        data={"csrf_token": token, "seen_document_id": "9" * 20},
    )
    assert response.status_code == 409 and "nie należy do tej sprawy" in response.text
    assert _decisions(review_env) == []


def test_signing_out_on_one_worker_ends_the_session_on_the_others(
    client: TestClient, review_env: ReviewEnv
) -> None:
    token = login(client, "pawel")
    cookie = client.cookies[SESSION_COOKIE]
    other_worker = create_app(review_env.settings, engine=review_env.engine)
    assert _client_with(other_worker, cookie).get("/queue").status_code == 200
    client.post("/logout", data={"csrf_token": token})
    assert (
        _client_with(other_worker, cookie).get("/queue", follow_redirects=False).status_code == 303
    )


def test_workers_starting_together_agree_on_one_secret(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from review.secret import installation_secret

    with ThreadPoolExecutor(max_workers=8) as pool:
        secrets = set(pool.map(lambda _: installation_secret(tmp_path), range(16)))
    assert len(secrets) == 1
    assert [p.name for p in tmp_path.iterdir()] == [SECRET_FILE]  # no temporary file left


def test_a_signed_in_error_page_keeps_the_navigation(client: TestClient) -> None:
    login(client, "pawel")
    page = client.get("/cases/424242")
    assert page.status_code == 404 and "Nie ma takiej sprawy" in page.text
    assert "Kolejka do akceptacji" in page.text and "Wyloguj" in page.text
