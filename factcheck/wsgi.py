import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
application = get_wsgi_application()

from factcheck.warmup import ready  # noqa: E402 - needs the settings configured above

ready()
