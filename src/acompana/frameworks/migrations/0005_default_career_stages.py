from django.db import migrations

OLD_MBDD_NOTE = (
    "Only the four domains are shipped; add competencies and performances from the official text."
)


def load(apps, schema_editor):
    """The PPST and PPSSH frameworks, the career stages of the frameworks that have them and
    the competencies of the Good Teaching Framework (shipped before with its domains only)."""
    from acompana.frameworks.defaults import MBDD, load_frameworks

    Framework = apps.get_model("frameworks", "Framework")
    # The old note said only the domains shipped; an unedited one now says what ships.
    Framework.objects.filter(slug="mbdd", note=OLD_MBDD_NOTE).update(note=MBDD["note"])
    load_frameworks(
        apps.get_model("frameworks", "Framework"),
        apps.get_model("frameworks", "Domain"),
        apps.get_model("frameworks", "Competency"),
        apps.get_model("frameworks", "Performance"),
        apps.get_model("frameworks", "CareerStage"),
    )


class Migration(migrations.Migration):
    dependencies = [("frameworks", "0004_career_stages")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
