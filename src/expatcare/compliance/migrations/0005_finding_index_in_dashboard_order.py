"""The findings index in the dashboard's order: its first rows without a sort of all findings."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0004_messages_not_sentences"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="finding",
            index=models.Index(
                fields=["organization", "severity", "person", "code"],
                name="compliance_finding_order",
            ),
        ),
    ]
