"""The published JSON Schema of ``handoff-case/1``, generated from ``intake.formats``.

Regenerate after changing the models: ``python -m intake.schema`` (writes
``docs/case.schema.json``); a test fails while the committed file is stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from intake.formats import CaseDocument

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "docs" / "case.schema.json"


def case_schema() -> dict[str, Any]:
    schema = CaseDocument.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def schema_text() -> str:
    return json.dumps(case_schema(), ensure_ascii=False, indent=2) + "\n"


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_schema(Path(sys.argv[1]) if len(sys.argv) > 1 else SCHEMA_PATH))
