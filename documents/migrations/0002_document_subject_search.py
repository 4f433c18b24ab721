from django.db import migrations, models

from branches.text import fold


def fill(apps, schema_editor):
    Document = apps.get_model("documents", "Document")
    for document in Document.objects.only("pk", "subject").iterator(chunk_size=2000):
        Document.objects.filter(pk=document.pk).update(subject_search=fold(document.subject))


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="subject_search",
            field=models.CharField(blank=True, editable=False, max_length=500),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
