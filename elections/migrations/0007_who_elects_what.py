"""Who elects what (docs/domain.md §3.3, §3.6, §3.8, §3.11, §3.14): the direct election of the
secretary becomes a choice of each congress, recorded with its personnel plan (existing plans
take their round plan's flag, so nothing held changes meaning); the head of the counting board;
the reading of a single-name ballot marked both or neither, fixed per election (empty for
elections opened before: read as before, a vote against); names the congress adds for a further
round; the term's election rules; and "no seal of the convening committee" among the reasons a
ballot is invalid, marked unconfirmed (an administrator keeps the list)."""

import django.db.models.deletion
from django.db import migrations, models


# (code, name): unconfirmed reasons appended to the list a new installation starts with
# (0002_default_steps_and_reasons). "unclear_mark" applies only where the term reads a
# single-name ballot marked both or neither as invalid (elections.rules.unclear_mark_problem).
REASONS = [
    ("no_seal", "Phiếu không có dấu của cấp ủy triệu tập đại hội (ban tổ chức)"),
    ("unclear_mark", "Phiếu bầu một người đánh dấu cả hai ô hoặc không đánh dấu ô nào"),
]


def forward(apps, schema_editor):
    PersonnelPlan = apps.get_model("elections", "PersonnelPlan")
    for plan in PersonnelPlan.objects.filter(congress__plan__elects_secretary_directly=True).only("pk"):
        PersonnelPlan.objects.filter(pk=plan.pk).update(elects_secretary_directly=True)
    InvalidReason = apps.get_model("elections", "InvalidReason")
    last = InvalidReason.objects.order_by("-order").values_list("order", flat=True).first() or 0
    for offset, (code, name) in enumerate(REASONS, start=1):
        if not InvalidReason.objects.filter(code=code).exists():
            InvalidReason.objects.create(code=code, name=name, is_confirmed=False, order=last + offset)


def backward(apps, schema_editor):
    InvalidReason = apps.get_model("elections", "InvalidReason")
    BallotEntry = apps.get_model("elections", "BallotEntry")
    InvalidTotal = apps.get_model("elections", "InvalidTotal")
    for code, _name in REASONS:
        reason = InvalidReason.objects.filter(code=code).first()
        # A reason ballots were counted with stays (it is PROTECTed anyway).
        if reason and not BallotEntry.objects.filter(invalid_reason=reason).exists() and \
                not InvalidTotal.objects.filter(reason=reason).exists():
            reason.delete()


class Migration(migrations.Migration):

    dependencies = [
        ('branches', '0003_term_regulation'),
        ('congress', '0002_plans_and_congresses'),
        ('elections', '0006_running_totals_backfill'),
    ]

    operations = [
        migrations.AddField(
            model_name='election',
            name='counting_head',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='branches.member', verbose_name='head of the counting board'),
        ),
        migrations.AddField(
            model_name='election',
            name='single_name_unclear',
            field=models.CharField(blank=True, choices=[('against', 'Not a vote for the person; the ballot stays valid'), ('invalid', 'The ballot is invalid')], max_length=10, verbose_name='a single-name ballot marked both or neither'),
        ),
        migrations.AddField(
            model_name='personnelplan',
            name='elects_secretary_directly',
            field=models.BooleanField(default=False, help_text='Grassroots committees only: the congress, not the new committee at its first meeting, elects the secretary.', verbose_name='the congress elects the secretary directly'),
        ),
        migrations.AlterField(
            model_name='candidate',
            name='source',
            field=models.CharField(choices=[('nominee', 'Personnel plan'), ('floor', 'Nominated from the floor'), ('previous_round', 'Previous round'), ('added', 'Added by the congress for this round')], default='nominee', max_length=16, verbose_name='source'),
        ),
        migrations.CreateModel(
            name='TermElectionRules',
            fields=[
                ('term', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='election_rules', serialize=False, to='branches.term', verbose_name='term')),
                ('three_seat_surplus', models.CharField(choices=[('one_extra', 'One extra name allowed, with a warning'), ('none', 'No extra name')], default='one_extra', help_text='Whether a list for 3 seats may have a fourth name. Under 190-QĐ/TW a committee of 3 to 5 seats always has at most one extra name.', max_length=10, verbose_name='a 3-seat committee under 244-QĐ/TW')),
                ('single_name_unclear', models.CharField(choices=[('against', 'Not a vote for the person; the ballot stays valid'), ('invalid', 'The ballot is invalid')], default='against', help_text='Fixed for each election when its voting opens.', max_length=10, verbose_name='a single-name ballot marked both or neither')),
            ],
            options={
                'verbose_name': 'election rules of a term',
                'verbose_name_plural': 'election rules of the terms',
                'constraints': [models.CheckConstraint(condition=models.Q(('three_seat_surplus__in', ['one_extra', 'none'])), name='term_rules_three_seat_known'), models.CheckConstraint(condition=models.Q(('single_name_unclear__in', ['against', 'invalid'])), name='term_rules_unclear_known')],
            },
        ),
        migrations.RunPython(forward, backward),
    ]
