"""The portfolio page and its CSV download, on SQLite and PostgreSQL.

The page groups what ``casework.portfolio`` gives (no figures of its own); the download must
be byte for byte what ``handoff portfolio --csv FILE [--creditor NIP]`` writes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session
from typer.testing import CliRunner

from casework.portfolio import portfolio
from cli.main import app as cli_app
from review import formatting as fmt
from store.db import session_scope
from store.tables import Case, Creditor
from tests.review.conftest import ReviewEnv, approve_and_file, login, seed_case

NIP = "5260250274"  # a valid NIP (checksum), not a real firm's


def _with_nip(env: ReviewEnv, case_id: int, nip: str) -> None:
    with session_scope(env.engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        creditor = session.get(Creditor, case.creditor_id)
        assert creditor is not None
        creditor.nip = nip
        session.add(creditor)


def _cli_csv(env: ReviewEnv, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> bytes:
    monkeypatch.setenv("HANDOFF_HOME", str(env.settings.home))
    monkeypatch.setenv("HANDOFF_DATABASE_URL", env.settings.database_url)
    target = tmp_path / "cli-portfel.csv"
    result = CliRunner().invoke(cli_app, ["portfolio", "--csv", str(target), *args])
    assert result.exit_code == 0, result.output
    return target.read_bytes()


@pytest.fixture
def two_creditors(review_env: ReviewEnv) -> int:
    """The fixture's case filed (stage ``filed``, creditor with NIP) and one more waiting."""
    _with_nip(review_env, review_env.case_id, NIP)
    approve_and_file(review_env.engine, review_env.case_id)
    return seed_case(review_env.engine, review_env.settings.home, ref="SPR/2")


def test_the_portfolio_page_shows_stages_amounts_and_deadlines(
    client: TestClient, review_env: ReviewEnv, two_creditors: int
) -> None:
    login(client, "ania")
    html = client.get("/queue").text
    assert '<a href="/portfolio">Portfel spraw</a>' in html  # in the navigation
    response = client.get("/portfolio")
    assert response.status_code == 200
    with Session(review_env.engine) as session:
        expected = portfolio(session, None, deadlines=10)
    assert len(expected) == 2
    for entry in expected:
        assert entry.creditor in response.text
        for stage in entry.stages:
            assert f"<td>{stage.label}</td>" in response.text
            assert fmt.fmt_money(stage.amount) in response.text
    assert "pozew złożony" in response.text and "do akceptacji" in response.text
    # recovered per creditor and per case (issue #18): nothing paid yet, the principal left
    assert "<th>Odzyskano po przekazaniu</th>" in response.text
    assert "<th>Pozostało (kapitał)</th>" in response.text
    for entry in expected:
        assert fmt.fmt_money(entry.left) in response.text
        for case in entry.cases:
            assert fmt.fmt_money(entry.recovery_of(case).left) in response.text
    # one creditor's page: only its cases, its deadlines, a link to its CSV
    one = client.get(f"/portfolio?creditor={NIP}")
    assert one.status_code == 200
    assert "Wierzyciel SPR/1 S.A." in one.text.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert "SPR/2" not in one.text.split('<section class="portfolio">', 1)[1]
    assert f'href="/portfolio.csv?creditor={NIP}"' in one.text
    with Session(review_env.engine) as session:
        (mine,) = portfolio(session, NIP, deadlines=10)
    for d in mine.next_deadlines:
        assert d.action in one.text and fmt.fmt_date(d.due_on) in one.text


def test_the_csv_download_is_the_one_handoff_portfolio_writes(
    client: TestClient,
    review_env: ReviewEnv,
    two_creditors: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    login(client, "pawel")
    everyone = client.get("/portfolio.csv")
    assert everyone.status_code == 200
    assert everyone.headers["content-type"].startswith("text/csv")
    assert 'filename="portfel.csv"' in everyone.headers["content-disposition"]
    assert everyone.content == _cli_csv(review_env, tmp_path, monkeypatch)
    assert everyone.content.startswith("\ufeffWierzyciel;".encode())
    one = client.get(f"/portfolio.csv?creditor={NIP}")
    assert one.content == _cli_csv(review_env, tmp_path, monkeypatch, "--creditor", NIP)
    assert one.content.count(b"\r\n") == 2  # the header and the one case of that creditor


def test_bad_or_unknown_creditor_is_one_polish_line(
    client: TestClient, review_env: ReviewEnv, two_creditors: int
) -> None:
    login(client, "ania")
    bad = client.get("/portfolio?creditor=123")
    assert bad.status_code == 400 and "nie jest poprawnym numerem NIP" in bad.text
    unknown = client.get("/portfolio.csv?creditor=1234563218")
    assert unknown.status_code == 404 and "Nie ma spraw wierzyciela o NIP" in unknown.text
    assert "Traceback" not in bad.text + unknown.text


def test_the_portfolio_needs_a_signed_in_user(client: TestClient, review_env: ReviewEnv) -> None:
    for url in ("/portfolio", "/portfolio.csv"):
        response = client.get(url, follow_redirects=False)
        assert response.status_code in {302, 303} and "/login" in response.headers["location"]


def test_creditors_without_nip_do_not_share_deadlines(review_env: ReviewEnv) -> None:
    """Found on the page: two creditors with no NIP listed each other's deadlines."""
    from store.deadlines import sync_limitation_deadlines

    seed_case(review_env.engine, review_env.settings.home, ref="SPR/2")
    with session_scope(review_env.engine) as session:  # SPR/2's limitation deadline, as its
        sync_limitation_deadlines(session)  # drafting plans it (a filing syncs its own case)
    approve_and_file(review_env.engine, review_env.case_id)
    with Session(review_env.engine) as session:
        first, second = portfolio(session, None, deadlines=10)
    assert (first.nip, second.nip) == ("", "")
    assert {d.case_ref for d in first.next_deadlines} <= {"SPR/1"}
    assert {d.case_ref for d in second.next_deadlines} == {"SPR/2"}
