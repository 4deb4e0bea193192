from django.urls import path

from expatcare.mobility import case_views, views

app_name = "mobility"

urlpatterns = [
    path("", views.eligibility, name="eligibility"),
    path("assessment.json", views.assessment_json, name="assessment_json"),
    path("people/", views.person_options, name="person_options"),
    path("cases/", case_views.case_list, name="case_list"),
    path("cases/start/", case_views.case_start, name="case_start"),
    path("cases/<int:case_id>/", case_views.case_detail, name="case_detail"),
    path("cases/<int:case_id>/close/", case_views.case_close, name="case_close"),
    path("cases/<int:case_id>/family/", case_views.case_attach_family, name="case_family"),
    path(
        "cases/<int:case_id>/milestones/<int:milestone_id>/",
        case_views.milestone_update,
        name="milestone_update",
    ),
    path(
        "cases/<int:case_id>/checklist/<int:item_id>/upload/",
        case_views.checklist_upload,
        name="checklist_upload",
    ),
    path("my-case/", case_views.my_case, name="my_case"),
]
