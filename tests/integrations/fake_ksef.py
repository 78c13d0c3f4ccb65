"""A fake KSeF API v2 on ``httpx.MockTransport``: the responses KSeF gives (recorded shapes of
the public API: token auth, invoice by KSeF number, sending sessions, the UPO).

The fake decrypts the token with its private key, as KSeF does, so a wrong token or a
token for another NIP context is refused (401). It holds the seller's invoices (KSeF number
-> XML) and its sending sessions (reference -> the KSeF numbers they accepted, and their
UPOs); ``calls`` records "METHOD path" of every request.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

TOKEN = "20260601-EC-2B7C10A9F1-8E3D2C1B0A-7F|nip-2588139984|0123456789abcdef"
NIP = "2588139984"


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


@dataclass
class FakeKsef:
    invoices: dict[str, bytes] = field(default_factory=dict)  # KSeF number -> XML
    sessions: dict[str, dict[str, bytes]] = field(default_factory=dict)  # ref -> number -> UPO
    nip: str = NIP
    calls: list[str] = field(default_factory=list)
    hash_header: bool = True  # send x-ms-meta-hash with an invoice
    corrupt: bool = False  # send bytes whose hash differs from the header

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def client(self) -> httpx.Client:
        return httpx.Client(transport=self.transport())

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        self.calls.append(f"{request.method} {path}")
        if not path.startswith("/v2/"):
            return httpx.Response(404, json={"detail": f"unexpected {path}"})
        path = path[3:]
        if path == "/security/public-key-certificates":
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
        if path == "/auth/challenge":
            return httpx.Response(
                200,
                json={
                    "challenge": "20260601-CR-AAAA",
                    "clientIp": "127.0.0.1",
                    "timestamp": "2026-12-01T09:00:00Z",
                    "timestampMs": 1764579600000,
                },
            )
        if path == "/auth/ksef-token":
            body = json.loads(request.content)
            plain = KEY.decrypt(
                base64.b64decode(body["encryptedToken"]),
                padding.OAEP(padding.MGF1(hashes.SHA256()), hashes.SHA256(), None),
            ).decode()
            context = {"type": "Nip", "value": self.nip}
            if plain.split("|")[0] != TOKEN.split("|")[0] or body["contextIdentifier"] != context:
                return httpx.Response(401, json={"detail": "token"})
            token = {"token": "auth-op-token", "validUntil": "2026-12-01T10:00:00Z"}
            return httpx.Response(
                202, json={"authenticationToken": token, "referenceNumber": "REF-1"}
            )
        if path == "/auth/REF-1":
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
        if path == "/auth/token/redeem":
            info = {"validUntil": "2026-12-01T10:00:00Z"}
            return httpx.Response(
                200,
                json={
                    "accessToken": {"token": "access-1", **info},
                    "refreshToken": {"token": "refresh-1", **info},
                },
            )
        if request.headers.get("Authorization") != "Bearer access-1":
            return httpx.Response(401, json={"detail": "no access token"})
        return self._read(request, path)

    def _read(self, request: httpx.Request, path: str) -> httpx.Response:
        parts = path.strip("/").split("/")
        if parts[:2] == ["invoices", "ksef"] and len(parts) == 3:
            data = self.invoices.get(parts[2])
            if data is None:
                return httpx.Response(404, json={"detail": "not found"})
            headers = {"Content-Type": "application/xml"}
            if self.hash_header:
                digest = hashlib.sha256(data).digest()
                headers["x-ms-meta-hash"] = base64.b64encode(digest).decode()
            return httpx.Response(
                200, content=data + (b" " if self.corrupt else b""), headers=headers
            )
        if parts == ["sessions"]:
            kind = request.url.params.get("sessionType")
            rows = [
                {
                    "referenceNumber": ref,
                    "status": {"code": 200, "description": "Sesja przetworzona"},
                    "dateCreated": "2026-06-02T08:00:00Z",
                    "dateUpdated": "2026-06-02T08:10:00Z",
                    "totalInvoiceCount": len(upos),
                    "successfulInvoiceCount": len(upos),
                    "failedInvoiceCount": 0,
                }
                for ref, upos in self.sessions.items()
                if kind == "Online"
            ]
            return httpx.Response(200, json={"sessions": rows})
        if parts[0] == "sessions" and len(parts) == 3 and parts[2] == "invoices":
            upos = self.sessions.get(parts[1], {})
            rows = [
                {
                    "ordinalNumber": n,
                    "referenceNumber": f"INV-{n}",
                    "ksefNumber": number,
                    "invoiceHash": "",
                    "invoicingDate": "2026-06-02T08:05:00Z",
                    "status": {"code": 200, "description": "Sukces"},
                }
                for n, number in enumerate(upos, start=1)
            ]
            return httpx.Response(200, json={"invoices": rows})
        if parts[0] == "sessions" and len(parts) == 6 and parts[5] == "upo":
            upo = self.sessions.get(parts[1], {}).get(parts[4])
            if upo is None:
                return httpx.Response(404, json={"detail": "no upo"})
            return httpx.Response(200, content=upo, headers={"Content-Type": "application/xml"})
        return httpx.Response(500, json={"detail": f"unexpected {path}"})
