"""The audit actions the people services record (see ``expatcare.audit.actions``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from expatcare.audit.actions import AuditAction


class PeopleAction(AuditAction):
    PERSON_CREATE = "person.create", _("Person created")
    PERSON_UPDATE = "person.update", _("Person changed")
    PERSON_SALARY_READ = "person.salary_read", _("Salary viewed")
    PERSON_LINK_USER = "person.link_user", _("User account linked to the person")
    FAMILY_MEMBER_CREATE = "family_member.create", _("Family member added")
    FAMILY_MEMBER_UPDATE = "family_member.update", _("Family member changed")
    FAMILY_MEMBER_DELETE = "family_member.delete", _("Family member removed")
    QUALIFICATION_CREATE = "qualification.create", _("Qualification added")
    QUALIFICATION_UPDATE = "qualification.update", _("Qualification changed")
    QUALIFICATION_DELETE = "qualification.delete", _("Qualification removed")
    DOCUMENT_UPLOAD = "document.upload", _("Document uploaded")
    DOCUMENT_RENEW = "document.renew", _("New version of a document uploaded")
    DOCUMENT_DOWNLOAD = "document.download", _("Document downloaded")
    MANAGER_GRANT = "manager.grant", _("What a manager sees of their reports changed")
    PROVIDER_ASSIGN = "provider.assign", _("Provider assigned")
    PROVIDER_UNASSIGN = "provider.unassign", _("Provider assignment ended")
    PROVIDER_READ = "provider.read", _("Viewed by a provider")


# Reads of sensitive data: the access log, shown apart from the changes on the person page.
SENSITIVE_READ_ACTIONS = frozenset(
    {
        PeopleAction.PERSON_SALARY_READ.value,
        PeopleAction.DOCUMENT_DOWNLOAD.value,
        PeopleAction.PROVIDER_READ.value,
    }
)
