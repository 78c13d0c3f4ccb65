"""Import of N case folders whose invoices are KSeF FA(3) structured invoices.

    .venv/bin/python bench/ksef.py [--n 10000] [--keep DIR]

Builds N synthetic case folders (``intake.synthetic``) and gives every invoice of a business
debtor its FA(3) XML, KSeF number and UPO (one template invoice built by ksef-client's
builder, its fields set per invoice with lxml, so generation is not what is measured; the
UPO by ``intake.ksef_upo.upo_xml``). Then, each in its own subprocess so that the peak RSS
is the phase's alone:

* ``read``: every XML read as the importer reads it (schema validation with the bundled
  FA(3) schema, ksef-client's parser, the declared P_15), and every UPO read and held
  against its invoice (KSeF number, invoice number, seller, day, SHA-256 of the XML);
* ``import``: ``intake.import_batch`` of the N cases into a fresh SQLite store (validation,
  the XML and UPO cross-checks, evidence hashing, the store with ``invoice.ksef_number``).

Prints the number of invoices, wall time, invoices (or cases) per second and peak RSS.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NS = "{http://crd.gov.pl/wzor/2025/06/25/13775/}"
TNIP = re.compile(r"^[1-9]((\d[1-9])|([1-9]\d))\d{7}$")  # ElementarneTypyDanych TNrNIP


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(n: int, out: Path) -> int:
    """Write the N case folders with their KSeF XML; return the number of XML invoices."""
    from lxml import etree

    from intake.ksef import Fa3Party, fa3_xml
    from intake.ksef_upo import upo_xml
    from intake.synthetic import CREDITOR, generate_cases
    from intake.validation import normalized_id
    from law.pl.ksef import crc8

    generate_cases(n, out)
    seller_nip = normalized_id(CREDITOR["nip"]) or ""
    template = etree.fromstring(
        fa3_xml(
            "FV/1",
            issued_on=date(2026, 6, 1),
            seller=Fa3Party(seller_nip, CREDITOR["name"], CREDITOR["street"], "00-001 Warszawa"),
            buyer=Fa3Party("2141707530", "Nabywca sp. z o.o.", "ul. Prosta 1", "00-001 Warszawa"),
            lines=[("Usługa", Decimal(1), "szt.", Decimal("100.00"))],
            due_date=date(2026, 6, 15),
            bank_account=CREDITOR.get("bank_account") or "55276115505236426295045061",
            place="Warszawa",
            created_at="2026-06-01T10:00:00Z",
        )
    )
    fa = template.find(f"{NS}Fa")
    count = 0
    for case_json in sorted(out.glob("*/case.json")):
        doc = json.loads(case_json.read_text(encoding="utf-8"))
        buyer_nip = normalized_id(doc["debtor"].get("nip"))
        # consumers receive no KSeF invoices; FA(3) TNIP refuses a NIP with "00" as its
        # tax-office digits, which the synthetic NIPs (checksum only) may have
        if not buyer_nip or not TNIP.match(buyer_nip):
            continue
        for k, inv in enumerate(doc["invoices"]):
            gross = Decimal(inv["amount"])
            net = (gross / Decimal("1.23")).quantize(Decimal("0.01"))
            vat = gross - net
            template.find(f"{NS}Podmiot2/{NS}DaneIdentyfikacyjne/{NS}NIP").text = buyer_nip
            template.find(f"{NS}Podmiot2/{NS}DaneIdentyfikacyjne/{NS}Nazwa").text = doc["debtor"][
                "name"
            ]
            fa.find(f"{NS}P_1").text = inv["issue_date"]
            fa.find(f"{NS}P_6").text = inv["issue_date"]
            fa.find(f"{NS}P_2").text = inv["number"]
            fa.find(f"{NS}P_13_1").text = f"{net}"
            fa.find(f"{NS}P_14_1").text = f"{vat}"
            fa.find(f"{NS}P_15").text = f"{gross}"
            line = fa.find(f"{NS}FaWiersz")
            line.find(f"{NS}P_9A").text = f"{net}"
            line.find(f"{NS}P_11").text = f"{net}"
            line.find(f"{NS}P_11Vat").text = f"{vat}"
            for term in fa.iter(f"{NS}Termin"):
                term.text = inv["due_date"]
            name = f"ksef/faktura-{k + 1}.xml"
            target = case_json.parent / name
            target.parent.mkdir(exist_ok=True)
            data = etree.tostring(template, xml_declaration=True, encoding="UTF-8")
            target.write_bytes(data)
            head = f"{seller_nip}-{inv['issue_date'].replace('-', '')}-{count:012X}"
            inv["ksef_number"] = f"{head}-{crc8(head.encode()):02X}"
            inv["ksef_xml"] = name
            upo_name = f"ksef/faktura-{k + 1}.upo.xml"
            (case_json.parent / upo_name).write_bytes(
                upo_xml(
                    session=f"{inv['issue_date'].replace('-', '')}-SO-{count:010X}",
                    seller_nip=seller_nip,
                    ksef_number=inv["ksef_number"],
                    invoice_number=inv["number"],
                    issue_date=date.fromisoformat(inv["issue_date"]),
                    assigned_at=f"{inv['issue_date']}T12:00:00+01:00",
                    xml=data,
                )
            )
            inv["ksef_upo"] = upo_name
            count += 1
        case_json.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return count


def phase_read(batch: Path) -> None:
    from intake.ksef import KsefXmlError, fa3_schema, read_fa3
    from intake.ksef_upo import UpoError, read_upo, upo_errors
    from law.pl.ksef import parse_ksef_number

    files = sorted(p for p in batch.glob("*/ksef/*.xml") if not p.name.endswith(".upo.xml"))
    fa3_schema()  # compiled once per process, as in an import
    start = time.perf_counter()
    total, bad = Decimal(0), 0
    for path in files:
        try:
            total += read_fa3(path.read_bytes()).gross
        except KsefXmlError:
            bad += 1
    took = time.perf_counter() - start
    print(
        f"read    {len(files)} FA(3) invoices in {took:.2f} s "
        f"({len(files) / took:,.0f}/s), {bad} refused, gross total {total}, "
        f"peak RSS {_peak_mb():.0f} MB"
    )
    start = time.perf_counter()
    checked, contradicted = 0, 0
    for path in files:
        upo = read_upo(path.with_name(path.stem + ".upo.xml").read_bytes())
        try:
            doc = upo.documents[0]
            found = upo_errors(
                upo,
                invoice_number=doc.invoice_number,
                ksef_number=parse_ksef_number(doc.ksef_number),
                seller_nip=doc.seller_nip,
                xml=path.read_bytes(),
            )
        except UpoError:
            found = [("", "")]
        checked += 1
        contradicted += bool(found)
    took = time.perf_counter() - start
    print(
        f"upo     {checked} UPOs read and checked in {took:.2f} s ({checked / took:,.0f}/s), "
        f"{contradicted} contradicting, peak RSS {_peak_mb():.0f} MB"
    )


def phase_import(batch: Path) -> None:
    from intake import import_batch
    from store.db import open_store

    with tempfile.TemporaryDirectory() as tmp:
        engine = open_store(f"sqlite:///{tmp}/bench.db")
        start = time.perf_counter()
        report = import_batch(engine, batch, today=date(2026, 11, 23))
        took = time.perf_counter() - start
        engine.dispose()
    print(
        f"import  {report.seen} cases in {took:.2f} s ({report.seen / took:,.0f} cases/s): "
        f"{report.created} created, {report.rejected} rejected; peak RSS {_peak_mb():.0f} MB"
    )
    if report.rejected:
        print("  first error:", report.errors[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="number of cases")
    parser.add_argument("--keep", type=Path, help="build the batch here and keep it")
    parser.add_argument("--phase", choices=("read", "import"), help=argparse.SUPPRESS)
    parser.add_argument("--batch", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        (phase_read if args.phase == "read" else phase_import)(args.batch)
        return
    with tempfile.TemporaryDirectory(prefix="bench-ksef-") as tmp:
        batch = args.keep or Path(tmp) / "batch"
        start = time.perf_counter()
        count = build(args.n, batch)
        print(
            f"built   {args.n} cases, {count} FA(3) invoices in {time.perf_counter() - start:.1f} s"
        )
        for phase in ("read", "import"):
            cmd = [sys.executable, __file__, "--phase", phase, "--batch", str(batch)]
            subprocess.run(cmd, check=True)


if __name__ == "__main__":
    main()
