"""What the lowest layers need to know about who acts: a user and the tenant they act in.

``accounts.actor.Actor`` satisfies this protocol. ``audit`` sits below ``accounts`` (accounts'
own services write audit entries), so it types its arguments with this protocol instead of
importing the concrete class.
"""

from __future__ import annotations

from typing import Protocol

from django.contrib.auth.base_user import AbstractBaseUser


class Principal(Protocol):
    @property
    def user(self) -> AbstractBaseUser: ...

    @property
    def organization_id(self) -> int: ...
