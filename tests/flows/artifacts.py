"""The artifacts a flow published, read through the REST API of the session's Prefect server
(``prefect_api`` fixture): the 3.8 sync client sends null filters this server refuses."""

from __future__ import annotations

import json
from typing import Any

import httpx


def find_artifacts(where: dict[str, Any], *, limit: int) -> list[dict[str, Any]]:
    """The artifacts matching ``where`` (an ``artifacts`` filter), newest first."""
    from prefect.settings import PREFECT_API_URL

    reply = httpx.post(
        f"{PREFECT_API_URL.value()}/artifacts/filter",
        json={"artifacts": where, "sort": "CREATED_DESC", "limit": limit, "offset": 0},
        timeout=30,
    )
    reply.raise_for_status()
    found: list[dict[str, Any]] = reply.json()
    return found


def latest_artifact(key: str) -> dict[str, Any]:
    """The newest artifact published under ``key``."""
    return find_artifacts({"key": {"any_": [key]}}, limit=1)[0]


def table_rows(artifact: dict[str, Any]) -> list[dict[str, Any]]:
    """A table artifact's rows (the server may hand ``data`` back as a JSON string)."""
    data = artifact["data"]
    return json.loads(data) if isinstance(data, str) else list(data)
