"""Each election's ballot entry log becomes a hash chain (elections.entry_log_chain): the lines
written before are sealed here, in the order the log prints them."""

from django.conf import settings
from django.db import migrations, models


def seal_existing_lines(apps, schema_editor):
    from branches.chain import GENESIS, extend
    from elections.entry_log_chain import LINE_FIELDS, chain_name

    EntryLogLine = apps.get_model("elections", "EntryLogLine")
    ChainHead = apps.get_model("branches", "ChainHead")
    elections = EntryLogLine.objects.order_by("election_id").values_list("election_id", flat=True).distinct()
    for election_pk in elections:
        rows = list(EntryLogLine.objects.filter(election_id=election_pk).order_by("at", "pk").values(*LINE_FIELDS))
        links = extend(GENESIS, 0, rows)
        lines = [
            EntryLogLine(pk=row["id"], position=position, previous_hash=previous, hash=digest)
            for row, (position, previous, digest) in zip(rows, links)
        ]
        EntryLogLine.objects.bulk_update(lines, ["position", "previous_hash", "hash"], batch_size=1000)
        ChainHead.objects.create(name=chain_name(election_pk), position=links[-1][0], hash=links[-1][2])


class Migration(migrations.Migration):

    dependencies = [
        ('elections', '0008_count_times'),
        ('branches', '0007_audit_seals'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='entrylogline',
            name='hash',
            field=models.CharField(blank=True, max_length=64, verbose_name='seal'),
        ),
        migrations.AddField(
            model_name='entrylogline',
            name='position',
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name='position in the chain'),
        ),
        migrations.AddField(
            model_name='entrylogline',
            name='previous_hash',
            field=models.CharField(blank=True, max_length=64, verbose_name='previous seal'),
        ),
        migrations.AddConstraint(
            model_name='entrylogline',
            constraint=models.UniqueConstraint(fields=('election', 'position'), name='entry_log_line_position_unique'),
        ),
        migrations.RunPython(seal_existing_lines, migrations.RunPython.noop),
    ]
