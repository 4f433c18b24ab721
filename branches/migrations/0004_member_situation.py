# Issue 13: a member's one status becomes two facts, official or probationary and a situation
# (docs/domain.md §1.4). Every existing member keeps the meaning of its status.

from django.db import migrations, models

# The old status -> (membership, situation) it meant: exempt, temporarily transferred and
# suspended members were official members in that situation (the old field could not say
# "probationary and exempt"). The same table as branches.rules.STATUS_SPLIT, copied so that this
# migration does not change if the app's code does.
STATUS_SPLIT = {
    "official": ("official", "none"),
    "probationary": ("probationary", "none"),
    "exempt": ("official", "exempt"),
    "transferred_temporarily": ("official", "transferred_temporarily"),
    "suspended": ("official", "suspended"),
}


def split_statuses(apps, schema_editor):
    """Each member's status, as the two facts it meant (STATUS_SPLIT): one UPDATE per status."""
    Member = apps.get_model("branches", "Member")
    members = Member.objects.using(schema_editor.connection.alias)
    for status, (membership, situation) in STATUS_SPLIT.items():
        members.filter(status=status).update(membership=membership, situation=situation)


def join_statuses(apps, schema_editor):
    """Back to one status: a probationary member loses a situation the old field could not hold."""
    Member = apps.get_model("branches", "Member")
    members = Member.objects.using(schema_editor.connection.alias)
    members.filter(membership="probationary").update(status="probationary")
    members.filter(membership="official", situation="none").update(status="official")
    for situation in ("exempt", "transferred_temporarily", "suspended"):
        members.filter(membership="official", situation=situation).update(status=situation)


class Migration(migrations.Migration):

    dependencies = [
        ('branches', '0003_term_regulation'),
    ]

    operations = [
        migrations.AddField(
            model_name='member',
            name='membership',
            field=models.CharField(choices=[('official', 'Official'), ('probationary', 'Probationary')], default='official', max_length=16, verbose_name='official or probationary'),
        ),
        migrations.AddField(
            model_name='member',
            name='situation',
            field=models.CharField(choices=[('none', 'Active as usual'), ('exempt', 'Exempt from activities'), ('transferred_temporarily', 'Temporarily active elsewhere'), ('suspended', 'Suspended')], default='none', max_length=32, verbose_name='situation'),
        ),
        migrations.RunPython(split_statuses, join_statuses),
        migrations.RemoveConstraint(
            model_name='member',
            name='member_status_known',
        ),
        migrations.RemoveField(
            model_name='member',
            name='status',
        ),
        migrations.AddConstraint(
            model_name='member',
            constraint=models.CheckConstraint(condition=models.Q(('membership__in', ['official', 'probationary'])), name='member_membership_known'),
        ),
        migrations.AddConstraint(
            model_name='member',
            constraint=models.CheckConstraint(condition=models.Q(('situation__in', ['none', 'exempt', 'transferred_temporarily', 'suspended'])), name='member_situation_known'),
        ),
    ]
