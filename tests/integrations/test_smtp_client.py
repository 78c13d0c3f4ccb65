"""SMTP against a real aiosmtpd server on 127.0.0.1 (the reusable SmtpSink)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from integrations.errors import ClientRequestError, ServiceUnavailable
from integrations.smtp import SmtpSettings, build_message, send_email
from integrations.smtp_sink import SmtpSink, free_port

SUBJECT = "Wezwanie do zapłaty — sprawa ŻÓŁĆ/2026/42"
TEXT = "Zażółć gęślą jaźń. Kwota: 1 234,56 zł. Termin: 7 dni.\n"
HTML = "<p>Zażółć <b>gęślą</b> jaźń — 1&nbsp;234,56&nbsp;zł</p>"


def test_polish_message_arrives_intact(smtp_sink: SmtpSink) -> None:
    message_id = send_email(
        smtp_sink.settings(sender="Kancelaria Łęcka <biuro@kancelaria.example.pl>"),
        to=["dłużnik <dluznik@example.pl>"],
        subject=SUBJECT,
        text=TEXT,
        html=HTML,
        reply_to="sekretariat@kancelaria.example.pl",
    )
    (mail,) = smtp_sink.mails
    msg = mail.message
    assert mail.rcpt_tos == ("dluznik@example.pl",)
    assert mail.mail_from == "biuro@kancelaria.example.pl"
    assert msg["Subject"] == SUBJECT
    assert msg["From"] == "Kancelaria Łęcka <biuro@kancelaria.example.pl>"
    assert msg["Message-ID"] == message_id
    assert msg.get_content_type() == "multipart/alternative"
    plain = msg.get_body(("plain",))
    html = msg.get_body(("html",))
    assert plain is not None and html is not None
    assert plain.get_content().replace("\r\n", "\n") == TEXT
    assert plain.get_content_charset() == "utf-8"
    assert html.get_content().strip() == HTML
    assert "Zażółć".encode() not in mail.raw.split(b"\r\n\r\n", 1)[0]  # headers are encoded


def test_plain_text_only(smtp_sink: SmtpSink) -> None:
    send_email(smtp_sink.settings(), to=["a@example.pl", "b@example.pl"], subject="Ś", text="ż")
    (msg,) = smtp_sink.wait_for(1)
    assert msg.get_content_type() == "text/plain"
    assert msg.get_content().strip() == "ż"
    assert smtp_sink.mails[0].rcpt_tos == ("a@example.pl", "b@example.pl")


def test_login_against_a_sink_requiring_auth() -> None:
    with SmtpSink(user="kancelaria", password="hasło-ąę") as sink:
        send_email(sink.settings(), to=["x@example.pl"], subject="t", text="t")
        assert len(sink.mails) == 1
        wrong = replace(sink.settings(), password="złe")
        with pytest.raises(ClientRequestError) as exc:
            send_email(wrong, to=["x@example.pl"], subject="t", text="t")
        assert exc.value.status == 535
        assert len(sink.mails) == 1


def test_unreachable_relay_is_service_unavailable() -> None:
    settings = SmtpSettings(
        host="127.0.0.1", port=free_port(), sender="a@example.pl", starttls=False, timeout=2
    )
    with pytest.raises(ServiceUnavailable):
        send_email(settings, to=["x@example.pl"], subject="t", text="t")


def test_password_not_in_repr() -> None:
    assert "tajne" not in repr(SmtpSettings(host="smtp.example.pl", password="tajne"))


def test_message_needs_recipient_and_sender() -> None:
    with pytest.raises(ValueError):
        build_message(sender="a@example.pl", to=[], subject="s", text="t")
    with pytest.raises(ValueError):
        send_email(SmtpSettings(host="localhost"), to=["x@example.pl"], subject="s", text="t")
