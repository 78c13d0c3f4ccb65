"""Runtime settings: one object, read from the environment at entry points only.

Library code never reads the environment; the CLI, the flows and the review app build a
``Settings`` with ``Settings.from_env()`` and pass it (or the parts they need) down.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

FIRM_TZ = ZoneInfo("Europe/Warsaw")
REPO_ROOT = Path(__file__).resolve().parents[1]


def firm_today() -> date:
    """The firm's calendar day (the machine may run on UTC); read at entry points only."""
    return datetime.now(FIRM_TZ).date()


SAMPLE_FIRM = REPO_ROOT / "samples" / "firm.json"


def _default_home() -> Path:
    return Path(os.environ.get("HANDOFF_HOME", Path.cwd() / "var")).resolve()


@dataclass(frozen=True)
class Settings:
    home: Path = field(default_factory=_default_home)
    database_url: str = ""
    # "offline": no registry is asked (demo, tests); "live": the public registries are asked.
    registries: str = "offline"
    ceidg_token: str | None = None
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    mail_from: str = "kancelaria@localhost"
    webhook_url: str | None = None
    webhook_secret: str | None = None
    review_secret: str = "change-me-in-production"
    review_base_url: str = "http://127.0.0.1:8765"
    # Host header values the review page answers (name or name:port); empty: loopback names
    # and the host of review_base_url.
    review_hosts: tuple[str, ...] = ()
    review_idle_minutes: int = 30  # a review session unused this long ends
    review_session_hours: int = 8  # and none lasts longer than this
    chunk_size: int = 100
    firm_file: Path = SAMPLE_FIRM  # the law firm's profile (name, attorney, address) as JSON
    # The firm's own Word templates (HANDOFF_TEMPLATES_DIR): edited copies live there and
    # survive upgrades; a template the folder lacks falls back to documents/templates.
    # None: the shipped templates.
    templates_dir: Path | None = None
    # The e-Sąd web service (integrations.esad): its address and the bulk filer's account
    # (login, password, the API key generated in the portal). Without all three credentials
    # ``handoff epu submit`` exports the package for manual upload.
    esad_url: str = "https://www.e-sad.gov.pl/api2/EpuWS.EpuService.svc"
    esad_login: str | None = None
    esad_password: str | None = None
    esad_api_key: str | None = None
    esad_timeout: float = 120.0  # seconds to wait for the court's answer

    def __post_init__(self) -> None:
        if not self.database_url:
            object.__setattr__(self, "database_url", f"sqlite:///{self.home / 'handoff.db'}")

    @property
    def documents_dir(self) -> Path:
        return self.home / "documents"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        e = dict(os.environ if env is None else env)
        home = Path(e.get("HANDOFF_HOME", str(Path.cwd() / "var"))).resolve()
        return cls(
            home=home,
            database_url=e.get("HANDOFF_DATABASE_URL", ""),
            registries=e.get("HANDOFF_REGISTRIES", "offline"),
            ceidg_token=e.get("HANDOFF_CEIDG_TOKEN") or None,
            smtp_host=e.get("HANDOFF_SMTP_HOST") or None,
            smtp_port=int(e.get("HANDOFF_SMTP_PORT", "25")),
            smtp_user=e.get("HANDOFF_SMTP_USER") or None,
            smtp_password=e.get("HANDOFF_SMTP_PASSWORD") or None,
            smtp_starttls=e.get("HANDOFF_SMTP_STARTTLS", "") in {"1", "true", "yes"},
            mail_from=e.get("HANDOFF_MAIL_FROM", "kancelaria@localhost"),
            webhook_url=e.get("HANDOFF_WEBHOOK_URL") or None,
            webhook_secret=e.get("HANDOFF_WEBHOOK_SECRET") or None,
            review_secret=e.get("HANDOFF_REVIEW_SECRET", "change-me-in-production"),
            review_base_url=e.get("HANDOFF_REVIEW_URL", "http://127.0.0.1:8765"),
            review_hosts=tuple(
                h.strip() for h in e.get("HANDOFF_REVIEW_HOSTS", "").split(",") if h.strip()
            ),
            review_idle_minutes=int(e.get("HANDOFF_REVIEW_IDLE_MINUTES", "30")),
            review_session_hours=int(e.get("HANDOFF_REVIEW_SESSION_HOURS", "8")),
            chunk_size=int(e.get("HANDOFF_CHUNK_SIZE", "100")),
            firm_file=Path(e.get("HANDOFF_FIRM_FILE", str(SAMPLE_FIRM))),
            templates_dir=(
                Path(e["HANDOFF_TEMPLATES_DIR"]).expanduser().resolve()
                if e.get("HANDOFF_TEMPLATES_DIR")
                else None
            ),
            esad_url=e.get("HANDOFF_ESAD_URL")
            or "https://www.e-sad.gov.pl/api2/EpuWS.EpuService.svc",
            esad_login=e.get("HANDOFF_ESAD_LOGIN") or None,
            esad_password=e.get("HANDOFF_ESAD_PASSWORD") or None,
            esad_api_key=e.get("HANDOFF_ESAD_API_KEY") or None,
            esad_timeout=float(e.get("HANDOFF_ESAD_TIMEOUT", "120")),
        )
