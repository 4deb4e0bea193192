from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from expatcare.api.api import api
from expatcare.web import views as web_views

urlpatterns = [
    path("health/", web_views.health, name="health"),
    path("favicon.ico", web_views.favicon, name="favicon"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", api.urls),
    path("platform-admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("expatcare.web.urls")),
    path("org/", include("expatcare.accounts.urls")),
    path("people/", include("expatcare.people.urls")),
    path("eligibility/", include("expatcare.mobility.urls")),
    path("pension/", include("expatcare.pension.urls")),
    path("compliance/", include("expatcare.compliance.urls")),
    path("care/", include("expatcare.care.urls")),
]

handler404 = "expatcare.web.views.not_found"
handler500 = "expatcare.web.views.server_error"
