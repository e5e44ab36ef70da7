"""Our own 400 and 500 pages, rendered from settings alone.

Django's defaults render `400.html` with the request's context processors, which read the
Host header and the session; a 400 for a bad Host, or a 500 because the database is down,
would fail again while rendering its own page. These handlers give the template nothing but
the site's name, and fall back to a fixed page if even that cannot be rendered. Neither
shows the exception: what went wrong is in the server log, not on the page.
"""

import logging

from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseServerError
from django.template import loader

logger = logging.getLogger(__name__)

FALLBACK = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
    "<body><h1>{title}</h1><p>Please try again in a moment.</p></body></html>"
)


def _render(template_name: str, title: str) -> str:
    try:
        return loader.get_template(template_name).render({"SITE_NAME": settings.SITE_NAME})
    except Exception:
        logger.exception("could not render %s", template_name)
        return FALLBACK.format(title=title)


def bad_request(request, exception):
    return HttpResponseBadRequest(_render("400.html", "Bad request"))


def server_error(request):
    return HttpResponseServerError(_render("500.html", "Something went wrong on our side"))
