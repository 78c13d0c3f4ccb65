"""The ``instalment_check`` Prefect flow, run for real against the session's Prefect API
server, on the sample cases (SQLite and PostgreSQL), with e-mail to a local SMTP sink.

TT/WIND/2025/0087, settled on 25.11.2026: 3 x 1 000,00 zł on 10.12.2026, 11.01.2027 (10.01
is a Sunday, art. 115 KC) and 10.02.2027; grace 14 days, the first ends 28.12.2026 (24-26.12
holidays, 27.12 Sunday). On 11.12.2026 instalment 1 is missed (within grace); on 12.01.2027
the plan is broken (the rest fell due 29.12.2026) and instalment 2 is missed too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import httpx
import pytest
from sqlmodel import Session, select

from flows.instalment_check import ARTIFACT_KEY, instalment_check
from integrations.smtp_sink import SmtpSink
from store.db import session_scope
from store.tables import Notification, Settlement, User
from tests.casework.cli_helpers import ok

from .conftest import EPU, Firm


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    with SmtpSink() as sink:
        yield sink


def _people(firm: Firm) -> None:
    with session_scope(firm.engine) as s:
        s.add(User(username="anowak", email="anowak@kancelaria.test", role="paralegal"))
        partner = s.exec(select(User).where(User.username == "pawel")).one()
        partner.email = "pawel@kancelaria.test"
        s.add(partner)
    with session_scope(firm.engine) as s:  # the sample's partner is esadowska; ours pawel
        from store.tables import Case

        case = s.get(Case, firm.ids[EPU])
        assert case is not None and case.paralegal == "anowak"
        case.partner = "pawel"
        s.add(case)


def _artifact_rows() -> list[dict[str, str]]:
    from prefect.settings import PREFECT_API_URL

    reply = httpx.post(
        f"{PREFECT_API_URL.value()}/artifacts/filter",
        json={
            "artifacts": {"key": {"any_": [ARTIFACT_KEY]}},
            "sort": "CREATED_DESC",
            "limit": 1,
            "offset": 0,
        },
        timeout=30,
    )
    reply.raise_for_status()
    artifact = reply.json()[0]
    data = artifact["data"]
    return json.loads(data) if isinstance(data, str) else data


def test_flow_warns_once_and_breaks_the_plan_once(
    prefect_api: None, firm: Firm, smtp_sink: SmtpSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    firm.approve(EPU)
    _people(firm)
    ok(
        "settlements",
        "add",
        EPU,
        "--amount",
        "3000",
        "--instalments",
        "3",
        "--first-due",
        "2026-12-10",
        "--on",
        "2026-11-25",
    )
    monkeypatch.setenv("HANDOFF_SMTP_HOST", smtp_sink.host)
    monkeypatch.setenv("HANDOFF_SMTP_PORT", str(smtp_sink.port))
    monkeypatch.setenv("HANDOFF_MAIL_FROM", "raty@kancelaria.test")
    monkeypatch.delenv("HANDOFF_WEBHOOK_URL", raising=False)
    url = firm.engine.url.render_as_string(hide_password=False)

    first = instalment_check(today=date(2026, 12, 11), database_url=url)
    assert (first["checked"], first["missed"], first["emails_sent"]) == (1, 1, 1)
    (mail,) = smtp_sink.mails
    assert mail.message["To"] == "anowak@kancelaria.test"
    assert mail.message["Subject"] == "Raty na 2026-12-11: 1 zaległe, 0 ugody niewykonane"
    body = mail.message.get_content()
    assert f"- {EPU} | rata 1 | termin 10.12.2026 r. | niezapłacone 1 000,00 zł" in body
    assert "karencja do 28.12.2026 r." in body

    again = instalment_check(today=date(2026, 12, 11), database_url=url)  # exactly once
    assert (again["emails_sent"], again["already_sent"], again["claimed"]) == (0, 1, 0)
    assert len(smtp_sink.mails) == 1
    assert {r["wynik"] for r in _artifact_rows()} == {"już wysłane"}
    assert firm.stage(EPU) == "settled"

    broke = instalment_check(today=date(2027, 1, 12), database_url=url)
    assert broke["broken"] == [EPU] and broke["missed"] == 2
    assert broke["emails_sent"] == 2 and broke["already_sent"] == 1  # instalment 1 was sent
    assert firm.stage(EPU) == "approved"
    mails = {m.message["To"]: m.message for m in smtp_sink.mails[1:]}
    assert set(mails) == {"anowak@kancelaria.test", "pawel@kancelaria.test"}
    anowak = mails["anowak@kancelaria.test"].get_content()
    assert "UGODY NIEWYKONANE (1)" in anowak and "RATY ZALEGŁE (1)" in anowak
    assert "od 29.12.2026 r." in anowak and "rata 2 | termin 11.01.2027 r." in anowak
    assert "UGODY NIEWYKONANE (1)" in mails["pawel@kancelaria.test"].get_content()

    last = instalment_check(today=date(2027, 1, 12), database_url=url)
    assert (last["checked"], last["emails_sent"], last["broken"]) == (0, 0, [])
    assert last["already_sent"] == 2  # the broken plan's two warnings, not sent again
    assert len(smtp_sink.mails) == 3
    with Session(firm.engine) as s:
        assert s.exec(select(Settlement)).one().status == "broken"
        keys = sorted(n.key for n in s.exec(select(Notification)).all())
        assert len(keys) == 4 and all(n.endswith(":email") for n in keys)


def test_flow_parameters() -> None:
    assert set(instalment_check.parameters.properties) == {"today", "database_url"}
    assert instalment_check.name == "instalment_check"
