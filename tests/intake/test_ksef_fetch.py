"""Fetch by KSeF number through ksef-client's API v2 client, against recorded-style responses
on ``httpx.MockTransport`` (never the network). The fake KSeF decrypts the token with its
private key, as KSeF does, so a wrong token is refused."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from intake.ksef import KsefFetchError, fetch_invoice_xml
from tests.intake.test_ksef import NUMBER, invoice_xml, ksef_number

TOKEN = "20260601-EC-2B7C10A9F1-8E3D2C1B0A-7F|nip-2588139984|0123456789abcdef"
XML = invoice_xml()


def _certificate() -> tuple[rsa.RSAPrivateKey, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "KSeF test")])
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    return key, base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()


KEY, CERT = _certificate()


def fake_ksef(calls: list[str], *, invoice: bytes = XML) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        calls.append(f"{request.method} {path}")
        if path == "/v2/security/public-key-certificates":
            return httpx.Response(
                200,
                json=[
                    {
                        "certificate": CERT,
                        "certificateId": "c1",
                        "publicKeyId": "k1",
                        "usage": ["KsefTokenEncryption"],
                        "validFrom": "2026-01-01T00:00:00Z",
                        "validTo": "2035-01-01T00:00:00Z",
                    }
                ],
            )
        if path == "/v2/auth/challenge":
            return httpx.Response(
                200,
                json={
                    "challenge": "20260601-CR-AAAA",
                    "clientIp": "127.0.0.1",
                    "timestamp": "2026-12-01T09:00:00Z",
                    "timestampMs": 1764579600000,
                },
            )
        if path == "/v2/auth/ksef-token":
            body = json.loads(request.content)
            plain = KEY.decrypt(
                base64.b64decode(body["encryptedToken"]),
                padding.OAEP(padding.MGF1(hashes.SHA256()), hashes.SHA256(), None),
            ).decode()
            if plain.split("|")[0] != TOKEN.split("|")[0] or body["contextIdentifier"] != {
                "type": "Nip",
                "value": "2588139984",
            }:
                return httpx.Response(401, json={"detail": "token"})
            token = {"token": "auth-op-token", "validUntil": "2026-12-01T10:00:00Z"}
            return httpx.Response(
                202, json={"authenticationToken": token, "referenceNumber": "REF-1"}
            )
        if path == "/v2/auth/REF-1":
            return httpx.Response(
                200,
                json={
                    "authenticationMethod": "Token",
                    "authenticationMethodInfo": {
                        "category": "Token",
                        "code": "token",
                        "displayName": "Token KSeF",
                    },
                    "startDate": "2026-12-01T09:00:00Z",
                    "status": {"code": 200, "description": "Uwierzytelnianie zakończone"},
                },
            )
        if path == "/v2/auth/token/redeem":
            info = {"validUntil": "2026-12-01T10:00:00Z"}
            return httpx.Response(
                200,
                json={
                    "accessToken": {"token": "access-1", **info},
                    "refreshToken": {"token": "refresh-1", **info},
                },
            )
        if path.startswith("/v2/invoices/ksef/"):
            if request.headers.get("Authorization") != "Bearer access-1":
                return httpx.Response(401, json={"detail": "no"})
            if path.rsplit("/", 1)[-1] != NUMBER:
                return httpx.Response(404, json={"detail": "not found"})
            return httpx.Response(200, content=invoice, headers={"Content-Type": "application/xml"})
        return httpx.Response(500, json={"detail": f"unexpected {path}"})

    return httpx.MockTransport(handle)


def test_fetches_the_xml_by_its_ksef_number() -> None:
    calls: list[str] = []
    data = fetch_invoice_xml(NUMBER, "258-813-99-84", token=TOKEN, transport=fake_ksef(calls))
    assert data == XML
    assert calls[-1] == f"GET /v2/invoices/ksef/{NUMBER}"
    assert "POST /v2/auth/ksef-token" in calls


def test_without_a_token_says_what_is_missing_in_polish() -> None:
    calls: list[str] = []
    with pytest.raises(KsefFetchError, match=r"brak tokenu KSeF.*HANDOFF_KSEF_TOKEN"):
        fetch_invoice_xml(NUMBER, "2588139984", token=None, transport=fake_ksef(calls))
    assert calls == []


@pytest.mark.parametrize(
    ("number", "token", "invoice", "reason"),
    [
        (
            NUMBER[:-2] + "00" if not NUMBER.endswith("00") else NUMBER[:-2] + "01",
            TOKEN,
            XML,
            "suma kontrolna CRC-8",
        ),
        (NUMBER, "wrong-token|x", XML, "KSeF odmówił: HTTP 401"),
        (ksef_number("2588139984", "20260603"), TOKEN, XML, "KSeF nie zna faktury o numerze"),
        (NUMBER, TOKEN, b"<html>maintenance</html>", "nie jest fakturą FA(3)"),
    ],
)
def test_failures_are_one_polish_line(number: str, token: str, invoice: bytes, reason: str) -> None:
    with pytest.raises(KsefFetchError, match=re.escape(reason)):
        fetch_invoice_xml(
            number, "2588139984", token=token, transport=fake_ksef([], invoice=invoice)
        )


def test_the_seam_is_a_client_the_caller_passes_in() -> None:
    calls: list[str] = []
    with httpx.Client(transport=fake_ksef(calls)) as client:
        data = fetch_invoice_xml(NUMBER, "2588139984", token=TOKEN, http=client)
        assert not client.is_closed  # the caller's client stays the caller's
    assert data == XML
    assert calls[-1] == f"GET /v2/invoices/ksef/{NUMBER}"
