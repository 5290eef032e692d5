from django.db import migrations


def load(apps, schema_editor):
    from acompana.frameworks.defaults import load_frameworks

    load_frameworks(
        apps.get_model("frameworks", "Framework"),
        apps.get_model("frameworks", "Domain"),
        apps.get_model("frameworks", "Competency"),
        apps.get_model("frameworks", "Performance"),
    )


class Migration(migrations.Migration):
    dependencies = [("frameworks", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
