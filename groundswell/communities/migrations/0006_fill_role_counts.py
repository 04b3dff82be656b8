from django.db import migrations
from django.db.models import Count


def fill_role_counts(apps, schema_editor):  # type: ignore[no-untyped-def]
    Community = apps.get_model("communities", "Community")
    Membership = apps.get_model("communities", "Membership")
    counted: dict[int, dict[str, int]] = {}
    rows = (
        Membership.objects.filter(status="active")
        .order_by()
        .values_list("community_id", "role")
        .annotate(n=Count("*"))
        .values_list("community_id", "role", "n")
    )
    for community_id, role, n in rows:
        counted.setdefault(community_id, {})[role] = n
    changed = []
    for community in Community.objects.only("id", "role_counts").iterator(chunk_size=2000):
        community.role_counts = counted.get(community.pk, {})
        changed.append(community)
    Community.objects.bulk_update(changed, ["role_counts"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("communities", "0005_community_role_counts")]

    operations = [migrations.RunPython(fill_role_counts, migrations.RunPython.noop)]
