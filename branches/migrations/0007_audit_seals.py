"""The audit trail becomes a hash chain (branches.seals): the rows written before are sealed
here, in the order they were written."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def seal_existing_rows(apps, schema_editor):
    from branches.chain import GENESIS, extend
    from branches.seals import AUDIT_TRAIL, LOG_ENTRY_FIELDS

    LogEntry = apps.get_model(settings.AUDITLOG_LOGENTRY_MODEL)
    AuditSeal = apps.get_model("branches", "AuditSeal")
    ChainHead = apps.get_model("branches", "ChainHead")
    previous, position = GENESIS, 0
    batch = []
    for row in LogEntry.objects.order_by("pk").values(*LOG_ENTRY_FIELDS).iterator(chunk_size=2000):
        ((position, previous_hash, previous),) = extend(previous, position, [row])
        batch.append(AuditSeal(log_entry_id=row["id"], position=position, previous_hash=previous_hash, hash=previous))
        if len(batch) == 2000:
            AuditSeal.objects.bulk_create(batch)
            batch = []
    AuditSeal.objects.bulk_create(batch)
    if position:
        ChainHead.objects.create(name=AUDIT_TRAIL, position=position, hash=previous)


class Migration(migrations.Migration):

    dependencies = [
        ('branches', '0006_user_signing_position'),
        migrations.swappable_dependency(settings.AUDITLOG_LOGENTRY_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ChainHead',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, unique=True, verbose_name='chain')),
                ('position', models.PositiveBigIntegerField(default=0, verbose_name='last position')),
                ('hash', models.CharField(max_length=64, verbose_name='last seal')),
            ],
            options={
                'verbose_name': 'end of a hash chain',
                'verbose_name_plural': 'ends of hash chains',
            },
        ),
        migrations.CreateModel(
            name='AuditSeal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveBigIntegerField(unique=True, verbose_name='position')),
                ('previous_hash', models.CharField(max_length=64, verbose_name='previous seal')),
                ('hash', models.CharField(max_length=64, verbose_name='seal')),
                ('log_entry', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='seal', to=settings.AUDITLOG_LOGENTRY_MODEL, verbose_name='audit row')),
            ],
            options={
                'verbose_name': 'audit seal',
                'verbose_name_plural': 'audit seals',
                'ordering': ['position'],
            },
        ),
        migrations.RunPython(seal_existing_rows, migrations.RunPython.noop),
    ]
