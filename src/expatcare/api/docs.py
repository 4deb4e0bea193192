"""Interactive API docs served from our own static files: no CDN, no inline script.

django-ninja ships Swagger UI in its package but only uses it when ``ninja`` is an installed
app; otherwise it falls back to a CDN. We render our own page over the same assets, which the
settings expose under ``/static/vendor/swagger-ui/``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI


class LocalSwagger(DocsBase):
    template = "api/swagger.html"
    settings: dict[str, Any] = {
        "layout": "BaseLayout",
        "deepLinking": True,
        # No badge fetched from validator.swagger.io: the page talks to our origin only.
        "validatorUrl": None,
        "persistAuthorization": False,
    }

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        # "<" escaped so that no value can close the surrounding <script> element.
        context = {"api": api, "swagger_settings": json.dumps(settings).replace("<", "\\u003c")}
        return render(request, self.template, context)
