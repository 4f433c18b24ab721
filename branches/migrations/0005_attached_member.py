# Issue 13: members temporarily attached to an organisation from elsewhere (docs/domain.md §1.4).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('branches', '0004_member_situation'),
    ]

    operations = [
        migrations.CreateModel(
            name='AttachedMember',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('full_name', models.CharField(max_length=150, verbose_name='full name')),
                ('home_organization', models.CharField(help_text="Where the member's official Party membership is, e.g. Chi bộ Phòng Kế toán, Đảng bộ Công ty X.", max_length=255, verbose_name='organisation of official membership')),
                ('attached_from', models.DateField(verbose_name='attached from')),
                ('attached_until', models.DateField(blank=True, help_text='Empty: still attached.', null=True, verbose_name='attached until')),
                ('notes', models.TextField(blank=True, verbose_name='notes')),
                ('sort_key', models.CharField(editable=False, max_length=800)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='attached_members', to='branches.organization', verbose_name='Party organisation')),
            ],
            options={
                'verbose_name': 'member temporarily attached',
                'verbose_name_plural': 'members temporarily attached',
                'ordering': ['organization', 'sort_key', 'pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('attached_until__isnull', True), ('attached_until__gte', models.F('attached_from')), _connector='OR'), name='attachedmember_until_after_from', violation_error_message='The end of the attachment cannot precede its start.')],
            },
        ),
    ]
