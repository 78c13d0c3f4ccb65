"""Every audit action a case's history can show has a Polish label on the case page
(review.formatting.ACTION_LABELS); an unlabelled one would read "Czynność systemowa".

The actions are read from the source (every ``AuditLog(action=...)``, ``audit(...)`` and
``_audit(...)`` call: string literals and module constants); the ones built at run time
(f-strings) are listed below with their values, and a new run-time family fails the test
until it is listed here and labelled."""

from __future__ import annotations

import ast
from pathlib import Path

from review.formatting import ACTION_LABELS

REPO = Path(__file__).resolve().parents[2]
ROOTS = ("casework", "store", "flows", "cli", "review", "intake")
# Actions with no case (the history of a case never shows them), and a Deadline's own
# ``action`` text the scan picks up (not an audit action).
NOT_IN_CASE_HISTORY = {
    "sign_in",
    "sign_in_failed",
    "sign_in_locked",
    "sign_out",
    "user_created",
    "user_deactivated",
    "user_password_changed",
    "exchange_rate_set",
    "ponowny wniosek egzekucyjny przed przedawnieniem roszczenia z tytułu",
}
# The run-time families: the expression as written -> the values it takes.
DYNAMIC = {
    "f'court_letter.{decision}'": {"court_letter.approve", "court_letter.send_back"},
    "f'settlement.{decision}'": {"settlement.approve", "settlement.send_back"},
    "f'review_{decision}'": {"review_approve", "review_send_back"},
    "f'intake.{outcome.value}'": {"intake.created", "intake.updated", "intake.unchanged"},
    "f'esad.{status}'": {
        "esad.pending",
        "esad.accepted",
        "esad.rejected",
        "esad.unknown",
        "esad.not_sent",
    },
    # passed through from the caller (the caller's literal is scanned there)
    "action": set(),
    "OVERRIDE_ACTION": set(),
    "d.action": set(),
    "case_id": set(),
    "p.head.case_id": set(),
}
# written as rows of a bulk insert (dicts) or through a variable, not a call the scan reads
BULK = {
    "payment.recorded",
    "drafted",
    "review_acknowledged",
    "review_decision_stale",
    "review_applied_approve",
    "review_applied_send_back",
}


def _actions() -> tuple[set[str], set[str]]:
    found: set[str] = set()
    dynamic: set[str] = set()
    for root in ROOTS:
        for path in sorted((REPO / root).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            consts = {
                target.id: node.value.value
                for node in tree.body
                if isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
                for target in node.targets
                if isinstance(target, ast.Name)
            }
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                name = getattr(func, "id", None) or getattr(func, "attr", "")
                arg = next((k.value for k in node.keywords if k.arg == "action"), None)
                if arg is None and name in ("audit", "_audit", "audit_row") and len(node.args) > 2:
                    arg = node.args[2]
                if arg is None:
                    continue
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.add(arg.value)
                elif isinstance(arg, ast.Name) and arg.id in consts:
                    found.add(consts[arg.id])
                else:
                    dynamic.add(ast.unparse(arg))
    return found, dynamic


def test_every_audit_action_of_a_case_has_a_polish_label() -> None:
    found, dynamic = _actions()
    assert found, "the scan found no audit action: it no longer reads the source"
    unknown = dynamic - set(DYNAMIC)
    assert not unknown, f"audit actions built at run time, not listed in DYNAMIC: {unknown}"
    expanded = set().union(*DYNAMIC.values())
    wanted = (found | expanded | BULK) - NOT_IN_CASE_HISTORY
    missing = sorted(a for a in wanted if a not in ACTION_LABELS)
    assert not missing, f"no Polish label in review.formatting.ACTION_LABELS: {missing}"
