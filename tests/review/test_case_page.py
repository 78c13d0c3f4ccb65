"""What the partner reads on the case page: the pozew first with the memo beside it, the
changes between versions with earlier comments, a Polish invoice table and history, and
blockers at the top with the approve button off and the reason given."""

from __future__ import annotations

import json
import re
from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from review.diff import paragraph_diff
from review.documents import render
from review.formatting import history_row, invoice_rows
from store.db import session_scope
from store.review import record_decision
from store.tables import (
    AuditLog,
    Case,
    CaseFinding,
    GeneratedDocument,
    ReviewDecision,
    utcnow,
)
from tests.review.conftest import CLAIM, DRAFT_TEXT, ReviewEnv, login, make_docx, seed_case


def _section(html: str, heading: str) -> str:
    start = html.index(heading)
    end = html.find("<h2", start + 1)
    return html[start : end if end != -1 else len(html)]


def test_pozew_first_with_the_memo_beside_it(client: TestClient, review_env: ReviewEnv) -> None:
    case_id = seed_case(
        review_env.engine,
        review_env.settings.home,
        ref="SPR/M",
        memo_text="Uwaga partnera: sprawdzić doręczenie wezwania.",
    )
    login(client, "pawel")
    html = client.get(f"/cases/{case_id}").text
    pair = html[html.index('class="sidebyside"') :]
    assert pair.index('class="paper docbody"') < pair.index('class="memobody docbody"')
    assert pair.index(DRAFT_TEXT) < pair.index("sprawdzić doręczenie wezwania")
    # the pozew comes before the claim tables and the evidence
    assert html.index(DRAFT_TEXT) < html.index("<h2>Roszczenie</h2>")
    assert html.index(DRAFT_TEXT) < html.index("<h2>Wykaz dowodów</h2>")


def test_invoice_table_speaks_polish(client: TestClient, review_env: ReviewEnv) -> None:
    login(client, "pawel")
    html = client.get(f"/cases/{review_env.case_id}").text
    table = html[html.index('<table class="invoices">') :]
    table = table[: table.index("</table>")]
    headers = re.findall(r"<th(?: [^>]*)?>(.*?)</th>", table)
    assert headers == [
        "Faktura",
        "Termin płatności",
        "Do zapłaty",
        "Odsetki",
        "Rekompensata",
        "Przedawnienie",
    ]
    for code in ("amount", "limitation_reason", "limitation_status", "interest_kind", "_"):
        assert all(code not in h for h in headers)
    assert "15.03.2024" in table and "31.12.2027" in table and "biegnie" in table
    assert "koniec roku kalendarzowego" in table  # the reason, folded under "podstawa"
    assert "2024-03-15" not in table and '"ok"' not in table


def test_invoice_rows_from_the_claim_summary() -> None:
    (row,) = invoice_rows(CLAIM["invoices"])
    assert (row.number, row.due_date, row.principal) == ("FV/1/2024", "15.03.2024", "12 345,67 zł")
    assert (row.limitation, row.limitation_status, row.limitation_class) == (
        "31.12.2027",
        "biegnie",
        "ok",
    )
    assert invoice_rows(None) == [] and invoice_rows(["nonsense"]) == []


def test_history_has_no_action_codes_or_json(client: TestClient, review_env: ReviewEnv) -> None:
    token = login(client, "pawel")
    comment = "Brak dowodu doręczenia"
    client.post(
        f"/cases/{review_env.case_id}/send-back", data={"csrf_token": token, "comment": comment}
    )
    html = client.get(f"/cases/{review_env.case_id}").text
    history = _section(html, "<h2>Historia</h2>")
    assert "Zwrot do poprawy" in history and comment in history
    assert "review_send_back" not in history and "{" not in history and "document_id" not in history
    row = history_row(
        utcnow(),
        "pawel",
        "review_override",
        json.dumps({"decision_id": 3, "reason": "Klient nalega", "blockers": [{"message": "X"}]}),
    )
    assert row.what == "Zatwierdzenie mimo przeszkód"
    assert row.details == [("Powód", "Klient nalega"), ("Przeszkody", "X")]


def test_earlier_comments_and_changes_survive_a_redraft(
    client: TestClient, review_env: ReviewEnv
) -> None:
    home = review_env.settings.home
    with session_scope(review_env.engine) as session:
        v1 = session.exec(select(GeneratedDocument)).one()
        record_decision(
            session, review_env.case_id, "pawel", "send_back", "Zła kwota", document_id=v1.id
        )
    # the paralegal fixes it; the next run drafts v2 and puts the case back for review
    v2 = home / "documents" / f"case-{review_env.case_id}" / "pozew-v2.docx"
    new_text = DRAFT_TEXT.replace("12 345,67", "12 845,67")
    with session_scope(review_env.engine) as session:
        session.add(
            GeneratedDocument(
                case_id=review_env.case_id,
                kind="pozew",
                version=2,
                path=str(v2),
                sha256=make_docx(v2, new_text, "Uzasadnienie bez zmian."),
                input_hash="in-v2",
            )
        )
        case = session.get(Case, review_env.case_id)
        assert case is not None
        case.stage = "ready_for_review"
        session.add(case)
    login(client, "pawel")
    html = client.get(f"/cases/{review_env.case_id}").text
    notice = html[html.index('id="last-send-back"') :]
    notice = notice[: notice.index("</div>")]
    assert "Wcześniej zwrócona do poprawy" in notice and "Zła kwota" in notice
    assert "wersja 1" in notice and 'href="#changes"' in notice
    assert html.index('id="last-send-back"') < html.index('id="decision"')
    decisions = html[html.index('<table class="decisions">') :]
    decisions = decisions[: decisions.index("</table>")]
    assert "Zła kwota" in decisions and "v1" in decisions and "zwrócona do poprawy" in decisions
    changes = html[html.index('class="changes"') :]
    assert "Zmiany w wersji 2 względem wersji 1" in changes
    assert "12 <del>345,67</del><ins>845,67</ins> zł" in changes
    assert '<p class="added">Uzasadnienie bez zmian.</p>' in changes


def test_paragraph_diff_marks_words_and_folds_the_rest() -> None:
    old = ["Pozew", "a", "b", "c", "Kwota 100 zł", "d", "e", "f"]
    new = ["Pozew", "a", "b", "c", "Kwota 120 zł", "d", "e", "f", "Nowy akapit"]
    blocks = paragraph_diff(old, new)
    kinds = [b.kind for b in blocks]
    assert kinds == ["gap", "same", "changed", "same", "gap", "same", "added"]
    assert blocks[2].html == "Kwota <del>100</del><ins>120</ins> zł"
    assert paragraph_diff(old, old) == []
    assert paragraph_diff(["<b>x</b>"], ["<b>y</b>"])[0].html == (
        "<del>&lt;b&gt;x&lt;/b&gt;</del><ins>&lt;b&gt;y&lt;/b&gt;</ins>"
    )


def _blocked_case(env: ReviewEnv) -> int:
    case_id = seed_case(env.engine, env.settings.home, ref="SPR/B")
    with session_scope(env.engine) as session:
        session.add(
            CaseFinding(
                case_id=case_id,
                source="evidence",
                code="no_delivery_proof",
                severity="blocker",
                message="Brak dowodu doręczenia wezwania do zapłaty",
            )
        )
    return case_id


def test_blockers_on_top_and_approve_disabled_with_the_reason(
    client: TestClient, review_env: ReviewEnv
) -> None:
    case_id = _blocked_case(review_env)
    token = login(client, "pawel")
    html = client.get(f"/cases/{case_id}").text
    assert html.index('id="blockers"') < html.index('id="decision"') < html.index("sidebyside")
    assert "Brak dowodu doręczenia wezwania do zapłaty" in _section(html, "Przeszkody w złożeniu")
    button = re.search(r'<button[^>]*id="approve"[^>]*>', html)
    assert button is not None and "disabled" in button.group(0)
    assert 'aria-describedby="approve-why"' in button.group(0)
    assert "Zatwierdzenie jest zablokowane: 1 przeszkoda" in html
    assert "Zatwierdź mimo przeszkód" in html

    # the button is off in the page and the server refuses it as well
    refused = client.post(f"/cases/{case_id}/approve", data={"csrf_token": token})
    assert refused.status_code == 409 and "Sprawy nie można zatwierdzić" in refused.text
    blank = client.post(
        f"/cases/{case_id}/approve", data={"csrf_token": token, "override_reason": "   "}
    )
    assert blank.status_code == 400 and "wymaga powodu" in blank.text
    with Session(review_env.engine) as session:
        assert session.exec(select(ReviewDecision)).all() == []

    done = client.post(
        f"/cases/{case_id}/approve",
        data={"csrf_token": token, "override_reason": "Doręczenie potwierdzone telefonicznie"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    with Session(review_env.engine) as session:
        override = session.exec(select(AuditLog).where(AuditLog.action == "review_override")).one()
    assert json.loads(override.detail)["reason"] == "Doręczenie potwierdzone telefonicznie"
    page = client.get(f"/cases/{case_id}").text
    assert "Mimo przeszkód:" in page and "Doręczenie potwierdzone telefonicznie" in page


def test_send_back_stays_available_with_blockers(client: TestClient, review_env: ReviewEnv) -> None:
    case_id = _blocked_case(review_env)
    token = login(client, "pawel")
    response = client.post(
        f"/cases/{case_id}/send-back",
        data={"csrf_token": token, "comment": "Dołącz dowód doręczenia"},
        follow_redirects=False,
    )
    assert response.status_code == 303


def test_the_pozew_keeps_its_word_layout(tmp_path: Path) -> None:
    """Alignment and left indent survive the conversion (mammoth alone drops both)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    doc = Document()
    date_line = doc.add_paragraph("Warszawa, dnia 1 grudnia 2026 r.")
    date_line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    court = doc.add_paragraph("Sąd Rejonowy Lublin-Zachód w Lublinie")
    court.paragraph_format.left_indent = Cm(8)
    title = doc.add_paragraph("POZEW O ZAPŁATĘ")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    body = doc.add_paragraph("Działając w imieniu powoda wnoszę o:")
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.left_indent = Cm(1)
    doc.add_paragraph("Zwykły akapit.")
    path = tmp_path / "pozew.docx"
    doc.save(str(path))
    html = render(path).html
    assert '<p class="align-right">Warszawa, dnia 1 grudnia 2026 r.</p>' in html
    assert '<p class="indent-8">Sąd Rejonowy Lublin-Zachód w Lublinie</p>' in html
    assert '<p class="align-center">POZEW O ZAPŁATĘ</p>' in html
    assert '<p class="align-justify indent-1">Działając w imieniu powoda wnoszę o:</p>' in html
    assert "<p>Zwykły akapit.</p>" in html
