"""Adapters for the outside services: public registries, NBP, e-mail and webhooks.

One module per service, each a small client over an injected ``httpx.Client`` (the one seam
for I/O; tests pass ``httpx.MockTransport``). Nothing here reads the environment or touches
the database. Errors are drawn in :mod:`integrations.errors`.
"""
