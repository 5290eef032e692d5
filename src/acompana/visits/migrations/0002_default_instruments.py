from django.db import migrations


def load(apps, schema_editor):
    from acompana.visits.instruments import instruments_load_defaults

    instruments_load_defaults(
        apps.get_model("visits", "Instrument"),
        apps.get_model("visits", "InstrumentItem"),
        apps.get_model("frameworks", "Performance"),
    )


class Migration(migrations.Migration):
    dependencies = [("visits", "0001_initial"), ("frameworks", "0003_item_order_label")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
