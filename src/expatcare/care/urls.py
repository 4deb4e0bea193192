from django.urls import URLPattern, path

from expatcare.care.views import catalog, costs, enrolments, mine, packages, people

app_name = "care"

urlpatterns: list[URLPattern] = [
    path("", enrolments.enrolment_list, name="enrolment_list"),
    path("enrolments/export/", enrolments.enrolment_export, name="enrolment_export"),
    path("enrolments/<id:enrolment_id>/", enrolments.enrolment_detail, name="enrolment_detail"),
    path(
        "enrolments/<id:enrolment_id>/confirm/",
        enrolments.enrolment_confirm,
        name="enrolment_confirm",
    ),
    path(
        "enrolments/<id:enrolment_id>/reject/",
        enrolments.enrolment_reject,
        name="enrolment_reject",
    ),
    path(
        "enrolments/<id:enrolment_id>/activate/",
        enrolments.enrolment_activate,
        name="enrolment_activate",
    ),
    path("enrolments/<id:enrolment_id>/end/", enrolments.enrolment_end, name="enrolment_end"),
    path(
        "enrolments/<id:enrolment_id>/comment/",
        enrolments.enrolment_comment,
        name="enrolment_comment",
    ),
    path(
        "enrolments/<id:enrolment_id>/certificate/",
        enrolments.enrolment_certificate,
        name="enrolment_certificate",
    ),
    path("mine/", mine.my_care, name="my_care"),
    path("mine/enrol/", mine.my_care_enrol, name="my_care_enrol"),
    path("catalog/", catalog.module_list, name="module_list"),
    path("catalog/new/", catalog.module_create, name="module_create"),
    path("catalog/<id:module_id>/", catalog.module_detail, name="module_detail"),
    path("catalog/<id:module_id>/edit/", catalog.module_edit, name="module_edit"),
    path("catalog/<id:module_id>/delete/", catalog.module_delete, name="module_delete"),
    path("packages/", packages.package_list, name="package_list"),
    path("packages/new/", packages.package_create, name="package_create"),
    path("packages/<id:package_id>/edit/", packages.package_edit, name="package_edit"),
    path("packages/<id:package_id>/delete/", packages.package_delete, name="package_delete"),
    path("costs/", costs.cost_report_page, name="cost_report"),
    path("costs/export/", costs.cost_export, name="cost_export"),
    path("people/<id:person_id>/", people.person_care, name="person_care"),
    path("people/<id:person_id>/assign/", people.person_assign, name="person_assign"),
    path("people/<id:person_id>/enrol/", people.person_enrol, name="person_enrol"),
    path(
        "people/<id:person_id>/suggestions/accept/",
        people.suggestion_accept,
        name="suggestion_accept",
    ),
    path(
        "people/<id:person_id>/suggestions/dismiss/",
        people.suggestion_dismiss,
        name="suggestion_dismiss",
    ),
]
