"""The review page follows the case lifecycle (issue #17), on SQLite and PostgreSQL.

Court events recorded on the page go through ``casework.court_events`` as
``handoff event add`` does: the stage moves, an event that does not fit changes nothing.
Expected stages and deadlines: law/lifecycle.py (the event table) and polish_law.md §2.2
(sprzeciw / zarzuty two weeks from service, art. 502 §1 / art. 505 §1 KPC).
"""

from __future__ import annotations

from datetime import timedelta
from html import escape

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from config import FIRM_TZ, firm_today
from law.stages import STAGE_LABELS, Stage
from review import formatting as fmt
from store.tables import Case, CaseStep, CourtEvent, Deadline
from store.timeline import case_timeline
from tests.review.conftest import ReviewEnv, approve_and_file, login


def _stage(env: ReviewEnv) -> str:
    with Session(env.engine) as session:
        case = session.get(Case, env.case_id)
        assert case is not None
        return case.stage


def _counts(env: ReviewEnv) -> tuple[int, int, int]:
    with Session(env.engine) as session:
        return (
            len(session.exec(select(CourtEvent)).all()),
            len(session.exec(select(Deadline).where(Deadline.event_id.is_not(None))).all()),  # type: ignore[union-attr]
            len(session.exec(select(CaseStep)).all()),
        )


def test_stage_labels_are_the_legal_cores() -> None:
    """One source: every stage of law.stages has its Polish label on the page."""
    assert {s.value: label for s, label in STAGE_LABELS.items()} == fmt.STAGE_LABELS
    assert set(fmt.STAGE_LABELS) == {s.value for s in Stage}


def test_an_event_recorded_on_the_page_moves_the_stage(
    client: TestClient, review_env: ReviewEnv
) -> None:
    filed = approve_and_file(review_env.engine, review_env.case_id)
    assert _stage(review_env) == "filed"
    token = login(client, "ania")
    url = f"/cases/{review_env.case_id}/events"
    form = {
        "kind": "payment-order-issued",
        "occurred_on": filed.isoformat(),
        "signature": "VI Nc-e 1/26",
        "csrf_token": token,
    }
    response = client.post(url, data=form)
    assert response.status_code == 200, response.text
    assert _stage(review_env) == "order_issued"
    # the flash says where the case went, in Polish words of law.stages
    assert "Zapisano zdarzenie: wydanie nakazu zapłaty." in response.text
    assert "pozew złożony -&gt; nakaz zapłaty wydany" in response.text
    assert '<strong class="stage">nakaz zapłaty wydany</strong>' in response.text
    before = _counts(review_env)
    again = client.post(url, data=form)  # the same event twice changes nothing
    assert again.status_code == 200 and "nic nie zmieniono" in again.text
    assert _counts(review_env) == before
    served = client.post(url, data={**form, "kind": "payment-order-served", "signature": ""})
    assert served.status_code == 200
    assert _stage(review_env) == "order_served"
    with Session(review_env.engine) as session:
        deadlines = session.exec(select(Deadline).where(Deadline.status == "open")).all()
    assert any(d.due_on > filed and "502" in d.cites for d in deadlines)


def test_an_event_that_does_not_fit_the_stage_changes_nothing(
    client: TestClient, review_env: ReviewEnv
) -> None:
    """A case still waiting for the partner has no pozew in court: no order can be served."""
    token = login(client, "ania")
    before = _counts(review_env)
    response = client.post(
        f"/cases/{review_env.case_id}/events",
        data={
            "kind": "payment-order-served",
            "occurred_on": firm_today().isoformat(),
            "csrf_token": token,
        },
    )
    assert response.status_code == 409
    assert "Nie zapisano zdarzenia: " in response.text
    assert "Traceback" not in response.text and "DoesNotFit" not in response.text
    assert _counts(review_env) == before == (0, 0, 0)
    assert _stage(review_env) == "ready_for_review"


def test_an_event_before_the_filing_is_refused(client: TestClient, review_env: ReviewEnv) -> None:
    filed = approve_and_file(review_env.engine, review_env.case_id)
    token = login(client, "ania")
    before = _counts(review_env)
    response = client.post(
        f"/cases/{review_env.case_id}/events",
        data={
            "kind": "payment-order-issued",
            "occurred_on": (filed - timedelta(days=1)).isoformat(),
            "csrf_token": token,
        },
    )
    assert response.status_code == 409
    assert "wcześniejsze niż wniesienie pozwu" in response.text
    assert _counts(review_env) == before and _stage(review_env) == "filed"


def test_the_case_page_shows_the_timeline_of_cases_show_json(
    client: TestClient, review_env: ReviewEnv
) -> None:
    """The same rows ``handoff cases show REF --json`` gives under ``timeline``."""
    filed = approve_and_file(review_env.engine, review_env.case_id)
    token = login(client, "ania")
    form = {"occurred_on": filed.isoformat(), "csrf_token": token}
    url = f"/cases/{review_env.case_id}/events"
    client.post(url, data={**form, "kind": "payment-order-issued", "signature": "VI Nc 5/26"})
    html = client.get(f"/cases/{review_env.case_id}").text
    rows = case_timeline(review_env.engine, "SPR/1", FIRM_TZ)
    assert rows is not None
    assert [r["event_kind"] for r in rows] == ["approval", "lawsuit-filed", "payment-order-issued"]
    section = html.split("<h2>Przebieg sprawy</h2>", 1)[1].split("</section>", 1)[0]
    for row in rows:
        assert escape(row["event_label"]) in section
        assert escape(row["stage_label"]) in section
        assert escape(row["cause"]) in section
        if row["article"]:
            assert escape(row["article"]) in section
    assert fmt.fmt_date(filed) in section and "VI Nc 5/26" in section
    assert "lawsuit-filed" not in section and "order_issued" not in section  # no machine codes


def test_page_refusals_match_the_command_line(client: TestClient, review_env: ReviewEnv) -> None:
    """As ``handoff event add`` (cli/events.py): not before the earliest invoice, texts no
    longer than 100 / 2000 characters; nothing is recorded."""
    approve_and_file(review_env.engine, review_env.case_id)  # invoice FV/1/2024 of 14.02.2024
    token = login(client, "ania")
    url = f"/cases/{review_env.case_id}/events"
    form = {"kind": "payment-order-issued", "occurred_on": "2024-02-13", "csrf_token": token}
    before = _counts(review_env)
    early = client.post(url, data=form)
    assert early.status_code == 400
    assert "wcześniejsza niż najwcześniejsza faktura w sprawie (14.02.2024)" in early.text
    today = firm_today().isoformat()
    long_signature = client.post(url, data={**form, "occurred_on": today, "signature": "S" * 101})
    assert long_signature.status_code == 400 and "najwyżej 100 znaków" in long_signature.text
    assert _counts(review_env) == before and _stage(review_env) == "filed"


def test_the_court_of_an_event_is_kept_as_on_the_command_line(
    client: TestClient, review_env: ReviewEnv
) -> None:
    """After a sprzeciw in EPU the judgment is the general court's: the page names it as
    ``handoff event add --court`` does (kept on the step, where the clause application of
    that judgment reads its court); longer than 200 characters is refused, nothing kept."""
    filed = approve_and_file(review_env.engine, review_env.case_id)
    token = login(client, "ania")
    url = f"/cases/{review_env.case_id}/events"
    day = filed.isoformat()
    for kind in ("payment-order-issued", "payment-order-served", "objection-filed"):
        assert (
            client.post(
                url, data={"kind": kind, "occurred_on": day, "csrf_token": token}
            ).status_code
            == 200
        )
    form = {
        "kind": "judgment-announced",
        "occurred_on": day,
        "signature": "IX GC 100/26",
        "csrf_token": token,
    }
    before = _counts(review_env)
    too_long = client.post(url, data={**form, "court": "S" * 201})
    assert too_long.status_code == 400 and "Sąd: najwyżej 200 znaków." in too_long.text
    assert _counts(review_env) == before
    court = "Sąd Rejonowy Gdańsk-Północ w Gdańsku, IX Wydział Gospodarczy"
    page = client.post(url, data={**form, "court": f"  {court} "})
    assert page.status_code == 200 and _stage(review_env) == "judgment"
    assert 'name="court"' in page.text
    with Session(review_env.engine) as session:
        step = session.exec(select(CaseStep).where(CaseStep.trigger == "judgment-announced")).one()
    assert step.court == court and step.signature == "IX GC 100/26"
