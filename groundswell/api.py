"""The one NinjaAPI at /api/v1/: each app contributes a Router from its api.py."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="Groundswell API",
    version="1",
    description="The JSON API of Groundswell. Authenticate with `Authorization: Bearer <token>`.",
    urls_namespace="api",
)
