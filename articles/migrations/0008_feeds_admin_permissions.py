"""Let the Admin role manage feed subscriptions in the back office (and see their polls).

The workbench's feed pages check `run_import`, which Admins already hold; these are the
model permissions the Django admin asks for. Copied here rather than read from
articles.roles, so later edits to that module do not rewrite history.
"""

from django.db import migrations

ADMIN_FEED_PERMS = [
    "view_feedsubscription",
    "add_feedsubscription",
    "change_feedsubscription",
    "delete_feedsubscription",
    "view_feedpoll",
    "view_feedentry",
]


def grant(apps, schema_editor):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations run; the group needs them now.
    if apps is not global_apps:
        for app_config in apps.get_app_configs():
            app_config.models_module = True
            create_permissions(app_config, apps=apps, verbosity=0)
            app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Admin").first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="articles", codename__in=ADMIN_FEED_PERMS)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Admin").first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="articles", codename__in=ADMIN_FEED_PERMS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_feeds_subscriptions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
