from django.urls import URLPattern, path

from expatcare.people import views

app_name = "people"

urlpatterns: list[URLPattern] = [
    path("", views.person_list, name="list"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("me/", views.me, name="me"),
    path("new/", views.person_create, name="create"),
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/edit/", views.person_edit, name="edit"),
    path("<int:person_id>/audit/", views.person_audit, name="audit"),
    path("<int:person_id>/family/new/", views.family_member_create, name="family_create"),
    path("family/<int:family_member_id>/edit/", views.family_member_edit, name="family_edit"),
    path("family/<int:family_member_id>/delete/", views.family_member_delete, name="family_delete"),
    path(
        "<int:person_id>/qualifications/new/",
        views.qualification_create,
        name="qualification_create",
    ),
    path(
        "qualifications/<int:qualification_id>/edit/",
        views.qualification_edit,
        name="qualification_edit",
    ),
    path(
        "qualifications/<int:qualification_id>/delete/",
        views.qualification_delete,
        name="qualification_delete",
    ),
    path("<int:person_id>/documents/new/", views.document_upload, name="document_upload"),
    path("documents/<int:document_id>/renew/", views.document_renew, name="document_renew"),
    path(
        "documents/versions/<int:version_id>/download/",
        views.document_download,
        name="document_download",
    ),
]
