"""The .docx templates against contexts built from realistic cases (real files read back)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from documents.context import (
    DocumentInputs,
    evidence_index_context,
    memo_context,
    pozew_context,
    wezwanie_context,
)
from documents.format import format_money
from documents.render import MissingVariable, TemplateName, render, undeclared_variables
from law.case import Party
from tests.documents import cases

BUILDERS: dict[TemplateName, Callable[[DocumentInputs], dict[str, Any]]] = {
    TemplateName.POZEW: pozew_context,
    TemplateName.WEZWANIE: wezwanie_context,
    TemplateName.MEMO: memo_context,
    TemplateName.EVIDENCE_INDEX: evidence_index_context,
}


@pytest.fixture(scope="module")
def inputs() -> dict[str, DocumentInputs]:
    return {name: cases.document_inputs(make()) for name, make in cases.ALL.items()}


@pytest.fixture(scope="module")
def texts(inputs: dict[str, DocumentInputs]) -> dict[tuple[str, TemplateName], str]:
    return {
        (case, tpl): cases.docx_text(render(tpl, build(inp)).content)
        for case, inp in inputs.items()
        for tpl, build in BUILDERS.items()
    }


@pytest.mark.parametrize("template", list(TemplateName))
@pytest.mark.parametrize("case", list(cases.ALL))
def test_template_contract(case: str, template: TemplateName, inputs: dict) -> None:
    context = BUILDERS[template](inputs[case])
    assert undeclared_variables(template, context) == set()


@pytest.mark.parametrize("template", list(TemplateName))
def test_missing_variable_fails_loudly(template: TemplateName, inputs: dict) -> None:
    context = BUILDERS[template](inputs["b2b_sale"])
    key = next(iter(undeclared_variables(template, {})))
    del context[key]
    assert undeclared_variables(template, context) == {key}
    with pytest.raises(MissingVariable):
        render(template, context)


def test_missing_nested_field_fails_loudly(inputs: dict) -> None:
    context = pozew_context(inputs["b2b_sale"])
    del context["pozwany"]["adres"]
    with pytest.raises(MissingVariable, match="adres"):
        render(TemplateName.POZEW, context)


def test_pozew_b2b_golden(texts: dict, inputs: dict) -> None:
    text = texts["b2b_sale", TemplateName.POZEW]
    claim = inputs["b2b_sale"].claim
    for expected in (
        "Stalmet Hurtownia Stali Sp. z o.o.",
        "KRS: 0000412345, NIP: 6772385919, REGON: 123456785",
        "Budex Gdańsk S.A.",
        # no "Sąd Rejonowy w Gdańsku" exists: Oliwa is a jednostka pomocnicza of the area of
        # SR Gdańsk-Północ (rozporządzenie MS o obszarach właściwości sądów, courts/README.md)
        "Sąd Rejonowy Gdańsk-Północ w Gdańsku",
        "w postępowaniu upominawczym",
        "wydanie nakazu zapłaty w postępowaniu upominawczym",
        "adres poczty elektronicznej powoda: windykacja@stalmet.pl",
        "pełnomocnik powoda: radca prawny Anna Nowak",
        "Wartość przedmiotu sporu: 25 427 zł",
        "a) 11 790,11 zł",
        "jedenaście tysięcy siedemset dziewięćdziesiąt złotych 11/100",
        # the 3 000 zł paid on 10.06.2023 settled interest through that day (KC art. 451)
        "wraz z odsetkami ustawowymi za opóźnienie w transakcjach handlowych od dnia "
        "11 czerwca 2023 r. do dnia zapłaty",
        # art. 115 KC (K3): Sunday 20.03.2022 -> 21.03, Saturday 30.04.2022 -> Monday 2.05
        # (1 May is a holiday, 2 May a working day): interest from the day after
        "od dnia 22 marca 2022 r. do dnia zapłaty",
        "od dnia 3 maja 2022 r. do dnia zapłaty",
        "tytułem rekompensaty za koszty odzyskiwania należności z faktury VAT nr "
        "FV/2022/01/014 (równowartość 70 EUR, art. 10 ust. 1 u.p.n.o.t.h.) wraz z odsetkami "
        "ustawowymi za opóźnienie od dnia 17 lutego 2022 r. do dnia zapłaty",
        "art. 187 § 1 pkt 3 KPC",
        "art. 187 § 1 pkt 1^1 KPC",
        "z faktury nr FV/2022/01/014 - 16 lutego 2022 r.",
        "ostateczne przedsądowe wezwanie do zapłaty",
        "doręczonym pozwanemu w dniu 24 marca 2025 r., powód wezwał pozwanego do zapłaty",
        "art. 7 ust. 1, art. 4 pkt 3 lit. b i art. 11b u.p.n.o.t.h.",
        "art. 13 ust. 2",
        "§ 3 rozporządzenia Ministra Sprawiedliwości z dnia 22 października 2015 r. "
        "w sprawie opłat za czynności radców prawnych",
        "opłatę skarbową od pełnomocnictwa w kwocie 17,00 zł",
        "Strony łączyła umowa nr 7/2021 z dnia 8 listopada 2021 r. (przedmiot umowy: ramowa "
        "umowa sprzedaży wyrobów stalowych; dowód: załącznik nr 1).",
        "Załączniki:",
        # the figures' allocation of the payment, not a fixed "first interest" phrase
        "W dniu 10 czerwca 2023 r. pozwany zapłacił na poczet należności z faktury nr "
        "FV/2022/01/014 kwotę 3 000,00 zł, którą powód zaliczył w kwocie 2 444,44 zł na "
        "odsetki za opóźnienie, a w kwocie 555,56 zł na należność główną (art. 451 § 1 KC).",
        "przypadał w niedzielę, upłynął zatem w dniu 21 marca 2022 r. (art. 115 KC)",
        "sprawa STAL/2025/0042",
    ):
        assert expected in text, expected
    assert format_money(claim.principal_total.value) == "24 590,11 zł"
    assert "Razem" in text and "24 590,11 zł" in text
    assert format_money(claim.attorney_fee.value) in text
    assert format_money(claim.court_fee.value) in text
    assert claim.court_fee.value == claim.court_fee.value.to_integral_value()  # K1


def test_pozew_variants(texts: dict) -> None:
    nakaz = texts["nakazowe", TemplateName.POZEW]
    assert "wydanie nakazu zapłaty w postępowaniu nakazowym" in nakaz
    assert "art. 485 § 1 pkt 2 KPC" in nakaz
    assert "albo wniósł w tym terminie zarzuty" in nakaz
    assert "(postępowanie uproszczone)" in nakaz
    # "dla miasta Opole oraz gmin: ..." - SR w Opolu (rozporządzenie MS o obszarach właściwości)
    assert "Sąd Rejonowy w Opolu" in nakaz
    consumer = texts["consumer", TemplateName.POZEW]
    assert "Sąd Rejonowy Lublin-Zachód w Lublinie" in consumer
    assert "VI Wydział Cywilny" in consumer
    assert "w elektronicznym postępowaniu upominawczym" in consumer
    assert (
        "odsetkami ustawowymi za opóźnienie od dnia 11 lutego 2025 r. do dnia zapłaty" in consumer
    )
    assert "transakcjach handlowych" not in consumer
    # no rekompensata wording at all for a consumer debtor (issue 14 item 6)
    for template in (TemplateName.POZEW, TemplateName.WEZWANIE, TemplateName.MEMO):
        assert "rekompensat" not in texts["consumer", template].lower(), template
    assert "PESEL: 85041203571" in consumer
    assert "(sprawa gospodarcza)" not in consumer
    assert "adres poczty elektronicznej powoda" not in consumer


def test_wezwanie_golden(texts: dict) -> None:
    text = texts["b2b_sale", TemplateName.WEZWANIE]
    for expected in (
        "OSTATECZNE PRZEDSĄDOWE WEZWANIE DO ZAPŁATY",
        "Budex Gdańsk S.A.",
        "7 dni",
        "22 maja 2025 r.",
        "27 1140 2004 0000 3002 0135 5387",
        "11 790,11 zł",
        "do dnia zapłaty",
        "skierowana na drogę postępowania sądowego",
        "art. 10 ust. 1 u.p.n.o.t.h.",
    ):
        assert expected in text, expected


def test_memo_golden(texts: dict, inputs: dict) -> None:
    text = texts["b2b_sale", TemplateName.MEMO]
    for expected in (
        "WPS",
        "25 427,00 zł",
        "art. 19 § 1 KPC",
        "31 grudnia 2026 r.",
        "postępowanie upominawcze",
        "weryfikacja w rejestrach niewykonana",
        "Korespondencja z ",
        "Brak dowodu doręczenia faktury nr FV/2022/03/007",
        "prekluzja",
        "Pliki dowodów (integralność)",
    ):
        assert expected in text, expected
    # the legal core's finding with the date in a Polish form for the partner
    assert "Korespondencja z 2023-06-05" not in text
    assert "05.06.2023 r." in text or "5 czerwca 2023 r." in text
    # the memo keeps what the court does not see: computations and file hashes
    assert inputs["b2b_sale"].exhibits[0].sha256 in text
    assert "→" in text or "zaokrąglone w górę" in text


def test_memo_with_registry_summary(inputs: dict) -> None:
    from datetime import date

    from law.findings import Finding, Severity

    class FakeVerification:
        status = "verified"
        checked_on = date(2025, 5, 14)
        registry = "krs"
        registry_name = "BUDEX GDAŃSK SPÓŁKA AKCYJNA"
        findings = (Finding("krs_bankruptcy", Severity.BLOCKER, "Upadłość wpisana w KRS"),)

    context = memo_context(replace(inputs["b2b_sale"], registry=FakeVerification()))
    text = cases.docx_text(render(TemplateName.MEMO, context).content)
    assert "BUDEX GDAŃSK SPÓŁKA AKCYJNA" in text
    assert "Upadłość wpisana w KRS" in text
    assert "niewykonana" not in text


def test_evidence_index_golden(texts: dict, inputs: dict) -> None:
    text = texts["b2b_sale", TemplateName.EVIDENCE_INDEX]
    first = inputs["b2b_sale"].exhibits[0]
    assert "Załącznik nr 1" in text
    assert first.sha256 not in text  # hashes are for the memo, not the court
    assert "SHA" not in text
    assert "Umowa nr 7/2021" in text
    assert "Faktura VAT nr FV/2022/02/031" in text
    epu = texts["epu_small", TemplateName.EVIDENCE_INDEX]
    assert "WYKAZ DOWODÓW WSKAZANYCH W POZWIE (EPU)" in epu
    assert "Dowód nr 1" in epu and "załącznik" not in epu.lower()


@pytest.mark.parametrize("template", list(TemplateName))
def test_hostile_debtor_name_prints_literally(template: TemplateName, texts: dict) -> None:
    text = texts["epu_small", template]
    assert "Firma {{ zła }} {% if %} <b>& Sp. z o.o." in text


def test_hostile_name_in_every_field() -> None:
    case = cases.consumer()
    evil = "Jan {{ 7*7 }} {%p if x %} </w:t> & Kowalski"
    case = replace(case, debtor=replace(case.debtor, name=evil))
    inp = cases.document_inputs(case)
    rendered = render(TemplateName.POZEW, pozew_context(inp))
    assert evil in cases.docx_text(rendered.content)
    assert "49" not in cases.docx_text(rendered.content).split("Pozwany")[1][:40]
    assert isinstance(case.debtor, Party)


def test_render_returns_sha256(inputs: dict) -> None:
    import hashlib

    rendered = render(TemplateName.EVIDENCE_INDEX, evidence_index_context(inputs["consumer"]))
    assert rendered.sha256 == hashlib.sha256(rendered.content).hexdigest()
    assert rendered.content[:2] == b"PK"


def test_pozew_standard_procedure_asks_for_judgment(inputs: dict) -> None:
    """Postępowanie zwykłe: "zasądzenie", costs as their own point, no nakaz wording."""
    from law.pl.fees import Procedure

    inp = inputs["b2b_sale"]
    standard = replace(inp, claim=replace(inp.claim, procedure=Procedure.STANDARD))
    text = cases.docx_text(render(TemplateName.POZEW, pozew_context(standard)).content)
    assert "1. zasądzenie od pozwanego na rzecz powoda:" in text
    assert "2. zasądzenie od pozwanego na rzecz powoda kosztów postępowania" in text
    assert "nakazu zapłaty" not in text
    assert "albo wniósł" not in text


@pytest.mark.parametrize("template", list(TemplateName))
def test_readme_documents_every_variable(template: TemplateName, inputs: dict) -> None:
    """documents/README.md is the lawyers' contract: every top-level variable is listed."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "documents" / "README.md").read_text()
    context = BUILDERS[template](inputs["b2b_sale"])
    missing = [key for key in context if f"`{key}" not in readme]
    assert missing == []


def test_memo_urges_filing_when_only_the_cautious_reading_bars(inputs: dict) -> None:
    """K4: barred under the conservative reading only - alive and urgent, said in the memo."""
    inp = inputs["b2b_sale"]
    first = replace(inp.claim.invoices[0], limitation_urgent=True)
    claim = replace(inp.claim, invoices=(first, *inp.claim.invoices[1:]))
    risks = memo_context(replace(inp, claim=claim))["ryzyka"]
    assert any(first.number in r and "złożyć pozew niezwłocznie" in r for r in risks), risks


@pytest.mark.parametrize("content", [b"not a zip file", b"PK\x03\x04broken"])
def test_broken_firm_template_is_a_render_error(tmp_path: Path, content: bytes) -> None:
    """A firm's template that is not a .docx is a RenderError from both the contract check
    and the renderer (the callers turn it into one Polish line), never the zip's error."""
    from documents.render import RenderError

    (tmp_path / "pozew.docx").write_bytes(content)
    with pytest.raises(RenderError, match=r"plik nie jest poprawnym szablonem \.docx"):
        undeclared_variables(TemplateName.POZEW, {}, tmp_path)
    with pytest.raises(RenderError, match=r"plik nie jest poprawnym szablonem \.docx"):
        render(TemplateName.POZEW, {}, tmp_path)
