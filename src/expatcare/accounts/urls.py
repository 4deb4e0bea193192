from django.urls import URLPattern, path

from expatcare.accounts import views

app_name = "accounts"

urlpatterns: list[URLPattern] = [
    path("settings/", views.organization_settings, name="settings"),
    path("switch/", views.organization_switch, name="switch"),
    path("members/<id:membership_id>/role/", views.membership_role, name="membership_role"),
    path("members/<id:membership_id>/remove/", views.membership_remove, name="membership_remove"),
    path("invitations/new/", views.invitation_create, name="invitation_create"),
    path(
        "invitations/<id:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("profile/", views.profile, name="profile"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<id:token_id>/revoke/", views.token_revoke, name="token_revoke"),
]
