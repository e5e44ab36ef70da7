"""Demo accounts for a local run: one per newsroom role."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from articles import roles

DEMO_ACCOUNTS = [
    # username, password, role, is_superuser
    ("admin", "admin-demo-2026", roles.ADMIN, True),
    ("editor", "editor-demo-2026", roles.EDITOR, False),
    ("editor2", "editor2-demo-2026", roles.EDITOR, False),
    ("checker", "checker-demo-2026", roles.FACT_CHECKER, False),
]


@transaction.atomic
def demo_accounts_ensure() -> list[tuple[str, str, str]]:
    """Create or reset the demo accounts and return (username, password, role) for each.

    Passwords are reset on every run so the README's list is always right.
    """
    User = get_user_model()
    created = []
    for username, password, role, is_superuser in DEMO_ACCOUNTS:
        user, _ = User.objects.get_or_create(username=username)
        user.set_password(password)
        user.is_staff = role == roles.ADMIN
        user.is_superuser = is_superuser
        user.first_name = username.capitalize()
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        created.append((username, password, role))
    return created
