"""Who may use the company-pension calculator."""

from __future__ import annotations

from expatcare.accounts.actor import Actor
from expatcare.accounts.roles import Role


def can_use_calculator(actor: Actor) -> bool:
    """Employer staff (for anyone of their tenant) and employees (for themselves); providers
    never see salaries, so they may not."""
    return actor.is_employer_staff or actor.role == Role.EMPLOYEE
