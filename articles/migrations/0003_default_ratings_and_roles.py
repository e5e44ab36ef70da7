"""Seed the default rating scale and the three newsroom roles.

Admins can edit the scale afterwards; the roles' permissions come from articles.roles
as they stood when this migration was written (copied here, so later edits to that
module do not rewrite history).
"""

from django.db import migrations

RATINGS = [
    ("True", "true", 5, "#1a7f37", "The statement is accurate and nothing significant is missing."),
    ("Mostly true", "mostly-true", 4, "#4d8f2a",
     "The statement is accurate but needs clarification or additional information."),
    ("Half true", "half-true", 3, "#9a6700",
     "The statement is partially accurate but leaves out important details or takes things out of context."),
    ("Mostly false", "mostly-false", 2, "#c2410c",
     "The statement contains an element of truth but ignores critical facts that would give a different impression."),
    ("False", "false", 1, "#b42318", "The statement is not accurate."),
    ("Unverifiable", "unverifiable", None, "#57606a",
     "The available evidence is not enough to establish whether the statement is accurate."),
]

FACT_CHECKER_PERMS = [
    "review_claim",
    "view_article", "view_claim", "view_quote", "view_speaker", "view_outlet", "view_source",
    "view_factcheck", "view_citation", "view_correction", "view_rating", "view_auditevent",
    "change_claim", "change_quote",
    "add_factcheck", "change_factcheck",
    "add_citation", "change_citation", "delete_citation",
    "add_source", "change_source", "add_outlet", "add_speaker", "change_speaker",
]
EDITOR_PERMS = FACT_CHECKER_PERMS + ["publish_factcheck", "add_correction"]
ADMIN_PERMS = EDITOR_PERMS + [
    "run_import", "view_importbatch", "add_importbatch", "change_importbatch",
    "add_article", "change_article", "delete_article",
    "add_rating", "change_rating", "delete_rating",
    "change_outlet", "delete_outlet", "delete_source", "delete_speaker",
    "add_speakeralias", "change_speakeralias", "delete_speakeralias", "view_speakeralias",
]
ROLES = {"Fact-checker": FACT_CHECKER_PERMS, "Editor": EDITOR_PERMS, "Admin": ADMIN_PERMS}


def seed(apps, schema_editor):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations run; the groups need them now.
    # (Tests that flush the database call this with the real registry, which has them.)
    if apps is not global_apps:
        for app_config in apps.get_app_configs():
            app_config.models_module = True
            create_permissions(app_config, apps=apps, verbosity=0)
            app_config.models_module = None

    Rating = apps.get_model("articles", "Rating")
    for order, (label, slug, value, colour, definition) in enumerate(RATINGS):
        Rating.objects.get_or_create(
            slug=slug,
            defaults={"label": label, "value": value, "colour": colour, "definition": definition, "order": order},
        )

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
        )


def unseed(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()
    apps.get_model("articles", "Rating").objects.filter(slug__in=[r[1] for r in RATINGS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_quote_body_triggers"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
