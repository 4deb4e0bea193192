"""Provider assignments name their service and declare the fields it needs; ending one keeps
the row. Existing assignments keep working: each gets the default field list (name, e-mail,
phone, preferred language, time zone) and, where it had none, a service name."""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


# Frozen here: the default list of ``people.choices.DEFAULT_ASSIGNMENT_FIELDS`` at this change.
DEFAULT_FIELDS = ["name", "email", "phone", "preferred_language", "time_zone"]
UNNAMED_SERVICE = "Provider service"


def declare_defaults(apps: Any, schema_editor: Any) -> None:
    assignment = apps.get_model("people", "ProviderAssignment")
    undeclared = [row.pk for row in assignment.objects.only("pk", "fields") if not row.fields]
    assignment.objects.filter(pk__in=undeclared).update(fields=DEFAULT_FIELDS)
    assignment.objects.filter(service="").update(service=UNNAMED_SERVICE)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_invitation_language'),
        ('mobility', '0001_initial'),
        ('people', '0004_person_manager'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='providerassignment',
            options={'ordering': ('-created_at', '-id'), 'verbose_name': 'provider assignment', 'verbose_name_plural': 'provider assignments'},
        ),
        migrations.RemoveConstraint(
            model_name='providerassignment',
            name='people_provider_assignment_unique',
        ),
        migrations.AddField(
            model_name='providerassignment',
            name='case',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='provider_assignments', to='mobility.case', verbose_name='immigration case'),
        ),
        migrations.AddField(
            model_name='providerassignment',
            name='created_by',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='providerassignment',
            name='ended_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='ended'),
        ),
        migrations.AddField(
            model_name='providerassignment',
            name='ended_by',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='providerassignment',
            name='fields',
            field=models.JSONField(blank=True, default=list, verbose_name='fields the provider needs'),
        ),
        migrations.RunPython(declare_defaults, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='providerassignment',
            name='provider',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='provider_assignments', to='accounts.organization', verbose_name='provider'),
        ),
        migrations.AlterField(
            model_name='providerassignment',
            name='service',
            field=models.CharField(max_length=200, verbose_name='service'),
        ),
        migrations.AddIndex(
            model_name='providerassignment',
            index=models.Index(fields=['organization', 'person'], name='people_prov_organiz_6b1866_idx'),
        ),
        migrations.AddConstraint(
            model_name='providerassignment',
            constraint=models.UniqueConstraint(condition=models.Q(('case__isnull', True), ('ended_at__isnull', True)), fields=('provider', 'person'), name='people_provider_assignment_one_open'),
        ),
        migrations.AddConstraint(
            model_name='providerassignment',
            constraint=models.UniqueConstraint(condition=models.Q(('case__isnull', False), ('ended_at__isnull', True)), fields=('provider', 'case'), name='people_provider_assignment_one_open_per_case'),
        ),
        migrations.AddConstraint(
            model_name='providerassignment',
            constraint=models.CheckConstraint(condition=models.Q(('service', ''), _negated=True), name='people_provider_assignment_service_named'),
        ),
    ]
