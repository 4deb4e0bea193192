"""Duties and findings keep the engine's message (code, parameters), the dated parameters they
were computed from and the full legal basis, instead of an English and a German sentence.

Existing rows are converted: each old English sentence is read back into the message it was
rendered from (``engine.legacy_messages``); one that no template matches is kept as a stored
text until the next recomputation. The parameters come from the duty's trace, where they were
kept until now.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models


def _convert(apps: Any, schema_editor: Any) -> None:
    from expatcare.engine.legacy_messages import message_from_text

    Duty = apps.get_model("compliance", "Duty")
    Finding = apps.get_model("compliance", "Finding")
    rows = []
    for duty in Duty.objects.all().iterator(chunk_size=500):
        message = message_from_text(duty.explanation, duty.explanation_de, prefix="obligation.")
        duty.message_code = message["code"]
        duty.message_params = message["params"]
        trace = duty.trace if isinstance(duty.trace, dict) else {}
        duty.parameters = list(trace.get("parameters") or [])
        rows.append(duty)
    Duty.objects.bulk_update(rows, ["message_code", "message_params", "parameters"], 500)
    rows = []
    for finding in Finding.objects.all().iterator(chunk_size=500):
        message = message_from_text(finding.detail, finding.detail_de, prefix="finding.")
        finding.message_code = message["code"]
        finding.message_params = message["params"]
        rows.append(finding)
    Finding.objects.bulk_update(rows, ["message_code", "message_params"], 500)


class Migration(migrations.Migration):
    dependencies = [("compliance", "0003_duty_pending")]

    operations = [
        migrations.AlterField(
            model_name="duty",
            name="legal_basis",
            field=models.TextField(blank=True, verbose_name="legal basis"),
        ),
        migrations.AlterField(
            model_name="finding",
            name="legal_basis",
            field=models.TextField(blank=True, verbose_name="legal basis"),
        ),
        migrations.AddField(
            model_name="duty",
            name="message_code",
            field=models.CharField(blank=True, max_length=120, verbose_name="message"),
        ),
        migrations.AddField(
            model_name="duty",
            name="message_params",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="duty",
            name="parameters",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="finding",
            name="message_code",
            field=models.CharField(blank=True, max_length=120, verbose_name="message"),
        ),
        migrations.AddField(
            model_name="finding",
            name="message_params",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="finding",
            name="parameters",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(_convert, migrations.RunPython.noop, elidable=True),
        migrations.RemoveField(model_name="duty", name="explanation"),
        migrations.RemoveField(model_name="duty", name="explanation_de"),
        migrations.RemoveField(model_name="finding", name="detail"),
        migrations.RemoveField(model_name="finding", name="detail_de"),
    ]
