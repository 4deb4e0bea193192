from django.urls import path

from expatcare.mobility import case_views, views

app_name = "mobility"

urlpatterns = [
    path("", views.eligibility, name="eligibility"),
    path("assessment.json", views.assessment_json, name="assessment_json"),
    path("people/", views.person_options, name="person_options"),
    path("cases/", case_views.case_list, name="case_list"),
    path("cases/start/", case_views.case_start, name="case_start"),
    path("cases/<id:case_id>/", case_views.case_detail, name="case_detail"),
    path("cases/<id:case_id>/close/", case_views.case_close, name="case_close"),
    path(
        "cases/<id:case_id>/providers/new/",
        case_views.case_assign_provider,
        name="case_assign_provider",
    ),
    path("cases/<id:case_id>/family/", case_views.case_attach_family, name="case_family"),
    path(
        "cases/<id:case_id>/milestones/<id:milestone_id>/",
        case_views.milestone_update,
        name="milestone_update",
    ),
    path(
        "cases/<id:case_id>/checklist/<id:item_id>/upload/",
        case_views.checklist_upload,
        name="checklist_upload",
    ),
    path("my-case/", case_views.my_case, name="my_case"),
]
