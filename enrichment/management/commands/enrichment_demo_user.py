"""Create the demo's superuser and print its password (for bin/demo only).

Never on a database the demo did not create: with DATABASE_URL set it refuses (unless
--force), and it never resets the password of a user that exists.
"""
import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create a superuser with a random password and print the password (the demo's own database only)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--force", action="store_true",
                            help="Create the user even though DATABASE_URL names a database the demo did not create.")

    def handle(self, *args, username, force, **options):
        if os.environ.get("DATABASE_URL") and not force:
            raise CommandError("DATABASE_URL is set: this database was not created by the demo, so no superuser is "
                               "made here. Use `manage.py createsuperuser`, or --force on a database of your own.")
        users = get_user_model().objects
        if users.filter(username=username).exists():
            raise CommandError(f"User {username!r} exists; its password is left as it is "
                               f"(`manage.py changepassword {username}` to change it).")
        password = secrets.token_urlsafe(12)
        users.create_superuser(username=username, email="", password=password)
        self.stdout.write(password)
