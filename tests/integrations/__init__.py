"""Tests for the integrations layer (no network: MockTransport and 127.0.0.1 servers)."""
