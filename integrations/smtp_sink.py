"""A real SMTP server on 127.0.0.1 that keeps what it receives - for tests and local demos.

    with SmtpSink() as sink:                      # picks a free port
        send_email(sink.settings(sender="a@b.pl"), to=["x@y.pl"], subject="Ś", text="ż")
        msg = sink.wait_for(1)[0]                 # email.message.EmailMessage, decoded
        assert msg.get_content().strip() == "ż"

Built on aiosmtpd's threaded ``Controller``. Pass ``user``/``password`` to require AUTH
(allowed without TLS here, since it is loopback only). A pytest fixture wrapping it lives in
``tests/integrations/conftest.py`` (``smtp_sink``).
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
import time
import warnings
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

from integrations.smtp import SmtpSettings


@dataclass(frozen=True, slots=True)
class ReceivedMail:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    raw: bytes
    message: EmailMessage


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


class _Handler:
    def __init__(self, sink: SmtpSink) -> None:
        self._sink = sink

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self._sink._add(ReceivedMail(envelope.mail_from, tuple(envelope.rcpt_tos), raw, message))
        return "250 OK"


class _Controller(Controller):
    def factory(self) -> SMTP:
        with warnings.catch_warnings():
            # AUTH without TLS is deliberate here: loopback only, test credentials.
            warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
            return super().factory()  # type: ignore[no-any-return]


class SmtpSink:
    """A local SMTP server that records messages. Use as a context manager."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int | None = None,
        user: str = "",
        password: str = "",
    ) -> None:
        self.host = host
        self.port = port or free_port(host)
        self.user = user
        self.password = password
        self._mails: list[ReceivedMail] = []
        self._cond = threading.Condition()
        kwargs: dict[str, Any] = {}
        if user:
            kwargs = {
                "authenticator": self._authenticate,
                "auth_required": True,
                "auth_require_tls": False,
            }
        self._controller = _Controller(_Handler(self), hostname=host, port=self.port, **kwargs)

    def _authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == self.user
            and auth_data.password.decode() == self.password
        )
        return AuthResult(success=ok, handled=False)

    def _add(self, mail: ReceivedMail) -> None:
        with self._cond:
            self._mails.append(mail)
            self._cond.notify_all()

    @property
    def mails(self) -> list[ReceivedMail]:
        with self._cond:
            return list(self._mails)

    @property
    def messages(self) -> list[EmailMessage]:
        return [m.message for m in self.mails]

    def wait_for(self, count: int, timeout: float = 5.0) -> list[EmailMessage]:
        """Block until ``count`` messages arrived (delivery is synchronous, so rarely waits)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self._mails) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"got {len(self._mails)} of {count} messages")
                self._cond.wait(remaining)
            return [m.message for m in self._mails]

    def clear(self) -> None:
        with self._cond:
            self._mails.clear()

    def settings(self, *, sender: str = "kancelaria@example.pl") -> SmtpSettings:
        """Settings pointing at this sink (plain SMTP, AUTH if the sink requires it)."""
        return SmtpSettings(
            host=self.host,
            port=self.port,
            sender=sender,
            user=self.user,
            password=self.password,
            starttls=False,
            timeout=5.0,
        )

    def start(self) -> SmtpSink:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def __enter__(self) -> SmtpSink:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
