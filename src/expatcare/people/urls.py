from django.urls import URLPattern, path

from expatcare.people.views import assignments, documents, lists, managers, parts, person

app_name = "people"

urlpatterns: list[URLPattern] = [
    path("", lists.person_list, name="list"),
    path("dashboard/", lists.dashboard, name="dashboard"),
    path("me/", person.me, name="me"),
    path("managers/", managers.manager_list, name="managers"),
    path("managers/<id:manager_id>/grant/", managers.manager_grant, name="manager_grant"),
    path("new/", person.person_create, name="create"),
    path("<id:person_id>/", person.person_detail, name="detail"),
    path("<id:person_id>/edit/", person.person_edit, name="edit"),
    path("<id:person_id>/audit/", person.person_audit, name="audit"),
    path("<id:person_id>/family/new/", parts.family_member_create, name="family_create"),
    path("family/<id:family_member_id>/edit/", parts.family_member_edit, name="family_edit"),
    path("family/<id:family_member_id>/delete/", parts.family_member_delete, name="family_delete"),
    path(
        "<id:person_id>/qualifications/new/",
        parts.qualification_create,
        name="qualification_create",
    ),
    path(
        "qualifications/<id:qualification_id>/edit/",
        parts.qualification_edit,
        name="qualification_edit",
    ),
    path(
        "qualifications/<id:qualification_id>/delete/",
        parts.qualification_delete,
        name="qualification_delete",
    ),
    path(
        "<id:person_id>/providers/new/",
        assignments.assignment_create,
        name="assignment_create",
    ),
    path(
        "providers/<id:assignment_id>/end/",
        assignments.assignment_end,
        name="assignment_end",
    ),
    path("<id:person_id>/documents/new/", documents.document_upload, name="document_upload"),
    path("documents/<id:document_id>/renew/", documents.document_renew, name="document_renew"),
    path(
        "documents/versions/<id:version_id>/download/",
        documents.document_download,
        name="document_download",
    ),
]
