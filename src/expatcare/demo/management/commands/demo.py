"""``expatcare demo``: the demo tenant, or with ``--people N`` a large benchmark tenant."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from expatcare.demo.bench_tenant import build_bench_tenant
from expatcare.demo.care import bench_provider_login, build_bench_care
from expatcare.demo.duties import build_bench_duties
from expatcare.demo.logins import DemoPassword, login_lines, resolve_demo_password
from expatcare.demo.tenant import build_demo_tenant


class Command(BaseCommand):
    help = (
        "Create the demo tenant (Muster Maschinenbau GmbH with 25 international people and one "
        "login per role), or with --people N a benchmark tenant of N generated people."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--people", type=int, default=None, help="Build a benchmark tenant of N people."
        )
        parser.add_argument(
            "--organization-slug",
            default=None,
            help="Short name of the benchmark tenant (default bench-N); extends it if it exists.",
        )
        parser.add_argument(
            "--password",
            default=None,
            help="Password of the demo logins (default: EXPATCARE_DEMO_PASSWORD, else generated).",
        )
        parser.add_argument("--seed", type=int, default=2026, help="Random seed of the data.")

    def handle(self, *args: Any, **options: Any) -> None:
        password = resolve_demo_password(options["password"])
        people: int | None = options["people"]
        if people is not None:
            self._bench(people, options["organization_slug"], password, options["seed"])
            return
        result = build_demo_tenant(password=password.value, seed=options["seed"])
        if not result.created:
            self.stdout.write(
                f"The demo tenant {result.organization.name!r} exists already; nothing to do."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {result.organization.name} with {result.people} people and the "
                f"provider {result.provider}."
            )
        )
        for line in login_lines(password):
            self.stdout.write(line)

    def _bench(self, people: int, slug: str | None, password: DemoPassword, seed: int) -> None:
        if people < 1:
            raise CommandError("--people must be at least 1.")
        result = build_bench_tenant(people=people, password=password.value, slug=slug, seed=seed)
        rate = result.created_people / result.seconds if result.seconds else 0.0
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.organization.name} ({result.organization.slug}): "
                f"{result.created_people} people created, {result.total_people} in total, "
                f"in {result.seconds:.1f} s ({rate:,.0f} people/s)."
            )
        )
        duties = build_bench_duties(organization_id=result.organization.pk, seed=seed)
        self.stdout.write(
            f"{duties.duties} duties and {duties.findings} findings for {duties.people} people "
            f"in {duties.seconds:.1f} s."
        )
        care = build_bench_care(
            organization_id=result.organization.pk, seed=seed, today=timezone.localdate()
        )
        self.stdout.write(f"{care.enrolments} care enrolments in {care.seconds:.1f} s.")
        self.stdout.write(f"Login: {result.hr_email} (hr)")
        self.stdout.write(f"Login: {bench_provider_login(password.value)} (provider agent)")
        if password.generated:
            self.stdout.write(f"Password: {password.value}")
