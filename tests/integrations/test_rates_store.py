"""NBP rates in the store: the range query, upserts on SQLite and PostgreSQL, the refresh
command in 93-day windows, reference-rate news, and the claim using stored EUR rates.

NBP is faked only at the HTTP boundary (httpx.MockTransport) with bodies shaped like the
recorded ones in fixtures/.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from cli import rates as rates_cli
from cli.main import app
from config import Settings
from integrations.http import NO_RETRY
from integrations.nbp import MAX_RANGE_DAYS, NbpClient
from law.pl.compensation import EurRateUnavailable, compensation
from law.pl.data.eur_mid_rates import EUR_MID_RATES
from store.db import session_scope
from store.rates import (
    MANUAL,
    MANUAL_RATE_ACTION,
    ManualRateRefused,
    eur_rates,
    exchange_rate_rows,
    latest_rate_date,
    reference_rates,
    set_manual_rate,
    unknown_reference_changes,
    upsert_eur_rates,
    upsert_reference_rates,
)
from store.tables import AuditLog, ExchangeRate
from tests.integrations.conftest import load_bytes, load_json

RECORDED_EUR = "nbp_rates_a_eur_2026-03-04_2026-03-14.json"
RECORDED_XML = "nbp_stopy_procentowe.xml"


def mid_for(day: date) -> Decimal:
    """A deterministic, realistic-looking EUR mid rate for ``day``."""
    return Decimal("4.2000") + Decimal(day.toordinal() % 97) / Decimal(10000)


@dataclass
class FakeNbp:
    """NBP as an httpx handler: table A for weekdays in the asked window, the rates XML."""

    xml: bytes = field(default_factory=lambda: load_bytes(RECORDED_XML))
    fail_windows_from: date | None = None
    requests: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path.endswith("stopy_procentowe.xml"):
            return httpx.Response(200, content=self.xml, headers={"Content-Type": "text/xml"})
        parts = [p for p in request.url.path.split("/") if p]
        # /api/exchangerates/rates/a/eur/{start}/{end}/
        assert parts[:5] == ["api", "exchangerates", "rates", "a", "eur"], parts
        start, end = date.fromisoformat(parts[5]), date.fromisoformat(parts[6])
        if (end - start).days + 1 > MAX_RANGE_DAYS:
            return httpx.Response(400, text="400 BadRequest - Przekroczony limit 93 dni")
        if self.fail_windows_from and start >= self.fail_windows_from:
            return httpx.Response(503)
        rows = []
        day = start
        while day <= end:
            if day.weekday() < 5:
                rows.append(
                    {
                        "no": f"{day.timetuple().tm_yday:03d}/A/NBP/{day.year}",
                        "effectiveDate": day.isoformat(),
                        "mid": float(mid_for(day)),
                    }
                )
            day += timedelta(days=1)
        if not rows:
            return httpx.Response(404, text="404 NotFound - Not Found - Brak danych")
        body = {"table": "A", "currency": "euro", "code": "EUR", "rates": rows}
        return httpx.Response(200, json=body)

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))

    def windows(self) -> list[tuple[str, str]]:
        out = []
        for r in self.requests:
            parts = [p for p in r.url.path.split("/") if p]
            if "exchangerates" in parts:
                out.append((parts[5], parts[6]))
        return out


def nbp_client(handler: Callable[[httpx.Request], httpx.Response]) -> NbpClient:
    client = httpx.Client(transport=httpx.MockTransport(handler))
    return NbpClient(client, retry=NO_RETRY, sleep=lambda _s: None)


# --- integrations.nbp.NbpClient.mid_rates -------------------------------------------------


def test_mid_rates_reads_every_table_of_a_recorded_window() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=load_json(RECORDED_EUR))

    rates = nbp_client(handler).mid_rates("eur", date(2026, 3, 4), date(2026, 3, 14))
    assert seen[0].url.path == "/api/exchangerates/rates/a/eur/2026-03-04/2026-03-14/"
    assert seen[0].url.params["format"] == "json"
    assert [r.effective_date for r in rates][:2] == [date(2026, 3, 5), date(2026, 3, 6)]
    assert len(rates) == 7
    first = rates[0]
    assert (first.code, first.mid, first.table_no) == ("EUR", Decimal("4.2713"), "044/A/NBP/2026")
    assert isinstance(first.mid, Decimal)


def test_mid_rates_404_is_an_empty_window_and_long_windows_are_refused() -> None:
    client = nbp_client(lambda _r: httpx.Response(404, text="404 NotFound - Brak danych"))
    assert client.mid_rates("EUR", date(2026, 4, 4), date(2026, 4, 6)) == []
    with pytest.raises(ValueError):
        client.mid_rates("EUR", date(2026, 1, 1), date(2026, 1, 1) + timedelta(days=93))
    with pytest.raises(ValueError):
        client.mid_rates("EUR", date(2026, 1, 2), date(2026, 1, 1))


# --- store.rates --------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    code: str
    effective_date: date
    mid: Decimal
    table_no: str = ""


def test_eur_rates_round_trip_exactly_and_upsert_is_idempotent(engine: sa.Engine) -> None:
    rows = [
        Row("EUR", date(2026, 3, 5), Decimal("4.2713"), "044/A/NBP/2026"),
        Row("EUR", date(2026, 3, 6), Decimal("4.2691"), "045/A/NBP/2026"),
    ]
    with session_scope(engine) as s:
        assert upsert_eur_rates(s, rows) == 2
    with session_scope(engine) as s:
        assert upsert_eur_rates(s, rows) == 0  # nothing changed, nothing written
        stored = eur_rates(s)
    assert stored == {date(2026, 3, 5): Decimal("4.2713"), date(2026, 3, 6): Decimal("4.2691")}
    assert all(str(v).count(".") == 1 and len(str(v).split(".")[1]) == 4 for v in stored.values())

    corrected = [Row("EUR", date(2026, 3, 6), Decimal("4.2692"), "045/A/NBP/2026")]
    with session_scope(engine) as s:
        assert upsert_eur_rates(s, corrected) == 1
        assert eur_rates(s)[date(2026, 3, 6)] == Decimal("4.2692")
        assert latest_rate_date(s) == date(2026, 3, 6)
        assert s.execute(sa.select(sa.func.count()).select_from(ExchangeRate)).scalar() == 2
    with session_scope(engine) as s, pytest.raises(ValueError):
        upsert_eur_rates(s, [Row("CHF", date(2026, 3, 6), Decimal("4.5"))])


def test_reference_rates_and_what_the_code_table_does_not_know(engine: sa.Engine) -> None:
    with session_scope(engine) as s:
        assert upsert_reference_rates(s, [(date(2025, 10, 9), Decimal("4.50"))]) == 1
        assert upsert_reference_rates(s, [(date(2025, 10, 9), Decimal("4.50"))]) == 0
        upsert_reference_rates(s, [(date(2026, 5, 7), Decimal("3.50"))])
    with session_scope(engine) as s:
        stored = reference_rates(s)
    assert stored == [(date(2025, 10, 9), Decimal("4.5")), (date(2026, 5, 7), Decimal("3.5"))]
    # 2025-10-09 4.50 % is in law/pl/rates.py; 2026-05-07 is not (yet)
    assert unknown_reference_changes(stored) == [(date(2026, 5, 7), Decimal("3.5"))]
    # a stored rate contradicting the code table for a known day is reported too
    assert unknown_reference_changes([(date(2025, 10, 9), Decimal("4.25"))]) == [
        (date(2025, 10, 9), Decimal("4.25"))
    ]


# --- refresh ------------------------------------------------------------------------------


def test_refresh_asks_in_93_day_windows_and_stores_everything(engine: sa.Engine) -> None:
    fake = FakeNbp()
    report = rates_cli.refresh_rates(
        engine, NbpClient(fake.client(), retry=NO_RETRY), date(2025, 4, 9), date(2026, 3, 31)
    )
    assert report.errors == []
    windows = fake.windows()
    assert len(windows) == 4  # 357 days
    spans = [(date.fromisoformat(b) - date.fromisoformat(a)).days + 1 for a, b in windows]
    assert max(spans) <= 93
    assert windows[0][0] == "2025-04-09" and windows[-1][1] == "2026-03-31"
    for (_, prev_end), (next_start, _) in pairwise(windows):
        assert date.fromisoformat(next_start) == date.fromisoformat(prev_end) + timedelta(days=1)
    with session_scope(engine) as s:
        stored = eur_rates(s)
        refs = reference_rates(s)
    assert len(stored) == report.eur_written == report.eur_fetched
    assert stored[date(2026, 3, 31)] == mid_for(date(2026, 3, 31))
    assert refs == [(date(2025, 10, 9), Decimal("4.5"))]
    assert report.warnings == []  # 2025-10-09 4.50 % is already in law/pl/rates.py

    # the stored rates close the gap after the shipped table: rekompensata for an invoice
    # due in April 2026 uses the mid rate of 2026-03-31 (last business day of March)
    with pytest.raises(EurRateUnavailable):
        compensation(Decimal("10000"), date(2026, 4, 15))
    comp = compensation(Decimal("10000"), date(2026, 4, 15), extra_rates=stored)
    assert comp.rate_date == date(2026, 3, 31)
    assert comp.eur_rate == mid_for(date(2026, 3, 31))

    # a second refresh over the same range writes nothing new
    again = rates_cli.refresh_rates(
        engine, NbpClient(fake.client(), retry=NO_RETRY), date(2025, 4, 9), date(2026, 3, 31)
    )
    assert again.eur_written == 0 and again.reference_written == 0


def test_refresh_keeps_finished_windows_when_nbp_fails_half_way(engine: sa.Engine) -> None:
    fake = FakeNbp(fail_windows_from=date(2025, 7, 1))
    report = rates_cli.refresh_rates(
        engine, NbpClient(fake.client(), retry=NO_RETRY), date(2025, 4, 9), date(2025, 12, 31)
    )
    assert len(report.errors) == 1 and "ServiceUnavailable" in report.errors[0]
    with session_scope(engine) as s:
        assert latest_rate_date(s) == date(2025, 7, 10)  # end of the first window, a Thursday


@pytest.fixture
def cli_env(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, store_url: str
) -> Callable[[FakeNbp], None]:
    monkeypatch.setenv("HANDOFF_HOME", str(tmp_path / "var"))
    monkeypatch.setenv("HANDOFF_DATABASE_URL", store_url)

    def use(fake: FakeNbp) -> None:
        monkeypatch.setattr(rates_cli, "make_http_client", fake.client)

    return use


def test_cli_refresh_and_show_json(cli_env: Callable[[FakeNbp], None]) -> None:
    fake = FakeNbp()
    cli_env(fake)
    runner = CliRunner()
    result = runner.invoke(
        app, ["rates", "refresh", "--from", "2026-03-02", "--to", "2026-03-13", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["eur_written"] == 10 and data["eur_latest"] == "2026-03-13"
    assert data["reference_rate"] == {"effective_from": "2025-10-09", "rate": "4.50"}
    assert data["warnings"] == []

    shown = runner.invoke(app, ["rates", "show", "--json", "--limit", "3"])
    assert shown.exit_code == 0, shown.output
    payload = json.loads(shown.stdout)
    assert payload["eur_count"] == 10
    assert [r["date"] for r in payload["eur"]] == ["2026-03-13", "2026-03-12", "2026-03-11"]
    assert payload["eur"][0]["mid"] == str(mid_for(date(2026, 3, 13)))

    # no --from: continue after the newest stored rate
    more = runner.invoke(app, ["rates", "refresh", "--to", "2026-03-20"])
    assert more.exit_code == 0, more.output
    assert fake.windows()[-1] == ("2026-03-14", "2026-03-20")
    assert "Stopa referencyjna NBP: 4.50% od 2025-10-09" in more.stdout


def test_cli_refresh_warns_about_a_reference_rate_decision_the_code_lacks(
    cli_env: Callable[[FakeNbp], None],
) -> None:
    xml = load_bytes(RECORDED_XML).replace(
        b'oprocentowanie="4,50" obowiazuje_od="2025-10-09"',
        b'oprocentowanie="3,25" obowiazuje_od="2026-05-07"',
    )
    assert b"2026-05-07" in xml
    cli_env(FakeNbp(xml=xml))
    result = CliRunner().invoke(
        app, ["rates", "refresh", "--from", "2026-05-04", "--to", "2026-05-08"]
    )
    assert result.exit_code == 0, result.output
    message = (
        "NBP zmienił stopę referencyjną od 2026-05-07 na 3.25%: tabelę w law/pl/rates.py "
        "trzeba uzupełnić (ze źródłem)"
    )
    assert message in " ".join(result.stderr.split())
    shown = CliRunner().invoke(app, ["rates", "show"])
    assert message in " ".join(shown.stderr.split())
    assert "3.25" in shown.stdout


def test_cli_refresh_fails_visibly_when_nbp_is_down(cli_env: Callable[[FakeNbp], None]) -> None:
    cli_env(FakeNbp(fail_windows_from=date(2000, 1, 1)))
    result = CliRunner().invoke(
        app, ["rates", "refresh", "--from", "2026-03-02", "--to", "2026-03-06", "--json"]
    )
    assert result.exit_code == 1
    assert json.loads(result.stdout)["errors"]


# --- rates entered by hand (K8: `handoff rates set`) --------------------------------------


def audit_rows(engine: sa.Engine) -> list[tuple[str, str]]:
    with session_scope(engine) as s:
        query = sa.select(AuditLog.actor, AuditLog.detail).where(
            AuditLog.action == MANUAL_RATE_ACTION
        )
        return [(a, d) for a, d in s.execute(query.order_by(AuditLog.id)).all()]


def test_manual_rate_is_stored_as_such_audited_and_replaced_by_nbp(engine: sa.Engine) -> None:
    day = date(2026, 3, 31)
    with session_scope(engine) as s:
        first = set_manual_rate(s, "eur", day, Decimal("4.2713"), actor="anna")
    assert first.written and first.previous is None
    with session_scope(engine) as s:
        assert eur_rates(s) == {day: Decimal("4.2713")}
        assert exchange_rate_rows(s) == [(day, Decimal("4.2713"), "", MANUAL)]
        # the same value again: nothing written, nothing audited
        assert not set_manual_rate(s, "EUR", day, Decimal("4.2713"), actor="anna").written
        # a corrected hand entry keeps the previous value in the audit log
        again = set_manual_rate(s, "EUR", day, Decimal("4.2700"), actor="ola")
    assert (again.written, again.previous, again.previous_source) == (
        True,
        Decimal("4.2713"),
        MANUAL,
    )
    assert audit_rows(engine) == [
        ("anna", "EUR 2026-03-31 4.2713 (wpis ręczny)"),
        ("ola", "EUR 2026-03-31 4.2700 (wpis ręczny); poprzednio 4.2713 (manual)"),
    ]
    # NBP's own rate for that day, fetched later, replaces the hand entry
    with session_scope(engine) as s:
        nbp_row = Row("EUR", day, Decimal("4.2713"), "063/A/NBP/2026")
        assert upsert_eur_rates(s, [nbp_row]) == 1
    with session_scope(engine) as s:
        assert exchange_rate_rows(s) == [(day, Decimal("4.2713"), "063/A/NBP/2026", "nbp")]
        # ... and a hand entry never overwrites NBP's published value with another one
        with pytest.raises(ManualRateRefused, match="już pobrany z NBP"):
            set_manual_rate(s, "EUR", day, Decimal("4.3000"), actor="anna")
        assert not set_manual_rate(s, "EUR", day, Decimal("4.2713"), actor="anna").written
    assert len(audit_rows(engine)) == 2


def test_manual_rate_never_contradicts_the_shipped_table(engine: sa.Engine) -> None:
    # 2025-04-08 is the last day of law/pl/data/eur_mid_rates.py
    shipped = max(EUR_MID_RATES)
    with session_scope(engine) as s, pytest.raises(ManualRateRefused, match="tabeli wbudowanej"):
        set_manual_rate(s, "EUR", shipped, Decimal("9.9999"), actor="anna")
    with session_scope(engine) as s:
        assert eur_rates(s) == {}
    assert audit_rows(engine) == []


def test_manual_rate_feeds_the_rekompensata(engine: sa.Engine) -> None:
    # K8: the rate of 31.03.2026 missing; entered by hand, the rekompensata is computed
    with pytest.raises(EurRateUnavailable) as missing:
        compensation(Decimal("10000"), date(2026, 4, 15))
    assert "handoff rates set EUR 2026-03-31 <kurs>" in str(missing.value)
    with session_scope(engine) as s:
        set_manual_rate(s, "EUR", date(2026, 3, 31), Decimal("4.2500"), actor="anna")
        stored = eur_rates(s)
    comp = compensation(Decimal("10000"), date(2026, 4, 15), extra_rates=stored)
    assert (comp.rate_date, comp.eur, comp.pln) == (
        date(2026, 3, 31),
        Decimal(70),
        Decimal("297.50"),  # 70 EUR x 4,2500
    )


def test_cli_set_stores_audits_and_show_marks_it(
    cli_env: Callable[[FakeNbp], None], monkeypatch: pytest.MonkeyPatch, store_url: str
) -> None:
    monkeypatch.setattr(rates_cli, "firm_today", lambda: date(2026, 12, 1))
    monkeypatch.setattr(rates_cli.getpass, "getuser", lambda: "kasia")
    runner = CliRunner()
    done = runner.invoke(app, ["rates", "set", "EUR", "2026-03-31", "4,2713", "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout) == {
        "code": "EUR",
        "date": "2026-03-31",
        "mid": "4.2713",
        "source": "manual",
        "entered_by": "kasia",
        "written": True,
        "previous": None,
    }
    by = runner.invoke(app, ["rates", "set", "EUR", "2026-04-30", "4.2400", "--by", "anna"])
    assert by.exit_code == 0, by.output
    assert "Zapisano kurs EUR z 2026-04-30: 4,2400 zł (wpis ręczny, anna)" in by.stdout
    shown = runner.invoke(app, ["rates", "show", "--json"])
    assert shown.exit_code == 0, shown.output
    rows = json.loads(shown.stdout)["eur"]
    assert [(r["date"], r["mid"], r["source"], r["entered_by_hand"]) for r in rows] == [
        ("2026-04-30", "4.2400", "manual", True),
        ("2026-03-31", "4.2713", "manual", True),
    ]
    assert {"date", "mid", "table_no"} <= set(rows[0])  # the keys of before stay
    table = runner.invoke(app, ["rates", "show"])
    assert "wpis ręczny" in table.stdout
    from store.db import open_store

    audit_engine = open_store(store_url)
    try:
        assert [a for a, _ in audit_rows(audit_engine)] == ["kasia", "anna"]
    finally:
        audit_engine.dispose()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["USD", "2026-03-31", "4.0"], "Błąd: nieznana waluta 'USD': obsługiwany jest tylko EUR"),
        (["EUR", "2026-02-30", "4.0"], "Błąd: '2026-02-30' nie jest datą (format RRRR-MM-DD)"),
        (["EUR", "31.03.2026", "4.0"], "Błąd: '31.03.2026' nie jest datą (format RRRR-MM-DD)"),
        (["EUR", "2026-12-02", "4.0"], "Błąd: data 2026-12-02 jest w przyszłości"),
        (["EUR", "2026-03-28", "4.0"], "Błąd: 2026-03-28 to sobota: NBP nie publikuje"),
        (["EUR", "2026-04-06", "4.0"], "Błąd: 2026-04-06 to dzień ustawowo wolny od pracy"),
        (["EUR", "2026-03-31", "abc"], "Błąd: 'abc' nie jest kursem"),
        (["EUR", "2026-03-31", "0"], "Błąd: '0': kurs musi być dodatni"),
        (["EUR", "2026-03-31", "4.27135"], "najwyżej 4 miejsca po przecinku"),
        (["EUR", "2026-03-31", "42713"], "nieprawdopodobny kurs EUR"),
        (["EUR", "2025-04-08", "4.5"], "jest w tabeli wbudowanej (4,2946)"),
    ],
)
def test_cli_set_refuses_bad_input_with_one_polish_line(
    cli_env: Callable[[FakeNbp], None],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.setattr(rates_cli, "firm_today", lambda: date(2026, 12, 1))
    result = CliRunner().invoke(app, ["rates", "set", *args])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


# --- the handoff pipeline reads the stored rates ------------------------------------------


@pytest.mark.slow
def test_handoff_draft_chunk_uses_stored_eur_rates(
    engine: sa.Engine, store_url: str, tmp_path: Path
) -> None:
    from flows.handoff import draft_chunk
    from intake.importer import import_batch
    from store.drafting import draftable_case_ids
    from store.tables import CaseFinding
    from tests.conftest import SAMPLES

    import_batch(engine, str(SAMPLES / "cases"))
    ids = draftable_case_ids(engine)
    settings = Settings(home=tmp_path / "var", database_url=store_url)
    on = date(2026, 10, 15)

    def missing() -> int:
        with session_scope(engine) as s:
            query = sa.select(CaseFinding.id).where(CaseFinding.code == "eur_rate_missing")
            return len(s.execute(query).all())

    draft_chunk.fn(ids, on, settings)
    assert missing() > 0  # invoices due in 2026: the shipped table ends 2025-04-08

    fake = FakeNbp()
    rates_cli.refresh_rates(
        engine, NbpClient(fake.client(), retry=NO_RETRY), date(2025, 4, 9), on, reference=False
    )
    rows = draft_chunk.fn(ids, on, settings)
    assert {r["outcome"] for r in rows} <= {"drafted", "unchanged"}
    assert missing() == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-13-01"], "Błąd: --from: '2026-13-01' nie jest datą (format RRRR-MM-DD)"),
        (["--from", "2026-05-01", "--to", "2026-04-01"], "Błąd: --from 2026-05-01 jest później"),
    ],
)
def test_cli_refresh_refuses_bad_days_with_one_polish_line(
    cli_env: Callable[[FakeNbp], None], args: list[str], message: str
) -> None:
    fake = FakeNbp()
    cli_env(fake)
    result = CliRunner().invoke(app, ["rates", "refresh", *args])
    assert result.exit_code == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr
    assert fake.requests == []
