"""The case page's sections on the case after approval (issues #18-#20), without a browser,
on SQLite and PostgreSQL: a case never sent shows so; a payment recorded after filing is
listed with what it paid under art. 451 KC (costs not yet awarded, so interest first, then
principal: KC art. 451 §1 zd. 2, polish_law.md 0b); a broken stored claim leaves the page
standing with one Polish line."""

from __future__ import annotations

import re
from decimal import Decimal

from fastapi.testclient import TestClient

from casework.payments import PaymentIn, record_payment
from config import firm_today
from store.db import session_scope
from store.tables import Case
from tests.review.conftest import ReviewEnv, approve_and_file, login, seed_case


def _section(html: str, section_id: str) -> str:
    start = html.index(f'id="{section_id}"')
    return html[start : html.index("</section>", start)]


def _amounts(cell_html: str) -> list[Decimal]:
    return [
        Decimal(m.replace("\u00a0", "").replace(",", "."))
        for m in re.findall(r"([\d\u00a0]+,\d\d)\u00a0zł", cell_html)
    ]


def test_a_case_not_yet_sent(client: TestClient, review_env: ReviewEnv) -> None:
    login(client, "pawel")
    html = client.get(f"/cases/{review_env.case_id}").text
    assert "Pozew nie był jeszcze wysyłany do e-Sądu." in _section(html, "submission")
    payments = _section(html, "payments")
    assert "Brak wpłat zapisanych po przekazaniu sprawy." in payments
    assert "Pozostało na " in payments
    assert 'id="enforcement"' not in html


def test_a_payment_after_filing_with_its_allocation(
    client: TestClient, review_env: ReviewEnv
) -> None:
    filed = approve_and_file(review_env.engine, review_env.case_id)
    with session_scope(review_env.engine) as session:
        record_payment(
            session,
            f"#{review_env.case_id}",
            PaymentIn(filed, Decimal("500.00"), title="przelew - częściowa spłata"),
            today=firm_today(),
            actor="ania",
        )
    login(client, "ania")
    html = client.get(f"/cases/{review_env.case_id}").text
    payments = _section(html, "payments")
    body = payments[payments.index("<tbody>") : payments.index("</tbody>")]
    (row,) = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert filed.strftime("%d.%m.%Y") in cells[0]
    assert _amounts(cells[1]) == [Decimal("500.00")]
    assert "przelew - częściowa spłata" in cells[2]
    costs, interest, principal = (_amounts(c)[0] for c in cells[3:6])
    assert costs == 0 and interest > 0  # costs not awarded yet: interest first (art. 451)
    assert costs + interest + principal == Decimal("500.00")
    assert "FV/1/2024" in cells[6] and "KC art. 451" in cells[6]
    assert "Odzyskano" in payments and "500,00\u00a0zł" in payments
    assert f"Pozostało na {firm_today().strftime('%d.%m.%Y')}" in payments


def test_a_broken_stored_claim_leaves_the_page_standing(
    client: TestClient, review_env: ReviewEnv
) -> None:
    case_id = seed_case(review_env.engine, review_env.settings.home, ref="SPR/ZEPSUTA")
    with session_scope(review_env.engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.claim_json = "{nie json"
        session.add(case)
    login(client, "pawel")
    response = client.get(f"/cases/{case_id}")
    assert response.status_code == 200
    assert "Zapisane wyliczenie roszczenia jest nieczytelne." in response.text
    assert "Nie można wyliczyć wpłat" in _section(response.text, "payments")
