from django.urls import path

from expatcare.mobility import views

app_name = "mobility"

urlpatterns = [
    path("", views.eligibility, name="eligibility"),
    path("assessment.json", views.assessment_json, name="assessment_json"),
    path("people/", views.person_options, name="person_options"),
]
