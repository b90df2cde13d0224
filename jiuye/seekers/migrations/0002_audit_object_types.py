from django.db import migrations

MOVED = ["SeekerRegistration", "Referral", "ReferralEvent"]


def relabel(apps, schema_editor, old: str, new: str) -> None:
    """Audit events name their record by the model's label; the records moved from `people` to `seekers`, so their
    history follows them (the audit page and its filters read the label)."""
    AuditEvent = apps.get_model("audit", "AuditEvent")
    for model in MOVED:
        AuditEvent.objects.filter(object_type=f"{old}.{model}").update(object_type=f"{new}.{model}")


class Migration(migrations.Migration):
    dependencies = [
        ("seekers", "0001_initial"),
        ("audit", "0002_initial"),
    ]

    operations = [
        migrations.RunPython(
            lambda apps, editor: relabel(apps, editor, "people", "seekers"),
            lambda apps, editor: relabel(apps, editor, "seekers", "people"),
        ),
    ]
