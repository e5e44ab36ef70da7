"""Let the Admin role see and clear login lockouts (django-axes' "Access attempts" in the admin).

Deleting an access attempt unlocks that username and address at once, instead of waiting
for the cool-off time.
"""

from django.db import migrations

UNLOCK_PERMS = ["view_accessattempt", "delete_accessattempt"]


def grant(apps, schema_editor):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations run; the group needs them now.
    if apps is not global_apps:
        app_config = apps.get_app_config("axes")
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    admin, _ = Group.objects.get_or_create(name="Admin")
    admin.permissions.add(*Permission.objects.filter(content_type__app_label="axes", codename__in=UNLOCK_PERMS))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Admin"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="axes", codename__in=UNLOCK_PERMS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_ux_factcheck_old_slugs"),
        ("axes", "0010_accessattemptexpiration"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
