"""The REST API (django-ninja). Routers live beside their apps and are mounted here."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="expatcare API",
    version="1",
    description="Tenant-scoped access to people, assessments and pension calculations.",
    urls_namespace="api",
)
