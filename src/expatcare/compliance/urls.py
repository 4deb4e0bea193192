from django.urls import URLPattern, path

from expatcare.compliance import views

app_name = "compliance"

urlpatterns: list[URLPattern] = [
    path("", views.dashboard, name="dashboard"),
    path("export/", views.export, name="export"),
    path("duties/<id:duty_id>/", views.duty_detail, name="duty_detail"),
    path("duties/<id:duty_id>/status/", views.duty_status, name="duty_status"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/<str:token>.ics", views.ics_feed, name="ics_feed"),
]
