from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.services.accounts import demo_accounts_ensure


class Command(BaseCommand):
    """Create the demo accounts admin, editor, editor2 and checker, and print their passwords.

    Refuses to run with DEBUG off, because well-known passwords have no place on a
    public site.
    """

    help = "Create the demo accounts (DEBUG only) and print their passwords."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts are only created when DJANGO_DEBUG is on.")
        self.stdout.write("Demo accounts (log in at /accounts/login/):")
        for username, password, role in demo_accounts_ensure():
            self.stdout.write(f"  {username:<8} {password:<20} {role}")
