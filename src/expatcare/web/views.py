"""Entry pages: the home redirect, the health probe and the not-found answer."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from expatcare.apikit.middleware import API_PATH_PREFIX


@require_GET
@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 otherwise: what a load balancer or uptime check asks."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy", whatever its type
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and crawlers ask for /favicon.ico whatever the page says; send them the icon."""
    response = redirect(static("web/favicon.svg"), permanent=True)
    response["Cache-Control"] = "public, max-age=86400"
    return response


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("account_login")
    return redirect("people:dashboard")


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404 for a URL that matches nothing: JSON under ``/api/`` (what API clients parse), the
    HTML page elsewhere. An id out of the database's range or not a number does not match its
    URL converter, so it lands here too."""
    if request.path_info.startswith(API_PATH_PREFIX):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)
