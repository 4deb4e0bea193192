"""factory_boy factories shared by the whole suite."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from expatcare.accounts.models import Membership, Organization, OrganizationKind, User
from expatcare.accounts.roles import Role
from expatcare.mobility.models import Case, ChecklistItem, Milestone
from expatcare.people.choices import DEFAULT_ASSIGNMENT_FIELDS
from expatcare.people.models import (
    Document,
    DocumentVersion,
    FamilyMember,
    Person,
    PersonNationality,
    ProviderAssignment,
    Qualification,
)

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    full_name = factory.Faker("name")
    password = factory.django.Password(TEST_PASSWORD)
    language = "en"


class OrganizationFactory(DjangoModelFactory[Organization]):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Employer {n} GmbH")
    slug = factory.Sequence(lambda n: f"employer-{n}")
    kind = OrganizationKind.EMPLOYER
    state = "BY"


class ProviderOrganizationFactory(OrganizationFactory):
    name = factory.Sequence(lambda n: f"Provider {n} AG")
    slug = factory.Sequence(lambda n: f"provider-{n}")
    kind = OrganizationKind.PROVIDER
    state = ""


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.HR


class PersonFactory(DjangoModelFactory[Person]):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda p: f"{p.first_name}.{p.last_name}@mail.test".lower())
    birth_date = dt.date(1990, 5, 17)
    status = "active"
    kind = "employee"
    work_state = "BY"
    job_title = "Engineer"
    start_date = dt.date(2026, 1, 1)
    annual_salary_eur = Decimal("52000.00")
    weekly_hours = Decimal("40.0")

    @factory.post_generation
    def nationalities(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if not create:
            return
        for code in extracted if extracted is not None else ["IN"]:
            PersonNationality.objects.create(
                organization=self.organization, person=self, country=code
            )


class FamilyMemberFactory(DjangoModelFactory[FamilyMember]):
    class Meta:
        model = FamilyMember

    person = factory.SubFactory(PersonFactory)
    organization = factory.SelfAttribute("person.organization")
    relation = "spouse"
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")


class QualificationFactory(DjangoModelFactory[Qualification]):
    class Meta:
        model = Qualification

    person = factory.SubFactory(PersonFactory)
    organization = factory.SelfAttribute("person.organization")
    kind = "academic"
    title = "B.Tech. Mechanical Engineering"
    country = "IN"
    completed_year = 2014
    recognition = "comparable"


class DocumentFactory(DjangoModelFactory[Document]):
    class Meta:
        model = Document

    person = factory.SubFactory(PersonFactory)
    organization = factory.SelfAttribute("person.organization")
    kind = "passport"


class DocumentVersionFactory(DjangoModelFactory[DocumentVersion]):
    class Meta:
        model = DocumentVersion

    document = factory.SubFactory(DocumentFactory)
    organization = factory.SelfAttribute("document.organization")
    version = 1
    is_current = True
    number = factory.Sequence(lambda n: f"P{n:07d}")
    valid_until = dt.date(2030, 1, 1)


class ProviderAssignmentFactory(DjangoModelFactory[ProviderAssignment]):
    class Meta:
        model = ProviderAssignment

    person = factory.SubFactory(PersonFactory)
    organization = factory.SelfAttribute("person.organization")
    provider = factory.SubFactory(ProviderOrganizationFactory)
    service = "Relocation"
    fields = factory.LazyFunction(lambda: list(DEFAULT_ASSIGNMENT_FIELDS))


def make_case(person: Person, pathway: str = "DE_BLUE_CARD", goal: str = "entry") -> Case:
    """An open case with its template's milestones and a passport/contract checklist."""
    from expatcare.mobility.milestone_templates import template_for
    from expatcare.mobility.services import checklist_items

    template = template_for(pathway)
    assert template is not None
    case = Case.objects.create(
        organization=person.organization,
        person=person,
        goal=goal,
        pathway_code=pathway,
        started_on=dt.date(2026, 3, 2),
    )
    Milestone.objects.bulk_create(
        Milestone(
            organization=person.organization,
            case=case,
            position=position,
            code=step.code,
            owner=step.owner,
        )
        for position, step in enumerate(template.steps)
    )
    ChecklistItem.objects.bulk_create(checklist_items(case, ["passport", "employment_contract"]))
    return case
