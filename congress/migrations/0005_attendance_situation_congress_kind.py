# Issue 13: a summons list row holds the two facts of the congress date, official or probationary
# and a situation, instead of one status (docs/domain.md §1.4); members temporarily attached from
# elsewhere are summoned as guests; the kind of a congress is the superior's to set (§3.12).
# Every existing row keeps the meaning of its status; every congress keeps its kind.

import django.db.models.deletion
from django.db import migrations, models

# The old status -> (membership, situation) it meant, as in branches' 0004_member_situation.
STATUS_SPLIT = {
    "official": ("official", "none"),
    "probationary": ("probationary", "none"),
    "exempt": ("official", "exempt"),
    "transferred_temporarily": ("official", "transferred_temporarily"),
    "suspended": ("official", "suspended"),
}


def split_statuses(apps, schema_editor):
    """Each row's status on the congress date, as the two facts it meant: one UPDATE per status."""
    Attendance = apps.get_model("congress", "Attendance")
    rows = Attendance.objects.using(schema_editor.connection.alias)
    for status, (membership, situation) in STATUS_SPLIT.items():
        rows.filter(status=status).update(membership=membership, situation=situation)


def join_statuses(apps, schema_editor):
    """Back to one status: a probationary row loses a situation the old field could not hold."""
    Attendance = apps.get_model("congress", "Attendance")
    rows = Attendance.objects.using(schema_editor.connection.alias)
    rows.filter(membership="probationary").update(status="probationary")
    rows.filter(membership="official", situation="none").update(status="official")
    for situation in ("exempt", "transferred_temporarily", "suspended"):
        rows.filter(membership="official", situation=situation).update(status=situation)


class Migration(migrations.Migration):

    dependencies = [
        ('branches', '0005_attached_member'),
        ('congress', '0004_attendance_delegates'),
    ]

    operations = [
        migrations.AddField(
            model_name='attendance',
            name='membership',
            field=models.CharField(choices=[('official', 'Official'), ('probationary', 'Probationary')], default='official', max_length=16, verbose_name='official or probationary on the congress date'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='attendance',
            name='situation',
            field=models.CharField(choices=[('none', 'Active as usual'), ('exempt', 'Exempt from activities'), ('transferred_temporarily', 'Temporarily active elsewhere'), ('suspended', 'Suspended')], default='none', max_length=32, verbose_name='situation on the congress date'),
        ),
        migrations.RunPython(split_statuses, join_statuses),
        # A default for the old column, so that going back can add it again to existing rows.
        migrations.AlterField(
            model_name='attendance',
            name='status',
            field=models.CharField(choices=[('official', 'Official'), ('probationary', 'Probationary'), ('exempt', 'Exempt from activities'), ('transferred_temporarily', 'Temporarily active elsewhere'), ('suspended', 'Suspended')], default='official', max_length=32, verbose_name='status on the congress date'),
        ),
        migrations.RemoveField(
            model_name='attendance',
            name='status',
        ),
        migrations.AddConstraint(
            model_name='attendance',
            constraint=models.CheckConstraint(condition=models.Q(('membership__in', ['official', 'probationary'])), name='attendance_membership_known'),
        ),
        migrations.AddConstraint(
            model_name='attendance',
            constraint=models.CheckConstraint(condition=models.Q(('situation__in', ['none', 'exempt', 'transferred_temporarily', 'suspended'])), name='attendance_situation_known'),
        ),
        migrations.AlterField(
            model_name='congress',
            name='kind',
            field=models.CharField(choices=[('members', "Members' congress"), ('delegates', "Delegates' congress")], help_text="Set by the superior while the congress is prepared: a delegates' congress for a grassroots committee of 200 members or more, or below with the superior's consent; a Party branch always holds a members' congress.", max_length=10, verbose_name='kind'),
        ),
        migrations.CreateModel(
            name='AttachedGuest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('full_name', models.CharField(max_length=150, verbose_name='full name')),
                ('home_organization', models.CharField(max_length=255, verbose_name='organisation of official membership')),
                ('attached', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='branches.attachedmember', verbose_name='member temporarily attached')),
                ('congress', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attached_guests', to='congress.congress')),
            ],
            options={
                'verbose_name': 'member temporarily attached, summoned as a guest',
                'verbose_name_plural': 'members temporarily attached, summoned as guests',
                'ordering': ['congress', 'attached__sort_key', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('congress', 'attached'), name='attachedguest_once_per_congress')],
            },
        ),
    ]
