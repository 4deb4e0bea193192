"""``expatcare rotate_field_keys``: re-encrypt stored secrets with the newest field key."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from expatcare.core.crypto import ENCRYPTED_COLUMNS, DecryptionError, rotate_ciphertext

CHUNK_ROWS = 500


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted column with the first key of FIELD_ENCRYPTION_KEYS. Run it "
        "after putting a new key in front; the old key may be removed once it reports no failure."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only check that every stored value can be decrypted; write nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run: bool = options["dry_run"]
        unreadable: list[str] = []
        for model_label, field in ENCRYPTED_COLUMNS:
            model = apps.get_model(model_label)
            rotated = 0
            # Chunks by primary key, each in its own transaction: a large table is never held
            # locked or in memory as a whole, and a row is either rotated or left as it was.
            last_pk: Any = None
            while True:
                rows = model._default_manager.exclude(**{field: ""}).order_by("pk")
                if last_pk is not None:
                    rows = rows.filter(pk__gt=last_pk)
                chunk = list(rows.values_list("pk", field)[:CHUNK_ROWS])
                if not chunk:
                    break
                last_pk = chunk[-1][0]
                updates = []
                for pk, ciphertext in chunk:
                    try:
                        updates.append((pk, rotate_ciphertext(ciphertext)))
                    except DecryptionError:
                        unreadable.append(f"{model_label} {pk}")
                if not dry_run:
                    with transaction.atomic():
                        for pk, fresh in updates:
                            model._default_manager.filter(pk=pk).update(**{field: fresh})
                rotated += len(updates)
            verb = "can be re-encrypted" if dry_run else "re-encrypted"
            self.stdout.write(f"{model_label}.{field}: {rotated} value(s) {verb}.")
        if unreadable:
            raise CommandError(
                f"{len(unreadable)} value(s) cannot be decrypted with any configured key, left "
                f"unchanged: {', '.join(unreadable[:20])}. Keep the key that encrypted them in "
                "FIELD_ENCRYPTION_KEYS."
            )
