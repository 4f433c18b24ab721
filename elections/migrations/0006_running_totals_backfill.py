"""The running totals of every election keyed before they were kept: each election's entries
counted from scratch, with the same reading of an entry as the keying service
(elections.readings over elections.rules, pure functions with no model inside)."""

import json

from django.db import migrations

from elections.readings import Reader, count_ballots


def backfill(apps, schema_editor):
    Election = apps.get_model("elections", "Election")
    Candidate = apps.get_model("elections", "Candidate")
    BallotEntry = apps.get_model("elections", "BallotEntry")
    InvalidReason = apps.get_model("elections", "InvalidReason")
    CountingTotals = apps.get_model("elections", "CountingTotals")
    OperatorTotals = apps.get_model("elections", "OperatorTotals")
    reasons = list(InvalidReason.objects.all())
    for election in Election.objects.filter(ballots__isnull=False).distinct().iterator():
        positions = Candidate.objects.filter(election=election, position__isnull=False).values_list("position", flat=True)
        reader = Reader(list(positions), election.seats, reasons)
        ballots: dict[int, list] = {}
        rows = (BallotEntry.objects.filter(ballot__election=election).order_by("ballot__serial", "keyed_at", "pk")
                .values_list("ballot__serial", "operator_id", "struck", "invalid_reason_id"))
        for serial, operator_id, struck, reason_id in rows:
            reading = reader.read_stored(json.dumps(struck or []), reason_id)
            ballots.setdefault(serial, []).append((operator_id, reading))
        count = count_ballots(ballots.items())
        CountingTotals.objects.update_or_create(election=election, defaults=count.fields())
        OperatorTotals.objects.filter(election=election).delete()
        OperatorTotals.objects.bulk_create([
            OperatorTotals(election=election, operator_id=pk, **o.fields()) for pk, o in count.operators.items()
        ])


class Migration(migrations.Migration):
    dependencies = [("elections", "0005_running_totals")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
