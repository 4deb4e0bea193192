"""``expatcare rotate_field_keys``: stored secrets move to the newest key, nothing is lost."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import override_settings

from expatcare.accounts.roles import Role
from expatcare.compliance.models import CalendarFeed
from expatcare.compliance.services import calendar_feed_create
from expatcare.core.crypto import ENCRYPTED_COLUMNS, decrypt_text, derived_key, encrypt_text
from tests.conftest import Tenant

pytestmark = pytest.mark.django_db

OLD = derived_key("old").decode()
NEW = derived_key("new").decode()
FOREIGN = derived_key("a key nobody configured").decode()


def _feeds_under_old_key(tenant: Tenant) -> dict[int, str]:
    """Two users' feeds, encrypted with the old key: feed id -> token."""
    tokens = {}
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD]):
        for role in (Role.HR, Role.EMPLOYEE):
            feed, token = calendar_feed_create(actor=tenant.actor(role))
            tokens[feed.pk] = token
    return tokens


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("rotate_field_keys", *args, stdout=out)
    return out.getvalue()


def test_values_are_readable_with_the_new_key_alone(tenant: Tenant) -> None:
    tokens = _feeds_under_old_key(tenant)
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW, OLD]):
        output = _run()
    assert "compliance.CalendarFeed.token_encrypted: 2 value(s) re-encrypted." in output
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW]):
        for feed in CalendarFeed.objects.filter(pk__in=tokens):
            assert decrypt_text(feed.token_encrypted) == tokens[feed.pk]


def test_dry_run_writes_nothing(tenant: Tenant) -> None:
    tokens = _feeds_under_old_key(tenant)
    before = dict(CalendarFeed.objects.filter(pk__in=tokens).values_list("pk", "token_encrypted"))
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW, OLD]):
        output = _run("--dry-run")
    assert "2 value(s) can be re-encrypted" in output
    after = dict(CalendarFeed.objects.filter(pk__in=tokens).values_list("pk", "token_encrypted"))
    assert after == before


def test_a_value_no_key_reads_is_reported_and_left_alone(tenant: Tenant) -> None:
    tokens = _feeds_under_old_key(tenant)
    stranger_pk = min(tokens)
    with override_settings(FIELD_ENCRYPTION_KEYS=[FOREIGN]):
        foreign = encrypt_text("from elsewhere")
    CalendarFeed.objects.filter(pk=stranger_pk).update(token_encrypted=foreign)
    with (
        override_settings(FIELD_ENCRYPTION_KEYS=[NEW, OLD]),
        pytest.raises(CommandError, match=f"1 value\\(s\\) cannot be decrypted.*{stranger_pk}"),
    ):
        _run()
    assert CalendarFeed.objects.get(pk=stranger_pk).token_encrypted == foreign
    other = CalendarFeed.objects.get(pk=max(tokens))
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW]):
        assert decrypt_text(other.token_encrypted) == tokens[other.pk]


def test_every_encrypted_field_is_listed() -> None:
    """A new ``*_encrypted`` field that key rotation would miss fails here."""
    found = {
        (model._meta.label, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.name.endswith("_encrypted")
    }
    assert found == set(ENCRYPTED_COLUMNS)
