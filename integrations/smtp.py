"""Send e-mail over SMTP (plain text, optional HTML alternative, UTF-8 throughout).

Settings come in as a frozen :class:`SmtpSettings`; nothing here reads the environment.
``smtplib`` failures are mapped onto :mod:`integrations.errors`:

    connection refused / dropped, timeout, 4xx reply    -> ServiceUnavailable (try later)
    authentication failed, 5xx reply (bad recipient...) -> ClientRequestError(status=code)

There are no retries here: a mail is not idempotent at this level, the caller's flow decides.
The message body and the recipients are never logged.
"""

from __future__ import annotations

import base64
import smtplib
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from integrations.errors import ClientRequestError, ServiceUnavailable

SERVICE = "smtp"


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int = 587
    sender: str = ""  # "Kancelaria <biuro@example.pl>"; used when send_email gets none
    user: str = ""
    password: str = field(default="", repr=False)
    starttls: bool = True  # upgrade with STARTTLS (port 587)
    ssl: bool = False  # implicit TLS (port 465); excludes starttls
    timeout: float = 30.0
    local_hostname: str | None = None


def build_message(
    *,
    sender: str,
    to: Sequence[str],
    subject: str,
    text: str,
    html: str | None = None,
    cc: Sequence[str] = (),
    reply_to: str | None = None,
    domain: str | None = None,
) -> EmailMessage:
    """A UTF-8 message: text/plain, or multipart/alternative when ``html`` is given."""
    if not to:
        raise ValueError("an e-mail needs at least one recipient")
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    if cc:
        msg["Cc"] = ", ".join(cc)
    if reply_to:
        msg["Reply-To"] = reply_to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=domain)
    msg.set_content(text, charset="utf-8")
    if html is not None:
        msg.add_alternative(html, subtype="html", charset="utf-8")
    return msg


def _connect(settings: SmtpSettings, context: ssl.SSLContext | None) -> smtplib.SMTP:
    if settings.ssl:
        return smtplib.SMTP_SSL(
            settings.host,
            settings.port,
            timeout=settings.timeout,
            local_hostname=settings.local_hostname,
            context=context or ssl.create_default_context(),
        )
    return smtplib.SMTP(
        settings.host,
        settings.port,
        timeout=settings.timeout,
        local_hostname=settings.local_hostname,
    )


def _login(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """``smtp.login``, except for non-ASCII credentials (``smtplib`` encodes them as ASCII),
    which go as AUTH PLAIN in UTF-8 (RFC 4616)."""
    if (user + password).isascii():
        smtp.login(user, password)
        return
    smtp.ehlo_or_helo_if_needed()
    token = base64.b64encode(b"\0" + user.encode() + b"\0" + password.encode()).decode()
    code, reply = smtp.docmd("AUTH", "PLAIN " + token)
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, reply)


def send_message(
    settings: SmtpSettings,
    msg: EmailMessage,
    *,
    ssl_context: ssl.SSLContext | None = None,
    connect: Callable[[SmtpSettings, ssl.SSLContext | None], smtplib.SMTP] = _connect,
) -> str:
    """Deliver ``msg`` to the relay; return its Message-ID."""
    try:
        with connect(settings, ssl_context) as smtp:
            if settings.starttls and not settings.ssl:
                smtp.starttls(context=ssl_context or ssl.create_default_context())
            if settings.user:
                _login(smtp, settings.user, settings.password)
            refused = smtp.send_message(msg)
    except smtplib.SMTPAuthenticationError as exc:
        raise ClientRequestError(
            "smtp: authentication failed", service=SERVICE, status=exc.smtp_code
        ) from exc
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        status = max(codes) if codes else 550
        if 400 <= status < 500:
            raise ServiceUnavailable("smtp: recipients deferred", service=SERVICE) from exc
        raise ClientRequestError(
            "smtp: all recipients refused", service=SERVICE, status=status
        ) from exc
    except smtplib.SMTPResponseException as exc:
        if 400 <= exc.smtp_code < 500:
            raise ServiceUnavailable(
                f"smtp: temporary failure {exc.smtp_code}", service=SERVICE
            ) from exc
        raise ClientRequestError(
            f"smtp: rejected with {exc.smtp_code}", service=SERVICE, status=exc.smtp_code
        ) from exc
    except (smtplib.SMTPException, OSError) as exc:  # includes timeouts and refused sockets
        raise ServiceUnavailable(
            f"smtp: {type(exc).__name__} talking to the relay", service=SERVICE
        ) from exc
    if refused:
        raise ClientRequestError(
            f"smtp: {len(refused)} recipient(s) refused", service=SERVICE, status=550
        )
    return str(msg["Message-ID"])


def send_email(
    settings: SmtpSettings,
    *,
    to: Sequence[str],
    subject: str,
    text: str,
    html: str | None = None,
    sender: str | None = None,
    cc: Sequence[str] = (),
    reply_to: str | None = None,
    ssl_context: ssl.SSLContext | None = None,
) -> str:
    """Build and send one e-mail; return its Message-ID."""
    from_ = sender or settings.sender
    if not from_:
        raise ValueError("no sender: pass sender= or set SmtpSettings.sender")
    msg = build_message(
        sender=from_, to=to, subject=subject, text=text, html=html, cc=cc, reply_to=reply_to
    )
    return send_message(settings, msg, ssl_context=ssl_context)
