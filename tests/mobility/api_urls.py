"""The case router mounted on its own API for its tests, beside the project's URLs.

The project API mounts the router too (``expatcare.api.api``); testing it on an API of its own
keeps these tests independent of that wiring. Auth and error handling are the project's.
"""

from __future__ import annotations

from django.urls import path
from ninja import NinjaAPI

from expatcare.api.auth import BearerTokenAuth, SessionActorAuth
from expatcare.api.errors import install_error_handlers
from expatcare.mobility.api import router
from expatcare.urls import urlpatterns as project_urlpatterns

case_api = NinjaAPI(
    title="cases (test)",
    urls_namespace="case-api-test",
    auth=[BearerTokenAuth(), SessionActorAuth()],
    docs_url=None,
)
install_error_handlers(case_api)
case_api.add_router("/", router)

urlpatterns = [path("case-api/", case_api.urls), *project_urlpatterns]
